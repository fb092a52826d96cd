import type { StoreGate } from './store-gate.ts';

/**
 * Memoizes computed API answers (metric reports, forecasts, benchmarks) against the
 * identity of the data they were computed from (`StoreGate.version()`: size and mtime of
 * the database file and its WAL). Identical concurrent requests share one computation
 * (single flight), so fifty dashboards opening at once compute the overview once. Any
 * write (an import, a webhook, the CLI) changes the version and the next request
 * recomputes — or finds the answer the background warm-up already computed (warm-up.ts).
 * A gate that cannot tell (a DuckDB gate without a file) reports a new version every
 * time: nothing is reused there.
 */
export interface ComputeCache {
  run<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Like `run`, and says how the answer was found: `hit` (computed before), `shared`
   * (joined a computation in flight, e.g. the warm-up's) or `miss` (computed now).
   */
  lookup<T>(key: string, compute: () => Promise<T>): Promise<{ value: T; status: CacheStatus }>;
  /** Counters since the server started (tests, diagnostics). */
  stats(): CacheStats;
}

export type CacheStatus = 'hit' | 'shared' | 'miss' | 'uncached';

export interface CacheStats {
  hits: number;
  shared: number;
  misses: number;
}

/** Keys carry a quarter-hour bucket: "today" (the default end of a range) moves on its own. */
const BUCKET_MS = 15 * 60 * 1000;

export function createComputeCache(gate: StoreGate, maxEntries = 100): ComputeCache {
  const entries = new Map<string, { version: string; value: Promise<unknown>; settled: boolean }>();
  const counters: CacheStats = { hits: 0, shared: 0, misses: 0 };

  async function lookup<T>(
    key: string,
    compute: () => Promise<T>,
  ): Promise<{ value: T; status: CacheStatus }> {
    const version = await gate.version();
    if (version.startsWith('uncached:')) return { value: await compute(), status: 'uncached' };
    const full = `${Math.floor(Date.now() / BUCKET_MS)}|${key}`;
    const hit = entries.get(full);
    if (hit && hit.version === version) {
      // Most recently used last: the oldest entry is the first one evicted.
      entries.delete(full);
      entries.set(full, hit);
      const status = hit.settled ? 'hit' : 'shared';
      counters[status === 'hit' ? 'hits' : 'shared'] += 1;
      return { value: (await hit.value) as T, status };
    }
    counters.misses += 1;
    const value = compute();
    const entry = { version, value: value as Promise<unknown>, settled: false };
    entries.set(full, entry);
    // Opening the file to read may checkpoint it on close: the data is what it was, so the
    // answer is filed under the version the file has afterwards. Where reads leave the
    // version alone (PostgreSQL), a later version means a write: the entry stays filed
    // under the version it was computed at.
    value.then(
      async () => {
        if (gate.readsChangeVersion) entry.version = await gate.version();
        entry.settled = true;
      },
      () => undefined,
    );
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    // A failure is not remembered: the next request tries again.
    value.catch(() => {
      if (entries.get(full)?.value === value) entries.delete(full);
    });
    return { value: await value, status: 'miss' };
  }

  return {
    lookup,
    async run<T>(key: string, compute: () => Promise<T>): Promise<T> {
      return (await lookup(key, compute)).value;
    },
    stats: () => ({ ...counters }),
  };
}
