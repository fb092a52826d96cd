import { availableParallelism } from 'node:os';
import { startModuleWorker } from '../model/module-worker.ts';
import { ForecastError } from './model.ts';
import { forecastSeries, type SeriesForecast, type SeriesForecastOptions } from './pipeline.ts';
import type { MonthlySeries } from './series.ts';

/**
 * Many series forecast in one process, on every core: the series are dealt round-robin to
 * worker threads (one per core), each forecasts its share and sends the results back.
 * Small batches stay on the main thread, where a worker's start-up would cost more than
 * it saves.
 */

export interface BatchItem {
  readonly name: string;
  readonly series: MonthlySeries;
}

export interface BatchShare {
  readonly items: readonly { readonly index: number; readonly series: MonthlySeries }[];
  readonly options: SeriesForecastOptions;
}

export type BatchOutcome =
  | { readonly index: number; readonly result: SeriesForecast }
  | { readonly index: number; readonly error: string };

/** Below this many series per worker, workers are not worth starting. */
const SERIES_PER_WORKER = 8;

export function forecastShare(share: BatchShare): BatchOutcome[] {
  return share.items.map(({ index, series }) => {
    try {
      return { index, result: forecastSeries(series, share.options) };
    } catch (error) {
      return { index, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

function runShare(share: BatchShare): Promise<BatchOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = startModuleWorker(import.meta.url, 'batch-worker', { workerData: share });
    worker.once('message', (outcomes: BatchOutcome[]) => {
      resolve(outcomes);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a forecast worker stopped with exit code ${code}`));
    });
  });
}

/** Forecasts every series; throws a ForecastError naming the series that could not be. */
export async function forecastBatch(
  items: readonly BatchItem[],
  options: SeriesForecastOptions,
  threads = availableParallelism(),
): Promise<SeriesForecast[]> {
  const workers = Math.min(threads, Math.floor(items.length / SERIES_PER_WORKER));
  const indexed = items.map((item, index) => ({ index, series: item.series }));
  let outcomes: BatchOutcome[];
  if (workers <= 1) outcomes = forecastShare({ items: indexed, options });
  else {
    const shares = Array.from({ length: workers }, (_, w) => ({
      items: indexed.filter((_, i) => i % workers === w),
      options,
    }));
    outcomes = (await Promise.all(shares.map(runShare))).flat();
  }
  const results = new Array<SeriesForecast>(items.length);
  for (const outcome of outcomes) {
    if ('error' in outcome)
      throw new ForecastError(`series "${items[outcome.index]!.name}": ${outcome.error}`);
    results[outcome.index] = outcome.result;
  }
  return results;
}
