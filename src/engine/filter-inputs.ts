import type { MrrInputs } from '../store/store.ts';

/**
 * The MRR engine inputs of a subset of customers, straight from the columns: the rows of
 * the customers `keep` accepts (by index into `customerIds`), everything else unchanged.
 * Customer indices stay the same, so movements and cohorts name the same customers; a
 * customer without rows simply never has MRR.
 */
export function filterMrrInputs(inputs: MrrInputs, keep: (customer: number) => boolean): MrrInputs {
  const kept = new Int32Array(inputs.customerIds.length);
  for (let c = 0; c < kept.length; c++) kept[c] = keep(c) ? 0 : -1;
  return splitMrrInputs(inputs, kept, 1)[0]!;
}

/**
 * The inputs split into `groups` by customer, in one pass over each table: group g holds
 * the rows of the customers with `group[c] === g` (none for a negative group). Customer
 * indices stay the same, as in filterMrrInputs.
 */
export function splitMrrInputs(inputs: MrrInputs, group: Int32Array, groups: number): MrrInputs[] {
  const byCustomer = <T extends Columns>(table: T) =>
    splitRows(table, (row) => group[table.customer[row]!]!, groups);
  const subscriptions = byCustomer(inputs.subscriptions);
  const invoiceLines = byCustomer(inputs.invoiceLines);
  const lateInvoices = byCustomer(inputs.lateInvoices);
  return subscriptions.map((_, g) => ({
    ...inputs,
    subscriptions: subscriptions[g]!,
    invoiceLines: invoiceLines[g]!,
    lateInvoices: lateInvoices[g]!,
  }));
}

type Columns = { readonly length: number; readonly customer: Int32Array };

/**
 * Every typed-array column of `table` restricted to the rows `keep` accepts, in order; the
 * table itself when it keeps them all.
 */
export function filterRows<T extends Columns>(table: T, keep: (row: number) => boolean): T {
  return splitRows(table, (row) => (keep(row) ? 0 : -1), 1)[0]!;
}

/**
 * The rows of `table` in `groups` tables by `groupOf` (a negative group keeps the row in
 * none), each in order; the table itself for a group that keeps every row.
 */
function splitRows<T extends Columns>(
  table: T,
  groupOf: (row: number) => number,
  groups: number,
): T[] {
  const rowGroup = new Int32Array(table.length);
  const counts = new Int32Array(groups);
  for (let i = 0; i < table.length; i++) {
    const g = groupOf(i);
    rowGroup[i] = g;
    if (g >= 0) counts[g]!++;
  }
  const rows = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(groups);
  for (let i = 0; i < table.length; i++) {
    const g = rowGroup[i]!;
    if (g >= 0) rows[g]![filled[g]!++] = i;
  }
  return rows.map((kept) => (kept.length === table.length ? table : pick(table, kept)));
}

/** Every typed-array column of `table` at `rows` (in order); other fields as they are. */
function pick<T extends Columns>(table: T, rows: Int32Array): T {
  const out: Record<string, unknown> = { length: rows.length };
  for (const [key, column] of Object.entries(table as Record<string, unknown>)) {
    if (column instanceof Int32Array || column instanceof Float64Array) {
      // A plain loop: `TypedArray.from` with a mapping function was ~20x slower at 4M rows.
      const kept =
        column instanceof Int32Array ? new Int32Array(rows.length) : new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) kept[i] = column[rows[i]!]!;
      out[key] = kept;
    } else if (key !== 'length') out[key] = column;
  }
  return out as T;
}
