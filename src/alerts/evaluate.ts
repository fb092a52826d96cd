import { detectAnomalies, MIN_ANOMALY_POINTS } from './anomaly.ts';
import {
  DEFAULT_AT_RISK_HORIZON_DAYS,
  DEFAULT_AT_RISK_PROBABILITY,
  type AlertRule,
  type AtRiskCustomer,
  type AtRiskRule,
  type Comparison,
  type Condition,
} from './types.ts';
import type { SeriesSet } from '../metrics/query.ts';
import { minorDigits } from '../model/currency.ts';
import { formatMoney } from '../model/money.ts';
import type { CustomerRisk } from '../risk/model.ts';

/** What goal rules need to know about goals (computed by src/goals). */
export interface GoalSignal {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

/** Today's churn-risk scores for one horizon (computed by src/risk), or why there are none. */
export type RiskSignal =
  | { readonly currency: string; readonly customers: readonly CustomerRisk[] }
  | { readonly error: string };

export interface EvaluationContext {
  readonly series: SeriesSet;
  /** Today as an ISO date: periods ending before it are complete. */
  readonly today: string;
  readonly goals: readonly GoalSignal[];
  /** Churn-risk scores by horizon in days (what at-risk rules read). */
  readonly risk?: Readonly<Record<number, RiskSignal>>;
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
    case 'at_risk':
      return [];
  }
}

/** The horizons (days) at-risk rules need scores for. */
export function riskHorizonsOf(rules: readonly AlertRule[]): number[] {
  return [
    ...new Set(
      rules.flatMap((r) =>
        r.kind === 'at_risk' ? [r.horizonDays ?? DEFAULT_AT_RISK_HORIZON_DAYS] : [],
      ),
    ),
  ];
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
  if (rule.kind === 'at_risk') return evaluateAtRiskRule(rule, ctx.risk);
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

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** Reasons quoted per customer in an at-risk alert. */
const AT_RISK_REASONS = 3;

function evaluateAtRiskRule(
  rule: AtRiskRule,
  risk: Readonly<Record<number, RiskSignal>> | undefined,
): Condition {
  const horizon = rule.horizonDays ?? DEFAULT_AT_RISK_HORIZON_DAYS;
  const threshold = rule.probability ?? DEFAULT_AT_RISK_PROBABILITY;
  const signal = risk?.[horizon];
  if (signal === undefined) return quiet(`churn risk within ${horizon} days was not scored`);
  if ('error' in signal) return quiet(`churn risk could not be scored: ${signal.error}`);
  const digits = signal.currency === '' ? 2 : minorDigits(signal.currency);
  const scale = 10 ** digits;
  const money = (minor: number) =>
    signal.currency === '' ? String(minor / scale) : formatMoney(minor, signal.currency);
  const minMinor = Math.round(rule.minMrr * scale);
  const hits = signal.customers
    .filter((c) => c.mrr > 0 && c.mrr >= minMinor && c.probability >= threshold)
    .sort(
      (a, b) =>
        b.probability - a.probability || b.mrr - a.mrr || a.customerId.localeCompare(b.customerId),
    );
  const customers: AtRiskCustomer[] = hits.map((c) => ({
    customerId: c.customerId,
    mrr: c.mrr / scale,
    probability: c.probability,
    reasons: c.reasons.slice(0, AT_RISK_REASONS).map((r) => r.text),
  }));
  const members = hits.map((c) => c.customerId).sort();
  const watched = `MRR ≥ ${money(minMinor)} and churn probability ≥ ${percent(threshold)} within ${horizon} days`;
  if (hits.length === 0)
    return {
      firing: false,
      value: 0,
      period: null,
      message: `no paying customer with ${watched}`,
      members,
      customers,
    };
  const named = hits.map((c) => {
    const reasons = c.reasons.slice(0, AT_RISK_REASONS).map((r) => r.text);
    return `${c.customerId} (MRR ${money(c.mrr)}, ${percent(c.probability)}${reasons.length > 0 ? `: ${reasons.join(', ')}` : ''})`;
  });
  return {
    firing: true,
    value: hits.length,
    period: null,
    message: `${hits.length} high-value customer${hits.length === 1 ? '' : 's'} at risk (${watched}): ${named.join('; ')}`,
    members,
    customers,
  };
}
