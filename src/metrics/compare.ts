import { addMonths, type Day } from '../model/day.ts';
import type { Interval, Period } from '../model/period.ts';
import type { MetricDirection, NotComparedToDate } from './definition.ts';

/** A value beside the previous period and the same period a year earlier. */
export interface Comparison {
  value: number | null;
  previous: number | null;
  year_ago: number | null;
  /** value − previous. */
  change: number | null;
  /** change ÷ |previous|; null when previous is 0 or unknown. */
  change_pct: number | null;
  /** Whether the change is good news by the metric's direction; null when neutral or unchanged. */
  good: boolean | null;
  year_change: number | null;
  year_change_pct: number | null;
  year_good: boolean | null;
  /**
   * A running period only: why its value is not set beside the same days of the previous
   * period (`previous` is null then).
   */
  not_compared?: { code: NotComparedToDate; reason: string };
}

/**
 * The day of the previous period that matches the last counted day of a running one: as
 * many days after its start (its last day when it is shorter), so 1–6 December is set
 * beside 1–6 November.
 */
export function equivalentDay(
  runningStart: Day,
  through: Day,
  previous: Pick<Period, 'start' | 'end'>,
): Day {
  return Math.min(previous.start + (through - runningStart), previous.end);
}

/**
 * Index of the period a year before each period, or -1. Months, quarters and years step
 * back twelve calendar months; days and weeks step back 52 weeks, so a weekday is compared
 * with the same weekday.
 */
export function yearAgoIndex(periods: readonly Period[], interval: Interval): Int32Array {
  const byStart = new Map(periods.map((p, k) => [p.start, k]));
  return Int32Array.from(periods, (p) => {
    const start =
      interval === 'day' || interval === 'week' ? p.start - 364 : addMonths(p.start, -12);
    return byStart.get(start) ?? -1;
  });
}

export function goodNews(direction: MetricDirection, change: number | null): boolean | null {
  if (change === null || change === 0 || direction === 'neutral') return null;
  return direction === 'up' ? change > 0 : change < 0;
}

function delta(value: number | null, base: number | null) {
  if (value === null || base === null) return { change: null, pct: null };
  const change = value - base;
  return { change, pct: base === 0 ? null : change / Math.abs(base) };
}

/** Comparison of raw values (the caller presents money in major units afterwards). */
export function compare(
  direction: MetricDirection,
  value: number | null,
  previous: number | null,
  yearAgo: number | null,
): Comparison {
  const p = delta(value, previous);
  const y = delta(value, yearAgo);
  return {
    value,
    previous,
    year_ago: yearAgo,
    change: p.change,
    change_pct: p.pct,
    good: goodNews(direction, p.change),
    year_change: y.change,
    year_change_pct: y.pct,
    year_good: goodNews(direction, y.change),
  };
}
