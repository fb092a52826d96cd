import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayProblem,
  formatDay,
  lastCompleteMonthEnd,
  monthLabel,
  parseDayOrMonth,
  parseIsoDay,
  parseMonthIndex,
  MS_PER_DAY,
} from './day.ts';

const day = (text: string) => parseIsoDay(text)!;

describe('dates as typed', () => {
  it('refuses impossible dates, saying why', () => {
    expect(parseIsoDay('2027-02-30')).toBeNull();
    expect(dayProblem('2027-02-30')).toBe('"2027-02-30" is not a date (2027-02 has 28 days)');
    expect(dayProblem('2028-02-29')).toBeNull();
    expect(dayProblem('2026-13-01')).toBe('"2026-13-01" is not a date (there is no month 13)');
    expect(dayProblem('2026-1-5')).toBe('"2026-1-5" is not a date (YYYY-MM-DD)');
    expect(dayProblem('2026-04-31')).toBe('"2026-04-31" is not a date (2026-04 has 30 days)');
  });

  it('reads months and range bounds', () => {
    expect(parseMonthIndex('2026-02')).toBe(2026 * 12 + 1);
    expect(parseMonthIndex('2026-02-28')).toBe(2026 * 12 + 1);
    expect(parseMonthIndex('2026-02-30')).toBeNull();
    expect(parseMonthIndex('2026-00')).toBeNull();
    expect(monthLabel(2026 * 12 + 11)).toBe('2026-12');
    expect(parseDayOrMonth('2024-02', 'start')).toBe(day('2024-02-01'));
    expect(parseDayOrMonth('2024-02', 'end')).toBe(day('2024-02-29'));
    expect(parseDayOrMonth('2024-02-10', 'end')).toBe(day('2024-02-10'));
    expect(parseDayOrMonth('2024-13', 'end')).toBeNull();
    expect(parseDayOrMonth('2024-02-30', 'start')).toBeNull();
  });

  it('the last complete month ends the day before the current month starts', () => {
    expect(formatDay(lastCompleteMonthEnd(day('2026-03-01')))).toBe('2026-02-28');
    expect(formatDay(lastCompleteMonthEnd(day('2026-01-31')))).toBe('2025-12-31');
  });

  it('every day formats and parses back, and agrees with Date on its instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (d) => {
        const text = formatDay(d);
        expect(parseIsoDay(text)).toBe(d);
        expect(dayProblem(text)).toBeNull();
        expect(new Date(d * MS_PER_DAY).toISOString().slice(0, 10)).toBe(text);
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});
