import type { DuckDBConnection } from '@duckdb/node-api';
import type { MrrInputs, MrrReadOptions } from '../store.ts';
import {
  rangesFrom,
  type ChunkPlan,
  type ChunkSession,
  type CustomerRange,
} from '../mrr-input-chunks.ts';
import {
  emptyColumns,
  FX_RATES,
  hasRecurringLines,
  invoiceLineSource,
  lateInvoiceSource,
  mrrInputsOf,
  mrrCurrencies,
  mrrCustomers,
  mrrFirstDay,
  mrrParams,
  mrrPlans,
  subscriptionSource,
  type MrrColumn,
} from '../mrr-inputs-sql.ts';
import { readNumericColumns, type NumericArray } from './columns.ts';

/**
 * Where a read finds its codes: tables (or subqueries) of `customer_id, customer_idx` and
 * of `currency, currency_idx`, codes from 0 in id (and code) order, for the customers and
 * currencies of the rows it reads.
 */
interface Dictionaries {
  readonly customers: string;
  readonly currencies: string;
}

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
  const dictionaries = { customers: 'mrr_customer', currencies: 'mrr_currency' };
  await createDictionaries(c, dictionaries, options, mrrParams(workspaceId, options));
  const shared = await readShared(c, workspaceId, dictionaries, options);
  return readCoded(c, workspaceId, options, dictionaries, shared);
}

/**
 * What the inputs of every range of customers share: the currencies and exchange rates,
 * and with `withPlans` the plans.
 */
type SharedInputs = Pick<MrrInputs, 'currencies' | 'fxRates' | 'plans'>;

async function readShared(
  c: DuckDBConnection,
  workspaceId: string,
  dictionaries: Dictionaries,
  options: MrrReadOptions,
): Promise<SharedInputs> {
  const plans =
    options.withPlans === true ? await readPlansDuckDb(c, workspaceId, options) : undefined;
  const currencies = await readTextColumn(
    c,
    `SELECT currency FROM ${dictionaries.currencies}`,
    'currency',
    [],
  );
  const fx = await c.runAndReadAll(FX_RATES, [workspaceId]);
  return {
    currencies,
    ...(plans ? { plans } : {}),
    fxRates: fx.getRowObjects().map((r) => ({
      date: Number(r.date),
      currency: String(r.currency),
      rate: Number(r.rate),
    })),
  };
}

/** MrrInputs.plans (Store.readPlans): sorted as JS sorts, not by the database's collation. */
export async function readPlansDuckDb(
  c: DuckDBConnection,
  workspaceId: string,
  options: MrrReadOptions,
): Promise<string[]> {
  const plans = mrrPlans(options);
  return (await readTextColumn(c, plans, 'plan', mrrParams(workspaceId, options))).sort();
}

/**
 * The dictionaries of the customers and currencies with MRR inputs, as temporary tables
 * named by `tables`; customers stored in code order, so that a slice of codes is read from
 * a few blocks.
 */
async function createDictionaries(
  c: DuckDBConnection,
  tables: Dictionaries,
  options: MrrReadOptions,
  params: string[],
): Promise<void> {
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ${tables.customers} AS
     SELECT customer_id, (row_number() OVER (ORDER BY customer_id) - 1)::INTEGER AS customer_idx
     FROM (${mrrCustomers(options)}) ids ORDER BY customer_idx`,
    params,
  );
  await createCurrencyDictionary(c, tables, options, params);
}

async function createCurrencyDictionary(
  c: DuckDBConnection,
  tables: Dictionaries,
  options: MrrReadOptions,
  params: string[],
): Promise<void> {
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ${tables.currencies} AS
     SELECT currency, (row_number() OVER (ORDER BY currency) - 1)::INTEGER AS currency_idx
     FROM (${mrrCurrencies(options)}) codes`,
    params,
  );
}

