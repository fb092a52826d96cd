import type pg from 'pg';
import {
  excludedLineStatuses,
  INTERVAL_CODES,
  NO_DAY,
  OPEN_END,
  type MrrInputs,
  type MrrReadOptions,
} from '../store.ts';
import { readColumns } from './columnar.ts';
import { LocalCodes, translate, unite } from './dictionary.ts';

const recurringLines = (options: MrrReadOptions) => `workspace_id = $1
  AND type IN ('subscription', 'usage') AND status NOT IN ${excludedLineStatuses(options)}
  AND period_start IS NOT NULL AND period_end IS NOT NULL`;

const day = (column: string, none: number) => `coalesce((${column} - DATE '1970-01-01'), ${none})`;

const INTERVAL_CODE = `CASE interval ${Object.entries(INTERVAL_CODES)
  .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
  .join(' ')} END`;

const i32 = (sql: string) => ({ sql, kind: 'i32' as const });
const f64 = (sql: string) => ({ sql, kind: 'f64' as const });
const text = (sql: string) => ({ sql, kind: 'text' as const });

/** Codes a text column in place of its strings: local codes, in order of appearance. */
function codeColumn(values: readonly string[], codes: LocalCodes): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = codes.code(values[i]!);
  return out;
}

/**
 * The MRR engine's inputs, read in one snapshot on `client` (the caller opens a
 * REPEATABLE READ transaction). Every statement reads one table filtered on
 * `workspace_id`, so on Citus each is routed whole to the tenant's shard. Conversions
 * (days, interval codes, net amounts, the delinquency filter) happen in SQL; columns
 * arrive packed (./columnar.ts), sorted by customer id, and are dictionary-coded here
 * (./dictionary.ts).
 */
export async function readMrrInputsPg(
  client: pg.PoolClient,
  workspaceId: string,
  options: MrrReadOptions,
): Promise<MrrInputs> {
  const delinquencyDays = options.delinquencyDays ?? null;
  const params = [workspaceId];
  const subs = await readColumns(client, {
    columns: [
      text('customer_id'),
      f64('amount::DOUBLE PRECISION'),
      text('currency'),
      i32(INTERVAL_CODE),
      i32('interval_count'),
      f64('quantity'),
      f64('discount_percent'),
      i32(day('start_date', NO_DAY)),
      i32(day('end_date', OPEN_END)),
      i32(day('trial_end', NO_DAY)),
      i32(day('canceled_at', NO_DAY)),
    ],
    table: 'subscriptions',
    from: 'subscriptions WHERE workspace_id = $1',
    orderBy: 'customer_id, start_date, subscription_id',
    params,
  });
  const lines = await readColumns(client, {
    columns: [
      text('customer_id'),
      f64('(amount - discount)::DOUBLE PRECISION'),
      text('currency'),
      i32(`(type = 'usage')::INTEGER`),
      i32(day('period_start', NO_DAY)),
      i32(day('period_end', NO_DAY)),
    ],
    table: 'invoices',
    from: `invoices WHERE ${recurringLines(options)}`,
    orderBy: 'customer_id, period_start, invoice_id, line_id',
    params,
  });

  const subCustomers = new LocalCodes();
  const lineCustomers = new LocalCodes();
  const subCurrencies = new LocalCodes();
  const lineCurrencies = new LocalCodes();
  const customer = codeColumn(subs.columns[0] as string[], subCustomers);
  const currency = codeColumn(subs.columns[2] as string[], subCurrencies);
  const lineCustomer = codeColumn(lines.columns[0] as string[], lineCustomers);
  const lineCurrency = codeColumn(lines.columns[2] as string[], lineCurrencies);
  const customers = unite([subCustomers.values, lineCustomers.values], true);
  translate(customer, customers.translations[0]!);
  translate(lineCustomer, customers.translations[1]!);
  const currencies = unite([subCurrencies.values, lineCurrencies.values], false);
  translate(currency, currencies.translations[0]!);
  translate(lineCurrency, currencies.translations[1]!);

  const fx = await client.query<{ date: number; currency: string; rate: number }>(
    `SELECT (date - DATE '1970-01-01') AS date, currency, rate FROM fx_rates
     WHERE workspace_id = $1 ORDER BY currency, date`,
    params,
  );

  const late = {
    length: 0,
    customer: new Int32Array(0),
    issued: new Int32Array(0),
    paid: new Int32Array(0),
  };
  if (delinquencyDays != null) {
    const found = await readColumns(client, {
      columns: [text('customer_id'), i32(day('issued_at', NO_DAY)), i32(day('paid_at', OPEN_END))],
      table: 'invoices',
      from: `(SELECT DISTINCT customer_id, invoice_id, issued_at, paid_at FROM invoices
              WHERE workspace_id = $1 AND (status IN ('open', 'uncollectible')
                OR (status = 'paid' AND paid_at > issued_at + ${Math.trunc(delinquencyDays)}))) late`,
      orderBy: 'customer_id, issued_at, invoice_id',
      params,
    });
    const index = new Map(customers.values.map((id, i) => [id, i]));
    const ids = found.columns[0] as string[];
    // As in the DuckDB store: a customer without recurring revenue has none to lose.
    const kept = ids.flatMap((id, i) => (index.has(id) ? [i] : []));
    late.length = kept.length;
    late.customer = Int32Array.from(kept, (i) => index.get(ids[i]!)!);
    late.issued = Int32Array.from(kept, (i) => (found.columns[1] as Int32Array)[i]!);
    late.paid = Int32Array.from(kept, (i) => (found.columns[2] as Int32Array)[i]!);
  }

  return {
    customerIds: customers.values,
    currencies: currencies.values,
    subscriptions: {
      length: subs.length,
      customer,
      amount: subs.columns[1] as Float64Array,
      currency,
      interval: subs.columns[3] as Int32Array,
      intervalCount: subs.columns[4] as Int32Array,
      quantity: subs.columns[5] as Float64Array,
      discountPercent: subs.columns[6] as Float64Array,
      start: subs.columns[7] as Int32Array,
      end: subs.columns[8] as Int32Array,
      trialEnd: subs.columns[9] as Int32Array,
      canceledAt: subs.columns[10] as Int32Array,
    },
    invoiceLines: {
      length: lines.length,
      customer: lineCustomer,
      netAmount: lines.columns[1] as Float64Array,
      currency: lineCurrency,
      isUsage: lines.columns[3] as Int32Array,
      periodStart: lines.columns[4] as Int32Array,
      periodEnd: lines.columns[5] as Int32Array,
    },
    fxRates: fx.rows.map((r) => ({
      date: Number(r.date),
      currency: r.currency,
      rate: Number(r.rate),
    })),
    lateInvoices: late,
  };
}
