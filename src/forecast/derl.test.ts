import { describe, expect, it } from 'vitest';
import { derl, derlBySum, hypergeometric2F1 } from './derl.ts';

describe('DERL (Fader & Hardie 2010)', () => {
  it('₂F₁ matches closed forms: ₂F₁(1, 1; 2; z) = −ln(1−z)/z and ₂F₁(1, b; b; z) = 1/(1−z)', () => {
    expect(hypergeometric2F1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 13);
    expect(hypergeometric2F1(1, 3.2, 3.2, 0.9)).toBeCloseTo(10, 11);
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
  });

  it('the closed form equals the discounted sum of conditional survival', () => {
    for (const p of [
      { alpha: 0.704, beta: 1.182 },
      { alpha: 0.668, beta: 3.806 },
    ])
      for (const d of [0.1, 0.008])
        for (const renewals of [0, 1, 4, 10])
          expect(derl(p, d, renewals)).toBeCloseTo(derlBySum(p, d, renewals), 9);
  });

  it('tends to the geometric value (1−θ)(1+d)/(d+θ) without heterogeneity', () => {
    const theta = 0.2;
    const scale = 1e7;
    const p = { alpha: theta * scale, beta: (1 - theta) * scale };
    expect(derl(p, 0.1, 0)).toBeCloseTo(((1 - theta) * 1.1) / (0.1 + theta), 5);
    expect(derl(p, 0.1, 7)).toBeCloseTo(((1 - theta) * 1.1) / (0.1 + theta), 4);
  });

  it('grows with tenure under heterogeneity (the survivors are the loyal ones)', () => {
    const p = { alpha: 0.704, beta: 1.182 };
    const values = [0, 1, 2, 3].map((n) => derl(p, 0.1, n));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    // A new "regular" customer at 10% a year: about 2.96 discounted renewals.
    expect(values[0]).toBeCloseTo(2.9647, 4);
  });
});
