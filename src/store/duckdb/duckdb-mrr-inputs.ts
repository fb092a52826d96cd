import type { DuckDBConnection } from '@duckdb/node-api';
import type { MrrInputs, MrrReadOptions } from '../store.ts';
import type { ChunkPlan } from '../mrr-input-chunks.ts';
import {
  FX_RATES,
  invoiceLineSource,
  lateInvoiceSource,
  mrrInputsOf,
  mrrCurrencies,
  mrrChunkStarts,
  mrrCustomers,
  mrrFirstDay,
  mrrParams,
  subscriptionSource,
  type MrrColumn,
} from '../mrr-inputs-sql.ts';
import { readNumericColumns, type NumericArray } from './columns.ts';

/**
 * The MRR engine's inputs from DuckDB, rendering the shared definition (../mrr-inputs-sql.ts).
 * Customers and currencies are coded in SQL: the dictionaries are built once per read into
 * temporary tables, which belong to the connection (reads on other connections never see
 * them), and each source joins them. The caller runs this in one transaction on a
 * connection of its own: one snapshot, and concurrent reads do not share a connection.
 */
export async function readMrrInputsDuckDb(
  c: DuckDBConnection,
  workspaceId: string,
  options: MrrReadOptions,
): Promise<MrrInputs> {
  const ws = [workspaceId];
  const params = mrrParams(workspaceId, options);
  const delinquencyDays = options.delinquencyDays ?? null;
  await c.run(
    `CREATE OR REPLACE TEMP TABLE mrr_customer AS
     SELECT customer_id, (row_number() OVER (ORDER BY customer_id) - 1)::INTEGER AS customer_idx
     FROM (${mrrCustomers(options)}) ids`,
    params,
  );
  await c.run(
    `CREATE OR REPLACE TEMP TABLE mrr_currency AS
     SELECT currency, (row_number() OVER (ORDER BY currency) - 1)::INTEGER AS currency_idx
     FROM (${mrrCurrencies(options)}) codes`,
    params,
  );
  const read = (
    source: { from: string; orderBy: string; columns: readonly MrrColumn[] },
    withCurrency: boolean,
  ): Promise<NumericArray[]> =>
    readNumericColumns(
      c,
      `SELECT customer_idx, ${withCurrency ? 'currency_idx, ' : ''}${source.columns.map((col) => col.sql).join(', ')}
       FROM (SELECT * FROM ${source.from}) src JOIN mrr_customer USING (customer_id)
         ${withCurrency ? 'JOIN mrr_currency USING (currency)' : ''}
       ORDER BY ${byCustomerCode(source.orderBy)}`,
      [
        'i32',
        ...(withCurrency ? (['i32'] as const) : []),
        ...source.columns.map((col) => col.kind),
      ],
      params,
    );

  const customerIds = await readTextColumn(
    c,
    'SELECT customer_id FROM mrr_customer',
    'customer_id',
    [],
  );
  const currencies = await readTextColumn(c, 'SELECT currency FROM mrr_currency', 'currency', []);
  const [customer, currency, ...measures] = await read(subscriptionSource(options), true);
  const [lineCustomer, lineCurrency, ...lineMeasures] = await read(
    invoiceLineSource(options),
    true,
  );
  const fx = await c.runAndReadAll(FX_RATES, ws);
  const late =
    delinquencyDays == null ? null : await read(lateInvoiceSource(delinquencyDays, options), false);
  return mrrInputsOf({
    customerIds,
    currencies,
    subscriptions: { customer: customer as Int32Array, currency: currency as Int32Array, measures },
    lines: {
      customer: lineCustomer as Int32Array,
      currency: lineCurrency as Int32Array,
      measures: lineMeasures,
    },
    late: late === null ? null : { customer: late[0] as Int32Array, measures: late.slice(1) },
    fxRates: fx.getRowObjects().map((r) => ({
      date: Number(r.date),
      currency: String(r.currency),
      rate: Number(r.rate),
    })),
  });
}

/**
 * A source's order with the customer's code in place of its id: codes are numbered in id
 * order, so the rows come out the same, and integers sort faster than text.
 */
function byCustomerCode(orderBy: string): string {
  return orderBy.replace(/^customer_id\b/, 'customer_idx');
}

/**
 * The chunks of a chunked read (Store.readMrrInputChunks): their customer ranges and the
 * first day; each chunk is then `readMrrInputsDuckDb` of its range, on the same connection
 * and in the same transaction.
 */
export async function mrrChunkRangesDuckDb(
  c: DuckDBConnection,
  workspaceId: string,
  options: MrrReadOptions,
  customersPerChunk: number,
): Promise<ChunkPlan> {
  const ws = [workspaceId];
  // One row per chunk: a few, read as values.
  const rows = (await c.runAndReadAll(mrrChunkStarts(options, customersPerChunk), ws)).getRows();
  const starts = rows.map(([id]) => String(id));
  const first = (await c.runAndReadAll(mrrFirstDay(options), ws)).getRowObjects()[0]?.first;
  return {
    firstDay: first === null || first === undefined ? null : Number(first),
    customers: Number(rows[0]?.[1] ?? 0),
    ranges: starts.map((from, i) => ({ from, to: starts[i + 1] ?? null })),
  };
}

/**
 * One text column of a query, sorted, as JS strings. A million strings read one by one
 * cost ~0.5 s (one conversion each through node-api); aggregated into one string in
 * DuckDB and split in JS they cost a fraction. Should a value contain the separator, the
 * count does not match and the column is read the slow way.
 */
export async function readTextColumn(
  connection: DuckDBConnection,
  query: string,
  column: string,
  params: string[],
): Promise<string[]> {
  const result = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n, string_agg("${column}", chr(31) ORDER BY "${column}") AS text FROM (${query}) q`,
    params,
  );
  const row = result.getRowObjects()[0];
  const n = Number(row?.n ?? 0);
  if (n === 0) return [];
  const values = String(row?.text ?? '').split('\u001f');
  if (values.length === n) return values;
  const slow = await connection.runAndReadAll(
    `SELECT "${column}" FROM (${query}) q ORDER BY "${column}"`,
    params,
  );
  return (slow.getColumns()[0] ?? []).map(String);
}
