/**
 * MRR results kept in the store, brought up to date customer by customer (docs/scaling.md,
 * "Incremental recompute").
 *
 * MRR movements are per customer, then summed: the store keeps each customer's share of
 * every per-period figure (and its movement ledger) beside their exact sums. A write
 * leaves a pending mark naming the customers it touched (an exchange-rate write: every
 * customer with rows in that currency); bringing the results up to date recomputes only
 * those customers, takes their old shares out of the sums and puts the new ones in.
 *
 * Results are valid for one day: they take history up to `through` (today in the
 * workspace's zone when computed) into account, the running month included as far as it
 * has gone, as every surface shows it. On a later day open-ended subscriptions have run
 * on, scheduled changes have come due and unpaid invoices have aged, so the next request
 * recomputes everything once (as it does after a change of settings, an engine upgrade or
 * a write no customer list describes).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Day } from '../model/day.ts';
import { todayIn } from '../model/today.ts';
import { periodsBetween } from '../model/period.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type {
  MrrInputChunks,
  MrrInputs,
  MrrPendingWrites,
  MrrResultsWrite,
  Store,
} from '../store/store.ts';
import {
  customerContributions,
  keptContribution,
  type ContributionGrid,
  type CustomerContribution,
} from '../engine/customer-contribution.ts';
import type { MrrFacts } from '../engine/mrr.ts';
import {
  addContribution,
  addSums,
  factsFromSums,
  subscriptionFactsFromSums,
  type MrrSums,
} from '../engine/mrr-sums.ts';
import type { SubscriptionFacts } from '../engine/shards.ts';
import {
  decodeContribution,
  decodeResults,
  encodeContribution,
  encodeResults,
  type ResultsCoverage,
} from './mrr-results-codec.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import { transferables } from '../engine/shard-pool.ts';
import { onWorkersInOrder } from '../model/ordered-workers.ts';
import { computeResultsRange, inFirstPeriod, type ResultsRange } from './results-range.ts';
import type { ResultsTask } from './results-worker.ts';
import { mrrReadOptions } from './mrr-read-options.ts';

/**
 * Moves whenever the engine's figures for the same data change, or what a share holds:
 * stored results then go. 2: shares carry seats and renewal terms. 3: running native sums
 * compensated (an amount added and taken away leaves no residue), and the fx before a spell
 * that join-and-leave ignores is kept.
 */
export const MRR_ENGINE_VERSION = 3;

/**
 * Pending customers beyond this share of the stored ones (and beyond a minimum) are
 * cheaper to recompute in one full pass than one by one with their old shares read back.
 */
const INCREMENTAL_SHARE = 0.25;
const INCREMENTAL_MINIMUM = 1_000;

/**
 * Settings that never change MRR figures (`locale`, the language of digests, arrives with
 * the i18n work): changing them keeps the stored results.
 */
const NOT_IN_FINGERPRINT: ReadonlySet<string> = new Set(['demo', 'activationEvent', 'locale']);

