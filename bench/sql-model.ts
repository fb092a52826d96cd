/**
 * Our plain-SQL model of monthly MRR and movements on PostgreSQL, written the way the dbt
 * mrr-playbook builds it: a month spine joined to each customer's months, the subscription
 * periods in force summed per customer and month, window functions for the previous month
 * and the movement category. It values a month at its last day (Northstar's convention; the
 * playbook values the first day, one month earlier), so its MRR can be checked against
 * Northstar's month by month. A benchmark reference, not a part of the product.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PERIOD_COLUMNS } from './subscription-periods.ts';

const TABLE = 'bench_subscription_periods';

export interface SqlMonth {
  /** YYYY-MM */
  readonly month: string;
  /** Σ monthly_amount in force on the month's last day, minor units. */
  readonly mrrCents: number;
  readonly customers: number;
  readonly newCents: number;
  readonly expansionCents: number;
  readonly contractionCents: number;
  readonly churnCents: number;
  readonly reactivationCents: number;
}

/** Loads the periods file with psql's \copy (not timed as the model) and returns the last month. */
export async function loadPeriods(databaseUrl: string, periodsCsv: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await client.query(
      `CREATE UNLOGGED TABLE ${TABLE} (subscription_id text, customer_id text NOT NULL,
         start_date date NOT NULL, end_date date, monthly_amount numeric NOT NULL)`,
    );
    const header = readFileSync(periodsCsv, 'utf8').slice(0, 500).split(/\r?\n/)[0]!;
    const columns = header.split(',').map((c) =>
      c
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    );
    for (const c of columns)
      if (!(PERIOD_COLUMNS as readonly string[]).includes(c))
        throw new Error(`${periodsCsv}: unexpected column ${c}`);
    execFileSync(
      'psql',
      [
        databaseUrl,
        '-v',
        'ON_ERROR_STOP=1',
        '-qc',
        `\\copy ${TABLE} (${columns.join(', ')}) FROM '${periodsCsv.replaceAll("'", "''")}' WITH (FORMAT csv, HEADER true)`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await client.query(`ANALYZE ${TABLE}`);
    const { rows } = await client.query<{ last: string }>(
      `SELECT to_char(max(start_date), 'YYYY-MM') AS last FROM ${TABLE}`,
    );
    return rows[0]!.last;
  } finally {
    await client.end();
  }
}

/** The model, materialized per customer and month as the playbook does, then summed per month. */
const MODEL = `
CREATE UNLOGGED TABLE bench_mrr AS
WITH months AS (
  SELECT m::date AS month_start, (m + interval '1 month' - interval '1 day')::date AS month_end
  FROM generate_series(
    (SELECT date_trunc('month', min(start_date)) FROM ${TABLE}),
    $1::date, interval '1 month') AS m
),
customers AS (
  SELECT customer_id, min(start_date) AS first_start FROM ${TABLE} GROUP BY customer_id
),
customer_months AS (
  SELECT c.customer_id, m.month_start, m.month_end
  FROM customers c JOIN months m ON m.month_end >= c.first_start
),
revenue AS (
  SELECT cm.customer_id, cm.month_start, coalesce(sum(p.monthly_amount), 0) AS mrr
  FROM customer_months cm
  LEFT JOIN ${TABLE} p
    ON p.customer_id = cm.customer_id
   AND p.start_date <= cm.month_end
   AND (p.end_date IS NULL OR p.end_date > cm.month_end)
  GROUP BY cm.customer_id, cm.month_start
),
with_previous AS (
  SELECT customer_id, month_start, mrr,
    coalesce(lag(mrr) OVER w, 0) AS previous_mrr,
    coalesce(bool_or(mrr > 0) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false)
      AS was_active
  FROM revenue
  WINDOW w AS (PARTITION BY customer_id ORDER BY month_start)
)
SELECT customer_id, month_start, mrr, previous_mrr, mrr - previous_mrr AS mrr_change,
  CASE
    WHEN mrr > 0 AND previous_mrr = 0 AND NOT was_active THEN 'new'
    WHEN mrr > 0 AND previous_mrr = 0 THEN 'reactivation'
    WHEN mrr = 0 AND previous_mrr > 0 THEN 'churn'
    WHEN mrr > previous_mrr THEN 'expansion'
    WHEN mrr < previous_mrr THEN 'contraction'
  END AS change_category
FROM with_previous`;

const MONTHLY = `
SELECT to_char(month_start, 'YYYY-MM') AS month,
  round(sum(mrr) * 100)::bigint AS mrr_cents,
  count(*) FILTER (WHERE mrr > 0)::int AS customers,
  round(coalesce(sum(mrr_change) FILTER (WHERE change_category = 'new'), 0) * 100)::bigint AS new_cents,
  round(coalesce(sum(mrr_change) FILTER (WHERE change_category = 'expansion'), 0) * 100)::bigint AS expansion_cents,
  round(coalesce(sum(-mrr_change) FILTER (WHERE change_category = 'contraction'), 0) * 100)::bigint AS contraction_cents,
  round(coalesce(sum(-mrr_change) FILTER (WHERE change_category = 'churn'), 0) * 100)::bigint AS churn_cents,
  round(coalesce(sum(mrr_change) FILTER (WHERE change_category = 'reactivation'), 0) * 100)::bigint AS reactivation_cents
FROM bench_mrr GROUP BY month_start ORDER BY month_start`;

/** Runs the model through `lastMonth` (YYYY-MM): seconds and the monthly sums. */
export async function runSqlModel(
  databaseUrl: string,
  lastMonth: string,
): Promise<{ seconds: number; months: SqlMonth[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_mrr');
    const started = performance.now();
    await client.query(MODEL, [`${lastMonth}-01`]);
    const { rows } = await client.query<Record<string, string | number>>(MONTHLY);
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE bench_mrr');
    const months = rows.map((r) => ({
      month: String(r.month),
      mrrCents: Number(r.mrr_cents),
      customers: Number(r.customers),
      newCents: Number(r.new_cents),
      expansionCents: Number(r.expansion_cents),
      contractionCents: Number(r.contraction_cents),
      churnCents: Number(r.churn_cents),
      reactivationCents: Number(r.reactivation_cents),
    }));
    return { seconds, months };
  } finally {
    await client.end();
  }
}
