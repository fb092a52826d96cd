import { addMonths, formatDay, lastCompleteMonthEnd, type Day } from '../model/day.ts';
import { toMajor } from '../model/money.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { Store } from '../store/store.ts';
import { metricById } from './registry.ts';
import { queryMetrics } from './query.ts';

/** Metric values of the last complete month before `today`, for benchmark placement. */
export interface LastCompleteMonth {
  /** `YYYY-MM`, or null when the workspace has no data. */
  readonly period: string | null;
  /** Last day of that month. */
  readonly lastDay: Day;
  readonly settings: WorkspaceSettings;
  /** The metric's value as the registry computes it (money in minor units), or null. */
  value(metricId: string): number | null;
  /** As `value`, with money in major units (benchmarks quote major units). */
  presented(metricId: string): number | null;
}

/**
 * Computes the given metrics for the last complete month in the workspace's time zone.
 * Benchmarks compare whole months, so the month in progress never counts.
 */
export async function lastCompleteMonth(
  store: Store,
  workspaceId: string,
  metricIds: readonly string[],
  today: Day,
): Promise<LastCompleteMonth> {
  const lastDay = lastCompleteMonthEnd(today);
  const { facts, settings, report } = await queryMetrics(store, {
    workspaceId,
    metrics: metricIds,
    interval: 'month',
    from: formatDay(addMonths(lastDay + 1, -1)),
    to: formatDay(lastDay),
  });
  const k = facts.mrr.periods.length - 1;
  const value = (id: string): number | null =>
    k < 0 || report.missing[id] !== undefined
      ? null
      : metricById(id)!.compute({ facts: facts.mrr.facts, k, business: facts.business, settings });
  return {
    period: k >= 0 ? facts.mrr.periods[k]!.label : null,
    lastDay,
    settings,
    value,
    presented(id) {
      const v = value(id);
      return v !== null && metricById(id)!.unit === 'money'
        ? toMajor(Math.round(v), settings.currency)
        : v;
    },
  };
}
