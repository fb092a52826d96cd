import type { Interval, Period } from '../model/period.ts';

/** Average days in a month (365/12): how day-based quantities become "per month". */
const DAYS_PER_MONTH = 365 / 12;

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
