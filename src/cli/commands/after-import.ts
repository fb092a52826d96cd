import { enabledRules, evaluateAlerts } from '../../alerts/service.ts';
import type { Store } from '../../store/store.ts';
import { resultsUpToDate } from './recompute.ts';

/**
 * New data may trip an alert rule: evaluate them now. The import has landed whatever
 * happens here, so a failing check is reported, never turned into a failed import.
 */
export async function checkAlertsAfterImport(store: Store, workspaceId: string): Promise<void> {
  try {
    if ((await enabledRules(store, workspaceId)).length === 0) return;
    // A large import makes the stored results stale: their full recompute is said.
    await resultsUpToDate(store, workspaceId, await store.workspace(workspaceId));
    for (const check of await evaluateAlerts(store, workspaceId, new Date())) {
      if (check.event && !check.event.suppressed)
        process.stdout.write(`alert ${check.event.type}: ${check.event.message}\n`);
    }
  } catch (error) {
    process.stderr.write(
      `northstar: the import landed, but checking alert rules failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}
