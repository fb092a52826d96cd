export interface WarmUpLog {
  warn(message: string): void;
}

/** One warm-up pass: the steps run in order; `stale()` turns true when a newer write came. */
export type WarmUpWork = (workspaceId: string, stale: () => boolean) => Promise<void>;

/**
 * Recomputes the dashboard's default answers in the background after the data changed (a
 * write through the API, or the database file changed under the server: a CLI import), so
 * the next dashboard load is served from the compute cache instead of waiting 8–18 s at
 * a million customers.
 *
 * Bounded on purpose: one pass at a time; a pass starts `delayMs` after the last change
 * (a burst of writes costs one pass); a pass notices a newer change, or a write on its way
 * (`interrupt`), between its steps and stops (the newer change schedules its own pass). A pass never fails anything: errors
 * are logged. Concurrent identical requests share the pass's computation through the
 * compute cache's single flight.
 */
export class CacheWarmer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly pending = new Set<string>();
  private generation = 0;
  private readonly counts = { started: 0, completed: 0, skipped: 0 };
  private closed = false;

  constructor(
    private readonly work: WarmUpWork,
    private readonly log: WarmUpLog,
    private readonly delayMs = 250,
  ) {}

  /** The data of a workspace changed: warm its default answers soon. */
  schedule(workspaceId: string): void {
    if (this.closed) return;
    this.generation += 1;
    this.pending.add(workspaceId);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, this.delayMs);
    this.timer.unref();
  }

  /**
   * New data is on its way (a write asked for the database): the pass in flight starts no
   * further step, which would hold the database ahead of the write and of the answers
   * after it. The write schedules the next pass once it is done.
   */
  interrupt(): void {
    if (this.running) this.generation += 1;
  }

  private start(): void {
    if (this.running || this.pending.size === 0 || this.closed) return;
    const workspaceId = this.pending.values().next().value!;
    this.pending.delete(workspaceId);
    const generation = this.generation;
    const stale = () => this.closed || this.generation !== generation;
    this.counts.started += 1;
    this.running = this.work(workspaceId, stale)
      .then(
        () => {
          this.counts[stale() ? 'skipped' : 'completed'] += 1;
        },
        (error: Error) => {
          this.log.warn(`cache warm-up for "${workspaceId}" failed: ${error.message}`);
        },
      )
      .finally(() => {
        this.running = null;
        // Another workspace waiting, or changes that came while this pass ran and whose
        // timer already fired: go on (a change whose timer is still ticking starts itself).
        if (this.timer === null) this.start();
      });
  }

  /** Resolves when no pass is running or scheduled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, Math.max(10, this.delayMs)));
    }
  }

  /** Passes started, passes that ran to the end, passes cut short by a newer change. */
  stats(): { started: number; completed: number; skipped: number } {
    return { ...this.counts };
  }

  /** Stops scheduling; a pass in flight stops at its next step. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/**
 * Watches the database's identity (size and mtime of the file and its WAL) and calls
 * `changed` when it moves — a CLI import, a key revoked — whoever wrote it. The server's
 * own reads may checkpoint the file too; the warm-up they trigger finds everything cached
 * and costs nothing.
 */
export function watchVersion(
  version: () => Promise<string>,
  changed: () => void,
  everyMs: number,
): () => void {
  let known: string | null = null;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void version()
      .then((v) => {
        if (v.startsWith('uncached:')) return;
        if (known !== null && v !== known) changed();
        known = v;
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
