import type { SbgParams } from './sbg.ts';

/**
 * Gauss hypergeometric ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1. Terms shrink
 * like z^k, so a monthly discount factor close to 1 needs a few thousand of them: cheap.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 series needs 0 ≤ z < 1; got ${z}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 1_000_000; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum;
  }
  throw new RangeError('2F1 series did not converge');
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, "Customer-base valuation in a
 * contractual setting", Marketing Science 29(1), eq. 6) of a customer who has made
 * `renewals` renewals (n − 1 in the paper), valued just before the next renewal:
 *   DERL = (β+n−1)/(α+β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)).
 * It is the expected number of future payments, each discounted at `discountRate` per
 * period, the next one counted in full; multiply by the payment to get a residual value.
 */
export function derl({ alpha, beta }: SbgParams, discountRate: number, renewals: number): number {
  if (!(discountRate > 0)) throw new RangeError('the discount rate must be positive');
  const n = renewals + 1;
  return (
    ((beta + n - 1) / (alpha + beta + n - 1)) *
    hypergeometric2F1(1, beta + n, alpha + beta + n, 1 / (1 + discountRate))
  );
}

/**
 * The same quantity as a plain sum of discounted conditional survival
 * Σ_{t≥n} S(t)/S(n−1) / (1+d)^(t−n), for checking the closed form.
 */
export function derlBySum(
  { alpha, beta }: SbgParams,
  discountRate: number,
  renewals: number,
): number {
  const n = renewals + 1;
  let conditional = 1;
  let sum = 0;
  for (let t = n; t < n + 1_000_000; t++) {
    conditional *= (beta + t - 1) / (alpha + beta + t - 1);
    const term = conditional / (1 + discountRate) ** (t - n);
    sum += term;
    if (term < 1e-15 * sum) break;
  }
  return sum;
}
