import { parentPort } from 'node:worker_threads';
import type { ContributionGrid } from '../engine/customer-contribution.ts';
import { errorReply, type WorkerReply } from '../model/ordered-workers.ts';
import type { MrrInputs } from '../store/store.ts';
import { computeResultsRange, type ResultsRange } from './results-range.ts';

/** What a full recompute sends a worker thread: one range of customers and the grid. */
export interface ResultsTask {
  readonly inputs: MrrInputs;
  readonly grid: ContributionGrid;
}

parentPort!.on('message', (task: ResultsTask) => {
  let reply: WorkerReply<ResultsRange>;
  try {
    reply = { ok: computeResultsRange(task.inputs, task.grid) };
  } catch (error) {
    reply = errorReply(error);
  }
  parentPort!.postMessage(reply);
});
