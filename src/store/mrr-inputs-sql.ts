import { NONE, USAGE } from '../model/segment-value.ts';
import { customerIdIn } from './customer-ids-sql.ts';
import {
  DISCOUNT_DURATION_CODES,
  FOLLOWS_CUSTOMER_PLAN,
  INTERVAL_CODES,
  NO_DAY,
  OPEN_END,
  type MrrInputs,
  type MrrReadOptions,
} from './store.ts';
import { invoiceLinesInEngineOrder, subscriptionsInEngineOrder } from './engine-row-order.ts';

/**
 * The store's MRR read, written once: which rows feed MRR (the business rules) and how
 * each column is rendered, in SQL both engines run as written (DuckDB in
 * ./duckdb/duckdb-mrr-inputs.ts, PostgreSQL in ./postgres/postgres-mrr-inputs.ts). The
 * engines differ only in how they read the columns out and code customers and currencies.
 * Every statement takes the workspace id as `$1`; a read of one range of customers (a chunk,
 * see `customerRange`) takes its bounds as `$2` and `$3` (mrrParams).
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

/** Rows stored before durations were (NULL) read as `forever`: their discount applied throughout. */
const DISCOUNT_DURATION_CODE = `CASE discount_duration ${Object.entries(DISCOUNT_DURATION_CODES)
  .filter(([name]) => name !== 'forever')
  .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
  .join(' ')} ELSE ${DISCOUNT_DURATION_CODES.forever} END`;

/**
 * Invoice lines that can carry MRR: subscription or usage lines with a service period,
 * never void, and not refunded unless the workspace keeps refunded lines (`keepRefunded`,
 * the `refundsReduceMrr: false` switch).
 */
function recurringLines(options: MrrReadOptions): string {
  const excluded = options.keepRefunded === true ? "('void')" : "('void', 'refunded')";
  return `${inWorkspace(options)} AND type IN ('subscription', 'usage')
  AND status NOT IN ${excluded} AND period_start IS NOT NULL AND period_end IS NOT NULL`;
}

/**
 * The rows of the workspace, or of some of its customers: `customerIds` (an incremental
 * recompute: a handful of ids, written as literals so the parameters stay those of
 * mrrParams) and/or one range of customers (a chunked read): `customer_id` from `$2` up
 * to, not including, `$3`.
 */
function inWorkspace(options: MrrReadOptions): string {
  const conditions = ['workspace_id = $1'];
  if (options.customerIds !== undefined) conditions.push(customerIdIn(options.customerIds));
  const range = options.customerRange;
  if (range !== undefined) {
    conditions.push('customer_id >= $2');
    if (range.to !== null) conditions.push('customer_id < $3');
  }
  return conditions.join(' AND ');
}

/** The parameters of the statements below: the workspace id, then the range's bounds. */
export function mrrParams(workspaceId: string, options: MrrReadOptions): string[] {
  const range = options.customerRange;
  if (range === undefined) return [workspaceId];
  return range.to === null ? [workspaceId, range.from] : [workspaceId, range.from, range.to];
}

/**
 * Rows of `subscriptions`, read after the customer (`customer_id`) and currency, by
 * customer and start day: mrrInputsOf settles the order of a customer's rows that start
 * on the same day (sorting by subscription id as well cost DuckDB ~20% more CPU).
 */
export const subscriptionSource = (
  options: MrrReadOptions,
  /** With `withPlans`, the plans read before (`mrrPlans`), in MrrInputs.plans order. */
  plans: readonly string[] = [],
) => ({
  from: `subscriptions WHERE ${inWorkspace(options)}`,
  orderBy: 'customer_id, start_date',
  /** In the order of SubscriptionColumns after `customer` and `currency`. */
  columns: [
    f64('amount'),
    i32(INTERVAL_CODE),
    i32('interval_count'),
    f64('quantity'),
    f64('discount_percent'),
    i32(DISCOUNT_DURATION_CODE),
    day('start_date', NO_DAY),
    day('end_date', OPEN_END),
    day('trial_end', NO_DAY),
    day('canceled_at', NO_DAY),
    ...(options.withPlans === true ? [i32(planCode(`coalesce(plan, ${text(NONE)})`, plans))] : []),
  ],
});

/**
 * Recurring invoice lines (RecurringInvoiceLineColumns after `customer` and `currency`), by
 * customer and period start: mrrInputsOf settles the rest, as for subscriptions.
 */
