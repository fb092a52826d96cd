import type { MrrInputs } from '../store/store.ts';

/**
 * The MRR engine inputs of a subset of customers, straight from the columns: the rows of
 * the customers `keep` accepts (by index into `customerIds`), everything else unchanged.
 * Customer indices stay the same, so movements and cohorts name the same customers; a
 * customer without rows simply never has MRR.
 */
export function filterMrrInputs(inputs: MrrInputs, keep: (customer: number) => boolean): MrrInputs {
  const kept = new Uint8Array(inputs.customerIds.length);
  for (let c = 0; c < kept.length; c++) kept[c] = keep(c) ? 1 : 0;
  return {
    ...inputs,
    subscriptions: filterColumns(inputs.subscriptions, kept),
    invoiceLines: filterColumns(inputs.invoiceLines, kept),
    lateInvoices: filterColumns(inputs.lateInvoices, kept),
  };
}

type Columns = { readonly length: number; readonly customer: Int32Array };

/** Every typed-array column of `table` restricted to the rows whose customer is kept. */
function filterColumns<T extends Columns>(table: T, kept: Uint8Array): T {
  const rows: number[] = [];
  for (let i = 0; i < table.length; i++) if (kept[table.customer[i]!] === 1) rows.push(i);
  if (rows.length === table.length) return table;
  const out: Record<string, unknown> = { length: rows.length };
  for (const [key, column] of Object.entries(table as Record<string, unknown>)) {
    if (column instanceof Int32Array) out[key] = Int32Array.from(rows, (i) => column[i]!);
    else if (column instanceof Float64Array) out[key] = Float64Array.from(rows, (i) => column[i]!);
    else if (key !== 'length') out[key] = column;
  }
  return out as T;
}
