import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { IMPORT_KINDS, KIND_SPECS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../model/workspace.ts';
import { STORAGE_TYPE, storedColumns, type StoredColumn } from '../schema.ts';
import {
  excludedLineStatuses,
  INTERVAL_CODES,
  NO_DAY,
  OPEN_END,
  type ApiKeyRecord,
  type MrrInputs,
  type MrrReadOptions,
  type Store,
  type UpsertResult,
} from '../store.ts';
import { columnsFromRows, type ImportColumns } from '../../ingest/columns.ts';
import { readNumericColumns } from './columns.ts';
import { keyMatch, stageImport } from './stage.ts';
import { MIGRATIONS } from './migrations.ts';

/** Opens (creating if needed) a DuckDB file and brings its schema up to date. */
export async function openDuckDbStore(path: string): Promise<Store> {
  // No network here and none at run time: never try to download an extension.
  const instance = await DuckDBInstance.create(path, {
    autoinstall_known_extensions: 'false',
  });
  const connection = await instance.connect();
  await migrate(connection);
  return new DuckDbStore(instance, connection);
}

async function migrate(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`,
  );
  const applied = await connection.runAndReadAll(
    `SELECT coalesce(max(version), 0) AS v FROM schema_migrations`,
  );
  const current = Number(applied.getRowObjects()[0]?.v ?? 0);
  for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
    await inTransaction(connection, async () => {
      await connection.run(migration.sql);
      await connection.run(`INSERT INTO schema_migrations (version, description) VALUES ($1, $2)`, [
        migration.version,
        migration.description,
      ]);
    });
  }
}

async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** SQL reading a stored column back as a plain JS value (the inverse of `fromStage`). */
function toPlain(column: StoredColumn): string {
  const ref = `"${column.name}"`;
  switch (STORAGE_TYPE[column.type]) {
    case 'date':
      return `(${ref} - DATE '1970-01-01')::INTEGER`;
    case 'timestamp':
      return `epoch_ms(${ref})::DOUBLE`;
    case 'bigint':
      return `${ref}::DOUBLE`;
    default:
      return ref;
  }
}

function plainRow(
  columns: readonly StoredColumn[],
  stored: Record<string, DuckDBValue>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    const value = stored[column.name];
    if (column.name === 'attributes') {
      row.attributes = value ? (JSON.parse(String(value)) as Record<string, string>) : {};
    } else if (value === null || value === undefined) {
      row[column.name] = null;
    } else if (STORAGE_TYPE[column.type] === 'text') {
      row[column.name] = String(value);
    } else {
      row[column.name] = Number(value);
    }
  }
  return row;
}

const API_KEY_COLUMNS = 'workspace_id, key_id, role, secret_hash, label, created_at';

function apiKeyRecord(row: Record<string, DuckDBValue>): ApiKeyRecord {
  return {
    workspaceId: String(row.workspace_id),
    keyId: String(row.key_id),
    role: String(row.role) === 'admin' ? 'admin' : 'viewer',
    secretHash: String(row.secret_hash),
    label: row.label === null ? null : String(row.label),
    createdAt: String(row.created_at),
  };
}

/**
 * A text column of a table in `order`, as JS strings. A million strings read one by one
 * cost ~0.5 s (one conversion each through node-api); aggregated into one string in
 * DuckDB and split in JS they cost a fraction. Should a value contain the separator, the
 * count does not match and the column is read the slow way.
 */
async function readTextColumn(
  connection: DuckDBConnection,
  table: string,
  column: string,
  order: string,
): Promise<string[]> {
  const result = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n, string_agg("${column}", chr(31) ORDER BY ${order}) AS text FROM ${table}`,
  );
  const row = result.getRowObjects()[0];
  const n = Number(row?.n ?? 0);
  if (n === 0) return [];
  const values = String(row?.text ?? '').split('\u001f');
  if (values.length === n) return values;
  const slow = await connection.runAndReadAll(`SELECT "${column}" FROM ${table} ORDER BY ${order}`);
  return (slow.getColumns()[0] ?? []).map(String);
}

