import { parentPort, workerData } from 'node:worker_threads';
import { forecastShare, type BatchShare } from './batch.ts';

/** A worker thread of forecastBatch: forecasts its share of the series and sends them back. */
parentPort!.postMessage(forecastShare(workerData as BatchShare));
