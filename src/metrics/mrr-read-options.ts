import type { WorkspaceSettings } from '../model/workspace.ts';
import type { MrrReadOptions } from '../store/store.ts';

/** What the workspace's settings change in the MRR inputs the store reads. */
export function mrrReadOptions(settings: WorkspaceSettings): MrrReadOptions {
  return {
    delinquencyDays: settings.delinquencyDays,
    keepRefunded: settings.refundsReduceMrr === false,
  };
}
