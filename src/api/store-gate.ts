import { statSync } from 'node:fs';
import type { ImportKind } from '../model/kinds.ts';
import type { SharedStore, Store } from '../store/store.ts';
import { ApiError } from './errors.ts';
import { retryWhileLocked, StoreBusyError } from '../store/lock-retry.ts';

/**
 * How the server reaches its store. Two kinds, one contract: every request runs an
 * "operation" against a Store, whose reads are memoized against the identity of the data
 * (`version()`), so a dashboard that keeps asking while nothing changed never reaches the
 * database, and a write from anywhere (a CLI import, another server) is seen by the next
 * request.
 *
 * - Embedded DuckDB (`createFileStoreGate`): one process at a time may open the file, so
 *   the server never keeps it open: each operation opens it, works and closes it, one
 *   operation at a time, and the CLI keeps working on the same file meanwhile. The
 *   version is the identity (size, mtime) of the file and its WAL. When another process
 *   holds the file (a CLI import in progress), opening is retried with backoff until
 *   `busyTimeoutMs`, then the request fails with 503 `store_busy`.
 * - A database server (`createSharedStoreGate`, PostgreSQL): opened once per process (one
 *   pool, migrations once at start), operations run concurrently, and the version is the
 *   server's record of committed writes (SharedStore.dataVersion).
 */
export interface StoreGate {
  /** Runs one operation against the store. */
  run<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /**
   * Identity of the data the last operation saw (changes when anything writes). With
   * `kinds`, of the data of those kinds: a gate that can tell (a DuckDB file's) keeps it
   * through its own writes of other kinds only (usage events arriving beside the MRR
   * overview); any other write, and anything written by someone else, changes it.
   */
  version(kinds?: readonly ImportKind[]): Promise<string>;
  /**
   * Runs `work` while holding the gate's in-process lock on the database file, with no
   * session of its own (a DuckDB gate only): a compute worker opens the file itself
   * meanwhile (compute-pool.ts). Two instances of one DuckDB file in one process do not
   * exclude each other (the file lock is per process), so the lock must.
   */
  hold?<T>(work: () => Promise<T>): Promise<T>;
  /** Releases what the gate holds open (the pool of a shared store). */
  close(): Promise<void>;
  /**
   * Calls `listener` when an operation asks to write new data (an import, events, a
   * webhook, settings), before it waits for the database: the warm-up stops starting
   * steps that would make it wait.
   */
  onDataWrite?(listener: () => void): void;
}

/** Store methods that only read (safe to memoize while the data is unchanged). */
const READS = new Set<string>([
  'workspace',
  'counts',
  'readMrrInputs',
  'readRows',
  'readRowsByKeyPrefix',
  'readCustomerRows',
  'readPlans',
  'hasCustomersWithoutRow',
  'readCustomerAttributes',
  'customAttributeNames',
  'findApiKey',
  'listApiKeys',
  'listApiKeyIds',
  'getDocument',
  'listDocuments',
]);

/** Reads consumed once as they arrive (chunks): passed through, neither memoized nor writes. */
const STREAMED_READS = new Set<string>(['readMrrInputChunks']);
/**
 * Reads that only a write of API keys or workspace settings changes: other writes (imports,
 * usage events, webhooks, documents) keep them, so the requests' key lookups stay in
 * memory while data keeps arriving.
 */
const KEY_AND_SETTINGS_READS = new Set<string>([
  'workspace',
  'findApiKey',
  'listApiKeys',
  'listApiKeyIds',
]);
/**
 * Writes of new data: what the business sends (imports, usage events, webhooks), its
 * settings, and clearing it. Documents (goals, alert states, ledgers) and the stored
 * results' bookkeeping are not: background work writes those itself.
 */
const DATA_ARRIVALS = new Set<string>(['upsert', 'updateWorkspace', 'clearWorkspace']);

/** Writes that leave keys and settings alone (anything else clears every read). */
const DATA_WRITES = new Set<string>(['upsert', 'putDocument', 'deleteDocument']);

/** Memoized reads of one data version, oldest dropped first beyond `max`. */
class ReadCache {
  private readonly entries = new Map<string, unknown>();
  /** Bumped by every write, so a read that overlapped one is not kept. */
  generation = 0;
  /** Bumped by writes that may change keys or settings (the reads they alone change). */
  keyGeneration = 0;
  version = '';

  constructor(private readonly max: number) {}

  /** Starts an operation at `version`: anything cached for another version goes. */
  settle(version: string): void {
    if (version !== this.version) this.clear();
    this.version = version;
  }

  clear(): void {
    this.entries.clear();
    this.generation++;
    this.keyGeneration++;
  }

