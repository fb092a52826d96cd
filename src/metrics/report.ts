import { formatDay } from '../model/day.ts';
import { toMajor } from '../model/money.ts';
import type { Cohorts, Movement, MrrFacts } from '../engine/mrr.ts';
import { METRICS, metricById, type MetricDefinition } from './registry.ts';

/** The JSON shape of `northstar metrics --format json` (money in major units). */
export interface MetricsReport {
  currency: string;
  interval: string;
  mode: string;
  periods: {
    period: string;
    start: string;
    end: string;
    metrics: Record<string, number | null>;
  }[];
}

/** Resolves metric ids (all when empty); an unknown id is an error naming the known ones. */
export function selectMetrics(ids: readonly string[]): MetricDefinition[] {
  if (ids.length === 0) return [...METRICS];
  return ids.map((id) => {
    const metric = metricById(id);
    if (!metric)
      throw new Error(
        `unknown metric "${id}"; known metrics: ${METRICS.map((m) => m.id).join(', ')}`,
      );
    return metric;
  });
}

/** Rates and ratios keep full precision in data; money is major units at the currency's digits. */
function present(metric: MetricDefinition, value: number | null, currency: string): number | null {
  if (value === null) return null;
  if (metric.unit === 'money') return toMajor(Math.round(value), currency);
  return value;
}

export function metricsReport(
  mrr: MrrFacts,
  metrics: readonly MetricDefinition[],
  range: { from?: string | undefined; to?: string | undefined } = {},
): MetricsReport {
  return {
    currency: mrr.currency,
    interval: mrr.interval,
    mode: mrr.mode,
    periods: mrr.periods.flatMap((period, k) => {
      const start = formatDay(period.start);
      if ((range.from && formatDay(period.end) < range.from) || (range.to && start > range.to))
        return [];
      return [
        {
          period: period.label,
          start,
          end: formatDay(period.end),
          metrics: Object.fromEntries(
            metrics.map((m) => [
              m.id,
              present(m, m.compute({ facts: mrr.facts, k }), mrr.currency),
            ]),
          ),
        },
      ];
    }),
  };
}

export interface MovementRecord {
  date: string;
  customer_id: string;
  type: string;
  amount: number;
  mrr_before: number;
  mrr_after: number;
}

export function movementRecords(mrr: MrrFacts, movements: readonly Movement[]): MovementRecord[] {
  return movements.map((m) => ({
    date: formatDay(m.day),
    customer_id: mrr.customerIds[m.customer]!,
    type: m.type,
    amount: toMajor(m.amount, mrr.currency),
    mrr_before: toMajor(m.before, mrr.currency),
    mrr_after: toMajor(m.after, mrr.currency),
  }));
}

export interface CohortRecord {
  cohort: string;
  customers: number;
  starting_mrr: number;
  months: {
    month: number;
    customers: number;
    logo_retention: number | null;
    mrr: number;
    revenue_retention: number | null;
  }[];
}

/** Cohorts by month of first payment; retention k months later measured at that month's end. */
export function cohortRecords(cohorts: Cohorts, currency: string): CohortRecord[] {
  return cohorts.months.flatMap((month, m) => {
    const size = cohorts.size[m]!;
    if (size === 0) return [];
    const startMrr = cohorts.startMrr[m]!;
    return [
      {
        cohort: month.label,
        customers: size,
        starting_mrr: toMajor(startMrr, currency),
        months: cohorts.customers[m]!.map((customers, k) => ({
          month: k,
          customers,
          logo_retention: customers / size,
          mrr: toMajor(cohorts.mrr[m]![k]!, currency),
          revenue_retention: startMrr === 0 ? null : cohorts.mrr[m]![k]! / startMrr,
        })),
      },
    ];
  });
}
