import { beginUpsert } from '../src/ingest/columns.ts';
import { IMPORT_BATCH_ROWS, parseImportFileInBatches } from '../src/ingest/index.ts';
import type { ImportKind } from '../src/model/kinds.ts';
import type { Store } from '../src/store/store.ts';

/**
 * A file imported the way `northstar import` does it, timed: the columnar parse (no row
 * objects, see src/ingest/columns.ts) hands out batches that are written, in one
 * transaction, while the rest of the file is read. A whole 4M-row file staged at once does
 * not fit DuckDB's default memory limit (256MB); a batch does. Throws on the file's first
 * issue (a benchmark's files are clean).
 */
export async function importInBatches(
  store: Store,
  workspace: string,
  kind: ImportKind,
  path: string,
): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const writer = await beginUpsert(store, workspace, kind);
  try {
    const parsed = await parseImportFileInBatches(
      kind,
      path,
      { timeZone: 'UTC' },
      { rows: IMPORT_BATCH_ROWS, write: (columns) => writer.write(columns) },
    );
    if (parsed.issues.length > 0)
      throw new Error(
        `${path}: ${parsed.issues.length} issues, first: ${JSON.stringify(parsed.issues[0])}`,
      );
    const written = await writer.commit();
    return {
      rows: written.inserted + written.updated,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await writer.rollback();
  }
}
