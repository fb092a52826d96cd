import { formatDay } from '../model/day.ts';
import { toMajor } from '../model/money.ts';
import type { BusinessFacts } from '../engine/business.ts';
import type { Cohorts, Movement, MrrFacts } from '../engine/mrr.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { compare, yearAgoIndex, type Comparison } from './compare.ts';
import { METRICS, metricById, type MetricDefinition } from './registry.ts';
import { NOT_COMPARED_TO_DATE } from './definition.ts';
import type { Day } from '../model/day.ts';
import { didYouMean } from '../model/suggest.ts';

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
    /**
     * Present (true) when the period is still running: its values cover only the days up to
     * `through`, so it is month-to-date (quarter-to-date…), compared only with the same days
     * of the previous period (`comparison_period`), never with whole periods.
     */
    partial?: true;
    /** Last day counted in a partial period. */
    through?: string;
    /** A partial period with comparisons: the days of the previous period it is set beside. */
    comparison_period?: SameDays;
    /** Present when asked for: each metric beside the previous period and a year earlier. */
    comparisons?: Record<string, Comparison>;
  }[];
  /**
   * Present when the caller knows the workspace's imports: the metrics that cannot be
   * computed (null in every period) and why, e.g. `{ "cac": "needs costs.csv (sales, marketing)" }`.
   */
  missing?: Record<string, string>;
}

/** The first days of a period, set beside the same days of the next one while it runs. */
export interface SameDays {
  period: string;
  from: string;
  through: string;
}

/** What a report may add to the MRR facts; every field is optional. */
export interface ReportOptions {
  /** Facts of the other kinds: without them the revenue, finance, funnel… metrics are null. */
  readonly business?: BusinessFacts;
  /** Definition switches and other settings the metrics follow (Northstar defaults otherwise). */
  readonly settings?: Partial<WorkspaceSettings>;
  /** Add the previous-period and year-ago comparisons to each period. */
  readonly comparisons?: boolean;
  /**
   * Metrics whose inputs are absent, with the reason (see `missingReasons`): reported as
   * `missing`, and their values are null whatever the facts say.
   */
  readonly missing?: Readonly<Record<string, string>>;
  /**
   * Today in the workspace's time zone (YYYY-MM-DD): a period that ends after it, or after
   * `range.to`, is partial. A partial period is never compared with whole periods (a few
   * days against a whole period would read as a collapse): only with `sameDays`, else with
   * nothing.
   */
  readonly today?: string;
  /**
   * The same history cut on the previous period's equivalent day (see `equivalentDay`): a
   * partial period's previous values are read there by the same formulas, flows summed over
   * the same days and stocks on their last day. A year-ago value stays null.
   */
  readonly sameDays?: {
    readonly mrr: MrrFacts;
    readonly business?: BusinessFacts;
    readonly through: Day;
  };
}

/** How a running period is labelled on every surface: "month-to-date", "quarter-to-date"… */
export function toDateLabel(interval: string): string {
  return `${interval}-to-date`;
}

const METRIC_IDS = METRICS.map((m) => m.id);

/** Resolves metric ids (all when empty); an unknown id is an error naming the known ones. */
export function selectMetrics(ids: readonly string[]): MetricDefinition[] {
  if (ids.length === 0) return [...METRICS];
  return ids.map((id) => {
    const metric = metricById(id);
    if (!metric)
      throw new Error(
        `unknown metric "${id}"${didYouMean(id, METRIC_IDS)}; known metrics: ${METRICS.map((m) => m.id).join(', ')}`,
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
  options: ReportOptions = {},
): MetricsReport {
  const { business, settings } = options;
  // Every period is computed once (comparisons look back beyond the range shown).
  const missing = options.missing;
  const values = metrics.map((m) =>
    mrr.periods.map((_, k) =>
      missing?.[m.id] !== undefined ? null : m.compute({ facts: mrr.facts, k, business, settings }),
    ),
  );
  const yearAgo = options.comparisons ? yearAgoIndex(mrr.periods, mrr.interval) : null;
  const through = [range.to, options.today].filter((d) => d !== undefined).sort()[0];
  const sameDays = sameDaysOf(mrr, options.sameDays);
  const comparisonsAt = (k: number, partial: boolean) =>
    Object.fromEntries(
      metrics.map((m, i) => {
        const value = values[i]![k]!;
        const at = (j: number) => (j >= 0 ? values[i]![j]! : null);
        const c = !partial
          ? compare(m.direction, value, at(k - 1), at(yearAgo![k]!))
          : m.notComparedToDate
            ? { ...compare(m.direction, value, null, null), not_compared: notCompared(m) }
            : compare(
                m.direction,
                value,
                sameDays?.k === k && missing?.[m.id] === undefined
                  ? m.compute({ ...sameDays.inputs, settings })
                  : null,
                null,
              );
        return [m.id, presentComparison(m, c, mrr.currency)];
      }),
    );
  return {
    currency: mrr.currency,
    interval: mrr.interval,
    mode: mrr.mode,
    periods: mrr.periods.flatMap((period, k) => {
      const start = formatDay(period.start);
      const end = formatDay(period.end);
      if ((range.from && end < range.from) || (range.to && start > range.to)) return [];
      const partial = through !== undefined && end > through;
      return [
        {
          period: period.label,
          start,
          end,
          metrics: Object.fromEntries(
            metrics.map((m, i) => [m.id, present(m, values[i]![k]!, mrr.currency)]),
          ),
          ...(partial ? { partial: true as const, through } : {}),
          ...(partial && yearAgo && sameDays?.k === k ? { comparison_period: sameDays.days } : {}),
          ...(yearAgo ? { comparisons: comparisonsAt(k, partial) } : {}),
        },
      ];
    }),
    ...(missing
      ? {
          missing: Object.fromEntries(
            metrics.flatMap((m) => (missing[m.id] === undefined ? [] : [[m.id, missing[m.id]!]])),
          ),
        }
      : {}),
  };
}

/**
 * Where the running period's previous values are read: the period before it in the history
 * cut on the equivalent day, found by its start (the two histories may start apart).
 */
function sameDaysOf(mrr: MrrFacts, cut: ReportOptions['sameDays']) {
  if (!cut) return null;
  const j = cut.mrr.periods.findIndex((p) => p.start <= cut.through && cut.through <= p.end);
  const previous = cut.mrr.periods[j];
  const k = mrr.periods.findIndex((p) => p.start === (previous?.end ?? NaN) + 1);
  if (!previous || k < 0) return null;
  const days: SameDays = {
    period: previous.label,
    from: formatDay(previous.start),
    through: formatDay(cut.through),
  };
  return { k, days, inputs: { facts: cut.mrr.facts, k: j, business: cut.business } };
}

function notCompared(m: MetricDefinition): Comparison['not_compared'] {
  const code = m.notComparedToDate!;
  return { code, reason: NOT_COMPARED_TO_DATE[code] };
}

/** Money fields of a comparison in major units; relative changes and verdicts as they are. */
function presentComparison(m: MetricDefinition, c: Comparison, currency: string): Comparison {
  const money = (v: number | null) => present(m, v, currency);
  return {
    ...c,
    value: money(c.value),
    previous: money(c.previous),
    year_ago: money(c.year_ago),
    change: money(c.change),
    year_change: money(c.year_change),
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