  /** After a write by this process: what it may have changed goes. */
  wrote(method: string): void {
    if (!DATA_WRITES.has(method)) return this.clear();
    for (const key of this.entries.keys())
      if (!KEY_AND_SETTINGS_READS.has(methodOf(key))) this.entries.delete(key);
    this.generation++;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): unknown {
    return this.entries.get(key);
  }

  /** `generations`: both counters when the read started. */
  set(key: string, value: unknown, generations: [number, number]): void {
    const kept = KEY_AND_SETTINGS_READS.has(methodOf(key));
    if (generations[kept ? 1 : 0] !== (kept ? this.keyGeneration : this.generation)) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}

/** The Store method of a cache key (`method:args`). */
function methodOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/**
 * A Store whose every method, present and future, goes through the cache: known reads are
 * memoized, anything else is treated as a write (it clears the cache and is never
 * memoized). `session` yields the real store on first use; `close` is a no-op.
 */
function memoizedStore(
  session: () => Promise<Store>,
  cache: ReadCache,
  onWrite: (method: string, args: readonly unknown[]) => void,
  inFlight?: Set<Promise<unknown>>,
): Store {
  return new Proxy({} as Store, {
    get(_target, property) {
      if (property === 'close') return async () => undefined;
      // Not a thenable, and no symbols: only Store methods are reachable.
      if (typeof property !== 'string' || property === 'then') return undefined;
      return async (...args: unknown[]) => {
        const call = () => {
          const pending = session().then((store) =>
            (Reflect.get(store, property) as (...a: unknown[]) => Promise<unknown>).apply(
              store,
              args,
            ),
          );
          inFlight?.add(pending);
          const settled = () => void inFlight?.delete(pending);
          pending.then(settled, settled);
          return pending;
        };
        if (STREAMED_READS.has(property)) return call();
        if (!READS.has(property)) {
          onWrite(property, args);
          cache.wrote(property);
          try {
            return await call();
          } finally {
            cache.wrote(property);
          }
        }
        const key = `${property}:${JSON.stringify(args)}`;
        if (cache.has(key)) return cache.get(key);
        const generations: [number, number] = [cache.generation, cache.keyGeneration];
        const value = await call();
        cache.set(key, value, generations);
        return value;
      };
    },
  });
}

/**
 * The versions of a DuckDB file's data by kind (`StoreGate.version(kinds)`): a count per
 * kind of this process's own upserts of it, and an epoch that any other change moves (a
 * write by another process, found as a file identity nobody filed; settings, documents,
 * stored results: any write of ours that is not an upsert).
 */
class KindVersions {
  private epoch = 0;
  private readonly upserts = new Map<ImportKind, number>();
  /** The file identity the versions describe. */
  private seen = '';

  /** The file as it is now: unless our own last operation left it so, anything changed. */
  observe(version: string): void {
    if (version === this.seen) return;
    this.epoch += 1;
    this.seen = version;
  }

  /**
   * Our own operation left the file as `version`: it changed nothing (a read, whose close
   * may checkpoint), these kinds' rows only, or (null) anything. A write that left the
   * file as it found it (a claim of pending marks when there were none) changed nothing.
   */
  wrote(version: string, kinds: readonly ImportKind[] | null): void {
    if (version === this.seen) return;
    if (kinds === null) this.epoch += 1;
    else for (const kind of kinds) this.upserts.set(kind, (this.upserts.get(kind) ?? 0) + 1);
    this.seen = version;
  }

