import { describe, expect, it } from 'vitest';
import {
  autocorrelations,
  isSeasonal,
  multiplicativeSeasonalIndices,
  ses,
  sesWithAlpha,
  theta,
} from './theta.ts';

describe('simple exponential smoothing', () => {
  it('chooses the initial level by least squares, hand-checked for α = 0.5', () => {
    // ŷ = ℓ₀, 5 + ℓ₀/2, 8.5 + ℓ₀/4 → ℓ₀ = (10 + 0.5·7 + 0.25·2.5) / (1 + 0.25 + 0.0625).
    const fit = sesWithAlpha([10, 12, 11], 0.5);
    const l0 = 14.125 / 1.3125;
    expect(fit.initialLevel).toBeCloseTo(l0, 12);
    const l1 = 0.5 * 10 + 0.5 * l0;
    const l2 = 0.5 * 12 + 0.5 * l1;
    expect(fit.level).toBeCloseTo(0.5 * 11 + 0.5 * l2, 12);
    expect(fit.sse).toBeCloseTo((10 - l0) ** 2 + (12 - l1) ** 2 + (11 - l2) ** 2, 12);
  });

  it('optimizes α: a constant series with one step follows it (α → 1)', () => {
    const fit = ses([5, 5, 5, 5, 9, 9, 9, 9]);
    expect(fit.alpha).toBeGreaterThan(0.99);
    expect(fit.level).toBeCloseTo(9, 3);
  });
});

describe('Theta', () => {
  it('forecasts a constant series flat', () => {
    const f = theta([7, 7, 7, 7, 7, 7], 3, 1);
    for (const v of f.mean) expect(v).toBeCloseTo(7, 9);
  });

  it('extrapolates half the slope of a straight line (Hyndman & Billah 2003)', () => {
    // y = 5 + 2t: SES follows the last value (α → 1), the drift is b/2 = 1 per step.
    const y = Array.from({ length: 10 }, (_, t) => 5 + 2 * t);
    const f = theta(y, 3, 1);
    expect(f.mean[0]).toBeCloseTo(24, 2);
    expect(f.mean[1]).toBeCloseTo(25, 2);
    expect(f.mean[2]).toBeCloseTo(26, 2);
  });

  it('finds and restores multiplicative seasonality', () => {
    const pattern = [0.8, 1.2, 1.0, 1.0];
    const y = Array.from({ length: 16 }, (_, t) => 100 * pattern[t % 4]!);
    expect(isSeasonal(y, 4)).toBe(true);
    const indices = multiplicativeSeasonalIndices(y, 4);
    indices.forEach((s, i) => expect(s).toBeCloseTo(pattern[i]!, 12));
    const f = theta(y, 4, 4);
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(100 * pattern[i]!, 6));
  });

  it('autocorrelation of a period-2 alternation is −1-ish at lag 1 and +1-ish at lag 2', () => {
    const r = autocorrelations([1, -1, 1, -1, 1, -1, 1, -1], 2);
    expect(r[1]).toBeCloseTo(-7 / 8, 12);
    expect(r[2]).toBeCloseTo(6 / 8, 12);
  });

  it('intervals nest and widen with the horizon', () => {
    const y = [12, 15, 14, 18, 17, 21, 19, 24, 23, 26];
    const f = theta(y, 4, 1);
    for (let i = 0; i < 4; i++) {
      expect(f.lo95[i]!).toBeLessThan(f.lo80[i]!);
      expect(f.lo80[i]!).toBeLessThan(f.mean[i]!);
      expect(f.hi95[i]!).toBeGreaterThan(f.hi80[i]!);
    }
    expect(f.hi80[3]! - f.lo80[3]!).toBeGreaterThanOrEqual(f.hi80[0]! - f.lo80[0]!);
  });
});
