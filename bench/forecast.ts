/**
 * Times a 60-month forecast with its rolling-origin backtest, and each model alone; then the
 * issue's target (a 60-point series fitted and forecast in ≤ 50 ms) for AutoETS alone and
 * for the combination alone (its weighted models fitted once, then combined).
 * Prints figures only: machines differ, so nothing here asserts a time.
 *   npx tsx bench/forecast.ts
 */
import { combineForecasts } from '../src/forecast/combine.ts';
import { ETS } from '../src/forecast/ets.ts';
import type { ModelForecast } from '../src/forecast/model.ts';
import { MODELS, forecastSeries } from '../src/forecast/pipeline.ts';
import { monthsAfter } from '../src/forecast/series.ts';

const n = 60;
const noise = [3, -5, 1, -2, 6, -1, 2, -4, 0, 5, -3, 4];
const values = Array.from(
  { length: n },
  (_, t) => 20_000 + 450 * t + 1_200 * Math.sin((2 * Math.PI * t) / 12) + 90 * noise[t % 12]!,
);
const periods = ['2021-01', ...monthsAfter('2021-01', n - 1)];

function time<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

// The first run pays for compiling the WebAssembly modules.
const [, cold] = time(() => forecastSeries({ periods, values }, { horizon: 12 }));
const runs: number[] = [];
let last = forecastSeries({ periods, values }, { horizon: 12 });
for (let i = 0; i < 3; i++) {
  const [result, ms] = time(() => forecastSeries({ periods, values }, { horizon: 12 }));
  runs.push(ms);
  last = result;
}
runs.sort((a, b) => a - b);
console.log(
  `60-point series, horizon 12, ${last.backtest.origins} backtest origins, ${MODELS.length} models + combination`,
);
console.log(
  `  forecast + backtest: first run ${cold.toFixed(0)} ms, median of 3 warm runs ${runs[1]!.toFixed(0)} ms`,
);
console.log(`  chosen model: ${last.model}`);
for (const model of MODELS) {
  const [, ms] = time(() => model.forecast(values, 12, { seasonLength: 12 }));
  console.log(`  ${model.id.padEnd(8)} one fit on 60 points: ${ms.toFixed(1)} ms`);
}

/** Median of `runs` warm runs, in ms. */
function median(work: () => unknown, runs = 15): number {
  work();
  const times = Array.from({ length: runs }, () => time(work)[1]).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

const TARGET_MS = 50;
const verdict = (ms: number) => (ms <= TARGET_MS ? 'within' : 'OVER');
const weights = new Map(Object.entries(last.backtest.weights));
const byId = new Map(MODELS.map((m) => [m.id, m]));
const ets = median(() => ETS.forecast(values, 12, { seasonLength: 12 }));
const combination = median(() => {
  const forecasts = new Map<string, ModelForecast>();
  for (const id of weights.keys())
    forecasts.set(id, byId.get(id)!.forecast(values, 12, { seasonLength: 12 }));
  return combineForecasts(forecasts, weights);
});
console.log(
  `Target: fit + forecast of a 60-point series in ≤ ${TARGET_MS} ms (median of 15 warm runs)`,
);
console.log(`  AutoETS alone:     ${ets.toFixed(1)} ms — ${verdict(ets)} the target`);
console.log(
  `  combination alone: ${combination.toFixed(1)} ms (${[...weights.keys()].join(' + ')}) — ${verdict(combination)} the target`,
);
