import type pg from 'pg';
import { IMPORT_KINDS, KIND_SPECS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../model/workspace.ts';
import { storedColumns } from '../schema.ts';
import type {
  CustomerKind,
  CustomerAttributes,
  ApiKeyRecord,
  MrrInputChunks,
  MrrInputs,
  MrrReadOptions,
  SharedStore,
  UpsertOptions,
  UpsertResult,
  MrrPendingWrites,
  MrrResultsReplacement,
  MrrResultsWrite,
  StoredMrrResults,
} from '../store.ts';
import * as results from '../mrr-results-sql.ts';
import { customerIdIn } from '../customer-ids-sql.ts';
import { postgresResultsDialect } from './postgres-mrr-results.ts';
import { plainRow, quote, toPlain } from './codec.ts';
import { createPool, inTransaction, migrate, type PoolOptions } from './connect.ts';
import { postgresChunkSession, readMrrInputsPg, readPlansPg } from './postgres-mrr-inputs.ts';
import { chunkedMrrRead } from '../mrr-input-chunks.ts';
import { CUSTOMERS_WITHOUT_ROW } from '../mrr-inputs-sql.ts';
import { DataVersion } from './data-version.ts';
import { upsertRows } from './upsert.ts';
import {
  customAttributeNamesPg,
  readCustomerAttributesPg,
} from './postgres-customer-attributes.ts';

/**
 * Opens a PostgreSQL database (`postgres://user:password@host:port/database`) and brings
 * its schema up to date. Many workspaces share the database; every statement is scoped by
 * `workspace_id`.
 */
export async function openPostgresStore(
  url: string,
  options: PoolOptions = {},
): Promise<SharedStore> {
  const pool = createPool(url, options);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, new DataVersion(url));
}

/**
 * For a bulk read: sort in memory rather than on disk, plan cursors (the fallback path)
 * for reading every row, and skip JIT, which costs more to compile than these simple
 * expressions save.
 */
const BULK_READ =
  "SET LOCAL work_mem = '256MB'; SET LOCAL cursor_tuple_fraction = 1.0; SET LOCAL jit = off";
/** One consistent snapshot for every statement of a read. */
const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Imports at least this large refresh the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 10_000;

const API_KEY_COLUMNS = 'workspace_id, key_id, role, secret_hash, label, created_at';

interface ApiKeyRow {
  workspace_id: string;
  key_id: string;
  role: string;
  secret_hash: string;
  label: string | null;
  created_at: string;
}

function apiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    workspaceId: row.workspace_id,
    keyId: row.key_id,
    role: row.role === 'admin' ? 'admin' : 'viewer',
    secretHash: row.secret_hash,
    label: row.label,
    createdAt: row.created_at,
  };
}

