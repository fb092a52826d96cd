import { evaluateAlerts, listRules } from '../alerts/service.ts';
import { listSchedules, runDueReports } from '../reports/service.ts';
import type { StoreGate } from './store-gate.ts';

export interface BackgroundLog {
  warn(message: string): void;
}

/**
 * Work the server does after data changes and on a timer: alert evaluation and due report
 * digests. Nothing here ever fails a request: errors (an unreachable webhook, no SMTP
 * server) are logged and the next run tries again.
 */
export class BackgroundJobs {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly gate: StoreGate,
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
      await this.gate.run(async (store) => {
        if ((await listRules(store, workspaceId)).length === 0) return;
        const checks = await evaluateAlerts(store, workspaceId, new Date());
        for (const c of checks)
          for (const d of c.event?.deliveries ?? [])
            if (!d.ok)
              this.log.warn(
                `alert "${c.rule.name}": delivery to ${d.channel} failed: ${d.error ?? 'unknown error'}`,
              );
      });
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
        await this.gate.run(async (store) => {
          if ((await listSchedules(store, workspaceId)).length > 0) {
            const runs = await runDueReports(store, workspaceId, now);
            for (const r of runs)
              for (const d of r.deliveries)
                if (!d.ok)
                  this.log.warn(
                    `report ${r.scheduleId}: delivery to ${d.channel} failed: ${d.error ?? 'unknown error'}`,
                  );
          }
        });
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
