import type { RecurringInvoiceLineColumns, SubscriptionColumns } from './store.ts';

type Column = Int32Array | Float64Array;

/**
 * Subscription rows, grouped by customer as a store reads them, with each customer's rows
 * in the engine's order: by start day, then by every other column the engine reads. Rows
 * that order cannot tell apart are the same to the engine, so the order depends on the
 * rows' values alone, not on how a store found them: both stores, each way of reading,
 * and the in-memory inputs (engine/rows-to-inputs.ts) give the engine the same sequence,
 * and so the same sums to the last bit. Sorted in place: the columns must be the caller's
 * own (a fresh read), and the table is returned.
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
 * in turn, in place: the columns belong to the caller's fresh read. Only the rows of a
 * customer out of order are moved; a store's read mostly is in order already, and copying
 * every column of the table for a few customers cost 0.25 s of the main thread at 1M rows.
 */
function withinCustomers<T extends { readonly length: number; readonly customer: Int32Array }>(
  table: T,
  keys: readonly [Int32Array, ...Column[]],
): T {
  const [first, ...rest] = keys;
  // Most pairs differ in the first key: it is compared apart, without the loop.
  const compare = (a: number, b: number): number => {
    const difference = first[a]! - first[b]!;
    return difference !== 0 ? difference : compareRest(rest, a, b);
  };
  const { customer, length } = table;
  // First the rows that follow a row of the same customer with a start day not before
  // theirs, in a loop of its own (this runs over every row of every read); then those
  // customers' rows alone are sorted and moved.
  let found: Int32Array = new Int32Array(256);
  let count = 0;
  for (let row = 1; row < length; row++) {
    if (customer[row] === customer[row - 1] && first[row]! <= first[row - 1]!) {
      if (count === found.length) found = grown(found);
      found[count++] = row;
    }
  }
  if (count === 0) return table;
  const columns = new RowMover(table);
  let done = 0;
  for (let i = 0; i < count; i++) {
    const row = found[i]!;
    if (row < done || compare(row - 1, row) <= 0) continue;
    let from = row - 1;
    while (from > 0 && customer[from - 1] === customer[row]) from--;
    let end = row + 1;
    while (end < length && customer[end] === customer[row]) end++;
    const order = columns.order(from, end);
    sortRun(order, 0, end - from, compare);
    columns.permute(from, order);
    done = end;
  }
  return table;
}

function grown(array: Int32Array): Int32Array {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

function compareRest(keys: readonly Column[], a: number, b: number): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const difference = key[a]! - key[b]!;
    if (difference !== 0) return difference;
  }
  return 0;
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

/** Moves rows of a table's columns, with scratch space kept from one run to the next. */
class RowMover {
  readonly #ints: Int32Array[] = [];
  readonly #floats: Float64Array[] = [];
  #order = new Int32Array(16);
  #scratch = new Float64Array(16);

  constructor(table: object) {
    for (const column of Object.values(table)) {
      if (column instanceof Int32Array) this.#ints.push(column);
      else if (column instanceof Float64Array) this.#floats.push(column);
    }
  }

  /** The rows `from` up to `end`, in order, as room for their permutation. */
  order(from: number, end: number): Int32Array {
    if (this.#order.length < end - from) {
      this.#order = new Int32Array(2 * (end - from));
      this.#scratch = new Float64Array(2 * (end - from));
    }
    const order = this.#order.subarray(0, end - from);
    for (let i = 0; i < order.length; i++) order[i] = from + i;
    return order;
  }

  /** Rows `from` on of every column taken from rows `order` (a permutation of them). */
  permute(from: number, order: Int32Array): void {
    const scratch = this.#scratch;
    for (const column of this.#ints) {
      for (let i = 0; i < order.length; i++) scratch[i] = column[order[i]!]!;
      for (let i = 0; i < order.length; i++) column[from + i] = scratch[i]!;
    }
    for (const column of this.#floats) {
      for (let i = 0; i < order.length; i++) scratch[i] = column[order[i]!]!;
      for (let i = 0; i < order.length; i++) column[from + i] = scratch[i]!;
    }
  }
}
