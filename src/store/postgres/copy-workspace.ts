import type pg from 'pg';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { plural } from '../../model/plural.ts';
import type { WorkspaceSettings } from '../../model/workspace.ts';
import type { ApiKeyRecord, Store } from '../store.ts';
import { createPool, inTransaction, migrate } from './connect.ts';
import { upsertRows } from './upsert.ts';

/**
 * Copies one workspace between stores (a DuckDB file into PostgreSQL when a team outgrows
 * the embedded engine, and back): settings, every kind's rows, API keys and the documents
 * of the named collections. The copy is all or nothing in the target, and refuses a target
 * workspace that already holds data unless told to replace it.
 */

export interface CopyReport {
  readonly rows: Record<ImportKind, number>;
  readonly apiKeys: number;
  readonly documents: number;
}

/** What the target workspace holds before the copy. */
export interface HeldData {
  readonly rows: Record<ImportKind, number>;
  readonly apiKeys: number;
  readonly documents: number;
}

/** The target of a copy; every call runs inside one all-or-nothing unit of work. */
export interface WorkspaceWriter {
  held(collections: readonly string[]): Promise<HeldData>;
  /** Deletes the workspace's rows, API keys and the documents of `collections`. */
  clear(collections: readonly string[]): Promise<void>;
  settings(settings: WorkspaceSettings): Promise<void>;
  rows<K extends ImportKind>(kind: K, rows: readonly RowOfKind[K][]): Promise<void>;
  apiKey(key: ApiKeyRecord): Promise<void>;
  document(collection: string, id: string, body: unknown): Promise<void>;
}

