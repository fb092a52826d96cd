import { mae } from './accuracy.ts';
import { summarize, type ModelAccuracy } from './backtest.ts';
import {
  calibratedBands,
  calibrationOrigins,
  CALIBRATION_ORIGINS,
  K80,
  K95,
  type BacktestError,
} from './calibration.ts';
import { combinationPoint, VARIANTS, type PointCombination } from './combination.ts';
import { ForecastError, type ModelForecast } from './model.ts';
import { seasonalNaive } from './seasonal-naive.ts';
import { monthsAfter, type MonthlySeries } from './series.ts';

/**
 * Northstar's forecast: the median combination of src/forecast/combination.ts with 80% and
 * 95% bands calibrated on its own rolling-origin errors (src/forecast/calibration.ts).
 * Nothing here chooses a model, and nothing fails on a valid series: a member that cannot
 * fit is dropped and named, and the only error left is a history too short to learn from.
 */

export const COMBINATION = {
  id: 'combination',
  label: 'Median of damped trend and Theta (seasonally adjusted; raw and log values)',
} as const;

/** Fewer points leave nothing to learn a forecast from, let alone to test one on. */
export const MIN_HISTORY = 8;

/** The shortest history an origin of the backtest forecasts from. */
const MIN_TRAIN = 5;

export interface SeriesForecastOptions {
  readonly horizon: number;
  /** 12 for monthly data. */
  readonly seasonLength?: number;
  /** Backtest origins at most (at most CALIBRATION_ORIGINS are used). */
  readonly maxOrigins?: number;
}

export interface ForecastRow {
  readonly period: string;
  readonly value: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** Mean absolute error the combination made this many months ahead in the backtest. */
  readonly expected_error: number | null;
}

export interface CombinationMember {
  readonly id: string;
  readonly label: string;
}

export interface IntervalCalibration {
  readonly method: 'backtest-calibrated';
  /** Errors measured as log ratios (positive series) or plain differences. */
  readonly scale: 'log' | 'additive';
  /** Backtest errors the error scale was fitted on. */
  readonly errors: number;
  /** Multipliers of the error scale for the 80% and 95% bounds. */
  readonly k80: number;
  readonly k95: number;
}

export interface SeriesForecast {
  readonly model: string;
  readonly model_label: string;
  /** The models whose median is the forecast. */
  readonly members: readonly CombinationMember[];
  /** Models that could not forecast this series and were left out, with the reason. */
  readonly dropped: readonly { readonly id: string; readonly reason: string }[];
  readonly seasonally_adjusted: boolean;
  readonly bands: IntervalCalibration;
  readonly history: { readonly first: string; readonly last: string; readonly points: number };
  readonly forecast: readonly ForecastRow[];
  readonly backtest: {
    readonly method: 'rolling-origin';
    readonly origins: number;
    /** First and last origin: the last month of history each forecast was made from. */
    readonly first_origin: string | null;
    readonly last_origin: string | null;
    readonly horizon: number;
    readonly selection: string;
    readonly weights: Readonly<Record<string, number>>;
    readonly models: readonly ModelAccuracy[];
  };
}

/** A forecast of plain values: what the CLI, the API and the benchmark all build on. */
export interface ValuesForecast extends ModelForecast {
  readonly point: PointCombination;
  readonly bands: IntervalCalibration;
  /** Train lengths of the backtest origins, oldest first. */
  readonly origins: readonly number[];
  readonly expectedError: readonly (number | null)[];
  readonly accuracy: readonly ModelAccuracy[];
}

