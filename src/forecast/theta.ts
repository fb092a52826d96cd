import { ForecastError, type Forecaster, gaussianForecast, type ModelForecast } from './model.ts';
import { minimizeOnInterval } from './optimize.ts';

/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000) in the form Hyndman & Billah (2003)
 * showed it to be, and as R's `forecast::thetaf` computes it: simple exponential smoothing
 * plus a drift of half the least-squares slope, on data seasonally adjusted by a classical
 * multiplicative decomposition when a lag-m autocorrelation test finds seasonality.
 */

/** Bounds on α used by forecast::ets, so an optimum on the edge stays a valid model. */
const ALPHA_MIN = 1e-4;
const ALPHA_MAX = 0.9999;

export interface SesFit {
  readonly alpha: number;
  readonly initialLevel: number;
  /** Level after the last observation: the flat SES forecast. */
  readonly level: number;
  readonly sse: number;
}

/**
 * SES with a given α; the initial level is the least-squares optimum, in closed form
 * because every one-step forecast is linear in it: ŷ[t] = base[t] + (1-α)^t ℓ₀.
 */
export function sesWithAlpha(y: readonly number[], alpha: number): SesFit {
  let base = 0;
  let c = 1;
  let cross = 0;
  let squares = 0;
  for (const value of y) {
    cross += c * (value - base);
    squares += c * c;
    base = alpha * value + (1 - alpha) * base;
    c *= 1 - alpha;
  }
  const initialLevel = cross / squares;
  let level = initialLevel;
  let sse = 0;
  for (const value of y) {
    sse += (value - level) ** 2;
    level = alpha * value + (1 - alpha) * level;
  }
  return { alpha, initialLevel, level, sse };
}

/** SES with α and ℓ₀ chosen by least squares (the Gaussian likelihood of ETS(A,N,N)). */
export function ses(y: readonly number[]): SesFit {
  const alpha = minimizeOnInterval((a) => sesWithAlpha(y, a).sse, ALPHA_MIN, ALPHA_MAX);
  return sesWithAlpha(y, alpha);
}

const Z_ONE_SIDED_95 = 1.6448536269514722;

/** Autocorrelations r[1..maxLag] (r[0] is 1), as R's `acf`. */
export function autocorrelations(x: readonly number[], maxLag: number): number[] {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const d = x.map((v) => v - mean);
  const c0 = d.reduce((s, v) => s + v * v, 0);
  const r = [1];
  for (let k = 1; k <= maxLag; k++) {
    let sum = 0;
    for (let t = k; t < n; t++) sum += d[t]! * d[t - k]!;
    r.push(c0 === 0 ? 0 : sum / c0);
  }
  return r;
}

/** thetaf's test: is the lag-m autocorrelation significant at 90% (two-sided) given the others? */
export function isSeasonal(x: readonly number[], m: number): boolean {
  const n = x.length;
  if (m <= 1 || n <= 2 * m) return false;
  if (x.every((v) => v === x[0])) return false;
  const r = autocorrelations(x, m);
  let sum = 0;
  for (let k = 1; k < m; k++) sum += r[k]! ** 2;
  const stat = Math.sqrt((1 + 2 * sum) / n);
  return Math.abs(r[m]!) / stat > Z_ONE_SIDED_95;
}

/**
 * Classical multiplicative decomposition (R's `decompose(type = "multiplicative")`): trend by
 * a centred moving average, seasonal indices as the mean ratio per position, normalized to
 * average 1. Returns one index per position t mod m (position 0 is the first observation).
 */
export function multiplicativeSeasonalIndices(x: readonly number[], m: number): number[] {
  const n = x.length;
  // Centred MA of order m: for even m a 2×m MA (half weights at both ends).
  const half = Math.floor(m / 2);
  const weights =
    m % 2 === 0
      ? Array.from({ length: m + 1 }, (_, i) => (i === 0 || i === m ? 0.5 : 1) / m)
      : Array.from({ length: m }, () => 1 / m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t + weights.length - 1 - half < n; t++) {
    let trend = 0;
    for (let i = 0; i < weights.length; i++) trend += weights[i]! * x[t - half + i]!;
    sums[t % m]! += x[t]! / trend;
    counts[t % m]! += 1;
  }
  const figure = sums.map((s, i) => s / counts[i]!);
  const mean = figure.reduce((s, v) => s + v, 0) / m;
  return figure.map((f) => f / mean);
}

export function theta(y: readonly number[], h: number, m: number): ModelForecast {
  const n = y.length;
  if (n < 3) throw new ForecastError(`Theta needs at least 3 observations; got ${n}`);
  let indices: number[] | null = null;
  // Multiplicative indices only mean something for a positive series.
  if (y.every((v) => v > 0) && isSeasonal(y, m)) {
    const candidate = multiplicativeSeasonalIndices(y, m);
    if (candidate.every((s) => Math.abs(s) >= 1e-4)) indices = candidate;
  }
  const x = indices ? y.map((v, t) => v / indices[t % m]!) : [...y];
  const fit = ses(x);
  const slope = leastSquaresSlope(x);
  const { alpha } = fit;
  // Two fitted parameters (α, ℓ₀), as forecast::ets counts them for the residual variance.
  const sigma = Math.sqrt(fit.sse / Math.max(1, n - 2));
  const mean: number[] = [];
  const se: number[] = [];
  for (let step = 1; step <= h; step++) {
    const index = indices ? indices[(n + step - 1) % m]! : 1;
    const drift = (slope / 2) * (step - 1 + (1 - (1 - alpha) ** n) / alpha);
    mean.push((fit.level + drift) * index);
    se.push(sigma * Math.sqrt(1 + (step - 1) * alpha * alpha) * index);
  }
  return gaussianForecast(mean, se);
}

/** Slope of the least-squares line through (t, x[t]), t = 0, 1, … */
export function leastSquaresSlope(x: readonly number[]): number {
  const n = x.length;
  const tMean = (n - 1) / 2;
  const xMean = x.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (x[t]! - xMean);
    den += (t - tMean) ** 2;
  }
  return num / den;
}

export const THETA: Forecaster = {
  id: 'theta',
  label: 'Theta',
  minLength: () => 3,
  forecast: (y, h, { seasonLength }) => theta(y, h, seasonLength),
};
