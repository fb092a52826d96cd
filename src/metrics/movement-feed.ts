/**
 * The movements feed: every MRR movement in a range with the customer's name and the period
 * it counts in, and the totals per type. The movements are the MRR metric's own (the query's
 * facts), so a type's total over a period is that period's movement metric: the feed and
 * the MRR movements chart cannot disagree.
 */
import { formatDay } from '../model/day.ts';
import { toMajor, toMinor } from '../model/money.ts';
import type { Store } from '../store/store.ts';
import { attributeLookup } from '../engine/segments.ts';
import { queryMovements, type MetricQuery } from './query.ts';
import type { MovementRecord } from './report.ts';

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

export interface MovementFeed {
  currency: string;
  mode: string;
  /** Oldest first. */
  movements: FeedMovement[];
}

export type FeedQuery = Omit<MetricQuery, 'metrics' | 'preset' | 'by' | 'compare' | 'movements'>;

/** Every movement from the range's first period through its last day, by date, oldest first. */
export async function movementFeed(store: Store, query: FeedQuery): Promise<MovementFeed> {
  const [{ mrr, range }, names] = await Promise.all([
    queryMovements(store, query),
    store.readCustomerAttributes(query.workspaceId, ['name']),
  ]);
  const nameOf = attributeLookup(names);
  const from = range.from ?? '';
  const movements: FeedMovement[] = [];
  // The engine keeps a customer's movements together; the feed reads by date (the sort is
  // stable: a customer's movements on one day keep their order).
  const byDay = [...(mrr.movements ?? [])].sort((a, b) => a.day - b.day);
  let k = 0;
  for (const m of byDay) {
    const date = formatDay(m.day);
    if (date < from || date > range.to) continue;
    while (k < mrr.periods.length - 1 && mrr.periods[k]!.end < m.day) k += 1;
    const id = mrr.customerIds[m.customer]!;
    movements.push({
      date,
      customer_id: id,
      name: nameOf(id, 'name'),
      type: m.type,
      period: mrr.periods[k]!.label,
      amount: toMajor(m.amount, mrr.currency),
      mrr_before: toMajor(m.before, mrr.currency),
      mrr_after: toMajor(m.after, mrr.currency),
    });
  }
  return { currency: mrr.currency, mode: mrr.mode, movements };
}

/**
 * Each type's total and net new MRR (gains less losses) of some movements, summed in minor
 * units so that cents do not drift.
 */
export function feedTotals(
  movements: readonly MovementRecord[],
  currency: string,
): Record<FeedType | 'net_new', number> {
  const minor = Object.fromEntries([...FEED_TYPES, 'net_new'].map((t) => [t, 0])) as Record<
    FeedType | 'net_new',
    number
  >;
  for (const m of movements) {
    const cents = toMinor(m.amount, currency);
    if (m.type in minor) minor[m.type as FeedType] += cents;
    minor.net_new += LOSSES.has(m.type) ? -cents : cents;
  }
  return Object.fromEntries(
    Object.entries(minor).map(([t, v]) => [t, toMajor(v, currency)]),
  ) as Record<FeedType | 'net_new', number>;
}