export function forecastValues(
  y: readonly number[],
  h: number,
  m: number,
  maxOrigins = CALIBRATION_ORIGINS,
): ValuesForecast {
  const n = y.length;
  if (n < MIN_HISTORY)
    throw new ForecastError(`a forecast needs at least ${MIN_HISTORY} months of history; got ${n}`);
  if (y.some((v) => !Number.isFinite(v)))
    throw new ForecastError('every value of the series must be a finite number');
  const point = combinationPoint(y, h, m);
  const origins = calibrationOrigins(n, h, MIN_TRAIN, Math.min(maxOrigins, CALIBRATION_ORIGINS));
  const perOrigin = origins.map((t) => combinationPoint(y.slice(0, t), Math.min(h, n - t), m));
  const errors: BacktestError[] = [];
  origins.forEach((t, o) =>
    perOrigin[o]!.mean.forEach((forecast, i) =>
      errors.push({ step: i + 1, actual: y[t + i]!, forecast }),
    ),
  );
  const bands = calibratedBands(y, point.mean, errors);
  const floor = y.every((v) => v >= 0) ? 0 : -Infinity;
  const clip = (values: readonly number[]) => values.map((v) => Math.max(floor, v));
  const expectedError = Array.from({ length: h }, (_, i) => {
    const atStep = errors.filter((e) => e.step === i + 1);
    return atStep.length === 0
      ? null
      : mae(
          atStep.map((e) => e.actual),
          atStep.map((e) => e.forecast),
        );
  });
  return {
    mean: clip(point.mean),
    lo80: clip(bands.lo80),
    hi80: clip(bands.hi80),
    lo95: clip(bands.lo95),
    hi95: clip(bands.hi95),
    point,
    bands: {
      method: 'backtest-calibrated',
      scale: bands.scale,
      errors: bands.errors,
      k80: K80,
      k95: K95,
    },
    origins,
    expectedError,
    accuracy: backtestAccuracy(y, m, origins, perOrigin).map((a) =>
      a.id === COMBINATION.id
        ? { ...a, coverage80: bands.backtestCoverage80, coverage95: bands.backtestCoverage95 }
        : a,
    ),
  };
}

/** Point accuracy on the backtest origins: the combination, each member, seasonal naive. */
function backtestAccuracy(
  y: readonly number[],
  m: number,
  origins: readonly number[],
  perOrigin: readonly PointCombination[],
): ModelAccuracy[] {
  const scaleLag = origins.length > 0 && origins[0]! > m ? m : 1;
  const pointOnly = (mean: readonly number[] | undefined): ModelForecast | null =>
    mean ? { mean, lo80: mean, hi80: mean, lo95: mean, hi95: mean } : null;
  const accuracy = (
    model: { id: string; label: string },
    forecasts: (ModelForecast | null)[],
    excluded: string | null = null,
  ): ModelAccuracy => ({
    ...summarize(y, origins, forecasts, scaleLag, model, excluded),
    // Only the combination has bands; the members give points.
    coverage80: null,
    coverage95: null,
  });
  return [
    accuracy(
      COMBINATION,
      perOrigin.map((p) => pointOnly(p.mean)),
    ),
    ...VARIANTS.map((variant) => {
      const forecasts = perOrigin.map((p) => pointOnly(p.byVariant.get(variant.id)));
      const missing = perOrigin.find((p) => !p.byVariant.has(variant.id));
      const reason = missing?.dropped.find((d) => d.id === variant.id)?.reason ?? null;
      return accuracy(variant, forecasts, reason);
    }),
    accuracy(
      { id: 'snaive', label: 'Seasonal naive (reference)' },
      origins.map((t, o) => {
        const h = perOrigin[o]!.mean.length;
        return t > m ? seasonalNaive(y.slice(0, t), h, m) : seasonalNaive(y.slice(0, t), h, 1);
      }),
    ),
  ];
}

export function forecastSeries(
  series: MonthlySeries,
  options: SeriesForecastOptions,
): SeriesForecast {
  const y = series.values;
  const n = y.length;
  const { horizon } = options;
  const result = forecastValues(y, horizon, options.seasonLength ?? 12, options.maxOrigins);
  const periods = monthsAfter(series.periods[n - 1]!, horizon);
  const { origins } = result;
  return {
    model: COMBINATION.id,
    model_label: COMBINATION.label,
    members: result.point.used.map(({ id, label }) => ({ id, label })),
    dropped: result.point.dropped,
    seasonally_adjusted: result.point.seasonal,
    bands: result.bands,
    history: { first: series.periods[0]!, last: series.periods[n - 1]!, points: n },
    forecast: periods.map((period, i) => ({
      period,
      value: result.mean[i]!,
      lo80: result.lo80[i]!,
      hi80: result.hi80[i]!,
      lo95: result.lo95[i]!,
      hi95: result.hi95[i]!,
      expected_error: result.expectedError[i]!,
    })),
    backtest: {
      method: 'rolling-origin',
      origins: origins.length,
      first_origin: origins.length ? series.periods[origins[0]! - 1]! : null,
      last_origin: origins.length ? series.periods[origins.at(-1)! - 1]! : null,
      horizon,
      selection:
        'none: the forecast is always the median of the members; the backtest calibrates its 80% and 95% bands',
      weights: {},
      models: result.accuracy,
    },
  };
}
