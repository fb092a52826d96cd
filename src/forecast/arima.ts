import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  assertFinite,
  ForecastError,
  type Forecaster,
  gaussianForecast,
  type ModelForecast,
} from './model.ts';

/**
 * ARIMA from the `arima` package (ctsa compiled to WebAssembly). Its entry point builds the
 * WebAssembly module with C's printf wired to console.log, and ctsa prints diagnostics such
 * as "non-stationary AR part" while searching, which would corrupt JSON on stdout. So the
 * module is built here, from the same files, with printing silenced.
 */

interface ArimaOptions {
  p?: number;
  d?: number;
  q?: number;
  P?: number;
  D?: number;
  Q?: number;
  s?: number;
  auto?: boolean;
  verbose?: boolean;
}

interface ArimaModel {
  train(ts: number[]): ArimaModel;
  /** Point forecasts and forecast-error variances. */
  predict(length: number): [number[], number[]];
  destroy(): void;
}

type ArimaConstructor = new (options: ArimaOptions) => ArimaModel;

let constructor: ArimaConstructor | null = null;

function loadArima(): ArimaConstructor {
  if (constructor) return constructor;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('arima'));
  const makeModule = require(join(root, 'wasm', 'native-sync.js')) as (options: {
    wasmBinary: Uint8Array;
    print: (text: string) => void;
    printErr: (text: string) => void;
  }) => unknown;
  const wasmBinary = require(join(root, 'wrapper', 'native.bin.js')) as Uint8Array;
  const bind = require(join(root, 'load.js')) as (module: unknown) => ArimaConstructor;
  const silent = () => {};
  constructor = bind(makeModule({ wasmBinary, print: silent, printErr: silent }));
  return constructor;
}

/**
 * The package sometimes hands back uninitialized memory instead of a forecast (observed
 * whenever the chosen order is (0,d,0): values such as 1e-309). A real ARIMA forecast has
 * no subnormal numbers and error variances σ²Σψ² that never decrease with the horizon.
 */
function looksValid(y: readonly number[], mean: readonly number[], variances: readonly number[]) {
  const subnormal = (v: number) => v !== 0 && Math.abs(v) < 1e-300;
  if (mean.some(subnormal) || variances.some(subnormal)) return false;
  if (variances.some((v, i) => !(v >= 0) || (i > 0 && v < variances[i - 1]! * (1 - 1e-9))))
    return false;
  const lo = Math.min(...y);
  const hi = Math.max(...y);
  const span = Math.max(hi - lo, Math.abs(hi), 1);
  return mean.every((m) => Number.isFinite(m) && m > lo - 10 * span && m < hi + 10 * span);
}

function run(
  y: readonly number[],
  h: number,
  options: ArimaOptions,
  id: string,
): ModelForecast | null {
  const Arima = loadArima();
  let model: ArimaModel | null = null;
  try {
    model = new Arima({ ...options, verbose: false }).train([...y]);
    const [mean, variances] = model.predict(h);
    if (!looksValid(y, mean, variances)) return null;
    return assertFinite(
      gaussianForecast(
        mean,
        variances.map((v) => Math.sqrt(v)),
      ),
      id,
    );
  } catch (error) {
    throw error instanceof ForecastError ? error : new ForecastError(`${id}: ${String(error)}`);
  } finally {
    model?.destroy();
  }
}

/**
 * ARIMA(0,1,0) with drift in closed form (as R's `rwf(drift = TRUE)`): the model the search
 * settles on when the package fails to return it, so the answer stays an ARIMA forecast.
 */
export function randomWalkWithDrift(y: readonly number[], h: number): ModelForecast {
  const n = y.length;
  if (n < 3) throw new ForecastError(`random walk with drift needs 3 observations; got ${n}`);
  const diffs = y.slice(1).map((v, i) => v - y[i]!);
  const drift = diffs.reduce((s, v) => s + v, 0) / diffs.length;
  const sigma = Math.sqrt(diffs.reduce((s, v) => s + (v - drift) ** 2, 0) / (diffs.length - 1));
  const mean: number[] = [];
  const se: number[] = [];
  for (let step = 1; step <= h; step++) {
    mean.push(y[n - 1]! + step * drift);
    // The second term is the uncertainty of the estimated drift.
    se.push(sigma * Math.sqrt(step * (1 + step / (n - 1))));
  }
  return gaussianForecast(mean, se);
}

/** The package refuses shorter series for an automatic non-seasonal search. */
const AUTO_MIN_LENGTH = 20;

/**
 * Non-seasonal AutoARIMA (orders up to p=5, d=2, q=5). The package's seasonal AutoARIMA
 * (`auto` with `s`) returned forecasts far from the data in a trial (a 60-month trending
 * seasonal series forecast at 2, 47, 170… where it stood at 220), so seasonal ARIMA is the
 * fixed airline model below instead.
 */
export function autoArima(y: readonly number[], h: number): ModelForecast {
  if (y.length < AUTO_MIN_LENGTH)
    throw new ForecastError(
      `arima needs at least ${AUTO_MIN_LENGTH} observations; got ${y.length}`,
    );
  return run(y, h, { auto: true }, 'arima') ?? randomWalkWithDrift(y, h);
}

/**
 * The "airline" model SARIMA(0,1,1)(0,1,1)m (Box & Jenkins), the standard fixed seasonal
 * ARIMA for monthly business series. The package wants d + m·D + 2m observations.
 */
export function airlineSarima(y: readonly number[], h: number, m: number): ModelForecast {
  if (m <= 1) throw new ForecastError('sarima: the series has no seasonal period');
  const needed = 1 + 3 * m;
  if (y.length < needed)
    throw new ForecastError(`sarima needs at least ${needed} observations; got ${y.length}`);
  const forecast = run(y, h, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, s: m }, 'sarima');
  if (!forecast) throw new ForecastError('sarima: the package returned an invalid forecast');
  return forecast;
}

export const ARIMA: Forecaster = {
  id: 'arima',
  label: 'AutoARIMA (non-seasonal)',
  minLength: () => AUTO_MIN_LENGTH,
  forecast: (y, h) => autoArima(y, h),
};

export const SARIMA: Forecaster = {
  id: 'sarima',
  label: 'Seasonal ARIMA (0,1,1)(0,1,1)',
  minLength: (m) => 1 + 3 * m,
  forecast: (y, h, { seasonLength }) => airlineSarima(y, h, seasonLength),
};
