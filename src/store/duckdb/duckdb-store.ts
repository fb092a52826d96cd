import { stat, truncate } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { IMPORT_KINDS, KIND_SPECS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../model/workspace.ts';
import { ConfigError } from '../../model/errors.ts';
import { STORAGE_TYPE, storedColumns, type StoredColumn } from '../schema.ts';
import type {
  CustomerKind,
  CustomerAttributes,
  ApiKeyRecord,
  MrrInputs,
  MrrReadOptions,
  Store,
  UpsertOptions,
  UpsertResult,
  MrrInputChunks,
  MrrPendingWrites,
  MrrResultsReplacement,
  MrrResultsWrite,
  StoredMrrResults,
} from '../store.ts';
import * as results from '../mrr-results-sql.ts';
import { customerIdIn } from '../customer-ids-sql.ts';
import { duckDbResultsDialect } from './duckdb-mrr-results.ts';
import { columnsFromRows, type BatchUpsert, type ImportColumns } from '../../ingest/columns.ts';
import {
  duckDbChunkSession,
  readMrrInputsDuckDb,
  readPlansDuckDb,
  readTextColumn,
} from './duckdb-mrr-inputs.ts';
import { chunkedMrrRead } from '../mrr-input-chunks.ts';
import { CUSTOMERS_WITHOUT_ROW } from '../mrr-inputs-sql.ts';
import { keyMatch, stageImport } from './stage.ts';
import { MIGRATIONS } from './migrations.ts';
import {
  customAttributeNamesDuckDb,
  readCustomerAttributesDuckDb,
} from './duckdb-customer-attributes.ts';

/**
 * DuckDB's own memory: its buffer pool and its operators' working memory (beyond it, a
 * sort or join spills to a temporary file beside the database). DuckDB's default is 80% of
 * the machine's RAM, and it keeps every block it has read or written cached up to that: a
 * full recompute of 1M customers peaked at 2.4 GiB, 0.8 GiB of it result blocks already
 * on disk. 256 MB bounds that at no measured cost in speed to imports, metrics or
 * recomputes (figures in docs/scaling.md).
 */
export const DEFAULT_DUCKDB_MEMORY = '256MB';

/** Opens (creating if needed) a DuckDB file and brings its schema up to date. */
export async function openDuckDbStore(
  path: string,
  memoryLimit: string = DEFAULT_DUCKDB_MEMORY,
): Promise<Store> {
  const instance = await openDuckDbInstance(path, memoryLimit);
  const connection = await instance.connect();
  await migrate(connection);
  if (path !== ':memory:') await reclaimLeakedTail(path, connection);
  return new DuckDbStore(instance, connection);
}

/** A DuckDB instance on `path` with `memoryLimit` (DuckDB's size syntax: `512MB`, `2GB`). */
export async function openDuckDbInstance(
  path: string,
  memoryLimit: string,
): Promise<DuckDBInstance> {
  return DuckDBInstance.create(path, {
    // No network here and none at run time: never try to download an extension.
    autoinstall_known_extensions: 'false',
    memory_limit: duckDbSize(memoryLimit, 'the DuckDB memory limit'),
  });
}

/**
 * `text` when it is a size DuckDB reads (`512MB`, `2GB`, `1.5GiB`), else an error naming
 * `setting` (DuckDB's own says only "Failed to set config").
 */
export function duckDbSize(text: string, setting: string): string {
  if (/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text.trim())) return text.trim();
  throw new ConfigError(`${setting} must be a size such as 512MB or 2GB; got "${text}"`);
}

/** Where block 0 starts: the main header and two database headers of 4 KiB each. */
const BLOCKS_START = 3 * 4096;

/**
 * A process killed during a large write (an import) leaves the blocks DuckDB had already
 * written for it past the end of the file it knows of: nothing references them, yet the
 * file keeps them for good (11 MB grew to 51 MB over a few killed imports). When the file
 * is larger than its blocks, it is checkpointed (committed writes still in the WAL then
 * get their blocks counted) and the unreferenced tail, whole blocks only, is cut off
 * while this process holds the file's lock.
 */