/**
 * The customer dictionary of a workspace without recurring invoice lines, numbered in the
 * order its subscription rows are stored, when that is by customer (true). A streaming
 * `lag` over the stored rows first looks for an id that falls (it stops at the first, so
 * rows stored otherwise cost a few ms), then keeps the first row of each customer. At 1M
 * customers that is 0.35 s of CPU on one core instead of 0.5 s on all for numbering by a
 * sort, while the workers wait for the plan. False, with no dictionary made, otherwise.
 */
async function numberCustomersInStoredOrder(
  c: DuckDBConnection,
  table: string,
  options: MrrReadOptions,
  params: string[],
): Promise<boolean> {
  const rows = subscriptionSource(options).from;
  const falls = await c.runAndReadAll(
    `SELECT count(*)::INTEGER FROM (SELECT 1 FROM (SELECT customer_id,
       lag(customer_id) OVER () AS previous FROM ${rows}) WHERE customer_id < previous LIMIT 1)`,
    params,
  );
  if (Number(falls.getRows()[0]?.[0] ?? 0) > 0) return false;
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS
     SELECT customer_id, (row_number() OVER () - 1)::INTEGER AS customer_idx
     FROM (SELECT customer_id FROM ${rows}
           QUALIFY customer_id IS DISTINCT FROM lag(customer_id) OVER ()) ids`,
    params,
  );
  return true;
}

/** The dictionaries a chunked read's plan builds for all its chunks. */
const CHUNKED: Dictionaries = {
  customers: 'mrr_chunked_customer',
  currencies: 'mrr_chunked_currency',
};

/** The inputs of the rows `options` names, their customers and currencies coded by `dictionaries`. */
async function readCoded(
  c: DuckDBConnection,
  workspaceId: string,
  options: MrrReadOptions,
  dictionaries: Dictionaries,
  shared: SharedInputs,
  /** What a chunked read's plan and earlier ranges found; null for any other read. */
  chunked: ChunkedRead | null = null,
): Promise<MrrInputs> {
  const params = mrrParams(workspaceId, options);
  const delinquencyDays = options.delinquencyDays ?? null;
  const read = (
    source: { from: string; orderBy: string; columns: readonly MrrColumn[] },
    withCurrency: boolean,
  ): Promise<NumericArray[]> =>
    readNumericColumns(
      c,
      `SELECT customer_idx, ${withCurrency ? 'currency_idx, ' : ''}${source.columns.map((col) => col.sql).join(', ')}
       FROM (SELECT * FROM ${source.from}) src JOIN ${dictionaries.customers} USING (customer_id)
         ${withCurrency ? `JOIN ${dictionaries.currencies} USING (currency)` : ''}
       ORDER BY ${byCustomerCode(source.orderBy)}`,
      [
        'i32',
        ...(withCurrency ? (['i32'] as const) : []),
        ...source.columns.map((col) => col.kind),
      ],
      params,
    );

  // In code order, which is id order: an integer sort instead of a text one.
  const customerIds = await readTextColumn(
    c,
    `SELECT customer_id, customer_idx FROM ${dictionaries.customers}`,
    'customer_id',
    [],
    'customer_idx',
  );
  const { plans } = shared;
  const withLines = chunked?.withLines ?? true;
  let stored: NumericArray[] | null = null;
  if (chunked !== null && !withLines && chunked.storedByCustomer) {
    stored = await readInStoredOrder(
      c,
      subscriptionSource(options, plans),
      params,
      shared.currencies,
      customerIds.length,
    );
    // The plan found the rows stored by customer, in this snapshot, so this is a guard:
    // should a range still not be, it and the later ranges take the sorted read (never a
    // range scanned twice, which doubled a full recompute of a workspace stored in no order).
    if (stored === null) chunked.storedByCustomer = false;
  }
  const [customer, currency, ...measures] =
    stored ?? (await read(subscriptionSource(options, plans), true));
  const source = invoiceLineSource(options, plans);
  const [lineCustomer, lineCurrency, ...lineMeasures] = withLines
    ? await read(source, true)
    : [new Int32Array(0), new Int32Array(0), ...emptyColumns(source.columns)];
  const late =
    delinquencyDays == null ? null : await read(lateInvoiceSource(delinquencyDays, options), false);
  return mrrInputsOf({
    customerIds,
    currencies: shared.currencies,
    ...(plans ? { plans } : {}),
    subscriptions: { customer: customer as Int32Array, currency: currency as Int32Array, measures },
    lines: {
      customer: lineCustomer as Int32Array,
      currency: lineCurrency as Int32Array,
      measures: lineMeasures,
    },
    late: late === null ? null : { customer: late[0] as Int32Array, measures: late.slice(1) },
    fxRates: shared.fxRates,
  });
}

/** What a chunked read learns once and its ranges use. */
interface ChunkedRead {
  /** Whether the workspace has recurring invoice lines (else their statement is skipped). */
  readonly withLines: boolean;
  /**
   * Without invoice lines every customer of a range has subscription rows, and rows stored
   * by customer can be numbered without the dictionary (readInStoredOrder): what the plan
   * found (numberCustomersInStoredOrder), until a range turns out otherwise.
   */
  storedByCustomer: boolean;
}

/** Where a row's customer begins, from `lag` over the rows as stored (readInStoredOrder). */
const SAME_CUSTOMER = 0;
const NEXT_CUSTOMER = 1;
const CUSTOMER_OUT_OF_ORDER = 2;

/**
 * The subscription rows of `options`' range as they are stored, without the sort and the
 * join to the customer numbering that the plain read costs DuckDB (about half of its CPU
 * at 1M customers): a file imported sorted by customer is stored in that order, and a scan
 * without ORDER BY returns rows in stored order. A streaming `lag` marks where each
 * customer's rows begin and whether the ids rise; the customers are numbered from those
 * marks, and mrrInputsOf puts each customer's rows in the engine's order. Null, for the
 * plain read, when the rows are not stored by customer or their customers are not the
 * range's `customers` (then some customer has no subscription row).
 */
async function readInStoredOrder(
  c: DuckDBConnection,
  source: ReturnType<typeof subscriptionSource>,
  params: string[],
  currencies: readonly string[],
  customers: number,
): Promise<NumericArray[] | null> {
  const previous = 'lag(customer_id) OVER ()';
  const mark = `CASE WHEN ${previous} IS NULL OR customer_id > ${previous} THEN ${NEXT_CUSTOMER}
    WHEN customer_id = ${previous} THEN ${SAME_CUSTOMER} ELSE ${CUSTOMER_OUT_OF_ORDER} END`;
  const currencyCode = `CASE currency ${currencies
    .map((code, i) => `WHEN '${code.replaceAll("'", "''")}' THEN ${i}`)
    .join(' ')} END`;
  const columns = await readNumericColumns(
    c,
    `SELECT (${mark})::INTEGER, (${currencyCode})::INTEGER,
       ${source.columns.map((col) => col.sql).join(', ')}
     FROM (SELECT * FROM ${source.from}) src`,
    ['i32', 'i32', ...source.columns.map((col) => col.kind)],
    params,
  );
  const customer = columns[0] as Int32Array;
  let code = -1;
  for (let i = 0; i < customer.length; i++) {
    const marked = customer[i];
    if (marked === CUSTOMER_OUT_OF_ORDER) return null;
    if (marked === NEXT_CUSTOMER) code++;
    customer[i] = code;
  }
  return code + 1 === customers ? columns : null;
}

/**
 * A source's order with the customer's code in place of its id: codes are numbered in id
 * order, so the rows come out the same, and integers sort faster than text.
 */
function byCustomerCode(orderBy: string): string {
  return orderBy.replace(/^customer_id\b/, 'customer_idx');
}

/**
 * A chunked read (Store.readMrrInputChunks) on one connection, in one transaction: the
 * plan numbers every customer and currency with MRR inputs once, into temporary tables,
 * and reads the currencies and exchange rates; each chunk then reads its range's rows,
 * coded by its slice of those numbers and renumbered from 0. Numbering each chunk afresh
 * cost ~1 s of a 3.3 s read at 1M customers in chunks of 62,500.
 */
export function duckDbChunkSession(
  c: DuckDBConnection,
  workspaceId: string,
  options: MrrReadOptions,
  customersPerChunk: number,
): Pick<ChunkSession, 'plan' | 'read'> {
  let shared: SharedInputs = { currencies: [], fxRates: [] };
  let chunked: ChunkedRead = { withLines: true, storedByCustomer: false };
  return {
    async plan(): Promise<ChunkPlan> {
      const ws = [workspaceId];
      const size = Math.max(1, Math.trunc(customersPerChunk));
      // Once for every chunk: an empty statement per chunk cost ~9 ms (0.14 s at 1M).
      const withLines = Boolean(
        (await c.runAndReadAll(hasRecurringLines(options), ws)).getRows()[0]?.[0],
      );
      const storedByCustomer =
        !withLines && (await numberCustomersInStoredOrder(c, CHUNKED.customers, options, ws));
      if (storedByCustomer) await createCurrencyDictionary(c, CHUNKED, options, ws);
      else await createDictionaries(c, CHUNKED, options, ws);
      shared = await readShared(c, workspaceId, CHUNKED, options);
      chunked = { withLines, storedByCustomer };
      // One row per chunk: a few, read as values.
      const rows = (
        await c.runAndReadAll(
          `SELECT customer_id, (SELECT count(*) FROM ${CHUNKED.customers})::INTEGER AS customers
           FROM ${CHUNKED.customers} WHERE customer_idx % ${size} = 0 ORDER BY customer_idx`,
        )
      ).getRows();
      const starts = rows.map(([id]) => String(id));
      const first = (await c.runAndReadAll(mrrFirstDay(options), ws)).getRowObjects()[0]?.first;
      const customers = Number(rows[0]?.[1] ?? 0);
      return {
        firstDay: first === null || first === undefined ? null : Number(first),
        customers,
        ranges: rangesFrom(starts, size, customers),
        ...(shared.plans ? { plans: shared.plans } : {}),
      };
    },
    read(range: CustomerRange): Promise<MrrInputs> {
      const { from, to } = range.positions;
      const slice = `(SELECT customer_id, customer_idx - ${from} AS customer_idx
        FROM ${CHUNKED.customers} WHERE customer_idx >= ${from} AND customer_idx < ${to})`;
      return readCoded(
        c,
        workspaceId,
        { ...options, customerRange: range },
        { customers: slice, currencies: CHUNKED.currencies },
        shared,
        chunked,
      );
    },
  };
}

/**
 * One text column of a query, sorted (by `orderBy`, a column of the query: by the text
 * column itself unless told), as JS strings. A million strings read one by one
 * cost ~0.5 s (one conversion each through node-api); aggregated into one string in
 * DuckDB and split in JS they cost a fraction. Should a value contain the separator, the
 * count does not match and the column is read the slow way.
 */
export async function readTextColumn(
  connection: DuckDBConnection,
  query: string,
  column: string,
  params: string[],
  orderBy = column,
): Promise<string[]> {
  const result = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n, string_agg("${column}", chr(31) ORDER BY "${orderBy}") AS text FROM (${query}) q`,
    params,
  );
  const row = result.getRowObjects()[0];
  const n = Number(row?.n ?? 0);
  if (n === 0) return [];
  const values = String(row?.text ?? '').split('\u001f');
  if (values.length === n) return values;
  const slow = await connection.runAndReadAll(
    `SELECT "${column}" FROM (${query}) q ORDER BY "${orderBy}"`,
    params,
  );
  return (slow.getColumns()[0] ?? []).map(String);
}
