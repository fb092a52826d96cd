import { availableParallelism } from 'node:os';
import { computeShardsOnWorkers } from '../engine/shard-pool.ts';
import {
  computeShards,
  mergeShards,
  type MergedShards,
  type Shard,
  type ShardOptions,
} from '../engine/shards.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import type { MrrInputs, MrrReadOptions, Store } from '../store/store.ts';

/**
 * Customers per shard of a full recompute. A workspace this small or smaller is one shard
 * computed on the calling thread (no worker start-up for the demo); a larger one is read
 * a shard at a time and computed on every core, so memory holds a few shards' inputs, not
 * the workspace's. At 1M customers the overview from the rows peaked at 1.04–1.06 GiB with
 * shards of 125,000, 0.9 GiB with 62,500 (0.3 s slower), 0.8 GiB with 31,250 (1.5 s slower).
 */
export const CUSTOMERS_PER_SHARD = 62_500;

/** How a recompute is split: worker threads (default one per core) and shard size. */
export interface ShardPlan {
  readonly threads?: number;
  readonly customersPerShard?: number;
}

/**
 * The rows of each range a computation keeps (a segment's): `select` takes a range's
 * inputs, read with each row's plan when `withPlans`, and returns the rows it keeps.
 */
export interface RangeSelection {
  readonly select: (inputs: MrrInputs) => MrrInputs;
  readonly withPlans: boolean;
}

const EVERY_ROW: RangeSelection = { select: (inputs) => inputs, withPlans: false };

/**
 * The whole workspace's MRR facts (and seats and renewals when asked), or a segment's,
 * split by customer: the store reads one range of customers at a time, each range is
 * computed as a shard, on worker threads when there are several, and the shards are
 * merged exactly (src/engine/shards.ts). The numbers are those of one pass over every
 * customer.
 */
export async function shardedRecompute(
  store: Store,
  workspaceId: string,
  options: ShardOptions,
  plan: ShardPlan = {},
  selection: RangeSelection = EVERY_ROW,
): Promise<MergedShards> {
  const { ranges } = await rangeShards(store, workspaceId, options, plan, selection);
  return mergeShards(
    ranges.map(([shard]) => shard!),
    options,
  );
}

/** One `--by plan` series: its plan and its facts. */
export interface PlanSeriesFacts {
  readonly plan: string;
  readonly facts: MergedShards;
}

/**
 * The `--by plan` series of the workspace, or of the customers `select` keeps of each
 * range, the same way: every range computes one shard per plan (computeShards with
 * `byPlan`), and each plan's shards are merged. The series add up to the whole workspace's
 * facts to the minor unit (each is valued on top of the plans before it).
 */
export async function shardedPlanSeries(
  store: Store,
  workspaceId: string,
  options: Omit<ShardOptions, 'byPlan'>,
  select: (inputs: MrrInputs) => MrrInputs = (inputs) => inputs,
  plan: ShardPlan = {},
): Promise<PlanSeriesFacts[]> {
  const byPlan = { ...options, byPlan: true };
  const selection = { select, withPlans: true };
  const { plans, ranges } = await rangeShards(store, workspaceId, byPlan, plan, selection);
  return plans.map((name, code) => ({
    plan: name,
    facts: mergeShards(
      ranges.map((shards) => shards[code]!),
      options,
    ),
  }));
}

/** Each range's shards (computeShards), in customer order, and the plans read with them. */
async function rangeShards(
  store: Store,
  workspaceId: string,
  options: ShardOptions,
  plan: ShardPlan,
  { select, withPlans }: RangeSelection,
): Promise<{ plans: readonly string[]; ranges: Shard[][] }> {
  const { settings } = options;
  const readOptions: MrrReadOptions = {
    delinquencyDays: settings.delinquencyDays,
    keepRefunded: settings.refundsReduceMrr === false,
    ...(withPlans ? { withPlans } : {}),
  };
  const read = await store.readMrrInputChunks(
    workspaceId,
    readOptions,
    plan.customersPerShard ?? CUSTOMERS_PER_SHARD,
  );
  // Every shard from the same first day (on or before any change): they share periods.
  const bound = read.firstDay ?? options.lastDay;
  const shardOptions = { ...options, firstDay: Math.min(options.firstDay ?? bound, bound) };
  const threads = Math.min(plan.threads ?? availableParallelism(), read.count);
  async function* selected(): AsyncGenerator<MrrInputs> {
    for await (const inputs of read.chunks) yield select(inputs);
  }
  let ranges: Shard[][];
  if (threads <= 1) {
    ranges = [];
    for await (const inputs of selected()) ranges.push(computeShards(inputs, shardOptions));
  } else ranges = await computeShardsOnWorkers(selected(), shardOptions, threads);
  // A workspace without inputs: one empty range (by plan, it has no plan and no shard).
  if (ranges.length === 0)
    ranges.push(
      computeShards(mrrInputsFromRows([], [], [], null, undefined, false, withPlans), shardOptions),
    );
  return { plans: read.plans ?? [], ranges };
}
