import type { Day } from '../model/day.ts';
import { dayFromParts, daysInMonth, MS_PER_DAY } from '../model/day.ts';

/**
 * ISO 8601 dates and timestamps, and the offsets of an IANA time zone, without allocating
 * per cell: the hot paths read characters with charCodeAt and write into a scratch object.
 */

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

/** What `scanIso` found; reused between calls (read it before the next call). */
export interface IsoParts {
  year: number;
  month: number;
  day: number;
  hasTime: boolean;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  hasOffset: boolean;
  /** Offset east of UTC in minutes (+01:00 = 60); 0 for Z. */
  offsetMinutes: number;
}

export const ISO_OK = 0;
/** Not of the form YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM]]. */
export const ISO_SYNTAX = 1;
/** The right form but no such day or time (2024-02-30, 25:00). */
export const ISO_IMPOSSIBLE = 2;

/** The parts found by the last `scanIso` call. */
export const isoParts: IsoParts = {
  year: 0,
  month: 0,
  day: 0,
  hasTime: false,
  hour: 0,
  minute: 0,
  second: 0,
  millisecond: 0,
  hasOffset: false,
  offsetMinutes: 0,
};

/** Value of two ASCII digits at i, or -1. */
function digits2(s: string, i: number): number {
  const c0 = s.charCodeAt(i) - 48;
  const c1 = s.charCodeAt(i + 1) - 48;
  if (!(c0 >= 0 && c0 <= 9 && c1 >= 0 && c1 <= 9)) return -1; // NaN past the end fails too
  return c0 * 10 + c1;
}

/** First day and length of every month of 1900-2199: most dates are a table lookup. */
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
const monthStart = new Int32Array(TABLE_YEARS * 12);
const monthLength = new Uint8Array(TABLE_YEARS * 12);
for (let i = 0; i < TABLE_YEARS * 12; i++) {
  const year = TABLE_FIRST_YEAR + Math.floor(i / 12);
  monthStart[i] = dayFromParts(year, (i % 12) + 1, 1);
  monthLength[i] = daysInMonth(year, (i % 12) + 1);
}

/** The Day of a civil date, or NaN when there is no such date. */
export function civilDay(year: number, month: number, day: number): Day {
  if (month < 1 || month > 12 || day < 1) return NaN;
  const i = (year - TABLE_FIRST_YEAR) * 12 + month - 1;
  if (i >= 0 && i < TABLE_YEARS * 12) {
    return day > (monthLength[i] as number) ? NaN : (monthStart[i] as number) + day - 1;
  }
  return day > daysInMonth(year, month) ? NaN : dayFromParts(year, month, day);
}

/**
 * A plain `YYYY-MM-DD` between a and b (exclusive) as a Day; `null` when the text is not of
 * that exact form, `NaN` when it is but the date does not exist.
 */
