import { coverage, mae, maseScale, smape, smapeTerm } from './accuracy.ts';
import type { Forecaster, ModelForecast } from './model.ts';

/**
 * Rolling-origin evaluation (Tashman 2000): for each origin t the models see y[0..t) only
 * and forecast y[t..t+h); the errors over all origins are what a user can expect from a
 * forecast made the same way today.
 */

export interface BacktestOptions {
  readonly horizon: number;
  readonly seasonLength: number;
  /** The most recent origins used (more cost time; fewer make noisy figures). */
  readonly maxOrigins?: number;
  /** The shortest training series an origin may have. */
  readonly minTrain?: number;
}

export const DEFAULT_MAX_ORIGINS = 18;
export const DEFAULT_MIN_TRAIN = 12;

export interface StepAccuracy {
  /** Months ahead (1 = the first forecast month). */
  readonly step: number;
  /** Forecasts evaluated at this step. */
  readonly n: number;
  readonly mae: number;
  readonly smape: number;
  readonly mase: number | null;
}

export interface ModelAccuracy {
  readonly id: string;
  readonly label: string;
  /** Origins where the model produced a forecast. */
  readonly origins: number;
  /** Why the model is left out of the comparison, when it failed at some origin. */
  readonly excluded: string | null;
  readonly mase: number | null;
  readonly smape: number | null;
  readonly mae: number | null;
  readonly coverage80: number | null;
  readonly coverage95: number | null;
  readonly byStep: readonly StepAccuracy[];
}

/** Train lengths t of the origins, oldest first. */
export function backtestOrigins(n: number, options: BacktestOptions): number[] {
  const minTrain = options.minTrain ?? DEFAULT_MIN_TRAIN;
  const maxOrigins = options.maxOrigins ?? DEFAULT_MAX_ORIGINS;
  const first = Math.max(minTrain, n - maxOrigins);
  return Array.from({ length: Math.max(0, n - first) }, (_, i) => first + i);
}

export interface BacktestRun {
  readonly origins: readonly number[];
  /** Per model id: the forecast at each origin (null where it failed). */
  readonly forecasts: ReadonlyMap<string, readonly (ModelForecast | null)[]>;
  readonly failures: ReadonlyMap<string, string>;
}

export function runBacktest(
  y: readonly number[],
  models: readonly Forecaster[],
  options: BacktestOptions,
): BacktestRun {
  const origins = backtestOrigins(y.length, options);
  const forecasts = new Map<string, (ModelForecast | null)[]>();
  const failures = new Map<string, string>();
  for (const model of models) {
    const perOrigin: (ModelForecast | null)[] = [];
    for (const t of origins) {
      const h = Math.min(options.horizon, y.length - t);
      try {
        perOrigin.push(model.forecast(y.slice(0, t), h, { seasonLength: options.seasonLength }));
      } catch (error) {
        perOrigin.push(null);
        if (!failures.has(model.id))
          failures.set(
            model.id,
            `no forecast from ${t} observations: ${error instanceof Error ? error.message : String(error)}`,
          );
      }
    }
    forecasts.set(model.id, perOrigin);
  }
  return { origins, forecasts, failures };
}

/** Accuracy of one model's forecasts over the origins. */
export function summarize(
  y: readonly number[],
  origins: readonly number[],
  forecasts: readonly (ModelForecast | null)[],
  /** Lag of the naive forecast that scales MASE: the season length, or 1. */
  scaleLag: number,
  model: { id: string; label: string },
  excluded: string | null,
): ModelAccuracy {
  const actual: number[] = [];
  const mean: number[] = [];
  const lo80: number[] = [];
  const hi80: number[] = [];
  const lo95: number[] = [];
  const hi95: number[] = [];
  const scaled: number[] = [];
  const steps = new Map<number, { abs: number[]; smape: number[]; scaled: number[] }>();
  let done = 0;
  origins.forEach((t, o) => {
    const forecast = forecasts[o];
    if (!forecast || excluded !== null) return;
    done++;
    const scale = maseScale(y.slice(0, t), scaleLag);
    forecast.mean.forEach((f, i) => {
      const a = y[t + i]!;
      actual.push(a);
      mean.push(f);
      lo80.push(forecast.lo80[i]!);
      hi80.push(forecast.hi80[i]!);
      lo95.push(forecast.lo95[i]!);
      hi95.push(forecast.hi95[i]!);
      if (scale !== null) scaled.push(Math.abs(a - f) / scale);
      const step = steps.get(i + 1) ?? { abs: [], smape: [], scaled: [] };
      step.abs.push(Math.abs(a - f));
      step.smape.push(smapeTerm(a, f));
      if (scale !== null) step.scaled.push(Math.abs(a - f) / scale);
      steps.set(i + 1, step);
    });
  });
  const average = (values: readonly number[]) =>
    values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
  const any = actual.length > 0;
  return {
    id: model.id,
    label: model.label,
    origins: excluded === null ? done : forecasts.filter(Boolean).length,
    excluded,
    // Scaled errors are averaged over every (origin, step) pair, each with its own origin's
    // scale, as the M4 competition did across series.
    mase: scaled.length === actual.length ? average(scaled) : null,
    smape: any ? smape(actual, mean) : null,
    mae: any ? mae(actual, mean) : null,
    coverage80: any ? coverage(actual, lo80, hi80) : null,
    coverage95: any ? coverage(actual, lo95, hi95) : null,
    byStep: [...steps].map(([step, s]) => ({
      step,
      n: s.abs.length,
      mae: average(s.abs)!,
      smape: average(s.smape)!,
      mase: s.scaled.length === s.abs.length ? average(s.scaled) : null,
    })),
  };
}
