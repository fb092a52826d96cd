import type { ImportKind } from '../model/kinds.ts';
import type { StoreGate } from './store-gate.ts';

/**
 * Memoizes computed API answers (metric reports, forecasts, benchmarks) against the
 * identity of the data they were computed from (`StoreGate.version()`: size and mtime of
 * the database file and its WAL; PostgreSQL's record of committed writes). Identical
 * concurrent requests share one computation (single flight), so fifty dashboards opening
 * at once compute the overview once.
 *
 * Stale while revalidate: after a write (any writer: an import, a webhook, the CLI) the
 * version moves; a request then gets the last answer at once, marked `stale` with the
 * time it reflects (`asOf`), and starts the fresh computation in the background unless
 * one is already running; the first request after it lands gets the fresh answer. A
 * request waits only for a computation of its own key that has no earlier answer at all
 * (the first ever, or one evicted), or when it asks for a fresh answer (`fresh`: the
 * background warm-up, and `run`, whose answers carry no `stale` mark). A failed computation is not remembered: the last good answer stays
 * and the next request tries again.
 *
 * A gate that cannot tell versions apart (a DuckDB gate without a file) reports a new
 * version every time: nothing is reused there.
 */
export interface ComputeCache {
  /**
   * The answer for the current data (memoized, single flight), never a stale one: for
   * answers that cannot tell the client they are stale (goals, customers, forecasts…), so
   * a change such as a new goal is in the next answer.
   */
  run<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Like `run`, and says how the answer was found and which data it reflects. */
  lookup<T>(key: string, compute: () => Promise<T>, options?: LookupOptions): Promise<Lookup<T>>;
  /** Counters since the server started (tests, diagnostics). */
  stats(): CacheStats;
  /** The same cache, every lookup waiting for an answer of the current data (the warm-up). */
  fresh(): ComputeCache;
}

export interface LookupOptions {
  /** Wait for an answer of the current data rather than take a stale one (the warm-up). */
  readonly fresh?: boolean;
  /**
   * The kinds of data the answer is computed from: a write of other kinds only leaves it
   * current (`StoreGate.version(kinds)`). Default: every write makes it stale.
   */
  readonly kinds?: readonly ImportKind[] | undefined;
}

export interface Lookup<T> {
  readonly value: T;
  readonly status: CacheStatus;
  /**
   * When the computation of the answer started reading (epoch ms): every write that
   * finished before it is in the answer. With `stale` false, nothing has changed since.
   */
  readonly asOf: number;
  /** The data changed since: a fresher answer is being computed. */
  readonly stale: boolean;
}

/**
 * `hit` (computed before for this data), `shared` (joined a computation in flight, e.g.
 * the warm-up's), `miss` (computed now), `stale` (the last answer, while the fresh one is
 * computed), `uncached` (the gate cannot tell versions apart).
 */
export type CacheStatus = 'hit' | 'shared' | 'miss' | 'stale' | 'uncached';

export interface CacheStats {
  hits: number;
  shared: number;
  misses: number;
  stale: number;
}

/** How long a computation of older data is joined before a newer one starts beside it. */
const JOIN_OLDER_MS = 10_000;

/** "Today" (the default end of a range) moves on its own: a new quarter-hour is new data. */
const BUCKET_MS = 15 * 60 * 1000;

/** A computation in flight, for the version it started at. */
interface Flight {
  readonly version: string;
  readonly startedAt: number;
  readonly value: Promise<unknown>;
}

/** The last answer that landed, filed under the version it reflects. */
interface Answer {
  readonly version: string;
  readonly value: unknown;
  readonly asOf: number;
}

interface Slot {
  flight: Flight | null;
  answer: Answer | null;
}

export function createComputeCache(gate: StoreGate, maxEntries = 100): ComputeCache {
  const slots = new Map<string, Slot>();
  const counters: CacheStats = { hits: 0, shared: 0, misses: 0, stale: 0 };

  /** Starts the computation of `version` (single flight); it files its answer when it lands. */
  function start(key: string, slot: Slot, version: string, compute: () => Promise<unknown>) {
    const startedAt = Date.now();
    const value = compute();
    const flight: Flight = { version, startedAt, value };
    slot.flight = flight;
    value.then(
      (result) => {
        // Filed under the version seen before reading: a write that landed while it ran
        // (between two reads) makes the next request find it stale and compute again.
        if (slot.answer === null || slot.answer.asOf <= startedAt)
          slot.answer = { version, value: result, asOf: startedAt };
        if (slot.flight === flight) slot.flight = null;
      },
      () => {
        // A failure is not remembered: the last good answer stays, the next request retries.
        if (slot.flight === flight) slot.flight = null;
      },
    );
    // Most recently used last: the oldest slot is the first one evicted.
    slots.delete(key);
    slots.set(key, slot);
    if (slots.size > maxEntries) slots.delete(slots.keys().next().value!);
    return flight;
  }

  async function lookup<T>(
    key: string,
    compute: () => Promise<T>,
    options: LookupOptions = {},
  ): Promise<Lookup<T>> {
    const checkedAt = Date.now();
    const raw = await gate.version(options.kinds);
    if (raw.startsWith('uncached:'))
      return { value: await compute(), status: 'uncached', asOf: checkedAt, stale: false };
    const version = answerVersion(raw, checkedAt);
    const slot = slots.get(key) ?? { flight: null, answer: null };
    const { answer } = slot;
    if (answer && answer.version === version) {
      counters.hits += 1;
      slots.delete(key);
      slots.set(key, slot);
      return { value: answer.value as T, status: 'hit', asOf: answer.asOf, stale: false };
    }
    let flight = slot.flight;
    // A computation of older data is joined (one at a time per answer under a stream of
    // writes), but not for ever: one that has run longer than JOIN_OLDER_MS (slow, or
    // stuck) no longer holds back a computation of the current data.
    const joined =
      flight !== null &&
      (flight.version === version ||
        (answer !== null && !options.fresh && checkedAt - flight.startedAt < JOIN_OLDER_MS));
    if (!joined) flight = start(key, slot, version, compute);
    if (answer && !options.fresh) {
      counters.stale += 1;
      // Nobody waits for the background computation: its failure is logged by no one here
      // (the next request that waits for one sees it).
      flight!.value.catch(() => undefined);
      return { value: answer.value as T, status: 'stale', asOf: answer.asOf, stale: true };
    }
    counters[joined ? 'shared' : 'misses'] += 1;
    const value = (await flight!.value) as T;
    return {
      value,
      status: joined ? 'shared' : 'miss',
      asOf: flight!.startedAt,
      stale: flight!.version !== version,
    };
  }

  return {
    lookup,
    fresh: () => ({
      lookup: (key, compute, options) => lookup(key, compute, { ...options, fresh: true }),
      run: async (key, compute) => (await lookup(key, compute, { fresh: true })).value,
      stats: () => ({ ...counters }),
      fresh() {
        return this;
      },
    }),
    async run<T>(key: string, compute: () => Promise<T>): Promise<T> {
      return (await lookup(key, compute, { fresh: true })).value;
    },
    stats: () => ({ ...counters }),
  };
}

/**
 * The version an answer computed at `at` is filed under: the data's version in the
 * quarter-hour of `at` (an uncached gate's version as it is).
 */
export function answerVersion(version: string, at: number): string {
  return version.startsWith('uncached:') ? version : `${Math.floor(at / BUCKET_MS)}|${version}`;
}