async function reclaimLeakedTail(path: string, connection: DuckDBConnection): Promise<void> {
  /** The file size the blocks DuckDB knows of take, and the block size. */
  const layout = async () => {
    const found = await connection.runAndReadAll('PRAGMA database_size');
    const row = found.getRowObjects()[0]!;
    const blockSize = Number(row.block_size);
    return { blockSize, size: BLOCKS_START + Number(row.total_blocks) * blockSize };
  };
  if ((await stat(path)).size <= (await layout()).size) return;
  await connection.run('CHECKPOINT');
  const size = (await stat(path)).size;
  const known = await layout();
  if (size > known.size && (size - known.size) % known.blockSize === 0)
    await truncate(path, known.size);
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

class DuckDbStore implements Store {
  private readonly resultsDialect: results.ResultsDialect;
  /** Chunked reads under way (readMrrInputChunks): while any is, DuckDB runs on one thread. */
  private chunkedReads = 0;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {
    this.resultsDialect = duckDbResultsDialect(instance);
  }

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
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    return this.upsertColumns(workspaceId, kind, columnsFromRows(kind, rows), options);
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
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    const c = this.connection;
    return inTransaction(c, async () => {
      if (options.document) {
        const { collection, id, body } = options.document;
        await this.writeDocument(c, workspaceId, collection, id, body);
      }
      const replacing = await hasRows(c, workspaceId, kind);
      return writeColumns(c, workspaceId, kind, columns, replacing);
    });
  }

  /**
   * An import in batches, in one transaction on the store's connection (nothing else may
   * use it until `commit` or `rollback`): each batch is staged and inserted as it comes, so
   * DuckDB writes one batch while the importer reads the next.
   */
  async beginUpsert<K extends ImportKind>(workspaceId: string, kind: K): Promise<BatchUpsert<K>> {
    const c = this.connection;
    await c.run('BEGIN TRANSACTION');
    let open = true;
    const total = { inserted: 0, updated: 0 };
    try {
      // Checked once: the batches' keys are distinct (the importer checks the whole file).
      const replacing = await hasRows(c, workspaceId, kind);
      return {
        write: async (columns) => {
          const written = await writeColumns(c, workspaceId, kind, columns, replacing);
          total.inserted += written.inserted;
          total.updated += written.updated;
        },
        commit: async () => {
          open = false;
          await c.run('COMMIT');
          return total;
        },
        rollback: async () => {
          if (!open) return;
          open = false;
          await c.run('ROLLBACK');
        },
      };
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
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

  /**
   * On a connection of its own, in one transaction: a consistent snapshot, and reads that
   * run at the same time (or beside a write on the main connection) never share state.
   */
  readMrrInputs(workspaceId: string, options: MrrReadOptions = {}): Promise<MrrInputs> {
    return this.readInSnapshot((connection) =>
      readMrrInputsDuckDb(connection, workspaceId, options),
    );
  }

  /** Several statements read in one snapshot: a connection and a transaction of their own. */
  private async readInSnapshot<T>(read: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await inTransaction(connection, () => read(connection));
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Like readMrrInputs: a connection of its own, one transaction over every chunk. Its
   * chunks feed shard workers that keep every core busy, so DuckDB runs on one thread
   * until the last chunked read ends (`threads` is global to the instance): its parallel
   * scans only contended with the workers. At 1M customers, `northstar metrics` took
   * 0.2–0.5 s less, and 0.3–1.0 s less CPU, in four runs out of four.
   */
  async readMrrInputChunks(
    workspaceId: string,
    options: MrrReadOptions,
    customersPerChunk: number,
  ): Promise<MrrInputChunks> {
    const connection = await this.instance.connect();
    if (this.chunkedReads++ === 0) await connection.run('SET threads = 1');
    await connection.run('BEGIN TRANSACTION');
    return chunkedMrrRead({
      ...duckDbChunkSession(connection, workspaceId, options, customersPerChunk),
      // A read-only snapshot: rolling back ends it whether or not a read failed.
      close: async () => {
        await connection.run('ROLLBACK');
        if (--this.chunkedReads === 0) await connection.run('RESET threads');
        connection.closeSync();
      },
    });
  }

  async readRows<K extends ImportKind>(workspaceId: string, kind: K): Promise<RowOfKind[K][]> {
    return this.selectRows(workspaceId, kind, '', []);
  }

  readPlans(workspaceId: string, options: MrrReadOptions = {}): Promise<string[]> {
    return readPlansDuckDb(this.connection, workspaceId, options);
  }

  async hasCustomersWithoutRow(workspaceId: string): Promise<boolean> {
    const result = await this.connection.runAndReadAll(CUSTOMERS_WITHOUT_ROW, [workspaceId]);
    return Boolean(result.getRows()[0]?.[0]);
  }

  readCustomerAttributes(
    workspaceId: string,
    attributes: readonly string[],
  ): Promise<CustomerAttributes> {
    return this.readInSnapshot((connection) =>
      readCustomerAttributesDuckDb(connection, workspaceId, attributes),
    );
  }

  customAttributeNames(workspaceId: string): Promise<string[]> {
    return customAttributeNamesDuckDb(this.connection, workspaceId);
  }

  async customerIds(workspaceId: string): Promise<string[]> {
    return readTextColumn(
      this.connection,
      'SELECT customer_id FROM customers WHERE workspace_id = $1',
      'customer_id',
      [workspaceId],
    );
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
    const first = KIND_SPECS[kind].key[0]!;
    return this.selectRows(workspaceId, kind, ` AND starts_with("${first}", $2)`, [prefix]);
  }

  private async selectRows<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    filter: string,
    params: string[],
  ): Promise<RowOfKind[K][]> {
    const columns = storedColumns(kind);
    const select = columns.map((c) => `${toPlain(c)} AS "${c.name}"`).join(', ');
    const order = KIND_SPECS[kind].key.map((k) => `"${k}"`).join(', ');
    const result = await this.connection.runAndReadAll(
      `SELECT ${select} FROM ${kind} WHERE workspace_id = $1${filter} ORDER BY ${order}`,
      [workspaceId, ...params],
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

  async listApiKeyIds(): Promise<string[]> {
    const result = await this.connection.runAndReadAll(
      `SELECT key_id FROM api_keys ORDER BY key_id`,
    );
    return result.getRowObjects().map((r) => String(r['key_id']));
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
    await inTransaction(c, () => this.writeDocument(c, workspaceId, collection, id, body));
  }

  /** Replaces a document inside the caller's transaction. */
  private async writeDocument(
    c: DuckDBConnection,
    workspaceId: string,
    collection: string,
    id: string,
    body: unknown,
  ): Promise<void> {
    await c.run(`DELETE FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = $3`, [
      workspaceId,
      collection,
      id,
    ]);
    await c.run(
      `INSERT INTO documents (workspace_id, collection, id, body) VALUES ($1, $2, $3, $4)`,
      [workspaceId, collection, id, JSON.stringify(body)],
    );
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
      await this.connection.run(results.MARK_EVERYTHING, [workspaceId]);
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
    // Closing checkpoints what the session wrote, synchronously: done first as a query, it
    // runs on DuckDB's threads, and a server's request thread is not held while it does.
    // With another transaction still open it cannot; the close then does it as before.
    await this.connection.run('CHECKPOINT').catch(() => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

async function hasRows(
  c: DuckDBConnection,
  workspaceId: string,
  kind: ImportKind,
): Promise<boolean> {
  const existing = await c.runAndReadAll(`SELECT 1 FROM ${kind} WHERE workspace_id = $1 LIMIT 1`, [
    workspaceId,
  ]);
  return existing.currentRowCount > 0;
}

/**
 * Stages `columns` and writes them, inside the caller's transaction: straight in when the
 * workspace had no rows of the kind, else replacing the rows of the same keys.
 */
async function writeColumns<K extends ImportKind>(
  c: DuckDBConnection,
  workspaceId: string,
  kind: K,
  columns: ImportColumns<K>,
  replacing: boolean,
): Promise<UpsertResult> {
  if (columns.kind !== kind) throw new Error(`columns of ${columns.kind} given as ${kind}`);
  const names = storedColumns(kind)
    .map((col) => `"${col.name}"`)
    .join(', ');
  // No cleanup on failure: the caller's transaction rolls back, temp tables with it (and an
  // aborted DuckDB transaction takes no more statements).
  const staged = await stageImport(c, columns);
  // Stored MRR results: the customers this write touches are marked in its own transaction.
  const keeps = (await c.runAndReadAll(results.KEEPS_RESULTS_ROW, [workspaceId])).currentRowCount;
  const mark =
    keeps === 0
      ? null
      : results.markPendingSql(kind, replacing ? 'stage_flat' : `(${staged.select})`, replacing);
  let written: UpsertResult;
  if (!replacing) {
    if (mark !== null) await c.run(mark, [workspaceId]);
    await c.run(
      `INSERT INTO ${kind} (workspace_id, ${names}) SELECT $1, * FROM (${staged.select})`,
      [workspaceId],
    );
    written = { inserted: columns.length, updated: 0 };
  } else {
    await c.run(
      `DROP TABLE IF EXISTS stage_flat; CREATE TEMP TABLE stage_flat AS ${staged.select}`,
    );
    // Before the rows change: the stored rows they replace name customers too.
    if (mark !== null) await c.run(mark, [workspaceId]);
    const deleted = await c.run(
      `DELETE FROM ${kind} t USING stage_flat f WHERE t.workspace_id = $1 AND ${keyMatch(kind, 't', 'f')}`,
      [workspaceId],
    );
    const updated = Number(deleted.rowsChanged);
    await c.run(`INSERT INTO ${kind} (workspace_id, ${names}) SELECT $1, * FROM stage_flat`, [
      workspaceId,
    ]);
    await c.run(`DROP TABLE stage_flat`);
    written = { inserted: columns.length - updated, updated };
  }
  await staged.drop();
  return written;
}