class DuckDbStore implements Store {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  async workspace(workspaceId: string): Promise<WorkspaceSettings> {
    const found = await this.connection.runAndReadAll(
      `SELECT settings FROM workspaces WHERE workspace_id = $1`,
      [workspaceId],
    );
    const row = found.getRowObjects()[0];
    if (row)
      return {
        ...DEFAULT_SETTINGS,
        ...(JSON.parse(String(row.settings)) as Partial<WorkspaceSettings>),
      };
    await this.connection.run(`INSERT INTO workspaces (workspace_id, settings) VALUES ($1, $2)`, [
      workspaceId,
      JSON.stringify(DEFAULT_SETTINGS),
    ]);
    return DEFAULT_SETTINGS;
  }

  async updateWorkspace(
    workspaceId: string,
    settings: Partial<WorkspaceSettings>,
  ): Promise<WorkspaceSettings> {
    const next = { ...(await this.workspace(workspaceId)), ...settings };
    await this.connection.run(`UPDATE workspaces SET settings = $2 WHERE workspace_id = $1`, [
      workspaceId,
      JSON.stringify(next),
    ]);
    return next;
  }

  async upsert<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    rows: readonly RowOfKind[K][],
  ): Promise<UpsertResult> {
    return this.upsertColumns(workspaceId, kind, columnsFromRows(kind, rows));
  }

  /**
   * `upsert` of columns (see ImportColumns): the bulk path, no row objects on the way.
   * When the workspace has no rows of the kind yet there is nothing to replace, and the
   * rows go straight from the stage into the table (no key join).
   */
  async upsertColumns<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    columns: ImportColumns<K>,
  ): Promise<UpsertResult> {
    if (columns.kind !== kind) throw new Error(`columns of ${columns.kind} given as ${kind}`);
    const c = this.connection;
    const names = storedColumns(kind)
      .map((col) => `"${col.name}"`)
      .join(', ');
    const staged = await stageImport(c, columns);
    try {
      return await inTransaction(c, async () => {
        const existing = await c.runAndReadAll(
          `SELECT 1 FROM ${kind} WHERE workspace_id = $1 LIMIT 1`,
          [workspaceId],
        );
        if (existing.currentRowCount === 0) {
          await c.run(
            `INSERT INTO ${kind} (workspace_id, ${names}) SELECT $1, * FROM (${staged.select})`,
            [workspaceId],
          );
          return { inserted: columns.length, updated: 0 };
        }
        await c.run(
          `DROP TABLE IF EXISTS stage_flat; CREATE TEMP TABLE stage_flat AS ${staged.select}`,
        );
        try {
          const deleted = await c.run(
            `DELETE FROM ${kind} t USING stage_flat f WHERE t.workspace_id = $1 AND ${keyMatch(kind, 't', 'f')}`,
            [workspaceId],
          );
          const updated = Number(deleted.rowsChanged);
          await c.run(`INSERT INTO ${kind} (workspace_id, ${names}) SELECT $1, * FROM stage_flat`, [
            workspaceId,
          ]);
          return { inserted: columns.length - updated, updated };
        } finally {
          await c.run(`DROP TABLE IF EXISTS stage_flat`);
        }
      });
    } finally {
      await staged.drop();
    }
  }

  async counts(workspaceId: string): Promise<Record<ImportKind, number>> {
    const sql = IMPORT_KINDS.map(
      (kind) =>
        `SELECT '${kind}' AS kind, count(*)::INTEGER AS n FROM ${kind} WHERE workspace_id = $1`,
    ).join(' UNION ALL ');
    const result = await this.connection.runAndReadAll(sql, [workspaceId]);
    const counts = Object.fromEntries(IMPORT_KINDS.map((k) => [k, 0])) as Record<
      ImportKind,
      number
    >;
    for (const row of result.getRowObjects()) counts[row.kind as ImportKind] = Number(row.n);
    return counts;
  }

  async readMrrInputs(workspaceId: string, options: MrrReadOptions = {}): Promise<MrrInputs> {
    const c = this.connection;
    const ws = [workspaceId];
    const recurringLines = `workspace_id = $1 AND type IN ('subscription', 'usage') AND status NOT IN ${excludedLineStatuses(options)} AND period_start IS NOT NULL AND period_end IS NOT NULL`;
    // One dictionary of customers and one of currencies, so both sources index alike.
    await c.run(`DROP TABLE IF EXISTS mrr_customers; DROP TABLE IF EXISTS mrr_currencies`);
    await c.run(
      `CREATE TEMP TABLE mrr_customers AS
       SELECT customer_id, (row_number() OVER (ORDER BY customer_id) - 1)::INTEGER AS idx FROM (
         SELECT customer_id FROM subscriptions WHERE workspace_id = $1
         UNION SELECT customer_id FROM invoices WHERE ${recurringLines})`,
      ws,
    );
    await c.run(
      `CREATE TEMP TABLE mrr_currencies AS
       SELECT currency, (row_number() OVER (ORDER BY currency) - 1)::INTEGER AS idx FROM (
         SELECT currency FROM subscriptions WHERE workspace_id = $1
         UNION SELECT currency FROM invoices WHERE ${recurringLines})`,
      ws,
    );
    // An empty result has no columns at all, hence the fallback (an empty workspace).
    const customerIds = await readTextColumn(c, 'mrr_customers', 'customer_id', 'idx');
    const currencies = (
      (await c.runAndReadAll(`SELECT currency FROM mrr_currencies ORDER BY idx`)).getColumns()[0] ??
      []
    ).map(String);
    const day = (column: string, nullValue: number) =>
      `coalesce((${column} - DATE '1970-01-01')::INTEGER, ${nullValue})`;
    const [
      customer,
      amount,
      currency,
      interval,
      intervalCount,
      quantity,
      discountPercent,
      start,
      end,
      trialEnd,
      canceledAt,
    ] = await readNumericColumns(
      c,
      `SELECT k.idx, s.amount::DOUBLE, cur.idx,
           CASE s.interval ${Object.entries(INTERVAL_CODES)
             .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
             .join(' ')} END::INTEGER,
           s.interval_count, s.quantity, s.discount_percent,
           ${day('s.start_date', NO_DAY)}, ${day('s.end_date', OPEN_END)},
           ${day('s.trial_end', NO_DAY)}, ${day('s.canceled_at', NO_DAY)}
         FROM subscriptions s JOIN mrr_customers k USING (customer_id) JOIN mrr_currencies cur USING (currency)
         WHERE s.workspace_id = $1 ORDER BY k.idx, s.start_date, s.subscription_id`,
      ['i32', 'f64', 'i32', 'i32', 'i32', 'f64', 'f64', 'i32', 'i32', 'i32', 'i32'],
      ws,
    );
    const [lineCustomer, netAmount, lineCurrency, isUsage, periodStart, periodEnd] =
      await readNumericColumns(
        c,
        `SELECT k.idx, (i.amount - i.discount)::DOUBLE, cur.idx, (i.type = 'usage')::INTEGER,
         ${day('i.period_start', NO_DAY)}, ${day('i.period_end', NO_DAY)}
       FROM invoices i JOIN mrr_customers k USING (customer_id) JOIN mrr_currencies cur USING (currency)
       WHERE i.${recurringLines} ORDER BY k.idx, i.period_start, i.invoice_id, i.line_id`,
        ['i32', 'f64', 'i32', 'i32', 'i32', 'i32'],
        ws,
      );
    const fx = await c.runAndReadAll(
      `SELECT (date - DATE '1970-01-01')::INTEGER AS date, currency, rate FROM fx_rates WHERE workspace_id = $1 ORDER BY currency, date`,
      ws,
    );
    const late =
      options.delinquencyDays == null
        ? [new Int32Array(0), new Int32Array(0), new Int32Array(0)]
        : await readNumericColumns(
            c,
            `SELECT k.idx, ${day('i.issued_at', NO_DAY)}, ${day('i.paid_at', OPEN_END)}
       FROM (SELECT DISTINCT customer_id, invoice_id, issued_at, paid_at FROM invoices
             WHERE workspace_id = $1 AND (status IN ('open', 'uncollectible')
               OR (status = 'paid' AND paid_at > issued_at + ${Math.trunc(options.delinquencyDays)}))) i
       JOIN mrr_customers k USING (customer_id) ORDER BY k.idx, i.issued_at`,
            ['i32', 'i32', 'i32'],
            ws,
          );
    await c.run(`DROP TABLE IF EXISTS mrr_customers; DROP TABLE IF EXISTS mrr_currencies`);
    return {
      lateInvoices: {
        length: late[0]!.length,
        customer: late[0] as Int32Array,
        issued: late[1] as Int32Array,
        paid: late[2] as Int32Array,
      },
      customerIds,
      currencies,
      subscriptions: {
        length: customer!.length,
        customer: customer as Int32Array,
        amount: amount as Float64Array,
        currency: currency as Int32Array,
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
        length: lineCustomer!.length,
        customer: lineCustomer as Int32Array,
        netAmount: netAmount as Float64Array,
        currency: lineCurrency as Int32Array,
        isUsage: isUsage as Int32Array,
        periodStart: periodStart as Int32Array,
        periodEnd: periodEnd as Int32Array,
      },
      fxRates: fx.getRowObjects().map((r) => ({
        date: Number(r.date),
        currency: String(r.currency),
        rate: Number(r.rate),
      })),
    };
  }

  async readRows<K extends ImportKind>(workspaceId: string, kind: K): Promise<RowOfKind[K][]> {
    const columns = storedColumns(kind);
    const select = columns.map((c) => `${toPlain(c)} AS "${c.name}"`).join(', ');
    const order = KIND_SPECS[kind].key.map((k) => `"${k}"`).join(', ');
    const result = await this.connection.runAndReadAll(
      `SELECT ${select} FROM ${kind} WHERE workspace_id = $1 ORDER BY ${order}`,
      [workspaceId],
    );
    return result.getRowObjects().map((r) => plainRow(columns, r) as unknown as RowOfKind[K]);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    await this.connection.run(
      `INSERT INTO api_keys (workspace_id, key_id, role, secret_hash, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.workspaceId, key.keyId, key.role, key.secretHash, key.label, key.createdAt],
    );
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    const result = await this.connection.runAndReadAll(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_id = $1`,
      [keyId],
    );
    const row = result.getRowObjects()[0];
    return row ? apiKeyRecord(row) : null;
  }

  async listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]> {
    const result = await this.connection.runAndReadAll(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, key_id`,
      [workspaceId],
    );
    return result.getRowObjects().map(apiKeyRecord);
  }

  async deleteApiKey(workspaceId: string, keyId: string): Promise<boolean> {
    const result = await this.connection.run(
      `DELETE FROM api_keys WHERE workspace_id = $1 AND key_id = $2`,
      [workspaceId, keyId],
    );
    return Number(result.rowsChanged) > 0;
  }

  async putDocument(
    workspaceId: string,
    collection: string,
    id: string,
    body: unknown,
  ): Promise<void> {
    const c = this.connection;
    await inTransaction(c, async () => {
      await c.run(`DELETE FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`, [
        workspaceId,
        collection,
        id,
      ]);
      await c.run(
        `INSERT INTO documents (workspace_id, collection, id, body) VALUES ($1, $2, $3, $4)`,
        [workspaceId, collection, id, JSON.stringify(body)],
      );
    });
  }

  async getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | null> {
    const result = await this.connection.runAndReadAll(
      `SELECT body FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`,
      [workspaceId, collection, id],
    );
    const row = result.getRowObjects()[0];
    return row ? (JSON.parse(String(row.body)) as T) : null;
  }

  async listDocuments<T>(
    workspaceId: string,
    collection: string,
  ): Promise<{ id: string; body: T }[]> {
    const result = await this.connection.runAndReadAll(
      `SELECT id, body FROM documents WHERE workspace_id = $1 AND collection = $2 ORDER BY id`,
      [workspaceId, collection],
    );
    return result
      .getRowObjects()
      .map((r) => ({ id: String(r.id), body: JSON.parse(String(r.body)) as T }));
  }

  async deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> {
    const result = await this.connection.run(
      `DELETE FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`,
      [workspaceId, collection, id],
    );
    return Number(result.rowsChanged) > 0;
  }

  async clearWorkspace(workspaceId: string): Promise<void> {
    await inTransaction(this.connection, async () => {
      for (const kind of IMPORT_KINDS) {
        await this.connection.run(`DELETE FROM ${kind} WHERE workspace_id = $1`, [workspaceId]);
      }
    });
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
