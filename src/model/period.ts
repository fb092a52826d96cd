import { addMonths, dayFromParts, formatDay, isoWeekday, partsFromDay, type Day } from './day.ts';

/** Reporting intervals: calendar periods in the workspace's time zone. */
export const INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

/** A reporting period: `start` and `end` are inclusive local days. */
export interface Period {
  /** Label such as `2024-01`, `2024-Q1`, `2024-W05`, `2024`, `2024-01-31`. */
  readonly label: string;
  readonly start: Day;
  readonly end: Day;
}

/** The first day of the period that contains `day`. Weeks start on Monday (ISO 8601). */
export function periodStart(day: Day, interval: Interval): Day {
  if (interval === 'day') return day;
  if (interval === 'week') return day - (isoWeekday(day) - 1);
  const p = partsFromDay(day);
  if (interval === 'month') return dayFromParts(p.year, p.month, 1);
  if (interval === 'quarter') return dayFromParts(p.year, p.month - ((p.month - 1) % 3), 1);
  return dayFromParts(p.year, 1, 1);
}

/** The first day of the next period. */
export function nextPeriodStart(start: Day, interval: Interval): Day {
  switch (interval) {
    case 'day':
      return start + 1;
    case 'week':
      return start + 7;
    case 'month':
      return addMonths(start, 1);
    case 'quarter':
      return addMonths(start, 3);
    case 'year':
      return addMonths(start, 12);
  }
}

export function periodLabel(start: Day, interval: Interval): string {
  const p = partsFromDay(start);
  const mm = String(p.month).padStart(2, '0');
  switch (interval) {
    case 'day':
      return formatDay(start);
    case 'week': {
      // ISO week-numbering year is the year of the week's Thursday.
      const thursday = start + 3;
      const year = partsFromDay(thursday).year;
      const week = Math.floor((thursday - dayFromParts(year, 1, 1)) / 7) + 1;
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return `${p.year}-${mm}`;
    case 'quarter':
      return `${p.year}-Q${Math.floor((p.month - 1) / 3) + 1}`;
    case 'year':
      return String(p.year);
  }
}

/** Every period of `interval` that overlaps the days `from`..`to` (inclusive). */
export function periodsBetween(from: Day, to: Day, interval: Interval): Period[] {
  const periods: Period[] = [];
  for (let start = periodStart(from, interval); start <= to;) {
    const next = nextPeriodStart(start, interval);
    periods.push({ label: periodLabel(start, interval), start, end: next - 1 });
    start = next;
  }
  return periods;
}
