import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import type { Store } from '../store.ts';

export interface CopyReport {
  readonly rows: Record<ImportKind, number>;
  readonly apiKeys: number;
  readonly documents: number;
}

/**
 * Copies one workspace between stores (typically a DuckDB file into PostgreSQL when a
 * team outgrows the embedded engine): settings, every kind's rows, API keys and the
 * documents of the named collections. The target's rows of those keys are replaced, so a
 * copy can be re-run.
 */
export async function copyWorkspace(
  from: Store,
  to: Store,
  workspaceId: string,
  collections: readonly string[] = [],
): Promise<CopyReport> {
  await to.updateWorkspace(workspaceId, await from.workspace(workspaceId));
  const rows = {} as Record<ImportKind, number>;
  for (const kind of IMPORT_KINDS) {
    const found = (await from.readRows(workspaceId, kind)) as RowOfKind[ImportKind][];
    await to.upsert(workspaceId, kind, found);
    rows[kind] = found.length;
  }
  const existing = new Set((await to.listApiKeys(workspaceId)).map((k) => k.keyId));
  const keys = (await from.listApiKeys(workspaceId)).filter((k) => !existing.has(k.keyId));
  for (const key of keys) await to.createApiKey(key);
  let documents = 0;
  for (const collection of collections) {
    for (const doc of await from.listDocuments(workspaceId, collection)) {
      await to.putDocument(workspaceId, collection, doc.id, doc.body);
      documents++;
    }
  }
  return { rows, apiKeys: keys.length, documents };
}
