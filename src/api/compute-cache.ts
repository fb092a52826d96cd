import type { StoreGate } from './store-gate.ts';

/**
 * Memoizes computed API answers (metric reports, forecasts, benchmarks) against the
 * identity of the data they were computed from (`StoreGate.version()`: size and mtime of
 * the database file and its WAL). Identical concurrent requests share one computation
 * (single flight), so fifty dashboards opening at once compute the overview once. Any
 * write (an import, a webhook, the CLI) changes the version and the next request
 * recomputes. A gate without a file (PostgreSQL) reports a new version every time: nothing
 * is reused there.
 */
export interface ComputeCache {
  run<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** Keys carry a quarter-hour bucket: "today" (the default end of a range) moves on its own. */
const BUCKET_MS = 15 * 60 * 1000;

export function createComputeCache(gate: StoreGate, maxEntries = 100): ComputeCache {
  const entries = new Map<string, { version: string; value: Promise<unknown> }>();
  return {
    async run<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const version = await gate.version();
      if (version.startsWith('uncached:')) return compute();
      const full = `${Math.floor(Date.now() / BUCKET_MS)}|${key}`;
      const hit = entries.get(full);
      if (hit && hit.version === version) {
        // Most recently used last: the oldest entry is the first one evicted.
        entries.delete(full);
        entries.set(full, hit);
        return hit.value as Promise<T>;
      }
      const value = compute();
      const entry = { version, value: value as Promise<unknown> };
      entries.set(full, entry);
      // Opening the file to read may checkpoint it on close: the data is what it was, so the
      // answer is filed under the version the file has afterwards.
      value.then(
        async () => {
          entry.version = await gate.version();
        },
        () => undefined,
      );
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      // A failure is not remembered: the next request tries again.
      value.catch(() => {
        if (entries.get(full)?.value === value) entries.delete(full);
      });
      return value;
    },
  };
}
