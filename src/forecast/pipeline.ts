import { ARIMA, SARIMA } from './arima.ts';
import { combinationBacktest, runBacktest, summarize, type ModelAccuracy } from './backtest.ts';
import { combineForecasts, inverseErrorWeights } from './combine.ts';
import { ETS, MSTL_ETS } from './ets.ts';
import { ForecastError, type Forecaster, type ModelForecast } from './model.ts';
import { SEASONAL_NAIVE, NAIVE } from './seasonal-naive.ts';
import { monthsAfter, type MonthlySeries } from './series.ts';
import { THETA } from './theta.ts';

/** Every statistical model Northstar runs on a series; the backtest picks among them. */
export const MODELS: readonly Forecaster[] = [
  ETS,
  MSTL_ETS,
  THETA,
  ARIMA,
  SARIMA,
  SEASONAL_NAIVE,
  NAIVE,
];

export const COMBINATION = { id: 'combination', label: 'Weighted combination' } as const;

/** Fewer points leave nothing to learn a forecast from, let alone to test one on. */
export const MIN_HISTORY = 8;

export interface SeriesForecastOptions {
  readonly horizon: number;
  /** 12 for monthly data. */
  readonly seasonLength?: number;
  readonly maxOrigins?: number;
  readonly models?: readonly Forecaster[];
}

export interface ForecastRow {
  readonly period: string;
  readonly value: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** Mean absolute error the chosen model made this many months ahead in the backtest. */
  readonly expected_error: number | null;
}

export interface SeriesForecast {
  readonly model: string;
  readonly model_label: string;
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

/** Origins wanted at least, when the history allows: fewer make accuracy figures noise. */
export const MIN_ORIGINS = 12;

/**
 * Every model is compared on the same origins, so the first origin must give each compared
 * model enough history. Models needing more are taken in as long as MIN_ORIGINS origins
 * remain; the rest are left out (and said so) rather than used untested.
 */
export function planOrigins(
  n: number,
  models: readonly Forecaster[],
  seasonLength: number,
): { minTrain: number; excluded: Map<string, string> } {
  // Half the history trains the first origin (6 to 12 points) when no model needs more.
  const base = Math.min(12, Math.max(6, Math.floor(n / 2)));
  const wanted = Math.min(MIN_ORIGINS, n - base);
  let minTrain = base;
  for (const model of models) {
    const needed = model.minLength(seasonLength);
    if (needed > minTrain && n - needed >= wanted) minTrain = needed;
  }
  const excluded = new Map<string, string>();
  for (const model of models) {
    const needed = model.minLength(seasonLength);
    if (needed > minTrain)
      excluded.set(
        model.id,
        `needs ${needed} months before its first backtest origin; ${n} months of history allow ${minTrain} with ${Math.min(MIN_ORIGINS, n - base)} origins`,
      );
  }
  return { minTrain, excluded };
}

/** The ordering used to pick a model: MASE, then MAE where MASE is undefined, then sMAPE. */
function score(model: ModelAccuracy): number {
  return model.mase ?? model.mae ?? model.smape ?? Infinity;
}

export function forecastSeries(
  series: MonthlySeries,
  options: SeriesForecastOptions,
): SeriesForecast {
  const y = series.values;
  const n = y.length;
  const { horizon } = options;
  const seasonLength = options.seasonLength ?? 12;
  const models = options.models ?? MODELS;
  if (n < MIN_HISTORY)
    throw new ForecastError(`a forecast needs at least ${MIN_HISTORY} months of history; got ${n}`);
  const { minTrain, excluded } = planOrigins(n, models, seasonLength);
  // One scale for every origin, so MASE means the same thing across the backtest.
  const scaleLag = minTrain > seasonLength ? seasonLength : 1;
  const run = runBacktest(
    y,
    models.filter((m) => !excluded.has(m.id)),
    { horizon, seasonLength, minTrain, maxOrigins: options.maxOrigins },
  );
  const accuracies = models.map((m) =>
    summarize(
      y,
      run.origins,
      run.forecasts.get(m.id) ?? [],
      scaleLag,
      m,
      excluded.get(m.id) ?? run.failures.get(m.id) ?? null,
    ),
  );
  const eligible = accuracies.filter((a) => a.excluded === null);
  if (eligible.length === 0)
    throw new ForecastError(
      `no model could be backtested on this series: ${[...run.failures.values()].join('; ')}`,
    );
  const combined = summarize(
    y,
    run.origins,
    combinationBacktest(
      y,
      run,
      eligible.map((a) => a.id),
      scaleLag,
    ),
    scaleLag,
    COMBINATION,
    null,
  );
  const all = [...accuracies, combined];
  const chosen = [...eligible, combined].reduce((best, a) => (score(a) < score(best) ? a : best));

  const final = new Map<string, ModelForecast>();
  for (const model of models)
    if (eligible.some((a) => a.id === model.id))
      final.set(model.id, model.forecast(y, horizon, { seasonLength }));
  const weights = inverseErrorWeights(new Map(eligible.map((a) => [a.id, a.mase ?? a.mae])));
  final.set(COMBINATION.id, combineForecasts(final, weights));

  const forecast = final.get(chosen.id)!;
  // A series that was never negative (MRR, customers, revenue) cannot become negative.
  const floor = y.every((v) => v >= 0) ? 0 : -Infinity;
  const periods = monthsAfter(series.periods[n - 1]!, horizon);
  return {
    model: chosen.id,
    model_label: chosen.label,
    history: { first: series.periods[0]!, last: series.periods[n - 1]!, points: n },
    forecast: periods.map((period, i) => ({
      period,
      value: Math.max(floor, forecast.mean[i]!),
      lo80: Math.max(floor, forecast.lo80[i]!),
      hi80: Math.max(floor, forecast.hi80[i]!),
      lo95: Math.max(floor, forecast.lo95[i]!),
      hi95: Math.max(floor, forecast.hi95[i]!),
      expected_error: chosen.byStep.find((s) => s.step === i + 1)?.mae ?? null,
    })),
    backtest: {
      method: 'rolling-origin',
      origins: run.origins.length,
      first_origin: run.origins.length ? series.periods[run.origins[0]! - 1]! : null,
      last_origin: run.origins.length ? series.periods[run.origins.at(-1)! - 1]! : null,
      horizon,
      selection:
        'lowest MASE over all origins and steps; the combination averages the 3 best models weighted by 1/MASE',
      weights: Object.fromEntries(weights),
      models: all,
    },
  };
}
