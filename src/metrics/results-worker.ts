import type { ContributionGrid } from '../engine/customer-contribution.ts';
import { answerTasks } from '../model/ordered-workers.ts';
import type { MrrInputs } from '../store/store.ts';
import { computeResultsRange } from './results-range.ts';

/** What a full recompute sends a worker thread: one range of customers and the grid. */
export interface ResultsTask {
  readonly inputs: MrrInputs;
  readonly grid: ContributionGrid;
}

answerTasks((task: ResultsTask) => computeResultsRange(task.inputs, task.grid));
