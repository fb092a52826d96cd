import type { Day } from '../model/day.ts';
import type { Interval, Period } from '../model/period.ts';

/** Average days in a month (365/12): how day-based quantities become "per month". */
export const DAYS_PER_MONTH = 365 / 12;
export const MS_PER_HOUR = 3_600_000;

/** Finds the period that holds a day, by binary search over sorted, contiguous periods. */
export class PeriodIndex {
  constructor(readonly periods: readonly Period[]) {}

  /** Index of the period containing `day`, or -1 outside them. */
  of(day: Day): number {
    const p = this.periods;
    let lo = 0;
    let hi = p.length - 1;
    if (hi < 0 || day < p[0]!.start || day > p[hi]!.end) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p[mid]!.end < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get length(): number {
    return this.periods.length;
  }
}

/** Index of the first of the ascending values that is at least `value` (binary search). */
export function firstAtLeast(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Months one period of the interval stands for: calendar months count as exactly 1. */
export function monthsPerPeriod(interval: Interval, period: Period): number {
  switch (interval) {
    case 'month':
      return 1;
    case 'quarter':
      return 3;
    case 'year':
      return 12;
    default:
      return (period.end - period.start + 1) / DAYS_PER_MONTH;
  }
}

/** Median of the values, or null when there are none. Sorts a copy. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** One list per period: where per-period samples (durations, scores) are gathered. */
export function bucketsFor<T>(count: number): T[][] {
  return Array.from({ length: count }, () => [] as T[]);
}
