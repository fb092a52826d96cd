import type pg from 'pg';
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
  mrrChunkStarts,
  mrrFirstDay,
  mrrParams,
  mrrPlans,
  subscriptionSource,
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
  options: MrrReadOptions,
  /** False when the workspace has no recurring invoice lines: their statement is skipped. */
  withLines = true,
  /** With `withPlans`, the plans when a chunked read's plan has read them for every range. */
  knownPlans?: readonly string[],
): Promise<MrrInputs> {
  const delinquencyDays = options.delinquencyDays ?? null;
  const params = mrrParams(workspaceId, options);
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
  const plans =
    options.withPlans === true
      ? (knownPlans ?? (await readPlansPg(client, workspaceId, options)))
      : undefined;
  const subs = await read(
    subscriptionSource(options, plans),
    ['customer_id', 'currency'],
    'subscriptions',
  );
  const lineSource = invoiceLineSource(options, plans);
  const lines = withLines
    ? await read(lineSource, ['customer_id', 'currency'], 'invoices')
    : { length: 0, columns: [[], [], ...emptyColumns(lineSource.columns)] };

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

  const fx = await client.query<{ date: number; currency: string; rate: number }>(FX_RATES, [
    workspaceId,
  ]);

  let late: { customer: Int32Array; measures: ColumnValues[] } | null = null;
  if (delinquencyDays != null) {
    const found = await read(
      lateInvoiceSource(delinquencyDays, options),
      ['customer_id'],
      'invoices',
    );
    const index = new Map(customers.values.map((id, i) => [id, i]));
    const ids = found.columns[0] as string[];
    // A customer without recurring revenue has none to lose.
    const kept = ids.flatMap((id, i) => (index.has(id) ? [i] : []));
    late = {
      customer: Int32Array.from(kept, (i) => index.get(ids[i]!)!),
      measures: found.columns
        .slice(1)
        .map((column) => Int32Array.from(kept, (i) => (column as Int32Array)[i]!)),
    };
  }

  return mrrInputsOf({
    customerIds: customers.values,
    currencies: currencies.values,
    ...(plans ? { plans } : {}),
    subscriptions: { customer, currency, measures: subs.columns.slice(2) },
    lines: { customer: lineCustomer, currency: lineCurrency, measures: lines.columns.slice(2) },
    late,
    fxRates: fx.rows.map((r) => ({
      date: Number(r.date),
      currency: r.currency,
      rate: Number(r.rate),
    })),
  });
}

/** MrrInputs.plans (Store.readPlans): sorted as JS sorts, not by the database's collation. */
export async function readPlansPg(
  client: pg.Pool | pg.PoolClient,
  workspaceId: string,
  options: MrrReadOptions,
): Promise<string[]> {
  const found = await client.query<{ plan: string }>(
    mrrPlans(options),
    mrrParams(workspaceId, options),
  );
  return found.rows.map((r) => r.plan).sort();
}

/**
 * A chunked read (Store.readMrrInputChunks) on `client`, in the caller's transaction: the
 * plan finds the chunks' customer ranges and the first day; each chunk is then
 * `readMrrInputsPg` of its range. As the DuckDB session, it asks once whether there are
 * recurring invoice lines at all, not once per chunk.
 */
export function postgresChunkSession(
  client: pg.PoolClient,
  workspaceId: string,
  options: MrrReadOptions,
  customersPerChunk: number,
): Pick<ChunkSession, 'plan' | 'read'> {
  let withLines = true;
  let plans: readonly string[] | undefined;
  return {
    async plan(): Promise<ChunkPlan> {
      const ws = [workspaceId];
      const starts = await client.query<{ customer_id: string; customers: number }>(
        mrrChunkStarts(options, customersPerChunk),
        ws,
      );
      const first = await client.query<{ first: number | null }>(mrrFirstDay(options), ws);
      const lines = await client.query<{ found: boolean }>(hasRecurringLines(options), ws);
      withLines = lines.rows[0]?.found === true;
      if (options.withPlans === true) plans = await readPlansPg(client, workspaceId, options);
      const ids = starts.rows.map((r) => r.customer_id);
      const day = first.rows[0]?.first;
      const customers = Number(starts.rows[0]?.customers ?? 0);
      return {
        firstDay: day === null || day === undefined ? null : Number(day),
        customers,
        ranges: rangesFrom(ids, customersPerChunk, customers),
        ...(plans ? { plans } : {}),
      };
    },
    read: (customerRange: CustomerRange) =>
      readMrrInputsPg(client, workspaceId, { ...options, customerRange }, withLines, plans),
  };
}
