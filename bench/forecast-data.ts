/**
 * The forecast evaluation set: the M3 competition's yearly, quarterly and "other" series
 * (read from a folder given on the command line; see bench/forecast.ts), and monthly series
 * of known structure generated here, since the competition's monthly set is held out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../src/demo/random.ts';

export interface EvalSeries {
  readonly set: string;
  readonly id: string;
  /** Observations per seasonal cycle. */
  readonly m: number;
  readonly train: readonly number[];
  readonly test: readonly number[];
}

const M3_SETS = [
  { file: 'm3_yearly.csv', set: 'M3 yearly', m: 1 },
  { file: 'm3_quarterly.csv', set: 'M3 quarterly', m: 4 },
  { file: 'm3_other.csv', set: 'M3 other', m: 1 },
] as const;

/** The M3 sets found in `folder` (columns series, n, nf, …, values: space-separated). */
export function readM3(folder: string): EvalSeries[] {
  const out: EvalSeries[] = [];
  for (const { file, set, m } of M3_SETS) {
    const path = join(folder, file);
    if (!existsSync(path)) continue;
    const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    const columns = header!.split(',');
    const at = (name: string) => columns.indexOf(name);
    for (const line of lines) {
      const cells = line.split(',');
      const values = cells[at('values')]!.trim().split(/\s+/).map(Number);
      const nf = Number(cells[at('nf')]);
      out.push({
        set,
        id: cells[at('series')]!.trim(),
        m,
        train: values.slice(0, values.length - nf),
        test: values.slice(values.length - nf),
      });
    }
  }
  return out;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export const MONTHLY_HORIZON = 18;

/**
 * Monthly business-like series, 18 months held out as in the competition: a level; growth
 * that is linear, compounding, damped or absent; a multiplicative seasonal cycle of 0–30%;
 * multiplicative noise of 1–12% with, in some series, a random-walk level; and now and then
 * a level shift. Positive throughout, like MRR or revenue.
 */
export function generateMonthly(count: number, seed = 16): EvalSeries[] {
  // Seeded, so every run evaluates the same series.
  const rand = mulberry32(seed);
  const out: EvalSeries[] = [];
  for (let k = 0; k < count; k++) {
    const n = 48 + Math.floor(rand() * 97) + MONTHLY_HORIZON;
    const level = 10 ** (2 + 4 * rand());
    const growth = rand();
    const kind =
      growth < 0.25 ? 'none' : growth < 0.55 ? 'linear' : growth < 0.8 ? 'compound' : 'damped';
    const rate = (rand() - 0.25) * 0.03;
    const amplitude = rand() < 0.3 ? 0 : 0.3 * rand();
    const phase = Math.floor(rand() * 12);
    const shape = Array.from(
      { length: 12 },
      (_, i) => Math.sin((2 * Math.PI * (i + phase)) / 12) + 0.4 * gaussian(rand),
    );
    const noise = 0.01 + 0.11 * rand() ** 2;
    const walk = rand() < 0.4 ? noise * (0.3 + 0.7 * rand()) : 0;
    const shiftAt = rand() < 0.2 ? Math.floor(n * (0.3 + 0.5 * rand())) : -1;
    const shift = 1 + (rand() - 0.5) * 0.4;
    let drift = 0;
    const values: number[] = [];
    for (let t = 0; t < n; t++) {
      const trend =
        kind === 'none'
          ? 1
          : kind === 'linear'
            ? Math.max(0.05, 1 + rate * t)
            : kind === 'compound'
              ? (1 + rate) ** t
              : 1 + rate * 40 * (1 - 0.97 ** t);
      drift += walk * gaussian(rand);
      const seasonal = 1 + amplitude * shape[t % 12]!;
      const shifted = shiftAt >= 0 && t >= shiftAt ? shift : 1;
      values.push(
        level *
          Math.max(0.05, trend) *
          Math.max(0.1, seasonal) *
          shifted *
          Math.exp(drift + noise * gaussian(rand)),
      );
    }
    out.push({
      set: 'generated monthly',
      id: `G${k + 1}`,
      m: 12,
      train: values.slice(0, n - MONTHLY_HORIZON),
      test: values.slice(n - MONTHLY_HORIZON),
    });
  }
  return out;
}