export const invoiceLineSource = (options: MrrReadOptions, plans: readonly string[] = []) =>
  ({
    from: `invoices WHERE ${recurringLines(options)}`,
    orderBy: 'customer_id, period_start',
    columns: [
      f64('amount - discount'),
      i32(`CASE WHEN type = 'usage' THEN 1 ELSE 0 END`),
      day('period_start', NO_DAY),
      day('period_end', NO_DAY),
      ...(options.withPlans === true
        ? [
            i32(`CASE WHEN plan IS NOT NULL THEN ${planCode('plan', plans)}
              WHEN type = 'usage' THEN ${planCode(text(USAGE), plans)}
              ELSE ${FOLLOWS_CUSTOMER_PLAN} END`),
            day('issued_at', NO_DAY),
          ]
        : []),
    ],
  }) as const;

/** A SQL string literal. */
const text = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The index of `expression`'s value among `plans` (read in the same snapshot: always found). */
function planCode(expression: string, plans: readonly string[]): string {
  if (plans.length === 0) return String(FOLLOWS_CUSTOMER_PLAN);
  return `CASE ${expression} ${plans.map((plan, i) => `WHEN ${text(plan)} THEN ${i}`).join(' ')} END`;
}

/**
 * Every value a `--by plan` series can take (MrrInputs.plans, unsorted), one column
 * `plan`: the plans of the subscription rows and of the recurring lines.
 */
export const mrrPlans = (options: MrrReadOptions) => `SELECT coalesce(plan, ${text(NONE)}) AS plan
  FROM subscriptions WHERE ${inWorkspace(options)}
  UNION SELECT CASE WHEN plan IS NOT NULL THEN plan WHEN type = 'usage' THEN ${text(USAGE)}
    ELSE ${text(NONE)} END FROM invoices WHERE ${recurringLines(options)}`;

/**
 * Whether a subscription or invoice of the workspace names a customer without a customers
 * row, one column `found`.
 */
export const CUSTOMERS_WITHOUT_ROW = `SELECT EXISTS (SELECT 1 FROM (
    SELECT customer_id FROM subscriptions WHERE workspace_id = $1
    UNION SELECT customer_id FROM invoices WHERE workspace_id = $1) billed
  WHERE NOT EXISTS (SELECT 1 FROM customers c
    WHERE c.workspace_id = $1 AND c.customer_id = billed.customer_id)) AS found`;

/**
 * The delinquency rule: invoices open or uncollectible, or paid more than `days` after
 * they were issued. The customer counts as churned from the threshold until paid
 * (LateInvoiceColumns after `customer`). Only customers with recurring revenue are kept.
 */
export function lateInvoiceSource(days: number, options: MrrReadOptions) {
  return {
    from: `(SELECT DISTINCT customer_id, invoice_id, issued_at, paid_at FROM invoices
            WHERE ${inWorkspace(options)} AND (status IN ('open', 'uncollectible')
              OR (status = 'paid' AND paid_at > issued_at + ${Math.trunc(days)}))) late`,
    orderBy: 'customer_id, issued_at, invoice_id',
    columns: [day('issued_at', NO_DAY), day('paid_at', OPEN_END)],
  } as const;
}

/** A source's columns when its statement is skipped: empty, each of its kind. */
export const emptyColumns = (columns: readonly MrrColumn[]): (Int32Array | Float64Array)[] =>
  columns.map((col) => (col.kind === 'i32' ? new Int32Array(0) : new Float64Array(0)));

/** Whether the workspace has recurring invoice lines, one column `found`. */
export const hasRecurringLines = (options: MrrReadOptions) =>
  `SELECT EXISTS (SELECT 1 FROM invoices WHERE ${recurringLines(options)}) AS found`;

/** Customers that have MRR inputs (subscriptions or recurring lines), one column `customer_id`. */
export const mrrCustomers = (options: MrrReadOptions) => `SELECT customer_id FROM subscriptions
  WHERE ${inWorkspace(options)} UNION SELECT customer_id FROM invoices WHERE ${recurringLines(options)}`;

/** Currencies of the MRR inputs, one column `currency`. */
export const mrrCurrencies = (options: MrrReadOptions) => `SELECT currency FROM subscriptions
  WHERE ${inWorkspace(options)} UNION SELECT currency FROM invoices WHERE ${recurringLines(options)}`;

