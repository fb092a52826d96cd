import { describe, expect, it } from 'vitest';
import {
  churnProbabilities,
  fitSbg,
  isGeometricLimit,
  logLikelihood,
  retentionRate,
  survival,
} from './sbg.ts';

/** Fader & Hardie (2007), Table 1: customers alive out of 1000 at the start of years 0..7. */
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

/** B(a, b) by log-gamma (Lanczos), independent of the recursions under test. */
function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

describe('sBG (Fader & Hardie 2007)', () => {
  it('reproduces the published estimates for the regular segment: α = 0.704, β = 1.182', () => {
    const fit = fitSbg([REGULAR]);
    expect(fit.alpha.toFixed(3)).toBe('0.704');
    expect(fit.beta.toFixed(3)).toBe('1.182');
    expect(fit.periods).toBe(7);
  });

  it('reproduces the published estimates for the high-end segment: α = 0.668, β = 3.806', () => {
    const fit = fitSbg([HIGH_END]);
    expect(fit.alpha.toFixed(3)).toBe('0.668');
    expect(fit.beta.toFixed(3)).toBe('3.806');
  });

  it('finds a maximum: nudging either parameter lowers the likelihood', () => {
    const fit = fitSbg([HIGH_END]);
    for (const [da, db] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
    ] as const)
      expect(
        logLikelihood({ alpha: fit.alpha + da, beta: fit.beta + db }, [HIGH_END]),
      ).toBeLessThan(fit.logLikelihood);
  });

  it('survival matches the beta-function form S(t) = B(α, β+t)/B(α, β)', () => {
    const p = { alpha: 0.668, beta: 3.806 };
    const s = survival(p, 12);
    s.forEach((value, t) =>
      expect(value).toBeCloseTo(
        Math.exp(logBeta(p.alpha, p.beta + t) - logBeta(p.alpha, p.beta)),
        12,
      ),
    );
    const churn = churnProbabilities(p, 3);
    expect(churn[0]).toBeCloseTo(0.668 / (0.668 + 3.806), 14);
    expect(retentionRate(p, 1)).toBeCloseTo(s[1]!, 14);
    expect(retentionRate(p, 5)).toBeCloseTo(s[5]! / s[4]!, 14);
  });

  it('pools cohorts of different lengths (right-censored) and recovers the generating curve', () => {
    const p = { alpha: 1.2, beta: 6 };
    const s = survival(p, 24);
    const cohorts = [24, 18, 12, 6].map((len) =>
      s.slice(0, len + 1).map((v) => Math.round(v * 100_000)),
    );
    const fit = fitSbg(cohorts);
    expect(fit.alpha).toBeCloseTo(1.2, 1);
    expect(fit.beta).toBeCloseTo(6, 0);
  });

  it('reaches the geometric limit when every customer churns alike', () => {
    const alive = Array.from({ length: 13 }, (_, t) => Math.round(100_000 * 0.95 ** t));
    const fit = fitSbg([alive]);
    expect(isGeometricLimit(fit)).toBe(true);
    expect(fit.alpha / (fit.alpha + fit.beta)).toBeCloseTo(0.05, 3);
  });

  it('refuses counts that rise', () => {
    expect(() => fitSbg([[100, 90, 95]])).toThrow(/must not rise/);
  });
});
