import { describe, expect, it } from 'vitest';
import { fitHolt, holtForecast, holtWith } from './holt.ts';

describe('exponential smoothing with a trend', () => {
  it('runs the error-correction recursions, hand-checked', () => {
    // α = 0.5, β = 0.25, φ = 1 from ℓ₀ = 10, b₀ = 1 on y = 12, 12:
    // e₁ = 12 − 11 = 1 → ℓ = 11.5, b = 1.25; e₂ = 12 − 12.75 = −0.75 → ℓ = 12.375, b = 1.0625.
    const fit = holtWith([12, 12], 0.5, 0.25, 1, 10, 1);
    expect(fit.level).toBeCloseTo(12.375, 12);
    expect(fit.trend).toBeCloseTo(1.0625, 12);
    expect(fit.sse).toBeCloseTo(1 + 0.5625, 12);
    expect(holtForecast(fit, 2)).toEqual([12.375 + 1.0625, 12.375 + 2 * 1.0625]);
  });

  it('damps the trend: the h-step forecast adds (φ + … + φʰ)·b', () => {
    const fit = { alpha: 0.5, beta: 0.1, phi: 0.5, level: 100, trend: 8, sse: 0 };
    expect(holtForecast(fit, 3)).toEqual([104, 106, 107]);
  });

  it("continues a straight line exactly (Holt's linear trend)", () => {
    const y = Array.from({ length: 20 }, (_, t) => 3 + 2 * t);
    const f = holtForecast(fitHolt(y, false), 3);
    f.forEach((v, i) => expect(v).toBeCloseTo(3 + 2 * (20 + i), 4));
  });

  it('keeps the damping factor within 0.8 … 0.98 and forecasts a constant flat', () => {
    const fit = fitHolt([5, 5, 5, 5, 5, 5, 5, 5], true);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
    for (const v of holtForecast(fit, 4)) expect(v).toBeCloseTo(5, 6);
  });
});
