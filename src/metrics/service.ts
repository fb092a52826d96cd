import type { Day } from '../model/day.ts';
import type { Interval } from '../model/period.ts';
import type { Store } from '../store/store.ts';
import { computeMrr, type MovementMode, type MrrFacts } from '../engine/mrr.ts';

export interface ComputeRequest {
  readonly workspaceId: string;
  readonly interval: Interval;
  readonly mode: MovementMode;
  /** First day the caller wants to see (periods before it are still computed when data starts earlier). */
  readonly from?: Day | undefined;
  /** Last day of history to take into account. */
  readonly to: Day;
  readonly collectMovements?: boolean;
}

/** The one path from stored data to computed facts, shared by every surface. */
export async function computeWorkspace(store: Store, request: ComputeRequest): Promise<MrrFacts> {
  const settings = await store.workspace(request.workspaceId);
  const inputs = await store.readMrrInputs(request.workspaceId, {
    delinquencyDays: settings.delinquencyDays,
  });
  return computeMrr(inputs, {
    interval: request.interval,
    mode: request.mode,
    firstDay: request.from,
    lastDay: request.to,
    settings,
    collectMovements: request.collectMovements ?? false,
  });
}
