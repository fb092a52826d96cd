/**
 * Robust seasonal anomaly detection for short monthly series: a Theil–Sen trend, a
 * seasonal profile from per-position medians (when two full seasons exist), and residuals
 * scored against their median and MAD. Medians keep one planted spike from bending the fit,
 * which is why this works from 12 points where a mean/stdev method would not.
 */
export interface AnomalyOptions {
  /** Season length in periods (12 for months). */
  readonly season?: number;
  /** Robust z-score above which a point is anomalous. */
  readonly threshold?: number;
}

export interface AnomalyReport {
  /** Fitted value (trend + seasonal) per point, in the series' units. */
  readonly expected: readonly number[];
  /** Signed robust z-score per point. */
  readonly scores: readonly number[];
  readonly anomalies: readonly number[];
  readonly seasonal: boolean;
}

export const MIN_ANOMALY_POINTS = 12;
/** Makes the MAD a consistent estimator of the standard deviation for normal noise. */
const MAD_TO_SIGMA = 1.4826;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function theilSen(values: readonly number[]): { slope: number; intercept: number } {
  const slopes: number[] = [];
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) slopes.push((values[j]! - values[i]!) / (j - i));
  const slope = slopes.length === 0 ? 0 : median(slopes);
  const intercept = median(values.map((v, i) => v - slope * i));
  return { slope, intercept };
}

export function detectAnomalies(
  values: readonly number[],
  options: AnomalyOptions = {},
): AnomalyReport {
  const season = options.season ?? 12;
  const threshold = options.threshold ?? 3.5;
  const n = values.length;
  if (n < MIN_ANOMALY_POINTS)
    return { expected: [...values], scores: values.map(() => 0), anomalies: [], seasonal: false };
  // Growth is multiplicative in SaaS series: fit on logs when every value allows it.
  const useLog = values.every((v) => v > 0);
  const y = useLog ? values.map(Math.log) : [...values];
  const { slope, intercept } = theilSen(y);
  const detrended = y.map((v, i) => v - (intercept + slope * i));
  const seasonal = n >= 2 * season;
  const profile = new Array<number>(season).fill(0);
  if (seasonal) {
    for (let p = 0; p < season; p++) {
      const atPosition: number[] = [];
      for (let i = p; i < n; i += season) atPosition.push(detrended[i]!);
      profile[p] = median(atPosition);
    }
    const centre = median(profile);
    for (let p = 0; p < season; p++) profile[p] = profile[p]! - centre;
  }
  const fitted = y.map((_, i) => intercept + slope * i + profile[i % season]!);
  const residuals = y.map((v, i) => v - fitted[i]!);
  const centre = median(residuals);
  const deviations = residuals.map((r) => Math.abs(r - centre));
  let scale = MAD_TO_SIGMA * median(deviations);
  // More than half the residuals equal: fall back to the mean deviation so one outlier still scores.
  if (scale === 0) scale = deviations.reduce((a, b) => a + b, 0) / n;
  const scores = residuals.map((r) => (scale === 0 ? 0 : (r - centre) / scale));
  return {
    expected: fitted.map((f) => (useLog ? Math.exp(f) : f)),
    scores,
    anomalies: scores.flatMap((s, i) => (Math.abs(s) > threshold ? [i] : [])),
    seasonal,
  };
}
