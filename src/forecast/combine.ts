import type { ModelForecast } from './model.ts';

/** How many of the best models the combination averages. */
export const COMBINE_TOP = 3;

/**
 * Combination weights from backtest errors: the `top` models with the lowest error, each
 * weighted by the inverse of its error, so a model twice as accurate counts twice as much.
 * Models without an error (not backtested) get no weight; with no errors at all, the
 * candidates share equally. A model with zero error takes all the weight.
 */
export function inverseErrorWeights(
  errors: ReadonlyMap<string, number | null>,
  top = COMBINE_TOP,
): Map<string, number> {
  const scored = [...errors]
    .filter((entry): entry is [string, number] => entry[1] !== null && Number.isFinite(entry[1]))
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, top);
  if (scored.length === 0) {
    const ids = [...errors.keys()];
    return new Map(ids.map((id) => [id, 1 / ids.length]));
  }
  const perfect = scored.filter(([, e]) => e === 0);
  if (perfect.length > 0) return new Map(perfect.map(([id]) => [id, 1 / perfect.length]));
  const total = scored.reduce((sum, [, e]) => sum + 1 / e, 0);
  return new Map(scored.map(([id, e]) => [id, 1 / e / total]));
}

/**
 * Weighted average of the models' means and of their interval bounds. Averaging quantiles
 * (rather than mixing distributions) keeps the bounds between the models' own bounds;
 * the backtest's coverage figures say how well that works on the series.
 */
export function combineForecasts(
  forecasts: ReadonlyMap<string, ModelForecast>,
  weights: ReadonlyMap<string, number>,
): ModelForecast {
  const used = [...weights].filter(([id, w]) => w > 0 && forecasts.has(id));
  if (used.length === 0) throw new Error('combineForecasts: no weighted forecast to combine');
  const total = used.reduce((sum, [, w]) => sum + w, 0);
  const h = Math.min(...used.map(([id]) => forecasts.get(id)!.mean.length));
  const mix = (key: keyof ModelForecast) =>
    Array.from({ length: h }, (_, i) =>
      used.reduce((sum, [id, w]) => sum + (w / total) * forecasts.get(id)![key][i]!, 0),
    );
  return {
    mean: mix('mean'),
    lo80: mix('lo80'),
    hi80: mix('hi80'),
    lo95: mix('lo95'),
    hi95: mix('hi95'),
  };
}
