import { ForecastError, gaussianForecast, type Forecaster, type ModelForecast } from './model.ts';

/**
 * Seasonal naive: each future month repeats the same month one cycle earlier
 * (ŷ[n+h] = y[n+h-m(k+1)], k = ⌊(h-1)/m⌋). With m = 1 it is the naive random walk.
 * Intervals follow Hyndman & Athanasopoulos (FPP3 §5.5): σ̂ is the root mean square of the
 * in-sample seasonal differences and the standard error grows with √(k+1).
 */
export function seasonalNaive(y: readonly number[], h: number, m: number): ModelForecast {
  if (m < 1 || !Number.isInteger(m))
    throw new ForecastError('season length must be a whole number ≥ 1');
  if (y.length <= m)
    throw new ForecastError(`seasonal naive needs more than ${m} observations; got ${y.length}`);
  const n = y.length;
  const mean: number[] = [];
  const se: number[] = [];
  let squares = 0;
  for (let t = m; t < n; t++) squares += (y[t]! - y[t - m]!) ** 2;
  const sigma = Math.sqrt(squares / (n - m));
  for (let step = 1; step <= h; step++) {
    const k = Math.floor((step - 1) / m);
    mean.push(y[n + step - 1 - m * (k + 1)]!);
    se.push(sigma * Math.sqrt(k + 1));
  }
  return gaussianForecast(mean, se);
}

export const SEASONAL_NAIVE: Forecaster = {
  id: 'snaive',
  label: 'Seasonal naive',
  minLength: (m) => m + 1,
  forecast: (y, h, { seasonLength }) => seasonalNaive(y, h, seasonLength),
};

export const NAIVE: Forecaster = {
  id: 'naive',
  label: 'Naive (last value)',
  minLength: () => 2,
  forecast: (y, h) => seasonalNaive(y, h, 1),
};
