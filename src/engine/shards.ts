import type { Day } from '../model/day.ts';
import type { MrrInputs } from '../store/store.ts';
import { measureDays } from './engagement.ts';
import {
  computeMrrShard,
  mergeMrrShards,
  type MrrFacts,
  type MrrOptions,
  type MrrShard,
} from './mrr.ts';
import { PeriodIndex } from './period-index.ts';
import { renewals, seats, type Renewals } from './revenue.ts';
import { hasPlans, linePlanCodes, planSeriesInputs } from './plan-series.ts';

/**
 * The unit of a full recompute: the facts of one range of customers, computed from that
 * range's inputs alone. Everything in it merges exactly: per-period integer sums add (Σ
 * MRR² as BigInt), per-customer parts (timelines, end values, movements) concatenate in
 * customer order. Worker threads compute shards side by side (./shard-pool.ts); a
 * distributed run would compute them where the customers' rows live (docs/scaling.md).
 */
export interface Shard {
  readonly mrr: MrrShard;
  /** Seats and renewals from the range's subscription rows, when asked for. */
  readonly subscriptions: SubscriptionFacts | null;
  readonly subscriptionRows: number;
}

/** Per-period facts of the subscription rows (summed over customers). */
export interface SubscriptionFacts {
  readonly renewals: Renewals;
  /** Seats of paid lines in force on each period's measure day. */
  readonly seats: readonly number[];
}

export interface ShardOptions extends Omit<MrrOptions, 'baseline'> {
  /** Also compute seats and renewals from the subscription rows. */
  readonly subscriptionFacts: boolean;
  /**
   * One shard per plan instead (`--by plan`, inputs read `withPlans`): each plan's rows
   * valued on top of the plans before it (./plan-series.ts), in MrrInputs.plans order.
   */
  readonly byPlan?: boolean;
}

/** The shards of one range of customers: one of all its rows, or one per plan (`byPlan`). */
export function computeShards(inputs: MrrInputs, options: ShardOptions): Shard[] {
  if (options.byPlan !== true) return [computeShard(inputs, options)];
  if (!hasPlans(inputs)) throw new Error('a shard by plan needs inputs read withPlans');
  const linePlans = linePlanCodes(inputs);
  return inputs.plans.map((_, code) => {
    const series = planSeriesInputs(inputs, linePlans, code);
    return computeShard(series.inputs, options, series.baseline);
  });
}

export function computeShard(
  inputs: MrrInputs,
  options: ShardOptions,
  /** Rows the inputs are valued on top of (MrrOptions.baseline). */
  baseline?: MrrInputs,
): Shard {
  const mrr = computeMrrShard(inputs, baseline ? { ...options, baseline } : options);
  const subs = inputs.subscriptions;
  const subscriptions = options.subscriptionFacts
    ? {
        renewals: renewals(subs, new PeriodIndex(mrr.periods), options.settings, options.lastDay),
        seats: seats(inputs, measureDays(mrr.periods, options.lastDay), options.settings, false)
          .total,
      }
    : null;
  return { mrr, subscriptions, subscriptionRows: subs.length };
}

export interface MergedShards {
  readonly mrr: MrrFacts;
  /** Null when not asked for or when no shard has a subscription row. */
  readonly subscriptions: SubscriptionFacts | null;
}

/**
 * Shards of consecutive customer ranges, in customer order, to the facts of all their
 * customers: the same numbers as one shard of every customer (property-tested). Each shard
 * must have been computed from `options.firstDay` or earlier (see firstDayBound).
 */
export function mergeShards(shards: readonly Shard[], options: MrrOptions): MergedShards {
  const mrr = mergeMrrShards(
    shards.map((s) => s.mrr),
    options,
  );
  const n = mrr.periods.length;
  const withRows = shards.filter((s) => s.subscriptionRows > 0);
  if (withRows.length === 0 || shards.some((s) => s.subscriptions === null))
    return { mrr, subscriptions: null };
  const due = new Float64Array(n);
  const renewed = new Float64Array(n);
  const seatTotals = new Array<number>(n).fill(0);
  for (const s of withRows) {
    const facts = s.subscriptions!;
    const skip = facts.seats.length - n;
    for (let k = 0; k < n; k++) {
      due[k]! += facts.renewals.due[k + skip]!;
      renewed[k]! += facts.renewals.renewed[k + skip]!;
      seatTotals[k]! += facts.seats[k + skip]!;
    }
  }
  return { mrr, subscriptions: { renewals: { due, renewed }, seats: seatTotals } };
}

/**
 * A day on or before every day a customer's MRR can change, from the raw inputs: lines
 * start paying on their start (or later, after a trial) and invoice lines on their service
 * period's start (usage lines on its end). Shards computed from it share their periods.
 */
export function firstDayBound(inputs: MrrInputs): Day | null {
  let first = Infinity;
  const { subscriptions: s, invoiceLines: l } = inputs;
  for (let i = 0; i < s.length; i++) if (s.start[i]! < first) first = s.start[i]!;
  for (let i = 0; i < l.length; i++) if (l.periodStart[i]! < first) first = l.periodStart[i]!;
  return first === Infinity ? null : first;
}

/**
 * The inputs of customers [from, to) (indexes into `customerIds`), renumbered from 0: what
 * a store's chunked read returns for that range. Rows are sorted by customer, so each
 * table's range is found by binary search and the columns are views, not copies.
 */
export function sliceMrrInputs(inputs: MrrInputs, from: number, to: number): MrrInputs {
  return {
    customerIds: inputs.customerIds.slice(from, to),
    currencies: inputs.currencies,
    fxRates: inputs.fxRates,
    subscriptions: sliceColumns(inputs.subscriptions, from, to),
    invoiceLines: sliceColumns(inputs.invoiceLines, from, to),
    lateInvoices: sliceColumns(inputs.lateInvoices, from, to),
    ...(inputs.plans ? { plans: inputs.plans } : {}),
  };
}

type Columns = { readonly length: number; readonly customer: Int32Array };

function sliceColumns<T extends Columns>(table: T, from: number, to: number): T {
  const first = firstRowOf(table.customer, table.length, from);
  const end = firstRowOf(table.customer, table.length, to);
  const out: Record<string, unknown> = { length: end - first };
  for (const [key, column] of Object.entries(table as Record<string, unknown>)) {
    if (key === 'customer') {
      const customer = new Int32Array(end - first);
      for (let i = first; i < end; i++) customer[i - first] = table.customer[i]! - from;
      out[key] = customer;
    } else if (column instanceof Int32Array || column instanceof Float64Array)
      out[key] = column.subarray(first, end);
    else if (key !== 'length') out[key] = column;
  }
  return out as T;
}

/** The first row whose customer is `customer` or later (rows sorted by customer). */
function firstRowOf(customers: Int32Array, length: number, customer: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (customers[mid]! < customer) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
