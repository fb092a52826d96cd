/**
 * Forecast accuracy, interval coverage and speed on the evaluation set of bench/forecast-data.ts:
 * Northstar's forecast (src/forecast/pipeline.ts) beside seasonal naive and Theta computed
 * in the same run. Prints figures only: nothing here asserts a result.
 *   npm run bench:forecast -- [--data <folder with m3_*.csv>] [--generated <count>]
 * The M3 folder defaults to bench/data/forecast-eval (format: docs/forecasting.md); without
 * it only the generated monthly series are evaluated.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coverage, mae, maseScale, smape } from '../src/forecast/accuracy.ts';
import type { ModelForecast } from '../src/forecast/model.ts';
import { forecastValues } from '../src/forecast/pipeline.ts';
import { seasonalNaive } from '../src/forecast/seasonal-naive.ts';
import { theta } from '../src/forecast/theta.ts';
import { generateMonthly, readM3, type EvalSeries } from './forecast-data.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench/data/forecast-eval' },
    generated: { type: 'string', default: '400' },
  },
});
const series = [...readM3(resolve(args.data)), ...generateMonthly(Number(args.generated))];

interface Tally {
  smape: number[];
  mase: number[];
  inside80: number;
  inside95: number;
  points: number;
  failures: number;
  cpuMs: number;
  wallMs: number;
}

const METHODS = ['northstar', 'theta', 'snaive'] as const;
type Method = (typeof METHODS)[number];

function forecastWith(method: Method, s: EvalSeries): ModelForecast {
  const h = s.test.length;
  if (method === 'northstar') return forecastValues(s.train, h, s.m);
  if (method === 'theta') return theta(s.train, h, s.m);
  return seasonalNaive(s.train, h, s.train.length > s.m ? s.m : 1);
}

const tallies = new Map<string, Tally>();
function tally(set: string, method: Method): Tally {
  const key = `${set}\u0000${method}`;
  let t = tallies.get(key);
  if (!t) {
    t = {
      smape: [],
      mase: [],
      inside80: 0,
      inside95: 0,
      points: 0,
      failures: 0,
      cpuMs: 0,
      wallMs: 0,
    };
    tallies.set(key, t);
  }
  return t;
}

// Compiles and warms the code paths before anything is timed.
for (const method of METHODS) forecastWith(method, series[0]!);

const loadBefore = loadavg();
for (const s of series) {
  for (const method of METHODS) {
    const record = [tally(s.set, method), tally('all', method)];
    const cpu = process.cpuUsage();
    const wall = performance.now();
    let forecast: ModelForecast | null = null;
    try {
      forecast = forecastWith(method, s);
    } catch {
      forecast = null;
    }
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - wall;
    for (const t of record) {
      t.cpuMs += (used.user + used.system) / 1000;
      t.wallMs += wallMs;
      if (!forecast) {
        t.failures++;
        continue;
      }
      t.smape.push(100 * smape(s.test, forecast.mean));
      t.mase.push(mae(s.test, forecast.mean) / (maseScale(s.train, s.m) ?? 1));
      t.inside80 += coverage(s.test, forecast.lo80, forecast.hi80) * s.test.length;
      t.inside95 += coverage(s.test, forecast.lo95, forecast.hi95) * s.test.length;
      t.points += s.test.length;
    }
  }
}
const loadAfter = loadavg();

const average = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sets = [...new Set(series.map((s) => s.set)), 'all'];
const count = (set: string) =>
  set === 'all' ? series.length : series.filter((s) => s.set === set).length;
console.log(
  `Forecast evaluation: ${series.length} series (${sets
    .slice(0, -1)
    .map((set) => `${set} ${count(set)}`)
    .join(', ')}); the last h values of each held out.`,
);
console.log(
  'sMAPE in %, MASE scaled by the in-sample seasonal naive error; coverage: share of held-out values inside the band (target 80 / 95).',
);
const header = [
  'set',
  'method',
  'sMAPE',
  'MASE',
  'cover80',
  'cover95',
  'fails',
  'cpu ms',
  'wall ms',
];
const widths = [18, 10, 7, 7, 8, 8, 6, 7, 8];
const line = (cells: string[]) =>
  cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
console.log(line(header));
for (const set of sets) {
  for (const method of METHODS) {
    const t = tally(set, method);
    const n = count(set);
    console.log(
      line([
        set,
        method,
        average(t.smape).toFixed(2),
        average(t.mase).toFixed(3),
        ((100 * t.inside80) / t.points).toFixed(1),
        ((100 * t.inside95) / t.points).toFixed(1),
        String(t.failures),
        (t.cpuMs / n).toFixed(2),
        (t.wallMs / n).toFixed(2),
      ]),
    );
  }
}
console.log(
  `Times are per series (fit, backtest calibration and forecast), on one core. Load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after.`,
);
