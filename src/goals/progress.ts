import { parseIsoDay } from '../model/day.ts';
import { DataError } from '../model/errors.ts';
import type { Goal, GoalDirection, GoalStatus, MetricReading, Pacing } from './types.ts';

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

/**
 * Fraction of the way from baseline to target (unclamped: overshoot > 1, regress < 0). A
 * baseline already at or beyond the target in the goal's direction makes it a goal to stay
 * there ("churn under 3 %" from 2.5 %): 1 while the value holds, 0 once it does not.
 */
export function rawProgress(
  baseline: number,
  target: number,
  current: number,
  direction: GoalDirection,
): number {
  const sign = direction === 'up' ? 1 : -1;
  if (sign * (target - baseline) > 0) return (current - baseline) / (target - baseline);
  return sign * (current - target) >= 0 ? 1 : 0;
}

/** Chance of reaching the target at or above which the forecast says on track. */
export const FORECAST_ON_TRACK = 0.5;
/** At or above this (and below FORECAST_ON_TRACK): at risk; below it: off track. */
export const FORECAST_AT_RISK = 0.2;

/** Pacing by the forecast's chance of reaching the target by the due date. */
export function forecastPacing(probability: number): 'on_track' | 'at_risk' | 'off_track' {
  if (probability >= FORECAST_ON_TRACK) return 'on_track';
  return probability >= FORECAST_AT_RISK ? 'at_risk' : 'off_track';
}

const PACE_ORDER: readonly Pacing[] = ['on_track', 'at_risk', 'off_track'];

/** The worse of two pacings (on track < at risk < off track). */
export function worsePacing(a: Pacing, b: Pacing): Pacing {
  return PACE_ORDER.indexOf(a) >= PACE_ORDER.indexOf(b) ? a : b;
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
 * Status of every goal on `today`. `read` gives a metric goal's reading (its last complete
 * period, its baseline from history, the forecast at its due month), null when the metric
 * has no data. Goals with children take the weighted mean of their children's clamped
 * progress, whatever their own kind.
 */
export function evaluateGoals(
  goals: readonly Goal[],
  read: (goal: Goal) => MetricReading | null,
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
    const daysLeft = Math.max(0, day(goal.due) - day(today));
    const base = {
      id: goal.id,
      name: goal.name,
      kind: goal.kind,
      metric: goal.metric ?? null,
      segment: goal.segment ?? null,
      period: null,
      asOf: null,
      baseline: goal.baseline ?? null,
      baselineFrom: goal.baseline === undefined ? null : ('set' as const),
      baselinePeriod: null,
      target: goal.target ?? null,
      direction: null,
      expectedValue: null,
      forecast: null,
      forecastNote: null,
      daysLeft,
      children: kids.map((k) => k.id),
    };
    const judged = (
      progress: number,
      asOf: string,
      forecast: MetricReading['forecast'] = null,
    ): Pick<GoalStatus, 'progress' | 'expected' | 'lineStatus' | 'status'> => {
      const expected = elapsedShare(goal.start, goal.due, asOf);
      const lineStatus = pacing(progress, expected, today, goal.due);
      const onLine = lineStatus === 'achieved' || lineStatus === 'missed';
      const status = onLine || !forecast ? lineStatus : worsePacing(lineStatus, forecast.status);
      return { progress, expected, lineStatus, status };
    };
    let result: GoalStatus;
    if (kids.length > 0) {
      const statuses = kids.map(evaluate);
      const weights = kids.map((k) => k.weight ?? 1);
      const total = weights.reduce((a, b) => a + b, 0);
      const progress =
        total === 0 ? 0 : statuses.reduce((sum, s, i) => sum + s.progress * weights[i]!, 0) / total;
      result = { ...base, current: null, ...judged(progress, today) };
    } else if (goal.kind === 'boolean') {
      const expected = elapsedShare(goal.start, goal.due, today);
      const status: Pacing = goal.done
        ? 'achieved'
        : today > goal.due
          ? 'missed'
          : expected >= BOOLEAN_AT_RISK_ELAPSED
            ? 'at_risk'
            : 'on_track';
      const progress = goal.done ? 1 : 0;
      result = { ...base, current: progress, progress, expected, lineStatus: status, status };
    } else if (goal.kind === 'tasks') {
      const tasks = goal.tasks ?? [];
      const current = tasks.filter((t) => t.done).length;
      const progress = tasks.length === 0 ? 0 : current / tasks.length;
      result = { ...base, current, ...judged(progress, today) };
    } else {
      const reading = read(goal);
      const baseline = goal.baseline ?? reading?.baseline ?? null;
      const target = goal.target ?? 0;
      const current = reading?.current ?? null;
      const direction = reading?.direction ?? (target < (baseline ?? 0) ? 'down' : 'up');
      const asOf = reading?.asOf ?? today;
      const progress =
        current === null || baseline === null
          ? 0
          : clamp01(rawProgress(baseline, target, current, direction));
      const verdict = judged(progress, asOf, reading?.forecast ?? null);
      result = {
        ...base,
        current,
        period: reading?.period ?? null,
        asOf: reading?.asOf ?? null,
        baseline,
        baselineFrom: goal.baseline !== undefined ? 'set' : baseline === null ? null : 'history',
        baselinePeriod: goal.baseline === undefined ? (reading?.baselinePeriod ?? null) : null,
        direction,
        expectedValue: baseline === null ? null : baseline + (target - baseline) * verdict.expected,
        forecast: reading?.forecast ?? null,
        forecastNote: reading?.forecastNote ?? null,
        ...verdict,
      };
    }
    visiting.delete(goal.id);
    done.set(goal.id, result);
    return result;
  };
  return goals.map(evaluate);
}
