import { listRules } from '../alerts/service.ts';
import { listSchedules } from '../reports/service.ts';
import type { ApiContext } from './context.ts';
import type { StoreGate } from './store-gate.ts';

export interface BackgroundLog {
  warn(message: string): void;
}

/**
 * Work the server does after data changes and on a timer: alert evaluation and due report
 * digests, as computations (./computations.ts), so on the compute workers when the server
 * has them: an alert rule on churn risk scores every customer, a goal rule forecasts, and
 * the thread that answers requests never waits for them. Nothing here ever fails a
 * request: errors (an unreachable webhook, no SMTP server) are logged and the next run
 * tries again.
 */
export class BackgroundJobs {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly gate: StoreGate,
    private readonly compute: ApiContext['compute'],
    private readonly log: BackgroundLog,
  ) {}

  /** Evaluates the workspace's alert rules soon (runs coalesce: one at a time per workspace). */
  afterWrite(workspaceId: string): void {
    const previous = this.pending.get(workspaceId) ?? Promise.resolve();
    const run = previous.then(() => this.checkAlerts(workspaceId));
    this.pending.set(workspaceId, run);
    void run.finally(() => {
      if (this.pending.get(workspaceId) === run) this.pending.delete(workspaceId);
    });
  }

  /** Resolves when every evaluation started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }

  private async checkAlerts(workspaceId: string): Promise<void> {
    try {
      // A look at the rules here first: a worker opens the database for each job, and
      // most writes (a webhook each) come to a workspace without rules.
      if ((await this.gate.run((store) => listRules(store, workspaceId))).length === 0) return;
      const warnings = await this.compute('alerts', { workspaceId, now: Date.now() });
      for (const warning of warnings) this.log.warn(warning);
    } catch (error) {
      this.log.warn(
        `alert evaluation for workspace "${workspaceId}" failed: ${(error as Error).message}`,
      );
    }
  }

  /** One tick of the timer: due digests, then alerts, for each workspace. */
  async tick(workspaceIds: readonly string[], now = new Date()): Promise<void> {
    for (const workspaceId of workspaceIds) {
      try {
        const schedules = await this.gate.run((store) => listSchedules(store, workspaceId));
        const warnings =
          schedules.length === 0
            ? []
            : await this.compute('reports', { workspaceId, now: now.getTime() });
        for (const warning of warnings) this.log.warn(warning);
      } catch (error) {
        this.log.warn(`scheduled reports for "${workspaceId}" failed: ${(error as Error).message}`);
      }
      await this.checkAlerts(workspaceId);
    }
  }

  /** Runs `tick` every `everyMs` (unref'd: it never keeps the process alive). */
  startTimer(workspaceIds: () => readonly string[], everyMs = 5 * 60_000): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void this.tick(workspaceIds()).finally(() => {
        running = false;
      });
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