export function scanPlainDay(s: string, a: number, b: number): Day | null {
  if (b - a !== 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return null;
  const hi = digits2(s, a);
  const lo = digits2(s, a + 2);
  const month = digits2(s, a + 5);
  const day = digits2(s, a + 8);
  if (hi < 0 || lo < 0 || month < 0 || day < 0) return null;
  return civilDay(hi * 100 + lo, month, day);
}

/**
 * Scans an ISO 8601 date or date-time between a and b into `isoParts`; returns an ISO_ code.
 * Accepted: `YYYY-MM-DD`, then optionally `T` or one space and `HH:MM`, `:SS`, a fraction
 * of 1-9 digits (`.` or `,`), and an offset `Z`, `±HH`, `±HHMM` or `±HH:MM`.
 */
export function scanIso(s: string, a: number, b: number): number {
  const p = isoParts;
  if (b - a < 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return ISO_SYNTAX;
  const hi = digits2(s, a);
  const lo = digits2(s, a + 2);
  const month = digits2(s, a + 5);
  const day = digits2(s, a + 8);
  if (hi < 0 || lo < 0 || month < 0 || day < 0) return ISO_SYNTAX;
  p.year = hi * 100 + lo;
  p.month = month;
  p.day = day;
  p.hasTime = false;
  p.hour = 0;
  p.minute = 0;
  p.second = 0;
  p.millisecond = 0;
  p.hasOffset = false;
  p.offsetMinutes = 0;
  let i = a + 10;
  if (i < b) {
    const sep = s.charCodeAt(i);
    if (sep !== 84 && sep !== 116 && sep !== 32) return ISO_SYNTAX; // T, t, space
    if (b - i < 6 || s.charCodeAt(i + 3) !== 58) return ISO_SYNTAX;
    const hour = digits2(s, i + 1);
    const minute = digits2(s, i + 4);
    if (hour < 0 || minute < 0) return ISO_SYNTAX;
    p.hasTime = true;
    p.hour = hour;
    p.minute = minute;
    i += 6;
    if (i < b && s.charCodeAt(i) === 58) {
      const second = digits2(s, i + 1);
      if (second < 0 || i + 3 > b) return ISO_SYNTAX;
      p.second = second;
      i += 3;
      const dot = i < b ? s.charCodeAt(i) : 0;
      if (dot === 46 || dot === 44) {
        i++;
        let n = 0;
        let ms = 0;
        while (i < b) {
          const d = s.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          if (n < 3) ms = ms * 10 + d;
          n++;
          i++;
        }
        if (n === 0 || n > 9) return ISO_SYNTAX;
        for (let k = n; k < 3; k++) ms *= 10;
        p.millisecond = ms;
      }
    }
    if (i < b) {
      const c = s.charCodeAt(i);
      if ((c === 90 || c === 122) && i + 1 === b) {
        p.hasOffset = true; // Z
      } else if (c === 43 || c === 45) {
        const oh = digits2(s, i + 1);
        if (oh < 0 || i + 3 > b) return ISO_SYNTAX;
        let om = 0;
        if (i + 3 < b) {
          const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
          om = digits2(s, i + 3 + colon);
          if (om < 0 || i + 5 + colon !== b) return ISO_SYNTAX;
        }
        if (oh > 23 || om > 59) {
          return ISO_IMPOSSIBLE;
        }
        p.hasOffset = true;
        p.offsetMinutes = (c === 45 ? -1 : 1) * (oh * 60 + om);
      } else {
        return ISO_SYNTAX;
      }
    }
  }
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(p.year, month) ||
    p.hour > 23 ||
    p.minute > 59 ||
    p.second > 59
  ) {
    return ISO_IMPOSSIBLE;
  }
  return ISO_OK;
}

/** The wall-clock time of the parts as milliseconds, as if the wall clock were UTC. */
export function wallMs(p: IsoParts): number {
  return (
    dayFromParts(p.year, p.month, p.day) * MS_PER_DAY +
    p.hour * MS_PER_HOUR +
    p.minute * MS_PER_MINUTE +
    p.second * 1000 +
    p.millisecond
  );
}

/**
 * Offsets of one IANA zone. Intl is slow (microseconds a call), so offsets are cached per
 * UTC hour; an hour that contains a transition (rare, and possibly on a half hour) is not
 * cached and is computed exactly each time.
 */
export class ZoneClock {
  readonly timeZone: string;
  private readonly isUtc: boolean;
  private readonly format: Intl.DateTimeFormat;
  private readonly hours = new Map<number, number>();

  constructor(timeZone: string) {
    // Throws a RangeError for an unknown zone: a configuration error, not a data error.
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.timeZone = this.format.resolvedOptions().timeZone;
    this.isUtc = this.timeZone === 'UTC' || this.timeZone === 'Etc/UTC' || this.timeZone === 'GMT';
  }

  /** Milliseconds to add to a UTC instant to get the zone's wall-clock time. */
  offsetAt(ms: number): number {
    if (this.isUtc) return 0;
    const hour = Math.floor(ms / MS_PER_HOUR);
    const cached = this.hours.get(hour);
    if (cached !== undefined) return Number.isNaN(cached) ? this.exactOffset(ms) : cached;
    const start = hour * MS_PER_HOUR;
    const first = this.exactOffset(start);
    const last = this.exactOffset(start + MS_PER_HOUR - 1000);
    this.hours.set(hour, first === last ? first : NaN);
    return first === last ? first : this.exactOffset(ms);
  }

  private exactOffset(ms: number): number {
    // Intl cannot render years before 1 AD sensibly; such dates use the offset of year 1000.
    const at = Math.max(ms, -30_610_224_000_000);
    const whole = at - (((at % 1000) + 1000) % 1000);
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.format.formatToParts(whole)) {
      const v = Number(part.value);
      switch (part.type) {
        case 'year':
          year = v;
          break;
        case 'month':
          month = v;
          break;
        case 'day':
          day = v;
          break;
        case 'hour':
          hour = v;
          break;
        case 'minute':
          minute = v;
          break;
        case 'second':
          second = v;
          break;
        default:
          break;
      }
    }
    const wall =
      dayFromParts(year, month, day) * MS_PER_DAY +
      hour * MS_PER_HOUR +
      minute * MS_PER_MINUTE +
      second * 1000;
    return wall - whole;
  }

  /** The local calendar day of a UTC instant. */
  dayOf(ms: number): Day {
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  /**
   * The instant of a local wall-clock time. Like Temporal's "compatible" disambiguation: a
   * time repeated when clocks go back is the first (earlier) one; a time skipped when clocks
   * go forward is moved forward by the gap (02:30 on a spring-forward night becomes 03:30).
   */
  instantOf(wall: number): number {
    if (this.isUtc) return wall;
    const before = this.offsetAt(wall - MS_PER_DAY);
    const after = this.offsetAt(wall + MS_PER_DAY);
    if (before === after) {
      const t = wall - before;
      // A second transition inside the two days is possible in a few zones: verify.
      if (this.offsetAt(t) === before) return t;
      return wall - this.offsetAt(t);
    }
    const t1 = wall - before;
    const t2 = wall - after;
    const ok1 = this.offsetAt(t1) === before;
    const ok2 = this.offsetAt(t2) === after;
    if (ok1 && ok2) return Math.min(t1, t2);
    if (ok2) return t2;
    return t1; // valid with the earlier offset, or inside a gap: shifted forward
  }
}

const clocks = new Map<string, ZoneClock>();

/** One shared clock per zone name, so the offset cache is reused between files. */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
