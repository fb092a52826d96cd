import type { StoreGate } from './store-gate.ts';

/** How often at most a presented key id that is not in the directory re-reads it. */
const MISS_REFRESH_MS = 1000;

/**
 * The public ids of every API key, kept in memory so that a presented key whose id does not
 * exist is refused without a store lookup: a client sending random well-formed keys must
 * not open the database (or evict the gate's cached reads) on every request.
 *
 * A miss re-reads the directory at most once a second, so a key created a moment ago by
 * another process (`northstar keys create`, another server on the same PostgreSQL
 * database) is found by its first request after that. The file gate memoizes the read
 * while the database file is unchanged, so with DuckDB even that re-read opens nothing.
 */
export class KeyDirectory {
  private ids: ReadonlySet<string> = new Set();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly gate: StoreGate,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a key with this id may exist (false: it did not a moment ago). */
  async mayExist(keyId: string): Promise<boolean> {
    if (this.ids.has(keyId)) return true;
    if (this.now() - this.loadedAt < MISS_REFRESH_MS) return false;
    await this.load();
    return this.ids.has(keyId);
  }

  /** One read at a time: concurrent misses share it. */
  private load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        this.ids = new Set(await this.gate.run((store) => store.listApiKeyIds()));
        this.loadedAt = this.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
