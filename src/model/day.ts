/**
 * Calendar dates as whole numbers: days since 1970-01-01 in the proleptic Gregorian
 * calendar. A `Day` is a local date in the workspace's reporting time zone; it has no
 * time and no zone of its own, which makes day arithmetic exact and fast (the engine
 * walks millions of them).
 *
 * This is also where every date a person types is read (CLI options, API fields, the
 * month arguments of forecasts): `YYYY-MM-DD` and `YYYY-MM`, impossible dates (2027-02-30,
 * 2026-13) refused everywhere alike. The importer's cell parser (ingest/time.ts) reads
 * the same calendar without allocating.
 */
export type Day = number;

/** A UTC day has no leap seconds: days and epoch milliseconds convert exactly. */
export const MS_PER_DAY = 86_400_000;

/** Days since the epoch for a civil date (Howard Hinnant's days_from_civil). */
export function dayFromParts(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day (civil_from_days). */
export function partsFromDay(day: Day): { year: number; month: number; day: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day: dayOfMonth };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; returns null when it is not a real calendar date. */
export function parseIsoDay(text: string): Day | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month))
    return null;
  return dayFromParts(year, month, dayOfMonth);
}

/**
 * Why `text` is not a `YYYY-MM-DD` date, for messages: `"2027-02-30" is not a date
 * (2027-02 has 28 days)`; null when it is one.
 */
export function dayProblem(text: string): string | null {
  const m = ISO_DATE.exec(text);
  if (!m) return `"${text}" is not a date (YYYY-MM-DD)`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return `"${text}" is not a date (there is no month ${m[2]})`;
  const days = daysInMonth(year, month);
  const dayOfMonth = Number(m[3]);
  if (dayOfMonth < 1 || dayOfMonth > days)
    return `"${text}" is not a date (${m[1]}-${m[2]} has ${days} days)`;
  return null;
}

/** A month as one number: year × 12 + (month − 1). Consecutive months differ by one. */
export type MonthIndex = number;

const ISO_MONTH = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** `YYYY-MM`, or a date `YYYY-MM-DD` (which names its month), as a month index; null if neither. */
export function parseMonthIndex(text: string): MonthIndex | null {
  const m = ISO_MONTH.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] !== undefined && parseIsoDay(text) === null) return null;
  return year * 12 + month - 1;
}

export function monthIndexOfDay(day: Day): MonthIndex {
  const p = partsFromDay(day);
  return p.year * 12 + p.month - 1;
}

/** `YYYY-MM` of a month index. */
export function monthLabel(index: MonthIndex): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function firstDayOfMonth(index: MonthIndex): Day {
  const year = Math.floor(index / 12);
  return dayFromParts(year, index - year * 12 + 1, 1);
}

export function lastDayOfMonth(index: MonthIndex): Day {
  return firstDayOfMonth(index + 1) - 1;
}

/**
 * A range bound as typed: `YYYY-MM` is its first (`start`) or last (`end`) day, a date
 * `YYYY-MM-DD` itself; null when it is neither or no such month or day exists.
 */
export function parseDayOrMonth(text: string, bound: 'start' | 'end'): Day | null {
  if (text.length === 7) {
    const month = parseMonthIndex(text);
    if (month === null) return null;
    return bound === 'start' ? firstDayOfMonth(month) : lastDayOfMonth(month);
  }
  return parseIsoDay(text);
}

/**
 * The last day of the last complete month before `today`: the end of history for
 * forecasts, benchmarks and retention fits, where a month in progress would read as a drop.
 */
export function lastCompleteMonthEnd(today: Day): Day {
  return firstDayOfMonth(monthIndexOfDay(today)) - 1;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Formats a day as `YYYY-MM-DD`. */
export function formatDay(day: Day): string {
  const p = partsFromDay(day);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** The same day of the month `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: Day, months: number): Day {
  const p = partsFromDay(day);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return dayFromParts(year, month, Math.min(p.day, daysInMonth(year, month)));
}

/** Day of the week, 1 = Monday … 7 = Sunday (ISO 8601). 1970-01-01 was a Thursday. */
export function isoWeekday(day: Day): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
