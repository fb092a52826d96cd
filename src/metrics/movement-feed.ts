/**
 * The movements feed: every MRR movement in a range with the customer's name and the period
 * it counts in, and the totals per type. The movements are the MRR metric's own (the query's
 * facts), so a type's total over a period is that period's movement metric: the feed and
 * the MRR movements chart cannot disagree.
 */
import { formatDay, parseIsoDay } from '../model/day.ts';
import { toMajor } from '../model/money.ts';
import type { Store } from '../store/store.ts';
import { attributeLookup } from '../engine/segments.ts';
import { MOVEMENT_TYPES, type MovementType } from '../engine/mrr.ts';
import { movementColumns, type MovementColumns } from '../engine/movement-columns.ts';
import { queryMovements, type MetricQuery } from './query.ts';
import type { MovementRecord } from './report.ts';
import { positionOf, type TextColumn } from '../model/text-column.ts';

/** Movement types in the order the chart stacks them; losses count against net new MRR. */
export const FEED_TYPES = ['new', 'expansion', 'reactivation', 'contraction', 'churned'] as const;
export type FeedType = (typeof FEED_TYPES)[number];
const LOSSES: ReadonlySet<string> = new Set(['contraction', 'churned']);

export interface FeedMovement extends MovementRecord {
  /** The customer's name from customers.csv (null when it has none). */
  name: string | null;
  /** Label of the period the movement counts in (`2026-11`, `2026-Q4`…). */
  period: string;
}

/**
 * The feed as columns, oldest first: movement i is row i of every column. A million
 * customers move 4.3M times over three years; as objects they took seconds to build, copy
 * between threads and filter, as columns a loop (see feedMovement for one as a record).
 * `customer` indexes `customerIds` and `names`.
 */
export interface MovementFeed extends MovementColumns {
  readonly currency: string;
  readonly mode: string;
  readonly length: number;
  /** Index into `periods`. */
  readonly period: Int32Array;
  readonly periods: readonly string[];
  /** Arrays where the feed is computed; columns read in place where it was sent. */
  readonly customerIds: TextColumn;
  /** Each customer's name (null when it has none), in `customerIds` order. */
  readonly names: TextColumn;
}

export type FeedQuery = Omit<MetricQuery, 'metrics' | 'preset' | 'by' | 'compare' | 'movements'>;

/** Every movement from the range's first period through its last day, by date, oldest first. */
export async function movementFeed(store: Store, query: FeedQuery): Promise<MovementFeed> {
  const [{ mrr, range }, nameColumn] = await Promise.all([
    queryMovements(store, query),
    store.readCustomerAttributes(query.workspaceId, ['name']),
  ]);
  const from = range.from === undefined ? -Infinity : parseIsoDay(range.from)!;
  const to = parseIsoDay(range.to)!;
  // The movement objects are read once, in the engine's order (by customer), into columns:
  // read in date order instead, 4.3M objects spread over the heap cost seconds of cache
  // misses at 1M customers.
  const all = movementColumns(mrr.movements ?? []);
  const { day } = all;
  // The engine keeps a customer's movements together; the feed reads by date. A counting
  // sort by day is stable: a customer's movements on one day keep their order.
  let first = 0;
  let last = -1;
  for (let i = 0; i < day.length; i++) {
    if (i === 0 || day[i]! < first) first = day[i]!;
    if (i === 0 || day[i]! > last) last = day[i]!;
  }
  const counts = new Int32Array(last - first + 2);
  for (let i = 0; i < day.length; i++) counts[day[i]! - first + 1]!++;
  for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
  const byDay = new Int32Array(day.length);
  for (let i = 0; i < day.length; i++) byDay[counts[day[i]! - first]!++] = i;
  let n = 0;
  for (let i = 0; i < byDay.length; i++) {
    const d = day[byDay[i]!]!;
    if (d >= from && d <= to) byDay[n++] = byDay[i]!;
  }
  const kept = byDay.subarray(0, n);
  const nameOf = attributeLookup(nameColumn);
  const feed = {
    currency: mrr.currency,
    mode: mrr.mode,
    length: n,
    day: new Int32Array(n),
    customer: new Int32Array(n),
    type: new Uint8Array(n),
    amount: new Float64Array(n),
    before: new Float64Array(n),
    after: new Float64Array(n),
    period: new Int32Array(n),
    periods: mrr.periods.map((p) => p.label),
    customerIds: mrr.customerIds,
    names: mrr.customerIds.map((id) => nameOf(id, 'name')),
  };
  for (let row = 0, k = 0; row < n; row++) {
    const i = kept[row]!;
    while (k < mrr.periods.length - 1 && mrr.periods[k]!.end < day[i]!) k += 1;
    feed.day[row] = day[i]!;
    feed.customer[row] = all.customer[i]!;
    feed.type[row] = all.type[i]!;
    feed.amount[row] = all.amount[i]!;
    feed.before[row] = all.before[i]!;
    feed.after[row] = all.after[i]!;
    feed.period[row] = k;
  }
  return feed;
}

