import type { MrrInputs } from '../store/store.ts';

/** Columns of rows that each belong to a customer (by index into `customerIds`). */
interface CustomerColumns {
  readonly length: number;
  readonly customer: Int32Array;
}

/**
 * The inputs of customers `from` up to, not including, `to` (indexes into
 * `inputs.customerIds`), renumbered from 0: what a read of those customers alone gives,
 * so a recompute can walk the workspace a range of customers at a time.
 */
export function customersInRange(inputs: MrrInputs, from: number, to: number): MrrInputs {
  return {
    ...inputs,
    customerIds: inputs.customerIds.slice(from, to),
    subscriptions: rowsInRange(inputs.subscriptions, from, to),
    invoiceLines: rowsInRange(inputs.invoiceLines, from, to),
    lateInvoices: rowsInRange(inputs.lateInvoices, from, to),
  };
}

function rowsInRange<T extends CustomerColumns>(columns: T, from: number, to: number): T {
  const rows: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    const c = columns.customer[i]!;
    if (c >= from && c < to) rows.push(i);
  }
  const selected: Record<string, unknown> = { length: rows.length };
  for (const [name, values] of Object.entries(columns)) {
    if (!ArrayBuffer.isView(values)) continue;
    const source = values as Int32Array | Float64Array;
    const target = new (source.constructor as Int32ArrayConstructor | Float64ArrayConstructor)(
      rows.length,
    );
    for (let k = 0; k < rows.length; k++) target[k] = source[rows[k]!]!;
    selected[name] = target;
  }
  const customer = selected.customer as Int32Array;
  for (let k = 0; k < customer.length; k++) customer[k]! -= from;
  return selected as unknown as T;
}