/** Inserts or replaces a document, on the pool or inside a client's transaction. */
async function writeDocument(
  on: pg.Pool | pg.PoolClient,
  workspaceId: string,
  collection: string,
  id: string,
  body: unknown,
): Promise<void> {
  await on.query(
    `INSERT INTO documents (workspace_id, collection, id, body) VALUES ($1, $2, $3, $4::JSON)
     ON CONFLICT (workspace_id, collection, id)
     DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
    [workspaceId, collection, id, JSON.stringify(body)],
  );
}

class PostgresStore implements SharedStore {
  private readonly resultsDialect: results.ResultsDialect;

  constructor(
    private readonly pool: pg.Pool,
    private readonly version: DataVersion,
  ) {
    this.resultsDialect = postgresResultsDialect(pool);
  }

  /** See ./data-version.ts. */
  dataVersion(): Promise<string> {
    return this.version.read();
  }

  async workspace(workspaceId: string): Promise<WorkspaceSettings> {
    // Insert-if-absent in one statement: two servers creating the same workspace never race.
    await this.pool.query(
      `INSERT INTO workspaces (workspace_id, settings) VALUES ($1, $2::JSONB)
       ON CONFLICT (workspace_id) DO NOTHING`,
      [workspaceId, JSON.stringify(DEFAULT_SETTINGS)],
    );
    const found = await this.pool.query<{ settings: string }>(
      `SELECT settings::TEXT AS settings FROM workspaces WHERE workspace_id = $1`,
      [workspaceId],
    );
    return {
      ...DEFAULT_SETTINGS,
      ...(JSON.parse(found.rows[0]!.settings) as Partial<WorkspaceSettings>),
    };
  }

  async updateWorkspace(
    workspaceId: string,
    settings: Partial<WorkspaceSettings>,
  ): Promise<WorkspaceSettings> {
    const next = { ...(await this.workspace(workspaceId)), ...settings };
    await this.pool.query(`UPDATE workspaces SET settings = $2::JSONB WHERE workspace_id = $1`, [
      workspaceId,
      JSON.stringify(next),
    ]);
    return next;
  }

  async upsert<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    rows: readonly RowOfKind[K][],
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    const { document } = options;
    if (rows.length === 0) {
      if (document)
        await this.putDocument(workspaceId, document.collection, document.id, document.body);
      return { inserted: 0, updated: 0 };
    }
    const result = await inTransaction(this.pool, async (client) => {
      if (document)
        await writeDocument(client, workspaceId, document.collection, document.id, document.body);
      return upsertRows(
        client,
        workspaceId,
        kind,
        rows as unknown as readonly Record<string, unknown>[],
      );
    });
    // Fresh statistics right after a bulk load, not whenever autovacuum gets to it: the
    // reads that follow plan their scans and sorts from them.
    if (rows.length >= ANALYZE_AFTER_ROWS) await this.pool.query(`ANALYZE ${kind}`);
    return result;
  }

  async counts(workspaceId: string): Promise<Record<ImportKind, number>> {
    const sql = IMPORT_KINDS.map(
      (kind) =>
        `SELECT '${kind}' AS kind, count(*)::INTEGER AS n FROM ${kind} WHERE workspace_id = $1`,
    ).join(' UNION ALL ');
    const result = await this.pool.query<{ kind: ImportKind; n: number }>(sql, [workspaceId]);
    const counts = Object.fromEntries(IMPORT_KINDS.map((k) => [k, 0])) as Record<
      ImportKind,
      number
    >;
    for (const row of result.rows) counts[row.kind] = row.n;
    return counts;
  }

  async readMrrInputs(workspaceId: string, options: MrrReadOptions = {}): Promise<MrrInputs> {
    return inTransaction(
      this.pool,
      async (client) => {
        await client.query(BULK_READ);
        return readMrrInputsPg(client, workspaceId, options);
      },
      SNAPSHOT,
    );
  }

  /** Like readMrrInputs: one client, one REPEATABLE READ transaction over every chunk. */
  async readMrrInputChunks(
    workspaceId: string,
    options: MrrReadOptions,
    customersPerChunk: number,
  ): Promise<MrrInputChunks> {
    const client = await this.pool.connect();
    try {
      await client.query(SNAPSHOT);
      await client.query(BULK_READ);
    } catch (error) {
      client.release();
      throw error;
    }
    return chunkedMrrRead({
      ...postgresChunkSession(client, workspaceId, options, customersPerChunk),
      // A read-only snapshot: rolling back ends it whether or not a read failed.
      close: async () => {
        try {
          await client.query('ROLLBACK');
        } finally {
          client.release();
        }
      },
    });
  }

  async readRows<K extends ImportKind>(workspaceId: string, kind: K): Promise<RowOfKind[K][]> {
    return this.selectRows(workspaceId, kind, '', []);
  }

  readPlans(workspaceId: string, options: MrrReadOptions = {}): Promise<string[]> {
    return readPlansPg(this.pool, workspaceId, options);
  }

  async hasCustomersWithoutRow(workspaceId: string): Promise<boolean> {
    const found = await this.pool.query<{ found: boolean }>(CUSTOMERS_WITHOUT_ROW, [workspaceId]);
    return found.rows[0]?.found === true;
  }

  readCustomerAttributes(
    workspaceId: string,
    attributes: readonly string[],
  ): Promise<CustomerAttributes> {
    return readCustomerAttributesPg(this.pool, workspaceId, attributes);
  }

  customAttributeNames(workspaceId: string): Promise<string[]> {
    return customAttributeNamesPg(this.pool, workspaceId);
  }

  async customerIds(workspaceId: string): Promise<string[]> {
    const result = await this.pool.query<[string]>({
      text: 'SELECT customer_id FROM customers WHERE workspace_id = $1 ORDER BY customer_id',
      values: [workspaceId],
      rowMode: 'array',
    });
    return result.rows.map((r) => r[0]);
  }

  async readCustomerRows<K extends CustomerKind>(
    workspaceId: string,
    kind: K,
    customerIds: readonly string[],
  ): Promise<RowOfKind[K][]> {
    return this.selectRows(workspaceId, kind, ` AND ${customerIdIn(customerIds)}`, []);
  }

  async readRowsByKeyPrefix<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    prefix: string,
  ): Promise<RowOfKind[K][]> {
    // A LIKE prefix on a "C"-collated key column is a range scan of the primary key.
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.selectRows(workspaceId, kind, ` AND ${quote(KIND_SPECS[kind].key[0]!)} LIKE $2`, [
      pattern,
    ]);
  }

  private async selectRows<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    filter: string,
    params: string[],
  ): Promise<RowOfKind[K][]> {
    const columns = storedColumns(kind);
    const result = await this.pool.query<unknown[]>({
      text: `SELECT ${columns.map((c) => toPlain(c)).join(', ')} FROM ${kind}
             WHERE workspace_id = $1${filter} ORDER BY ${KIND_SPECS[kind].key.map(quote).join(', ')}`,
      values: [workspaceId, ...params],
      rowMode: 'array',
    });
    return result.rows.map((r) => plainRow(columns, r) as unknown as RowOfKind[K]);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO api_keys (${API_KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.workspaceId, key.keyId, key.role, key.secretHash, key.label, key.createdAt],
    );
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    const result = await this.pool.query<ApiKeyRow>(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_id = $1`,
      [keyId],
    );
    const row = result.rows[0];
    return row ? apiKeyRecord(row) : null;
  }

  async listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]> {
    const result = await this.pool.query<ApiKeyRow>(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, key_id`,
      [workspaceId],
    );
    return result.rows.map(apiKeyRecord);
  }

  async listApiKeyIds(): Promise<string[]> {
    const result = await this.pool.query<{ key_id: string }>(
      `SELECT key_id FROM api_keys ORDER BY key_id`,
    );
    return result.rows.map((r) => r.key_id);
  }

  async deleteApiKey(workspaceId: string, keyId: string): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM api_keys WHERE workspace_id = $1 AND key_id = $2`,
      [workspaceId, keyId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async putDocument(
    workspaceId: string,
    collection: string,
    id: string,
    body: unknown,
  ): Promise<void> {
    await writeDocument(this.pool, workspaceId, collection, id, body);
  }

  async getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | null> {
    const result = await this.pool.query<{ body: string }>(
      `SELECT body::TEXT AS body FROM documents
       WHERE workspace_id = $1 AND collection = $2 AND id = $3`,
      [workspaceId, collection, id],
    );
    const row = result.rows[0];
    return row ? (JSON.parse(row.body) as T) : null;
  }

  async listDocuments<T>(
    workspaceId: string,
    collection: string,
  ): Promise<{ id: string; body: T }[]> {
    const result = await this.pool.query<{ id: string; body: string }>(
      `SELECT id, body::TEXT AS body FROM documents
       WHERE workspace_id = $1 AND collection = $2 ORDER BY id`,
      [workspaceId, collection],
    );
    return result.rows.map((r) => ({ id: r.id, body: JSON.parse(r.body) as T }));
  }

  async deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`,
      [workspaceId, collection, id],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async clearWorkspace(workspaceId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const kind of IMPORT_KINDS) {
        await client.query(`DELETE FROM ${kind} WHERE workspace_id = $1`, [workspaceId]);
      }
      await client.query(results.MARK_EVERYTHING, [workspaceId]);
    });
  }

  readMrrResults(workspaceId: string): Promise<StoredMrrResults | null> {
    return results.readMrrResults(this.resultsDialect, workspaceId);
  }

  readMrrCustomerResults(
    workspaceId: string,
    fingerprint: string,
    customerIds: readonly string[],
  ): Promise<Map<string, string>> {
    return results.readMrrCustomerResults(
      this.resultsDialect,
      workspaceId,
      fingerprint,
      customerIds,
    );
  }

  claimMrrPending(workspaceId: string): Promise<MrrPendingWrites> {
    return results.claimMrrPending(this.resultsDialect, workspaceId);
  }

  startMrrResults(workspaceId: string, fingerprint: string): Promise<MrrResultsReplacement> {
    return results.startMrrResults(this.resultsDialect, workspaceId, fingerprint);
  }

  replaceMrrResults(workspaceId: string, write: MrrResultsWrite): Promise<void> {
    return results.replaceMrrResults(this.resultsDialect, workspaceId, write);
  }

  updateMrrResults(
    workspaceId: string,
    revision: number,
    write: MrrResultsWrite,
  ): Promise<boolean> {
    return results.updateMrrResults(this.resultsDialect, workspaceId, revision, write);
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.version.close()]);
  }
}
