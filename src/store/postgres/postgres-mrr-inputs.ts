import type pg from 'pg';
import type { MrrInputs } from '../store.ts';
import {
  FX_RATES,
  INVOICE_LINE_SOURCE,
  lateInvoiceSource,
  SUBSCRIPTION_SOURCE,
  type MrrColumn,
} from '../mrr-inputs-sql.ts';
import { readColumns, type ColumnValues } from './columnar.ts';
import { LocalCodes, translate, unite } from './dictionary.ts';

/** Codes a text column in place of its strings: local codes, in order of appearance. */
function codeColumn(values: readonly string[], codes: LocalCodes): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = codes.code(values[i]!);
  return out;
}

/**
 * The MRR engine's inputs from PostgreSQL, rendering the shared definition
 * (../mrr-inputs-sql.ts), read in one snapshot on `client` (the caller opens a
 * REPEATABLE READ transaction). Every statement reads one table filtered on
 * `workspace_id`, so on Citus each is routed whole to the tenant's shard. Columns arrive
 * packed (./columnar.ts), sorted by customer id, and customers and currencies are
 * dictionary-coded here (./dictionary.ts) rather than joined in SQL.
 */
export async function readMrrInputsPg(
  client: pg.PoolClient,
  workspaceId: string,
  delinquencyDays: number | null,
): Promise<MrrInputs> {
  const params = [workspaceId];
  const read = (
    source: { from: string; orderBy: string; columns: readonly MrrColumn[] },
    keys: readonly string[],
    table: string,
  ): Promise<{ length: number; columns: ColumnValues[] }> =>
    readColumns(client, {
      columns: [...keys.map((sql) => ({ sql, kind: 'text' as const })), ...source.columns],
      table,
      from: source.from,
      orderBy: source.orderBy,
      params,
    });
  const subs = await read(SUBSCRIPTION_SOURCE, ['customer_id', 'currency'], 'subscriptions');
  const lines = await read(INVOICE_LINE_SOURCE, ['customer_id', 'currency'], 'invoices');

  const subCustomers = new LocalCodes();
  const lineCustomers = new LocalCodes();
  const subCurrencies = new LocalCodes();
  const lineCurrencies = new LocalCodes();
  const customer = codeColumn(subs.columns[0] as string[], subCustomers);
  const currency = codeColumn(subs.columns[1] as string[], subCurrencies);
  const lineCustomer = codeColumn(lines.columns[0] as string[], lineCustomers);
  const lineCurrency = codeColumn(lines.columns[1] as string[], lineCurrencies);
  const customers = unite([subCustomers.values, lineCustomers.values], true);
  translate(customer, customers.translations[0]!);
  translate(lineCustomer, customers.translations[1]!);
  const currencies = unite([subCurrencies.values, lineCurrencies.values], false);
  translate(currency, currencies.translations[0]!);
  translate(lineCurrency, currencies.translations[1]!);

  const fx = await client.query<{ date: number; currency: string; rate: number }>(FX_RATES, params);

  const late = {
    length: 0,
    customer: new Int32Array(0),
    issued: new Int32Array(0),
    paid: new Int32Array(0),
  };
  if (delinquencyDays != null) {
    const found = await read(lateInvoiceSource(delinquencyDays), ['customer_id'], 'invoices');
    const index = new Map(customers.values.map((id, i) => [id, i]));
    const ids = found.columns[0] as string[];
    // A customer without recurring revenue has none to lose.
    const kept = ids.flatMap((id, i) => (index.has(id) ? [i] : []));
    late.length = kept.length;
    late.customer = Int32Array.from(kept, (i) => index.get(ids[i]!)!);
    late.issued = Int32Array.from(kept, (i) => (found.columns[1] as Int32Array)[i]!);
    late.paid = Int32Array.from(kept, (i) => (found.columns[2] as Int32Array)[i]!);
  }

  const [
    amount,
    interval,
    intervalCount,
    quantity,
    discountPercent,
    start,
    end,
    trialEnd,
    canceledAt,
  ] = subs.columns.slice(2);
  const [netAmount, isUsage, periodStart, periodEnd] = lines.columns.slice(2);
  return {
    customerIds: customers.values,
    currencies: currencies.values,
    subscriptions: {
      length: subs.length,
      customer,
      amount: amount as Float64Array,
      currency,
      interval: interval as Int32Array,
      intervalCount: intervalCount as Int32Array,
      quantity: quantity as Float64Array,
      discountPercent: discountPercent as Float64Array,
      start: start as Int32Array,
      end: end as Int32Array,
      trialEnd: trialEnd as Int32Array,
      canceledAt: canceledAt as Int32Array,
    },
    invoiceLines: {
      length: lines.length,
      customer: lineCustomer,
      netAmount: netAmount as Float64Array,
      currency: lineCurrency,
      isUsage: isUsage as Int32Array,
      periodStart: periodStart as Int32Array,
      periodEnd: periodEnd as Int32Array,
    },
    fxRates: fx.rows.map((r) => ({
      date: Number(r.date),
      currency: r.currency,
      rate: Number(r.rate),
    })),
    lateInvoices: late,
  };
}
