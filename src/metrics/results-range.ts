import type { Day } from '../model/day.ts';
import type { Period } from '../model/period.ts';
import type { MrrInputs } from '../store/store.ts';
import { customerContributions, type ContributionGrid } from '../engine/customer-contribution.ts';
import { ContributionSteps } from '../engine/contribution-steps.ts';
import { emptySums } from '../engine/mrr-sums.ts';
import { encodeContribution, encodeResults } from './mrr-results-codec.ts';

/**
 * One range of customers' stored results, as a full recompute writes them: each
 * customer's encoded share (in the inputs' customer order) and their sums, encoded as
 * stored results are (the coverage says what the range covers). Computed on a worker
 * thread for all but the first range (./results-worker.ts), so it crosses threads as text.
 */
export interface ResultsRange {
  /** First day of the walk's first period: every range of one recompute must share it. */
  readonly start: Day;
  readonly shares: string[];
  /** `encodeResults` of the range's coverage and sums. */
  readonly body: string;
}

export function computeResultsRange(inputs: MrrInputs, grid: ContributionGrid): ResultsRange {
  // Typed by assertion: assigned in the callback, which narrowing does not follow.
  let steps = null as ContributionSteps | null;
  const shares: string[] = [];
  const firstDays: (Day | null)[] = [];
  const { periods } = customerContributions(inputs, grid, (_, share) => {
    steps ??= new ContributionSteps(share.series[0]!.length);
    steps.add(share);
    firstDays.push(share.firstChangeDay);
    shares.push(encodeContribution(share));
  });
  const sums = steps?.sums() ?? null;
  const coverage = {
    through: grid.lastDay,
    firstDay: periods[0]!.start,
    customers: shares.length,
    firstPeriodCustomers: firstDays.filter((day) => inFirstPeriod(day, periods)).length,
  };
  const body = encodeResults(coverage, sums ?? emptySums(periods.length, periods.length));
  return { start: periods[0]!.start, shares, body };
}

/** Whether a customer's MRR first changes in the first period (it keeps that period there). */
export function inFirstPeriod(day: Day | null, periods: readonly Period[]): boolean {
  return day !== null && day <= periods[0]!.end;
}
