/**
 * Forecast accuracy measures, as defined for the M4 competition (Makridakis et al. 2020).
 * Rates are fractions (0.05 = 5%), like every rate in Northstar's data.
 */

/**
 * MASE scale (Hyndman & Koehler 2006): the in-sample mean absolute error of the seasonal
 * naive forecast on the training data (naive when the data is shorter than two cycles).
 * Null when that error is zero: a constant series has no scale to compare against.
 */
export function maseScale(train: readonly number[], m: number): number | null {
  const lag = train.length > m && m >= 1 ? m : 1;
  if (train.length <= lag) return null;
  let sum = 0;
  for (let t = lag; t < train.length; t++) sum += Math.abs(train[t]! - train[t - lag]!);
  const scale = sum / (train.length - lag);
  return scale > 0 ? scale : null;
}

export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  scale: number | null,
): number | null {
  if (scale === null || actual.length === 0) return null;
  return mae(actual, forecast) / scale;
}

export function mae(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i]! - forecast[i]!);
  return sum / actual.length;
}

/** One sMAPE term 2|a−f|/(|a|+|f|) in [0, 2]; both zero is a perfect forecast (0). */
export function smapeTerm(actual: number, forecast: number): number {
  const denominator = Math.abs(actual) + Math.abs(forecast);
  return denominator === 0 ? 0 : (2 * Math.abs(actual - forecast)) / denominator;
}

export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += smapeTerm(actual[i]!, forecast[i]!);
  return sum / actual.length;
}

/** Share of actual values inside [lo, hi] (bounds included). */
export function coverage(
  actual: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++)
    if (actual[i]! >= lo[i]! && actual[i]! <= hi[i]!) inside++;
  return inside / actual.length;
}
