import { AutoETS } from '@bsull/augurs/ets';
import { MSTL } from '@bsull/augurs/mstl';
import { ensureAugurs } from './augurs.ts';
import { assertFinite, ForecastError, type Forecaster, type ModelForecast } from './model.ts';

/** The point forecast and the bounds at two levels, from a model that predicts one level per call. */
interface IntervalPredictor {
  predict(
    horizon: number,
    level?: number | null,
  ): { point: number[]; intervals?: { lower: number[]; upper: number[] } | undefined };
}

function predictBoth(model: IntervalPredictor, h: number, id: string): ModelForecast {
  const at80 = model.predict(h, 0.8);
  const at95 = model.predict(h, 0.95);
  if (!at80.intervals || !at95.intervals)
    throw new ForecastError(`${id}: the fitted model gave no prediction intervals`);
  return assertFinite(
    {
      mean: at80.point,
      lo80: at80.intervals.lower,
      hi80: at80.intervals.upper,
      lo95: at95.intervals.lower,
      hi95: at95.intervals.upper,
    },
    id,
  );
}

/** Smallest series the ETS search is given: fewer points cannot tell trend from noise. */
const ETS_MIN_LENGTH = 6;

/**
 * Automatic exponential smoothing (Hyndman et al. 2002's ETS state-space family, chosen by
 * AICc) from augurs. Non-seasonal specs only: augurs' seasonal AutoETS finds no model, so
 * seasonality is left to the MSTL variant below.
 */
export function autoEts(y: readonly number[], h: number): ModelForecast {
  if (y.length < ETS_MIN_LENGTH)
    throw new ForecastError(`ETS needs at least ${ETS_MIN_LENGTH} observations; got ${y.length}`);
  ensureAugurs('ets');
  const model = new AutoETS(1, 'ZZN');
  try {
    model.fit(Float64Array.from(y));
    return predictBoth(model, h, 'ets');
  } catch (error) {
    throw error instanceof ForecastError ? error : new ForecastError(`ets: ${String(error)}`);
  } finally {
    model.free();
  }
}

/**
 * MSTL (Bandara et al. 2021) removes the seasonal cycle by repeated STL, forecasts the rest
 * with AutoETS and adds the last cycle back. Needs two full cycles.
 */
export function mstlEts(y: readonly number[], h: number, m: number): ModelForecast {
  if (m <= 1) throw new ForecastError('mstl: the series has no seasonal period');
  if (y.length < 2 * m + 1)
    throw new ForecastError(`mstl needs more than ${2 * m} observations; got ${y.length}`);
  ensureAugurs('mstl');
  const model = MSTL.ets([m]);
  try {
    model.fit(Float64Array.from(y));
    return predictBoth(model, h, 'mstl');
  } catch (error) {
    throw error instanceof ForecastError ? error : new ForecastError(`mstl: ${String(error)}`);
  } finally {
    model.free();
  }
}

export const ETS: Forecaster = {
  id: 'ets',
  label: 'AutoETS (exponential smoothing)',
  minLength: () => ETS_MIN_LENGTH,
  forecast: (y, h) => autoEts(y, h),
};

export const MSTL_ETS: Forecaster = {
  id: 'mstl',
  label: 'MSTL + AutoETS (seasonal)',
  minLength: (m) => 2 * m + 1,
  forecast: (y, h, { seasonLength }) => mstlEts(y, h, seasonLength),
};
