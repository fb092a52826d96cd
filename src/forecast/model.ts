/** What every time-series model in src/forecast returns for a horizon of h steps. */
export interface ModelForecast {
  readonly mean: readonly number[];
  readonly lo80: readonly number[];
  readonly hi80: readonly number[];
  readonly lo95: readonly number[];
  readonly hi95: readonly number[];
}

export interface ForecastOptions {
  /** Observations per seasonal cycle (12 for monthly data); 1 means no seasonality. */
  readonly seasonLength: number;
}

/**
 * A forecasting method. `forecast` throws when the series is too short or the fit fails;
 * callers (the backtest, the combination) then leave the model out instead of guessing.
 */
export interface Forecaster {
  readonly id: string;
  readonly label: string;
  /** The shortest series the model forecasts (the backtest starts its origins there or later). */
  minLength(seasonLength: number): number;
  forecast(y: readonly number[], h: number, options: ForecastOptions): ModelForecast;
}

/** Standard normal quantiles of the two-sided 80% and 95% intervals. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/** Symmetric Gaussian intervals around `mean` with standard errors `se`. */
export function gaussianForecast(mean: readonly number[], se: readonly number[]): ModelForecast {
  return {
    mean,
    lo80: mean.map((m, i) => m - Z80 * se[i]!),
    hi80: mean.map((m, i) => m + Z80 * se[i]!),
    lo95: mean.map((m, i) => m - Z95 * se[i]!),
    hi95: mean.map((m, i) => m + Z95 * se[i]!),
  };
}

export class ForecastError extends Error {}

export function assertFinite(forecast: ModelForecast, model: string): ModelForecast {
  for (const key of ['mean', 'lo80', 'hi80', 'lo95', 'hi95'] as const)
    if (forecast[key].some((v) => !Number.isFinite(v)))
      throw new ForecastError(`${model}: the fit produced a non-finite ${key}`);
  return forecast;
}