/**
 * The first customer id of every chunk of `size` customers (in id order), column
 * `customer_id`, beside how many customers there are in all, column `customers`: chunk i
 * runs from the i-th id up to the next (a chunked read's ranges).
 */
export const mrrChunkStarts = (options: MrrReadOptions, size: number) => `SELECT customer_id,
    customers::INTEGER AS customers
  FROM (SELECT customer_id, row_number() OVER (ORDER BY customer_id) - 1 AS position,
          count(*) OVER () AS customers
        FROM (${mrrCustomers(options)}) ids) numbered
  WHERE position % ${Math.max(1, Math.trunc(size))} = 0 ORDER BY customer_id`;

/**
 * A day on or before every day a customer's MRR can change (lines pay from their start or
 * later, invoice lines from their service period's start or later), one column `first`,
 * NULL without inputs: the first day every chunk of a chunked read is computed from.
 */
export const mrrFirstDay = (
  options: MrrReadOptions,
) => `SELECT (min(d) - DATE '1970-01-01')::INTEGER AS first
  FROM (SELECT min(start_date) AS d FROM subscriptions WHERE workspace_id = $1
        UNION ALL SELECT min(period_start) FROM invoices WHERE ${recurringLines(options)}) starts`;

export const FX_RATES = `SELECT (date - DATE '1970-01-01')::INTEGER AS date, currency, rate
  FROM fx_rates WHERE workspace_id = $1 ORDER BY currency, date`;

type Measures = readonly (Int32Array | Float64Array | readonly string[])[];

/**
 * MrrInputs from what an engine read: per source, the coded customer (and currency)
 * columns and the measures in the order of the source's `columns`, rows grouped by
 * customer. Each customer's rows are put in the engine's order (./engine-row-order.ts).
 */
export function mrrInputsOf(read: {
  customerIds: readonly string[];
  currencies: readonly string[];
  /** With `withPlans`: what the `plan` columns index into, the last measures of each source. */
  plans?: readonly string[];
  subscriptions: { customer: Int32Array; currency: Int32Array; measures: Measures };
  lines: { customer: Int32Array; currency: Int32Array; measures: Measures };
  late: { customer: Int32Array; measures: Measures } | null;
  fxRates: MrrInputs['fxRates'];
}): MrrInputs {
  const { subscriptions: s, lines: l, late } = read;
  const [
    amount,
    interval,
    intervalCount,
    quantity,
    discountPercent,
    discountDuration,
    start,
    end,
    trialEnd,
    canceledAt,
    plan,
  ] = s.measures;
  const [netAmount, isUsage, periodStart, periodEnd, linePlan, issued] = l.measures;
  const withPlans = read.plans !== undefined;
  return {
    customerIds: read.customerIds,
    currencies: read.currencies,
    subscriptions: subscriptionsInEngineOrder({
      length: s.customer.length,
      customer: s.customer,
      amount: amount as Float64Array,
      currency: s.currency,
      interval: interval as Int32Array,
      intervalCount: intervalCount as Int32Array,
      quantity: quantity as Float64Array,
      discountPercent: discountPercent as Float64Array,
      discountDuration: discountDuration as Int32Array,
      start: start as Int32Array,
      end: end as Int32Array,
      trialEnd: trialEnd as Int32Array,
      canceledAt: canceledAt as Int32Array,
      ...(withPlans ? { plan: plan as Int32Array } : {}),
    }),
    invoiceLines: invoiceLinesInEngineOrder({
      length: l.customer.length,
      customer: l.customer,
      netAmount: netAmount as Float64Array,
      currency: l.currency,
      isUsage: isUsage as Int32Array,
      periodStart: periodStart as Int32Array,
      periodEnd: periodEnd as Int32Array,
      ...(withPlans ? { plan: linePlan as Int32Array, issued: issued as Int32Array } : {}),
    }),
    fxRates: read.fxRates,
    ...(withPlans ? { plans: read.plans } : {}),
    lateInvoices:
      late === null
        ? {
            length: 0,
            customer: new Int32Array(0),
            issued: new Int32Array(0),
            paid: new Int32Array(0),
          }
        : {
            length: late.customer.length,
            customer: late.customer,
            issued: late.measures[0] as Int32Array,
            paid: late.measures[1] as Int32Array,
          },
  };
}