export interface CopyOptions {
  readonly collections: readonly string[];
  /** Replace what the target workspace holds (otherwise a non-empty target is refused). */
  readonly replace: boolean;
  /** Rows and documents copied so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The target workspace holds data and the copy was not told to replace it. */
export class TargetNotEmptyError extends Error {
  constructor(readonly held: HeldData) {
    const kinds = IMPORT_KINDS.filter((k) => held.rows[k] > 0).map((k) => `${held.rows[k]} ${k}`);
    if (held.documents > 0)
      kinds.push(`${plural(held.documents, 'document')} (goals, alert rules, …)`);
    if (held.apiKeys > 0) kinds.push(plural(held.apiKeys, 'API key'));
    super(`the target workspace already holds ${kinds.join(', ')}`);
  }
}

export function isEmpty(held: HeldData): boolean {
  return (
    held.apiKeys === 0 && held.documents === 0 && IMPORT_KINDS.every((k) => held.rows[k] === 0)
  );
}

/** Copies the workspace from `from` through `to`; throws TargetNotEmptyError before writing. */
export async function copyWorkspace(
  from: Store,
  to: WorkspaceWriter,
  workspaceId: string,
  options: CopyOptions,
): Promise<CopyReport> {
  const held = await to.held(options.collections);
  if (!isEmpty(held)) {
    if (!options.replace) throw new TargetNotEmptyError(held);
    await to.clear(options.collections);
  }
  const counts = await from.counts(workspaceId);
  const total = IMPORT_KINDS.reduce((sum, k) => sum + counts[k], 0) + options.collections.length;
  let done = 0;
  options.onProgress?.(done, total);
  await to.settings(await from.workspace(workspaceId));
  const rows = {} as Record<ImportKind, number>;
  for (const kind of IMPORT_KINDS) {
    const found = (await from.readRows(workspaceId, kind)) as RowOfKind[ImportKind][];
    if (found.length > 0) await to.rows(kind, found);
    rows[kind] = found.length;
    done += found.length;
    options.onProgress?.(done, total);
  }
  const keys = await from.listApiKeys(workspaceId);
  for (const key of keys) await to.apiKey(key);
  let documents = 0;
  for (const collection of options.collections) {
    for (const doc of await from.listDocuments(workspaceId, collection)) {
      await to.document(collection, doc.id, doc.body);
      documents++;
    }
    options.onProgress?.(++done, total);
  }
  return { rows, apiKeys: keys.length, documents };
}

/**
 * Writes through the Store interface. Not atomic by itself: the caller makes it so (the
 * CLI writes a DuckDB target into a copy of its file and renames it into place).
 */
export function storeWriter(store: Store, workspaceId: string): WorkspaceWriter {
  return {
    async held(collections) {
      let documents = 0;
      for (const c of collections) documents += (await store.listDocuments(workspaceId, c)).length;
      return {
        rows: await store.counts(workspaceId),
        apiKeys: (await store.listApiKeys(workspaceId)).length,
        documents,
      };
    },
    async clear(collections) {
      await store.clearWorkspace(workspaceId);
      for (const key of await store.listApiKeys(workspaceId))
        await store.deleteApiKey(workspaceId, key.keyId);
      for (const c of collections)
        for (const doc of await store.listDocuments(workspaceId, c))
          await store.deleteDocument(workspaceId, c, doc.id);
    },
    async settings(settings) {
      await store.updateWorkspace(workspaceId, settings);
    },
    async rows(kind, rows) {
      await store.upsert(workspaceId, kind, rows);
    },
    apiKey: (key) => store.createApiKey(key),
    document: (collection, id, body) => store.putDocument(workspaceId, collection, id, body),
  };
}

/** Writes inside one PostgreSQL transaction: a failed copy leaves the target as it was. */
function transactionWriter(client: pg.PoolClient, workspaceId: string): WorkspaceWriter {
  return {
    async held(collections) {
      const rows = Object.fromEntries(IMPORT_KINDS.map((k) => [k, 0])) as Record<
        ImportKind,
        number
      >;
      for (const kind of IMPORT_KINDS) {
        const found = await client.query<{ n: number }>(
          `SELECT count(*)::INTEGER AS n FROM ${kind} WHERE workspace_id = $1`,
          [workspaceId],
        );
        rows[kind] = found.rows[0]?.n ?? 0;
      }
      const count = async (sql: string, params: unknown[]) =>
        (await client.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
      return {
        rows,
        apiKeys: await count(
          'SELECT count(*)::INTEGER AS n FROM api_keys WHERE workspace_id = $1',
          [workspaceId],
        ),
        documents: await count(
          'SELECT count(*)::INTEGER AS n FROM documents WHERE workspace_id = $1 AND collection = ANY($2)',
          [workspaceId, collections],
        ),
      };
    },
    async clear(collections) {
      for (const kind of IMPORT_KINDS)
        await client.query(`DELETE FROM ${kind} WHERE workspace_id = $1`, [workspaceId]);
      await client.query('DELETE FROM api_keys WHERE workspace_id = $1', [workspaceId]);
      await client.query('DELETE FROM documents WHERE workspace_id = $1 AND collection = ANY($2)', [
        workspaceId,
        collections,
      ]);
    },
    async settings(settings) {
      await client.query(
        `INSERT INTO workspaces (workspace_id, settings) VALUES ($1, $2::JSONB)
         ON CONFLICT (workspace_id) DO UPDATE SET settings = EXCLUDED.settings`,
        [workspaceId, JSON.stringify(settings)],
      );
    },
    async rows(kind, rows) {
      await upsertRows(client, workspaceId, kind, rows as unknown as Record<string, unknown>[]);
      // upsertRows stages in a temporary table dropped at commit; the next kind makes its own.
      await client.query('DROP TABLE IF EXISTS pg_temp.northstar_stage');
    },
    async apiKey(key) {
      await client.query(
        `INSERT INTO api_keys (workspace_id, key_id, role, secret_hash, label, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [key.workspaceId, key.keyId, key.role, key.secretHash, key.label, key.createdAt],
      );
    },
    async document(collection, id, body) {
      await client.query(
        `INSERT INTO documents (workspace_id, collection, id, body) VALUES ($1, $2, $3, $4::JSON)`,
        [workspaceId, collection, id, JSON.stringify(body)],
      );
    },
  };
}

/** Copies a workspace into the PostgreSQL database at `url` in one transaction. */
export async function copyIntoPostgres(
  from: Store,
  url: string,
  workspaceId: string,
  options: CopyOptions,
): Promise<CopyReport> {
  const pool = createPool(url);
  try {
    await migrate(pool);
    return await inTransaction(pool, (client) =>
      copyWorkspace(from, transactionWriter(client, workspaceId), workspaceId, options),
    );
  } finally {
    await pool.end();
  }
}
