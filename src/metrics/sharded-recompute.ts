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
import { mrrReadOptions } from './mrr-read-options.ts';

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
 * What a computation takes of each range of customers: `parts` turns a range's inputs
 * (read with each row's plan when `withPlans`) into the parts computed from it, in order:
 * the rows a segment keeps, or one part per series of a breakdown.
 */
export interface RangeSelection {
  readonly parts: (inputs: MrrInputs) => MrrInputs[];
  readonly withPlans: boolean;
}

const EVERY_ROW: RangeSelection = { parts: (inputs) => [inputs], withPlans: false };

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

/**
 * A breakdown whose series are parts of each range (the selection gives every range the
 * same number of parts, in series order: its customers split by an attribute's value, say):
 * each series' facts, merged from its part of every range.
 */
export async function shardedSeries(
  store: Store,
  workspaceId: string,
  options: ShardOptions,
  selection: RangeSelection,
  plan: ShardPlan = {},
): Promise<MergedShards[]> {
  const { ranges } = await rangeShards(store, workspaceId, options, plan, selection);
  return mergeEachSeries(ranges, options);
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
  const selection = { parts: (inputs: MrrInputs) => [select(inputs)], withPlans: true };
  const { plans, ranges } = await rangeShards(store, workspaceId, byPlan, plan, selection);
  const merged = mergeEachSeries(ranges, options);
  return plans.map((name, code) => ({ plan: name, facts: merged[code]! }));
}

/** Series k's facts from shard k of every range (each range has one shard per series). */
function mergeEachSeries(ranges: readonly Shard[][], options: ShardOptions): MergedShards[] {
  return ranges[0]!.map((_, k) =>
    mergeShards(
      ranges.map((shards) => shards[k]!),
      options,
    ),
  );
}

/**
 * Each range's shards (computeShards of each of its parts, in order), in customer order,
 * and the plans read with them.
 */
async function rangeShards(
  store: Store,
  workspaceId: string,
  options: ShardOptions,
  plan: ShardPlan,
  { parts, withPlans }: RangeSelection,
): Promise<{ plans: readonly string[]; ranges: Shard[][] }> {
  const { settings } = options;
  const readOptions: MrrReadOptions = {
    ...mrrReadOptions(settings),
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
  const partsOfRange: number[] = [];
  async function* partsOf(chunks: AsyncIterable<MrrInputs>): AsyncGenerator<MrrInputs> {
    for await (const inputs of chunks) {
      const list = parts(inputs);
      partsOfRange.push(list.length);
      yield* list;
    }
  }
  // A workspace without inputs: one empty range (by plan, it has no plan and no shard).
  const empty = async function* () {
    yield mrrInputsFromRows([], [], [], null, undefined, false, withPlans);
  };
  const chunks = read.count > 0 ? partsOf(read.chunks) : partsOf(empty());
  let computed: Shard[][];
  if (threads <= 1) {
    computed = [];
    for await (const inputs of chunks) computed.push(computeShards(inputs, shardOptions));
  } else computed = await computeShardsOnWorkers(chunks, shardOptions, threads);
  let next = 0;
  const ranges = partsOfRange.map((n) => computed.slice(next, (next += n)).flat());
  return { plans: read.plans ?? [], ranges };
}
