import { isSeasonal, multiplicativeSeasonalIndices } from './theta.ts';

/**
 * The seasonal adjustment Theta uses (classical multiplicative decomposition, applied when
 * thetaf's lag-m autocorrelation test finds seasonality), shared so every member of the
 * combination models the same adjusted series and the cycle is put back once.
 */
export interface SeasonalAdjustment {
  /** One index per position t mod m (position 0 is the first observation); null: none. */
  readonly indices: readonly number[] | null;
  readonly adjusted: readonly number[];
  /** Multiplies the h forecasts that follow the n observations back into season. */
  reseason(values: readonly number[], n: number): number[];
}

export function seasonalAdjustment(y: readonly number[], m: number): SeasonalAdjustment {
  let indices: number[] | null = null;
  // Multiplicative indices only mean something for a positive series.
  if (m > 1 && y.every((v) => v > 0) && isSeasonal(y, m)) {
    const candidate = multiplicativeSeasonalIndices(y, m);
    if (candidate.every((s) => Number.isFinite(s) && s >= 1e-4)) indices = candidate;
  }
  const adjusted = indices ? y.map((v, t) => v / indices[t % m]!) : [...y];
  return {
    indices,
    adjusted,
    reseason: (values, n) =>
      indices ? values.map((v, i) => v * indices[(n + i) % m]!) : [...values],
  };
}