/** Everything that changes the stored figures: definitions, currency, zone, engine version. */
export function resultsFingerprint(settings: WorkspaceSettings): string {
  const relevant = Object.entries(settings)
    .filter(([name, value]) => !NOT_IN_FINGERPRINT.has(name) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const text = JSON.stringify({
    engine: MRR_ENGINE_VERSION,
    interval: 'month',
    mode: 'event',
    settings: relevant,
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export interface StoredMrr {
  /** The workspace's MRR facts (monthly, event-dated; no per-customer book or movement log). */
  readonly facts: MrrFacts;
  /** Seats and renewal terms per period (of the facts' periods). */
  readonly subscriptions: SubscriptionFacts;
  /** How they were obtained: read as stored, brought up to date, or recomputed in full. */
  readonly source: 'stored' | 'incremental' | 'full';
  /** Customers whose shares were recomputed. */
  readonly recomputed: number;
}

export interface RecomputeProgress {
  /** Customers whose shares are computed so far, of `total`. */
  readonly done: number;
  readonly total: number;
}

/**
 * Customers per chunk a full recompute reads, computes and writes (a transaction of bounded
 * size each). A range is in memory on each core and on the writing thread at once: at 1M
 * customers, 50,000 a range peaked at 1.9 GiB, 25,000 at 1.1–1.2 GiB, 12,500 at 0.9 GiB,
 * in no more time; 6,250 saved another 0.1 GiB but took longer.
 */
export const RESULTS_CHUNK_CUSTOMERS = 12_500;

/**
 * Recomputes every customer's share and stores the results (`northstar recompute`); from
 * then on the workspace keeps results, and writes leave pending marks. Customers are read,
 * walked and stored a range at a time (`chunkCustomers`) under a new generation that the
 * end switches to, so memory holds one range's inputs and shares, and an interrupted
 * recompute leaves the previous results as they were. `onProgress` hears once the
 * customers are counted, then after each range is stored.
 */
export async function recomputeMrrResults(
  store: Store,
  workspaceId: string,
  through: Day,
  onProgress?: (progress: RecomputeProgress) => void,
  chunkCustomers = RESULTS_CHUNK_CUSTOMERS,
): Promise<StoredMrr> {
  const pending = await store.claimMrrPending(workspaceId);
  const settings = await store.workspace(workspaceId);
  const fingerprint = resultsFingerprint(settings);
  // Every range must share the first month of the whole walk. It is known once a range
  // starts earlier than all before it: then the ranges already stored start again.
  let firstDay: Day | undefined;
  for (;;) {
    const replacement = await store.startMrrResults(workspaceId, fingerprint);
    // Ends the replacement should this pass not commit it (a moved first month, an error).
    try {
      const read = await store.readMrrInputChunks(
        workspaceId,
        mrrReadOptions(settings),
        chunkCustomers,
      );
      onProgress?.({ done: 0, total: read.customers });
      const grid = () => ({
        lastDay: through,
        settings,
        ...(firstDay === undefined ? {} : { firstDay }),
      });
      let results: { coverage: ResultsCoverage; sums: MrrSums } | null = null;
      let moved = false;
      for await (const { range, inputs } of resultsRanges(read, grid)) {
        moved = firstDay !== undefined && range.start < firstDay;
        if (firstDay === undefined || moved) firstDay = range.start;
        // Leaving the loop ends the read (its snapshot and connection) and the workers.
        if (moved && results !== null) break;
        const { coverage, sums } = decodeResults(range.body);
        if (results === null) results = { coverage, sums };
        else {
          addSums(results.sums, sums);
          results.coverage = {
            ...results.coverage,
            customers: results.coverage.customers + coverage.customers,
            firstPeriodCustomers:
              results.coverage.firstPeriodCustomers + coverage.firstPeriodCustomers,
          };
        }
        await replacement.write(range.shares.map((share, c) => [inputs.customerIds[c]!, share]));
        onProgress?.({ done: results.coverage.customers, total: read.customers });
      }
      if (moved && results !== null) continue;
      // No customer has MRR inputs: the walk of nobody gives the periods.
      results ??= decodeResults(computeResultsRange(mrrInputsFromRows([]), grid()).body);
      await replacement.commit(encodeResults(results.coverage, results.sums), pending.marks);
      return {
        ...factsOf(results.coverage, results.sums, settings),
        source: 'full',
        recomputed: results.coverage.customers,
      };
    } finally {
      await replacement.abandon();
    }
  }
}

/**
 * The ranges of a chunked read computed (./results-range.ts), in order: the first on this
 * thread (it fixes the first month the others start from, when not known yet), the others
 * on worker threads while this one writes.
 */
async function* resultsRanges(
  read: MrrInputChunks,
  grid: () => ContributionGrid,
): AsyncGenerator<{ range: ResultsRange; inputs: MrrInputs }> {
  const chunks = read.chunks[Symbol.asyncIterator]();
  // However the caller stops (done, an error, leaving early), the read ends with it.
  try {
    const first = await chunks.next();
    if (first.done === true) return;
    yield { range: computeResultsRange(first.value, grid()), inputs: first.value };
    async function* tasks(): AsyncGenerator<ResultsTask> {
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next())
        yield { inputs: next.value, grid: grid() };
    }
    const ranges = onWorkersInOrder<ResultsTask, ResultsRange>(
      import.meta.url,
      'results-worker',
      tasks(),
      Math.min(availableParallelism(), read.count - 1),
      // The ids stay here (the shares come back in their order); the columns move.
      (task) => transferables(task.inputs),
      // Each worker has a range to go on with while this thread writes the last one.
      1,
    );
    for await (const { task, reply } of ranges) yield { range: reply, inputs: task.inputs };
  } finally {
    await chunks.return?.();
  }
}

/**
 * Starts keeping results for a workspace with MRR data that keeps none: the full recompute
 * `northstar recompute` does, through today in the workspace's zone. A workspace that keeps
 * them is left alone (its next metrics request brings them up to date). What a server does
 * before its first answers, so that from then on a webhook costs one customer's recompute.
 */
export async function keepMrrResults(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
): Promise<'kept' | 'started' | 'no data'> {
  if ((await store.readMrrResults(workspaceId)) !== null) return 'kept';
  const counts = await store.counts(workspaceId);
  if (counts.subscriptions + counts.invoices === 0) return 'no data';
  const settings = await store.workspace(workspaceId);
  await recomputeMrrResults(store, workspaceId, todayIn(settings.timeZone, now));
  return 'started';
}

/**
 * The workspace's stored MRR results for history through `through`, brought up to date
 * with the writes since (only the customers they touched are recomputed; everything when
 * the settings, the day or the engine changed). Null when the workspace keeps no results
 * (`northstar recompute` starts keeping them).
 */
export async function currentMrrResults(
  store: Store,
  workspaceId: string,
  through: Day,
  onRecompute?: (progress: RecomputeProgress) => void,
): Promise<StoredMrr | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await store.readMrrResults(workspaceId);
    if (stored === null) return null;
    const settings = await store.workspace(workspaceId);
    const fingerprint = resultsFingerprint(settings);
    const { coverage, sums } = decodeResults(stored.body);
    if (stored.fingerprint !== fingerprint || coverage.through !== through) break;
    const pending = await store.claimMrrPending(workspaceId);
    if (pending.marks.length === 0)
      return { ...factsOf(coverage, sums, settings), source: 'stored', recomputed: 0 };
    if (pending.everything || tooMany(pending, coverage)) break;
    const update = await incrementalUpdate(store, workspaceId, settings, coverage, sums, pending);
    if (update === null) break;
    const write: MrrResultsWrite = {
      fingerprint,
      body: encodeResults(update.coverage, sums),
      customers: update.customers,
      marks: pending.marks,
    };
    // Another process brought them up to date meanwhile: start again from its results.
    if (!(await store.updateMrrResults(workspaceId, stored.revision, write))) continue;
    return {
      ...factsOf(update.coverage, sums, settings),
      source: 'incremental',
      recomputed: update.customers.length,
    };
  }
  return recomputeMrrResults(store, workspaceId, through, onRecompute);
}

function tooMany(pending: MrrPendingWrites, coverage: ResultsCoverage): boolean {
  const limit = Math.max(INCREMENTAL_MINIMUM, coverage.customers * INCREMENTAL_SHARE);
  return pending.customerIds.length > limit;
}

/**
 * The pending customers recomputed and swapped into `sums` (in place), or null when the
 * periods themselves move (a customer now starts before the first period, or none is left
 * in it): then only a full recompute gives the engine's figures.
 */
async function incrementalUpdate(
  store: Store,
  workspaceId: string,
  settings: WorkspaceSettings,
  coverage: ResultsCoverage,
  sums: MrrSums,
  pending: MrrPendingWrites,
) {
  const ids = pending.customerIds;
  const fingerprint = resultsFingerprint(settings);
  const old = await store.readMrrCustomerResults(workspaceId, fingerprint, ids);
  const inputs = await store.readMrrInputs(workspaceId, {
    ...mrrReadOptions(settings),
    customerIds: ids,
  });
  const fresh = new Map<string, CustomerContribution>();
  const { periods, months } = customerContributions(
    inputs,
    { firstDay: coverage.firstDay, lastDay: coverage.through, settings },
    (c, share) => fresh.set(inputs.customerIds[c]!, keptContribution(share)),
  );
  if (periods[0]!.start !== coverage.firstDay) return null;
  let { customers, firstPeriodCustomers } = coverage;
  const written: [string, string | null][] = [];
  for (const id of ids) {
    const before = old.get(id);
    if (before !== undefined) {
      const share = decodeContribution(before, periods.length, months.length);
      addContribution(sums, share, -1);
      customers--;
      if (inFirstPeriod(share.firstChangeDay, periods)) firstPeriodCustomers--;
    }
    const after = fresh.get(id);
    if (after !== undefined) {
      addContribution(sums, after, 1);
      customers++;
      if (inFirstPeriod(after.firstChangeDay, periods)) firstPeriodCustomers++;
    }
    written.push([id, after === undefined ? null : encodeContribution(after)]);
  }
  if (firstPeriodCustomers === 0 && customers > 0) return null;
  if (customers === 0 && periods.length > 1) return null;
  return { coverage: { ...coverage, customers, firstPeriodCustomers }, customers: written };
}

function factsOf(coverage: ResultsCoverage, sums: MrrSums, settings: WorkspaceSettings) {
  const periods = periodsBetween(coverage.firstDay, coverage.through, 'month');
  return {
    facts: factsFromSums(sums, { currency: settings.currency, periods, months: periods }),
    subscriptions: subscriptionFactsFromSums(sums),
  };
}
