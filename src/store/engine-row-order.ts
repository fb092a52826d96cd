import type { RecurringInvoiceLineColumns, SubscriptionColumns } from './store.ts';

type Column = Int32Array | Float64Array;

/**
 * Subscription rows, grouped by customer as a store reads them, with each customer's rows
 * in the engine's order: by start day, then by every other column the engine reads. Rows
 * that order cannot tell apart are the same to the engine, so the order depends on the
 * rows' values alone, not on how a store found them: both stores, each way of reading,
 * and the in-memory inputs (engine/rows-to-inputs.ts) give the engine the same sequence,
 * and so the same sums to the last bit.
 */
export function subscriptionsInEngineOrder(s: SubscriptionColumns): SubscriptionColumns {
  return withinCustomers(s, [
    s.start,
    s.end,
    s.trialEnd,
    s.canceledAt,
    s.amount,
    s.currency,
    s.interval,
    s.intervalCount,
    s.quantity,
    s.discountPercent,
    s.discountDuration,
  ]);
}

/** Recurring invoice lines in the engine's order: as subscriptions, from the period's start. */
export function invoiceLinesInEngineOrder(
  lines: RecurringInvoiceLineColumns,
): RecurringInvoiceLineColumns {
  return withinCustomers(lines, [
    lines.periodStart,
    lines.periodEnd,
    lines.netAmount,
    lines.currency,
    lines.isUsage,
  ]);
}

/** Longer runs of one customer's rows go to the typed array's sort, shorter ones are insertion-sorted. */
const INSERTION_SORT_MAX = 16;

/**
 * `table` (rows grouped by `customer`) with each customer's rows ordered by `keys`, compared
 * in turn. The same table when every customer's rows are in order already (a store's
 * sorted read mostly is); otherwise a copy of every column, permuted.
 */
function withinCustomers<T extends { readonly length: number; readonly customer: Int32Array }>(
  table: T,
  keys: readonly [Column, ...Column[]],
): T {
  const [first, ...rest] = keys;
  // Most pairs differ in the first key: it is compared apart, without the loop.
  const compare = (a: number, b: number): number => {
    const difference = first[a]! - first[b]!;
    return difference !== 0 ? difference : compareRest(rest, a, b);
  };
  const { customer, length } = table;
  let order: Int32Array | null = null;
  for (let from = 0; from < length;) {
    let end = from + 1;
    let sorted = true;
    for (; end < length && customer[end] === customer[from]; end++)
      if (sorted && compare(end - 1, end) > 0) sorted = false;
    if (!sorted) {
      order ??= identity(length);
      sortRun(order, from, end, compare);
    }
    from = end;
  }
  return order === null ? table : permuted(table, order);
}

function compareRest(keys: readonly Column[], a: number, b: number): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const difference = key[a]! - key[b]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

function identity(length: number): Int32Array {
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return order;
}

/** Sorts `order[from..end)` by `compare`. */
function sortRun(
  order: Int32Array,
  from: number,
  end: number,
  compare: (a: number, b: number) => number,
): void {
  if (end - from > INSERTION_SORT_MAX) {
    order.subarray(from, end).sort(compare);
    return;
  }
  for (let i = from + 1; i < end; i++) {
    const row = order[i]!;
    let j = i;
    for (; j > from && compare(order[j - 1]!, row) > 0; j--) order[j] = order[j - 1]!;
    order[j] = row;
  }
}

/** Every column of `table` with row i taken from row `order[i]`. */
function permuted<T extends { readonly length: number }>(table: T, order: Int32Array): T {
  const out: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(table as Record<string, unknown>))
    out[name] =
      column instanceof Int32Array
        ? gather(column, new Int32Array(order.length), order)
        : column instanceof Float64Array
          ? gather(column, new Float64Array(order.length), order)
          : column;
  return out as T;
}

function gather<C extends Column>(column: C, into: C, order: Int32Array): C {
  for (let i = 0; i < order.length; i++) into[i] = column[order[i]!]!;
  return into;
}
