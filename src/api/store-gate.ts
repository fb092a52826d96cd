import { stat } from 'node:fs/promises';
import type { Store } from '../store/store.ts';
import { ApiError } from './errors.ts';
import { retryWhileLocked, StoreBusyError } from '../store/lock-retry.ts';

/**
 * How the server reaches the embedded database without locking the CLI out of it.
 *
 * DuckDB lets one process at a time open a file. The server therefore never keeps the
 * store open: every request that needs it opens it, does its work and closes it (an
 * "operation"). Reads are memoized against the database files' identity (size, mtime of
 * the file and its WAL), so a dashboard that keeps asking while nothing changed never
 * touches the file, and a CLI import or key revocation is seen by the next request.
 * When another process holds the file (a CLI import in progress), opening is retried
 * with backoff until `busyTimeoutMs`, then the request fails with 503 `store_busy`.
 */
export interface StoreGate {
  /** Runs one operation against the store (opened lazily, closed afterwards). */
  run<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Identity of the data the last operation saw (changes when anything writes). */
  version(): Promise<string>;
}

export interface FileStoreGateOptions {
  /** The database file (its `.wal` sibling is watched too); null: no file, no caching. */
  readonly path: string | null;
  readonly open: () => Promise<Store>;
  readonly busyTimeoutMs?: number;
  /** Memoized read results kept at most (oldest dropped first). */
  readonly maxCachedReads?: number;
}

/** Store methods that only read (safe to memoize while the files are unchanged). */
const READS = new Set<string>([
  'workspace',
  'counts',
  'readMrrInputs',
  'readRows',
  'findApiKey',
  'listApiKeys',
  'listApiKeyIds',
  'getDocument',
  'listDocuments',
]);

export function createFileStoreGate(options: FileStoreGateOptions): StoreGate {
  const busyTimeoutMs = options.busyTimeoutMs ?? 15_000;
  const maxCachedReads = options.maxCachedReads ?? 200;
  const cache = new Map<string, unknown>();
  let cachedVersion = '';
  let queue: Promise<unknown> = Promise.resolve();

  async function fileVersion(): Promise<string> {
    if (options.path === null) return `uncached:${Math.random()}`;
    const parts = await Promise.all(
      [options.path, `${options.path}.wal`].map((file) =>
        stat(file).then(
          (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
          () => '-',
        ),
      ),
    );
    return parts.join('|');
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

  return {
    version: fileVersion,
    async run(work) {
      const current = await fileVersion();
      if (current !== cachedVersion) {
        cache.clear();
        cachedVersion = current;
      }
      let opening: Promise<Store> | null = null;
      let release: (() => void) | null = null;
      let wrote = false;
      /** Opens the store once per operation, holding the in-process lock until it ends. */
      const session = (): Promise<Store> => {
        opening ??= (async () => {
          await new Promise<void>((acquired) => {
            void exclusive(
              () =>
                new Promise<void>((done) => {
                  release = done;
                  acquired();
                }),
            );
          });
          return openWithRetry();
        })();
        return opening;
      };
      const read = async (key: string, fetch: (store: Store) => Promise<unknown>) => {
        if (cache.has(key)) return cache.get(key);
        const value = await fetch(await session());
        if (!wrote) {
          if (cache.size >= maxCachedReads) cache.delete(cache.keys().next().value!);
          cache.set(key, value);
        }
        return value;
      };
      const write = async (fetch: (store: Store) => Promise<unknown>) => {
        wrote = true;
        cache.clear();
        return fetch(await session());
      };
      // Every Store method, present and future: known reads are memoized, anything else
      // is treated as a write (it clears the cache and is never memoized).
      const gated = new Proxy({} as Store, {
        get(_target, property) {
          if (property === 'close') return async () => undefined;
          // Not a thenable, and no symbols: only Store methods are reachable.
          if (typeof property !== 'string' || property === 'then') return undefined;
          return (...args: unknown[]) => {
            const call = (store: Store) =>
              (Reflect.get(store, property) as (...a: unknown[]) => Promise<unknown>).apply(
                store,
                args,
              );
            return READS.has(property)
              ? read(`${property}:${JSON.stringify(args)}`, call)
              : write(call);
          };
        },
      });
      try {
        return await work(gated);
      } finally {
        const store = opening ? await (opening as Promise<Store>).catch(() => null) : null;
        if (store) {
          await store.close();
          // Our own session may checkpoint: what we cached is what the file now holds.
          const after = await fileVersion();
          if (wrote) cache.clear();
          cachedVersion = after;
        }
        (release as (() => void) | null)?.();
      }
    },
  };
}
