import { formatDay } from '../model/day.ts';
import type { Store } from '../store/store.ts';
import { assertMetrics, querySeries, workspaceToday } from '../metrics/query.ts';
import { evaluateGoals } from './progress.ts';
import { DataError } from '../model/errors.ts';
import { GOALS_COLLECTION, goalDatesProblem, type Goal, type GoalStatus } from './types.ts';

export async function listGoals(store: Store, workspaceId: string): Promise<Goal[]> {
  return (await store.listDocuments<Goal>(workspaceId, GOALS_COLLECTION)).map((d) => d.body);
}

export async function saveGoal(store: Store, workspaceId: string, goal: Goal): Promise<void> {
  if (goal.metric !== undefined) assertMetrics([goal.metric]);
  const dates = goalDatesProblem(goal.start, goal.due);
  if (dates !== null) throw new DataError(`goal "${goal.id}": ${dates}`);
  if (goal.parentId !== undefined && goal.parentId === goal.id)
    throw new Error('a goal cannot be its own parent');
  await store.putDocument(workspaceId, GOALS_COLLECTION, goal.id, goal);
}

export async function removeGoal(store: Store, workspaceId: string, id: string): Promise<boolean> {
  return store.deleteDocument(workspaceId, GOALS_COLLECTION, id);
}

/**
 * Every goal's progress and pacing today. A metric goal reads the metric's value in the
 * period containing today (so far), i.e. the figure a dashboard shows now.
 */
export async function goalStatuses(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
): Promise<GoalStatus[]> {
  const goals = await listGoals(store, workspaceId);
  if (goals.length === 0) return [];
  const today = await workspaceToday(store, workspaceId, now);
  const metrics = [...new Set(goals.flatMap((g) => (g.metric ? [g.metric] : [])))];
  const series =
    metrics.length === 0 ? null : await querySeries(store, { workspaceId, metrics, now });
  const last = series ? series.periods.length - 1 : -1;
  return evaluateGoals(
    goals,
    (g) => (g.metric && series && last >= 0 ? (series.values[g.metric]?.[last] ?? null) : null),
    formatDay(today),
  );
}
