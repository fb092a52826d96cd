import { detectAnomalies, MIN_ANOMALY_POINTS } from './anomaly.ts';
import type { AlertRule, Comparison, Condition } from './types.ts';
import type { SeriesSet } from '../insights/metric-series.ts';

/** What goal rules need to know about goals (computed by src/goals). */
export interface GoalSignal {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

export interface EvaluationContext {
  readonly series: SeriesSet;
  /** Today as an ISO date: periods ending before it are complete. */
  readonly today: string;
  readonly goals: readonly GoalSignal[];
  /** How a metric's value reads in messages (default: up to 4 significant decimals). */
  readonly format?: (metric: string, value: number) => string;
}

const plain = (_metric: string, value: number) => String(Math.round(value * 10_000) / 10_000);

/** Metrics a rule reads (the caller loads exactly these). */
export function metricsOf(rule: AlertRule): string[] {
  switch (rule.kind) {
    case 'threshold':
    case 'change':
    case 'anomaly':
      return [rule.metric];
    case 'ratio':
      return [rule.numerator, rule.denominator];
    case 'goal':
      return [];
  }
}

/**
 * Rules look at the last complete period: a month still running would make flows (new MRR,
 * CAC) look low and flap the alert every day until the month ends.
 */
export function lastCompleteIndex(series: SeriesSet, today: string): number {
  for (let i = series.periods.length - 1; i >= 0; i--) if (series.periods[i]!.end < today) return i;
  return -1;
}

const compare = (value: number, op: Comparison, limit: number) =>
  op === 'above' ? value > limit : value < limit;

const quiet = (message: string, period: string | null = null): Condition => ({
  firing: false,
  value: null,
  period,
  message,
});

export function evaluateRule(rule: AlertRule, ctx: EvaluationContext): Condition {
  if (rule.kind === 'goal') return evaluateGoalRule(rule.goalId, ctx.goals);
  const k = lastCompleteIndex(ctx.series, ctx.today);
  if (k < 0) return quiet('no complete period yet');
  const period = ctx.series.periods[k]!.label;
  const at = (metric: string, i: number) => ctx.series.values[metric]?.[i] ?? null;
  const f = ctx.format ?? plain;

  switch (rule.kind) {
    case 'threshold': {
      const value = at(rule.metric, k);
      if (value === null) return quiet(`${rule.metric} is not defined in ${period}`, period);
      const firing = compare(value, rule.op, rule.value);
      return {
        firing,
        value,
        period,
        message: `${rule.metric} is ${f(rule.metric, value)} in ${period} (${firing ? '' : 'not '}${rule.op} ${f(rule.metric, rule.value)})`,
      };
    }
    case 'ratio': {
      const n = at(rule.numerator, k);
      const d = at(rule.denominator, k);
      if (n === null || d === null || d === 0)
        return quiet(`${rule.numerator} / ${rule.denominator} is not defined in ${period}`, period);
      const value = n / d;
      const firing = compare(value, rule.op, rule.value);
      return {
        firing,
        value,
        period,
        message: `${rule.numerator} / ${rule.denominator} is ${value.toFixed(2)} in ${period} (${firing ? '' : 'not '}${rule.op} ${rule.value})`,
      };
    }
    case 'change': {
      const base = k - rule.window;
      if (base < 0) return quiet(`not enough history for a ${rule.window}-period change`, period);
      const now = at(rule.metric, k);
      const before = at(rule.metric, base);
      if (now === null || before === null)
        return quiet(`${rule.metric} is not defined in ${period}`, period);
      const delta = now - before;
      const relative = before === 0 ? null : delta / Math.abs(before);
      const directionOk =
        rule.direction === 'any' || (rule.direction === 'up' ? delta > 0 : delta < 0);
      const bigEnough =
        (rule.percent !== undefined && relative !== null && Math.abs(relative) >= rule.percent) ||
        (rule.absolute !== undefined && Math.abs(delta) >= rule.absolute);
      const firing = directionOk && delta !== 0 && bigEnough;
      const label = ctx.series.periods[base]!.label;
      return {
        firing,
        value: relative ?? delta,
        period,
        message: `${rule.metric} changed by ${f(rule.metric, delta)}${relative === null ? '' : ` (${(relative * 100).toFixed(1)}%)`} from ${label} to ${period}`,
      };
    }
    case 'anomaly': {
      const points = (ctx.series.values[rule.metric] ?? []).slice(0, k + 1);
      if (points.length < MIN_ANOMALY_POINTS || points.some((v) => v === null))
        return quiet(
          `anomaly detection needs ${MIN_ANOMALY_POINTS} complete periods with values`,
          period,
        );
      const values = points as number[];
      const report = detectAnomalies(values, { threshold: rule.threshold });
      const score = report.scores[k]!;
      const firing = report.anomalies.includes(k);
      return {
        firing,
        value: values[k]!,
        period,
        message: `${rule.metric} is ${f(rule.metric, values[k]!)} in ${period}, expected about ${f(rule.metric, report.expected[k]!)} (robust z-score ${score.toFixed(1)})`,
      };
    }
  }
}

function evaluateGoalRule(goalId: string | undefined, goals: readonly GoalSignal[]): Condition {
  const watched = goalId === undefined ? goals : goals.filter((g) => g.id === goalId);
  if (goalId !== undefined && watched.length === 0) return quiet(`goal "${goalId}" not found`);
  const bad = watched.filter((g) => g.status === 'at_risk' || g.status === 'off_track');
  return {
    firing: bad.length > 0,
    value: bad.length,
    period: null,
    message:
      bad.length === 0
        ? 'every watched goal is on track'
        : bad.map((g) => `goal "${g.name}" is ${g.status.replace('_', ' ')}`).join('; '),
  };
}
