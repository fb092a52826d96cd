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
import {
  formatPercentIn,
  plural,
  translate,
  translateOr,
  type Params,
  type ServerMessageKey,
} from '../i18n/index.ts';

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
  /** The messages' language and number format (BCP 47; default English). */
  readonly locale?: string;
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

/** A threshold's outcome in words: "(above 100)", "(not below 0.05)". */
function thresholdKey(op: Comparison, firing: boolean): ServerMessageKey {
  if (op === 'above') return firing ? 'alert.threshold.above' : 'alert.threshold.notAbove';
  return firing ? 'alert.threshold.below' : 'alert.threshold.notBelow';
}

const quiet = (message: string, period: string | null = null): Condition => ({
  firing: false,
  value: null,
  period,
  message,
});

export function evaluateRule(rule: AlertRule, ctx: EvaluationContext): Condition {
  const locale = ctx.locale ?? 'en';
  const say = (key: ServerMessageKey, params: Params = {}) => translate(locale, key, params);
  if (rule.kind === 'goal') return evaluateGoalRule(rule.goalId, ctx.goals, locale);
  if (rule.kind === 'at_risk') return evaluateAtRiskRule(rule, ctx.risk, locale);
  const k = lastCompleteIndex(ctx.series, ctx.today);
  if (k < 0) return quiet(say('alert.noCompletePeriod'));
  const period = ctx.series.periods[k]!.label;
  const at = (metric: string, i: number) => ctx.series.values[metric]?.[i] ?? null;
  const f = ctx.format ?? plain;

  switch (rule.kind) {
    case 'threshold': {
      const value = at(rule.metric, k);
      if (value === null)
        return quiet(say('alert.undefined', { metric: rule.metric, period }), period);
      const firing = compare(value, rule.op, rule.value);
      return {
        firing,
        value,
        period,
        message: say(thresholdKey(rule.op, firing), {
          metric: rule.metric,
          value: f(rule.metric, value),
          period,
          limit: f(rule.metric, rule.value),
        }),
      };
    }
    case 'ratio': {
      const n = at(rule.numerator, k);
      const d = at(rule.denominator, k);
      const ratio = `${rule.numerator} / ${rule.denominator}`;
      if (n === null || d === null || d === 0)
        return quiet(say('alert.undefined', { metric: ratio, period }), period);
      const value = n / d;
      const firing = compare(value, rule.op, rule.value);
      const fixed = new Intl.NumberFormat(locale, {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
        useGrouping: false,
      });
      return {
        firing,
        value,
        period,
        message: say(thresholdKey(rule.op, firing), {
          metric: ratio,
          value: fixed.format(value),
          period,
          limit: new Intl.NumberFormat(locale, {
            maximumFractionDigits: 20,
            useGrouping: false,
          }).format(rule.value),
        }),
      };
    }
    case 'change': {
      const base = k - rule.window;
      if (base < 0) return quiet(say('alert.shortHistory', { window: rule.window }), period);
      const now = at(rule.metric, k);
      const before = at(rule.metric, base);
      if (now === null || before === null)
        return quiet(say('alert.undefined', { metric: rule.metric, period }), period);
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
        message: say(relative === null ? 'alert.change' : 'alert.changeRate', {
          metric: rule.metric,
          change: f(rule.metric, delta),
          rate: relative === null ? '' : formatPercentIn(locale, relative),
          from: label,
          to: period,
        }),
      };
    }
    case 'anomaly': {
      const points = (ctx.series.values[rule.metric] ?? []).slice(0, k + 1);
      if (points.length < MIN_ANOMALY_POINTS || points.some((v) => v === null))
        return quiet(say('alert.anomalyHistory', { count: MIN_ANOMALY_POINTS }), period);
      const values = points as number[];
      const report = detectAnomalies(values, { threshold: rule.threshold });
      const score = report.scores[k]!;
      const firing = report.anomalies.includes(k);
      return {
        firing,
        value: values[k]!,
        period,
        message: say('alert.anomaly', {
          metric: rule.metric,
          value: f(rule.metric, values[k]!),
          period,
          expected: f(rule.metric, report.expected[k]!),
          score: new Intl.NumberFormat(locale, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
            useGrouping: false,
          }).format(score),
        }),
      };
    }
  }
}

function evaluateGoalRule(
  goalId: string | undefined,
  goals: readonly GoalSignal[],
  locale: string,
): Condition {
  const watched = goalId === undefined ? goals : goals.filter((g) => g.id === goalId);
  if (goalId !== undefined && watched.length === 0)
    return quiet(translate(locale, 'alert.goalNotFound', { goal: goalId }));
  const bad = watched.filter((g) => g.status === 'at_risk' || g.status === 'off_track');
  const status = (s: string) => translateOr(locale, `goalStatus.${s}`, s.replace('_', ' '));
  return {
    firing: bad.length > 0,
    value: bad.length,
    period: null,
    message:
      bad.length === 0
        ? translate(locale, 'alert.goalsOnTrack')
        : bad
            .map((g) =>
              translate(locale, 'alert.goalOff', { name: g.name, status: status(g.status) }),
            )
            .join('; '),
  };
}

/** Reasons quoted per customer in an at-risk alert. */
const AT_RISK_REASONS = 3;

function evaluateAtRiskRule(
  rule: AtRiskRule,
  risk: Readonly<Record<number, RiskSignal>> | undefined,
  locale: string,
): Condition {
  const percent = (p: number) => formatPercentIn(locale, p, 0);
  const horizon = rule.horizonDays ?? DEFAULT_AT_RISK_HORIZON_DAYS;
  const threshold = rule.probability ?? DEFAULT_AT_RISK_PROBABILITY;
  const signal = risk?.[horizon];
  if (signal === undefined)
    return quiet(translate(locale, 'alert.riskNotScored', { days: horizon }));
  if ('error' in signal)
    return quiet(translate(locale, 'alert.riskFailed', { error: signal.error }));
  const digits = signal.currency === '' ? 2 : minorDigits(signal.currency);
  const scale = 10 ** digits;
  const money = (minor: number) =>
    signal.currency === '' ? String(minor / scale) : formatMoney(minor, signal.currency, locale);
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
  const watched = translate(locale, 'alert.riskWatched', {
    mrr: money(minMinor),
    probability: percent(threshold),
    days: horizon,
  });
  if (hits.length === 0)
    return {
      firing: false,
      value: 0,
      period: null,
      message: translate(locale, 'alert.noneAtRisk', { watched }),
      members,
      customers,
    };
  const named = hits.map((c) => {
    const reasons = c.reasons.slice(0, AT_RISK_REASONS).map((r) => r.text);
    const words = {
      customer: c.customerId,
      mrr: money(c.mrr),
      probability: percent(c.probability),
    };
    return reasons.length > 0
      ? translate(locale, 'alert.atRiskCustomerReasons', { ...words, reasons: reasons.join(', ') })
      : translate(locale, 'alert.atRiskCustomer', words);
  });
  return {
    firing: true,
    value: hits.length,
    period: null,
    message: plural(locale, 'alert.atRisk', hits.length, {
      watched,
      customers: named.join('; '),
    }),
    members,
    customers,
  };
}
