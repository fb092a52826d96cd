import { describe, expect, it } from 'vitest';
import { NAIVE, SEASONAL_NAIVE, seasonalNaive } from './seasonal-naive.ts';
import { Z80, Z95 } from './model.ts';

describe('seasonal naive', () => {
  // Quarterly pattern over two years, the second year 10 higher.
  const y = [10, 20, 30, 40, 20, 30, 40, 50];

  it('repeats the last cycle, hand-checked', () => {
    const f = seasonalNaive(y, 6, 4);
    expect(f.mean).toEqual([20, 30, 40, 50, 20, 30]);
  });

  it('intervals: σ̂ = RMS of seasonal differences, widening with √(k+1)', () => {
    const f = seasonalNaive(y, 5, 4);
    // Every seasonal difference is 10, so σ̂ = 10.
    expect(f.hi80[0]! - f.mean[0]!).toBeCloseTo(Z80 * 10, 12);
    expect(f.mean[0]! - f.lo95[0]!).toBeCloseTo(Z95 * 10, 12);
    expect(f.hi80[4]! - f.mean[4]!).toBeCloseTo(Z80 * 10 * Math.SQRT2, 12);
  });

  it('with m = 1 is the naive forecast', () => {
    const f = NAIVE.forecast([3, 5, 4], 3, { seasonLength: 12 });
    expect(f.mean).toEqual([4, 4, 4]);
    // Differences 2 and −1: σ̂ = √2.5; h-step se = σ̂√h.
    expect(f.hi95[2]! - 4).toBeCloseTo(Z95 * Math.sqrt(2.5) * Math.sqrt(3), 12);
  });

  it('needs more than one cycle', () => {
    expect(() => SEASONAL_NAIVE.forecast([1, 2, 3], 2, { seasonLength: 4 })).toThrow(/more than 4/);
    expect(SEASONAL_NAIVE.minLength(12)).toBe(13);
  });
});