/** Movement `row` of the feed as the API and downloads show it (money in major units). */
export function feedMovement(feed: MovementFeed, row: number): FeedMovement {
  const c = feed.customer[row]!;
  return {
    date: formatDay(feed.day[row]!),
    customer_id: feed.customerIds.at(c)!,
    name: feed.names.at(c) ?? null,
    type: MOVEMENT_TYPES[feed.type[row]!]!,
    period: feed.periods[feed.period[row]!]!,
    amount: toMajor(feed.amount[row]!, feed.currency),
    mrr_before: toMajor(feed.before[row]!, feed.currency),
    mrr_after: toMajor(feed.after[row]!, feed.currency),
  };
}

/**
 * The rows of the feed of one type and/or one customer (either absent: any), oldest first;
 * null when neither filter is given (every row).
 */
export function feedRowsOf(
  feed: MovementFeed,
  filter: { type?: MovementType | undefined; customerId?: string | undefined },
): Int32Array | null {
  if (filter.type === undefined && filter.customerId === undefined) return null;
  const type = filter.type === undefined ? -1 : MOVEMENT_TYPES.indexOf(filter.type);
  const customer =
    filter.customerId === undefined ? -1 : positionOf(feed.customerIds, filter.customerId);
  if (filter.customerId !== undefined && customer < 0) return new Int32Array(0);
  let count = 0;
  const rows = new Int32Array(feed.length);
  for (let row = 0; row < feed.length; row++)
    if ((type < 0 || feed.type[row] === type) && (customer < 0 || feed.customer[row] === customer))
      rows[count++] = row;
  return rows.slice(0, count);
}

/**
 * Each type's total and net new MRR (gains less losses) of some rows of the feed (null:
 * all), summed in minor units so that cents do not drift.
 */
export function feedTotals(
  feed: MovementFeed,
  rows: Int32Array | null,
): Record<FeedType | 'net_new', number> {
  const byType = new Float64Array(MOVEMENT_TYPES.length);
  const count = rows === null ? feed.length : rows.length;
  for (let i = 0; i < count; i++) {
    const row = rows === null ? i : rows[i]!;
    byType[feed.type[row]!]! += feed.amount[row]!;
  }
  const minor = Object.fromEntries([...FEED_TYPES, 'net_new'].map((t) => [t, 0])) as Record<
    FeedType | 'net_new',
    number
  >;
  MOVEMENT_TYPES.forEach((type, code) => {
    const cents = byType[code]!;
    if (type in minor) minor[type as FeedType] += cents;
    minor.net_new += LOSSES.has(type) ? -cents : cents;
  });
  return Object.fromEntries(
    Object.entries(minor).map(([t, v]) => [t, toMajor(v, feed.currency)]),
  ) as Record<FeedType | 'net_new', number>;
}