  of(kinds: readonly ImportKind[]): string {
    return `kinds:${this.epoch}:${kinds.map((kind) => this.upserts.get(kind) ?? 0).join('.')}`;
  }
}

export interface FileStoreGateOptions {
  /** The database file (its `.wal` sibling is watched too); null: no file, no caching. */
  readonly path: string | null;
  readonly open: () => Promise<Store>;
  readonly busyTimeoutMs?: number;
  /** Memoized read results kept at most (oldest dropped first). */
  readonly maxCachedReads?: number;
  /**
   * Holds the file's lock around one session; default: this gate's own queue. A compute
   * worker passes the server's lock, taken through messages (compute-worker.ts).
   */
  readonly lock?: <T>(work: () => Promise<T>) => Promise<T>;
}

export function createFileStoreGate(options: FileStoreGateOptions): StoreGate {
  const busyTimeoutMs = options.busyTimeoutMs ?? 15_000;
  const cache = new ReadCache(options.maxCachedReads ?? 200);
  let queue: Promise<unknown> = Promise.resolve();

  async function fileVersion(): Promise<string> {
    if (options.path === null) return `uncached:${Math.random()}`;
    // Synchronous, and no error for a missing WAL: every request asks, and the promise API
    // cost a busy server more than its requests (an ENOENT error built for each WAL look).
    return [options.path, `${options.path}.wal`]
      .map((file) => {
        const s = statSync(file, { throwIfNoEntry: false });
        return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : '-';
      })
      .join('|');
  }

  async function openWithRetry(): Promise<Store> {
    try {
      return await retryWhileLocked(options.open, busyTimeoutMs);
    } catch (error) {
      if (error instanceof StoreBusyError)
        throw new ApiError(
          503,
          'store_busy',
          'the database is held by another process (an import?); try again shortly',
        );
      throw error;
    }
  }

  /** One real session at a time in this process: DuckDB allows one open instance per file. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  }
  const lock = options.lock ?? exclusive;
  /** Operations of this gate that wrote and have not finished yet. */
  let writing = 0;
  const writeListeners = dataWriteListeners();
  const kinds = new KindVersions();

  return {
    async version(of) {
      const version = await fileVersion();
      if (of === undefined || version.startsWith('uncached:')) return version;
      // While this process writes, the file moves under it: the write, once done, says what
      // it changed.
      if (writing === 0) kinds.observe(version);
      return kinds.of(of);
    },
    close: async () => undefined,
    hold: exclusive,
    onDataWrite: writeListeners.add,
    async run(work) {
      const version = await fileVersion();
      // While this process writes, the file's identity moves under it: that write clears
      // what it changes itself (ReadCache.wrote); only a change by someone else clears all.
      if (writing === 0) cache.settle(version);
      let opening: Promise<Store> | null = null;
      let release: (() => void) | null = null;
      let ended = false;
      const writes = new Set<string>();
      /** The kinds this operation upserted (its only writes, unless `writes` says more). */
      const upserted = new Set<ImportKind>();
      // Store calls of this operation still running: the store closes only after them (an
      // operation that failed early, e.g. one read of a Promise.all, may leave others going,
      // and closing a DuckDB instance under a running query crashes the process).
      const inFlight = new Set<Promise<unknown>>();
      /** Opens the store once per operation, holding the in-process lock until it ends. */
      const session = (): Promise<Store> => {
        if (ended)
          return Promise.reject(new Error('a store call outlived its operation (not awaited?)'));
        opening ??= (async () => {
          await new Promise<void>((acquired) => {
            void lock(
              () =>
                new Promise<void>((done) => {
                  release = done;
                  acquired();
                }),
            );
          });
          const store = await openWithRetry();
          // Open, under the lock, only our own sessions change the file, and each files the
          // identity it leaves (below): anything else here is someone else's write, which
          // may have landed while this operation waited, after its first look.
          const opened = await fileVersion();
          cache.settle(opened);
          kinds.observe(opened);
          return store;
        })();
        return opening;
      };
      try {
        return await work(
          memoizedStore(
            session,
            cache,
            (method, args) => {
              if (writes.size === 0) writing++;
              writes.add(method);
              if (method === 'upsert') upserted.add(args[1] as ImportKind);
              writeListeners.wrote(method);
            },
            inFlight,
          ),
        );
      } finally {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        ended = true;
        const store = opening ? await (opening as Promise<Store>).catch(() => null) : null;
        if (store) {
          await store.close();
          // Our own session may checkpoint: what we cached is what the file now holds.
          const after = await fileVersion();
          for (const method of writes) cache.wrote(method);
          cache.version = after;
          // Nothing written, upserts only (of these kinds), or anything.
          const onlyUpserts = writes.size === 1 && upserted.size > 0;
          kinds.wrote(after, writes.size === 0 ? [] : onlyUpserts ? [...upserted] : null);
        }
        if (writes.size > 0) writing--;
        (release as (() => void) | null)?.();
      }
    },
  };
}

export interface SharedStoreGateOptions {
  /** Opens the store once (the first operation waits for it); it migrates as it opens. */
  readonly open: () => Promise<SharedStore>;
  readonly maxCachedReads?: number;
}

export function createSharedStoreGate(options: SharedStoreGateOptions): StoreGate {
  const cache = new ReadCache(options.maxCachedReads ?? 200);
  let opened: Promise<SharedStore> | null = null;
  const store = (): Promise<SharedStore> => {
    opened ??= options.open();
    // A failed open (server unreachable) is tried again by the next operation.
    opened.catch(() => (opened = null));
    return opened;
  };
  const writeListeners = dataWriteListeners();
  return {
    version: async () => (await store()).dataVersion(),
    onDataWrite: writeListeners.add,
    async run(work) {
      const shared = await store();
      cache.settle(await shared.dataVersion());
      return work(memoizedStore(store, cache, writeListeners.wrote));
    },
    async close() {
      const open = opened;
      opened = null;
      if (open) await (await open).close();
    },
  };
}

/** Who hears of a write of new data (StoreGate.onDataWrite). */
function dataWriteListeners() {
  const listeners: (() => void)[] = [];
  return {
    add: (listener: () => void) => void listeners.push(listener),
    wrote(method: string) {
      if (DATA_ARRIVALS.has(method)) for (const listener of listeners) listener();
    },
  };
}
