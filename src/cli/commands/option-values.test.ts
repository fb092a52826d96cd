import { describe, expect, it } from 'vitest';
import { isoDate, list, parseMinutes, parseNumber } from './option-values.ts';
import { slug } from './slug.ts';

describe('option values', () => {
  it('numbers and percentages', () => {
    expect(parseNumber('5%', '--threshold')).toBeCloseTo(0.05, 12);
    expect(parseNumber(' 1200 ', '--target')).toBe(1200);
    expect(() => parseNumber('lots', '--target')).toThrow('--target "lots" is not a number');
  });

  it('durations in minutes, hours or days', () => {
    expect(parseMinutes('30m', '--every')).toBe(30);
    expect(parseMinutes('6h', '--every')).toBe(360);
    expect(parseMinutes('2d', '--every')).toBe(2880);
    expect(parseMinutes('15', '--every')).toBe(15);
    expect(() => parseMinutes('soon', '--every')).toThrow('is not a duration');
  });

  it('lists and dates', () => {
    expect(list(' mrr, ,arr ')).toEqual(['mrr', 'arr']);
    expect(list(undefined)).toEqual([]);
    expect(isoDate('2027-02-28', '--by')).toBe('2027-02-28');
    expect(() => isoDate('2027-02-30', '--by')).toThrow(/^--by /);
  });

  it('ids from names', () => {
    expect(slug('Reach €1M ARR!')).toBe('reach-1m-arr');
    expect(slug('Été 2027')).toBe('ete-2027');
    expect(slug('€€€')).toMatch(/^id-/);
  });
});
