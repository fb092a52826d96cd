import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../model/day.ts';
import { periodsBetween } from '../model/period.ts';
import { compare, yearAgoIndex } from './compare.ts';

const d = (s: string) => parseIsoDay(s)!;

describe('comparisons', () => {
  it('finds the same month a year earlier, and -1 in the first year', () => {
    const months = periodsBetween(d('2024-01-01'), d('2025-03-31'), 'month');
    const ago = yearAgoIndex(months, 'month');
    expect(months[ago[14]!]!.label).toBe('2024-03');
    expect(ago[11]).toBe(-1);
  });

  it('compares a week with the week 52 weeks earlier', () => {
    const weeks = periodsBetween(d('2024-01-01'), d('2025-01-31'), 'week');
    const ago = yearAgoIndex(weeks, 'week');
    const k = weeks.findIndex((w) => w.label === '2025-W02');
    expect(weeks[ago[k]!]!.label).toBe('2024-W02');
  });

  it('gives absolute and relative change and judges them by direction', () => {
    const up = compare('up', 120, 100, 80);
    expect(up).toMatchObject({
      change: 20,
      change_pct: 0.2,
      good: true,
      year_change: 40,
      year_good: true,
    });
    expect(up.year_change_pct).toBeCloseTo(0.5, 12);
    expect(compare('down', 120, 100, null)).toMatchObject({
      good: false,
      year_change: null,
      year_good: null,
    });
    expect(compare('neutral', 5, 1, 1).good).toBeNull();
    expect(compare('up', 5, 0, null)).toMatchObject({ change: 5, change_pct: null, good: true });
    expect(compare('up', null, 3, 3)).toMatchObject({ change: null, good: null });
    expect(compare('up', -10, -20, null).change_pct).toBe(0.5);
  });
});
