import { describe, expect, it } from 'vitest';
import { coverage, mae, mase, maseScale, smape, smapeTerm } from './accuracy.ts';

describe('accuracy measures', () => {
  it('MASE scale: in-sample MAE of the (seasonal) naive forecast', () => {
    // Naive differences 2, 1, 3 → 2.
    expect(maseScale([1, 3, 4, 7], 1)).toBe(2);
    // Lag-2 differences: |4−1| = 3, |7−3| = 4 → 3.5.
    expect(maseScale([1, 3, 4, 7], 2)).toBe(3.5);
    // Too short for the season: falls back to lag 1.
    expect(maseScale([1, 3, 4, 7], 12)).toBe(2);
    expect(maseScale([5, 5, 5], 1)).toBeNull();
  });

  it('MASE = MAE / scale', () => {
    // Errors 1 and 3 → MAE 2; scale 2 → 1.
    expect(mae([10, 20], [11, 17])).toBe(2);
    expect(mase([10, 20], [11, 17], 2)).toBe(1);
    expect(mase([10, 20], [11, 17], null)).toBeNull();
  });

  it('sMAPE (M4): mean of 2|a−f|/(|a|+|f|)', () => {
    expect(smapeTerm(100, 110)).toBeCloseTo(20 / 210, 15);
    expect(smapeTerm(0, 0)).toBe(0);
    expect(smapeTerm(0, 5)).toBe(2);
    expect(smape([100, 50], [110, 50])).toBeCloseTo(10 / 210, 15);
  });

  it('coverage counts actuals inside the bounds, bounds included', () => {
    expect(coverage([1, 2, 3, 4], [0, 2, 4, 0], [1, 3, 5, 3])).toBe(0.5);
  });
});
