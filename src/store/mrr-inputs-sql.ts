import { INTERVAL_CODES, NO_DAY, OPEN_END } from './store.ts';

/**
 * The store's MRR read, written once: which rows feed MRR (the business rules) and how
 * each column is rendered, in SQL both engines run as written (DuckDB in
 * ./duckdb/duckdb-mrr-inputs.ts, PostgreSQL in ./postgres/postgres-mrr-inputs.ts). The
 * engines differ only in how they read the columns out and code customers and currencies.
 * Every statement takes the workspace id as `$1`.
 */

export type MrrColumnKind = 'i32' | 'f64';

export interface MrrColumn {
  readonly sql: string;
  readonly kind: MrrColumnKind;
}

const i32 = (sql: string): MrrColumn => ({ sql: `(${sql})::INTEGER`, kind: 'i32' });
const f64 = (sql: string): MrrColumn => ({ sql: `(${sql})::DOUBLE PRECISION`, kind: 'f64' });

/** A DATE column as a Day number (days since 1970-01-01), `none` when NULL. */
const day = (column: string, none: number): MrrColumn =>
  i32(`coalesce((${column} - DATE '1970-01-01'), ${none})`);

const INTERVAL_CODE = `CASE interval ${Object.entries(INTERVAL_CODES)
  .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
  .join(' ')} END`;

/** Invoice lines that can carry MRR: subscription or usage lines with a service period, neither void nor refunded. */
export const RECURRING_LINES = `workspace_id = $1 AND type IN ('subscription', 'usage')
  AND status NOT IN ('void', 'refunded') AND period_start IS NOT NULL AND period_end IS NOT NULL`;

/** Rows of `subscriptions`, read after the customer (`customer_id`) and currency. */
export const SUBSCRIPTION_SOURCE = {
  from: 'subscriptions WHERE workspace_id = $1',
  orderBy: 'customer_id, start_date, subscription_id',
  /** In the order of SubscriptionColumns after `customer` and `currency`. */
  columns: [
    f64('amount'),
    i32(INTERVAL_CODE),
    i32('interval_count'),
    f64('quantity'),
    f64('discount_percent'),
    day('start_date', NO_DAY),
    day('end_date', OPEN_END),
    day('trial_end', NO_DAY),
    day('canceled_at', NO_DAY),
  ],
} as const;

/** Recurring invoice lines (RecurringInvoiceLineColumns after `customer` and `currency`). */
export const INVOICE_LINE_SOURCE = {
  from: `invoices WHERE ${RECURRING_LINES}`,
  orderBy: 'customer_id, period_start, invoice_id, line_id',
  columns: [
    f64('amount - discount'),
    i32(`CASE WHEN type = 'usage' THEN 1 ELSE 0 END`),
    day('period_start', NO_DAY),
    day('period_end', NO_DAY),
  ],
} as const;

/**
 * The delinquency rule: invoices open or uncollectible, or paid more than `days` after
 * they were issued. The customer counts as churned from the threshold until paid
 * (LateInvoiceColumns after `customer`). Only customers with recurring revenue are kept.
 */
export function lateInvoiceSource(days: number) {
  return {
    from: `(SELECT DISTINCT customer_id, invoice_id, issued_at, paid_at FROM invoices
            WHERE workspace_id = $1 AND (status IN ('open', 'uncollectible')
              OR (status = 'paid' AND paid_at > issued_at + ${Math.trunc(days)}))) late`,
    orderBy: 'customer_id, issued_at, invoice_id',
    columns: [day('issued_at', NO_DAY), day('paid_at', OPEN_END)],
  } as const;
}

/** Customers that have MRR inputs (subscriptions or recurring lines), one column `customer_id`. */
export const MRR_CUSTOMERS = `SELECT customer_id FROM subscriptions WHERE workspace_id = $1
  UNION SELECT customer_id FROM invoices WHERE ${RECURRING_LINES}`;

/** Currencies of the MRR inputs, one column `currency`. */
export const MRR_CURRENCIES = `SELECT currency FROM subscriptions WHERE workspace_id = $1
  UNION SELECT currency FROM invoices WHERE ${RECURRING_LINES}`;

export const FX_RATES = `SELECT (date - DATE '1970-01-01')::INTEGER AS date, currency, rate
  FROM fx_rates WHERE workspace_id = $1 ORDER BY currency, date`;
