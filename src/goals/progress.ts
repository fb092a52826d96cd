import { parseIsoDay } from '../model/day.ts';
import { DataError } from '../model/errors.ts';
import type { Goal, GoalStatus, Pacing } from './types.ts';

/** Behind the straight line by at most this share of the whole way: still on track. */
export const ON_TRACK_GAP = 0.05;
/** Behind by more than ON_TRACK_GAP and at most this: at risk; beyond it: off track. */
export const AT_RISK_GAP = 0.15;
/** A yes/no goal not done with less than this share of its time left is at risk. */
const BOOLEAN_AT_RISK_ELAPSED = 0.9;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function day(iso: string): number {
  const d = parseIsoDay(iso);
  // A goal saved before dates were checked: the user's to fix, not an internal error.
  if (d === null)
    throw new DataError(`a goal has the date "${iso}", which does not exist: replace the goal`);
  return d;
}

/** Share of the goal's time elapsed on `today`, in [0, 1]. */
export function elapsedShare(start: string, due: string, today: string): number {
  const s = day(start);
  const e = day(due);
  if (e <= s) return day(today) >= e ? 1 : 0;
  return clamp01((day(today) - s) / (e - s));
}

/** Fraction of the way from baseline to target (unclamped: overshoot > 1, regress < 0). */
export function rawProgress(baseline: number, target: number, current: number): number {
  if (target === baseline)
    return current === target
      ? 1
      : target > baseline
        ? Number(current >= target)
        : Number(current <= target);
  return (current - baseline) / (target - baseline);
}

export function pacing(progress: number, expected: number, today: string, due: string): Pacing {
  if (progress >= 1) return 'achieved';
  if (today > due) return 'missed';
  const gap = expected - progress;
  if (gap <= ON_TRACK_GAP) return 'on_track';
  if (gap <= AT_RISK_GAP) return 'at_risk';
  return 'off_track';
}

/**
 * Status of every goal on `today`. `currentValue` gives a metric goal's current value
 * (null when unknown). Goals with children take the weighted mean of their children's
 * clamped progress, whatever their own kind.
 */
export function evaluateGoals(
  goals: readonly Goal[],
  currentValue: (goal: Goal) => number | null,
  today: string,
): GoalStatus[] {
  const children = new Map<string, Goal[]>();
  for (const g of goals)
    if (g.parentId !== undefined)
      children.set(g.parentId, [...(children.get(g.parentId) ?? []), g]);
  const done = new Map<string, GoalStatus>();
  const visiting = new Set<string>();

  const evaluate = (goal: Goal): GoalStatus => {
    const known = done.get(goal.id);
    if (known) return known;
    // A cycle in parent links would recurse forever: treat the repeated goal as a leaf.
    visiting.add(goal.id);
    const kids = (children.get(goal.id) ?? []).filter((c) => !visiting.has(c.id));
    const expected = elapsedShare(goal.start, goal.due, today);
    const daysLeft = Math.max(0, day(goal.due) - day(today));
    let current: number | null = null;
    let progress = 0;
    let expectedValue: number | null = null;
    let status: Pacing;
    if (kids.length > 0) {
      const statuses = kids.map(evaluate);
      const weights = kids.map((k) => k.weight ?? 1);
      const total = weights.reduce((a, b) => a + b, 0);
      progress =
        total === 0 ? 0 : statuses.reduce((sum, s, i) => sum + s.progress * weights[i]!, 0) / total;
      status = pacing(progress, expected, today, goal.due);
    } else if (goal.kind === 'boolean') {
      progress = goal.done ? 1 : 0;
      current = progress;
      status = goal.done
        ? 'achieved'
        : today > goal.due
          ? 'missed'
          : expected >= BOOLEAN_AT_RISK_ELAPSED
            ? 'at_risk'
            : 'on_track';
    } else if (goal.kind === 'tasks') {
      const tasks = goal.tasks ?? [];
      current = tasks.filter((t) => t.done).length;
      progress = tasks.length === 0 ? 0 : current / tasks.length;
      status = pacing(progress, expected, today, goal.due);
    } else {
      current = currentValue(goal);
      const baseline = goal.baseline ?? 0;
      const target = goal.target ?? 0;
      expectedValue = baseline + (target - baseline) * expected;
      progress = current === null ? 0 : clamp01(rawProgress(baseline, target, current));
      status = pacing(progress, expected, today, goal.due);
    }
    visiting.delete(goal.id);
    const result: GoalStatus = {
      id: goal.id,
      name: goal.name,
      kind: goal.kind,
      metric: goal.metric ?? null,
      current,
      baseline: goal.baseline ?? null,
      target: goal.target ?? null,
      progress,
      expected,
      expectedValue,
      status,
      daysLeft,
      children: kids.map((k) => k.id),
    };
    done.set(goal.id, result);
    return result;
  };
  return goals.map(evaluate);
}
