import type pg from 'pg';
import { KIND_SPECS, type ImportKind } from '../../model/kinds.ts';
import { storedColumns, type StoredColumn } from '../schema.ts';
import type { UpsertResult } from '../store.ts';
import { markPendingSql } from '../mrr-results-sql.ts';
import { columnLiteral, fromParam, paramArrayType, quote } from './codec.ts';

/**
 * Rows per round trip into the staging table. One array parameter per column keeps the
 * statement fixed; 20k rows is ~1-3 MB of parameters, large enough that round trips stop
 * mattering and small enough that building the array literals stays cheap.
 */
const BATCH_ROWS = 20_000;

const STAGE = 'northstar_stage';
const CARDINALITY_VIOLATION = '21000';

/**
 * Upserts inside the caller's transaction: rows go into a temporary staging table in
 * batches (multi-row INSERT over unnest of arrays), then into the kind's table in one
 * INSERT … ON CONFLICT on its primary key. Any failure leaves the caller to roll back, so
 * an import lands completely or not at all.
 */
export async function upsertRows(
  client: pg.PoolClient,
  workspaceId: string,
  kind: ImportKind,
  rows: readonly Record<string, unknown>[],
): Promise<UpsertResult> {
  const columns = storedColumns(kind);
  const names = columns.map((c) => quote(c.name));
  await client.query(
    `CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS
       SELECT 0::INTEGER AS ord, ${names.join(', ')} FROM ${kind} WITH NO DATA`,
  );
  await stageRows(client, columns, rows);
  // Statistics let the planner pick a hash join over millions of index probes below.
  await client.query(`ANALYZE ${STAGE}`);

  // Before the rows change: the stored rows they replace name customers too.
  const mark = markPendingSql(kind, STAGE);
  if (mark !== null) await client.query(mark, [workspaceId]);
  const key = KIND_SPECS[kind].key.map(quote);
  const updated = await client.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${STAGE} s WHERE EXISTS (
       SELECT 1 FROM ${kind} t WHERE t.workspace_id = $1 AND ${key.map((k) => `t.${k} = s.${k}`).join(' AND ')})`,
    [workspaceId],
  );
  const others = names.filter((n) => !key.includes(n));
  // An unchanged row is left alone: re-importing the same file then writes no new row
  // versions (no table bloat, no index churn), only looks the keys up.
  const onConflict =
    others.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${others.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}
         WHERE (${others.map((n) => `${kind}.${n}`).join(', ')})
           IS DISTINCT FROM (${others.map((n) => `EXCLUDED.${n}`).join(', ')})`;
  const insert = (source: string) =>
    `INSERT INTO ${kind} (workspace_id, ${names.join(', ')})
     SELECT $1, ${names.join(', ')} FROM ${source}
     ON CONFLICT (workspace_id, ${key.join(', ')}) ${onConflict}`;

  // The importer rejects duplicate keys, but other callers (API batches) may send one key
  // twice; ON CONFLICT cannot touch a row twice in one statement, so only then pay for a
  // de-duplication that keeps the last occurrence.
  await client.query('SAVEPOINT northstar_upsert');
  try {
    await client.query(insert(STAGE), [workspaceId]);
  } catch (error) {
    if ((error as { code?: string }).code !== CARDINALITY_VIOLATION) throw error;
    await client.query('ROLLBACK TO SAVEPOINT northstar_upsert');
    await client.query(
      insert(`(SELECT DISTINCT ON (${key.join(', ')}) * FROM ${STAGE}
               ORDER BY ${key.join(', ')}, ord DESC) last_wins`),
      [workspaceId],
    );
  }
  const replaced = updated.rows[0]?.n ?? 0;
  return { inserted: rows.length - replaced, updated: replaced };
}

async function stageRows(
  client: pg.PoolClient,
  columns: readonly StoredColumn[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const params = columns.map((c, i) => `$${i + 2}::${paramArrayType(c)}`);
  const sql = `INSERT INTO ${STAGE} (ord, ${columns.map((c) => quote(c.name)).join(', ')})
    SELECT $1::INTEGER + u.ordinality::INTEGER, ${columns
      .map((c, i) => fromParam(c, `u.c${i}`))
      .join(', ')}
    FROM unnest(${params.join(', ')}) WITH ORDINALITY AS u(${columns
      .map((_, i) => `c${i}`)
      .join(', ')}, ordinality)`;
  for (let offset = 0; offset < rows.length; offset += BATCH_ROWS) {
    const count = Math.min(BATCH_ROWS, rows.length - offset);
    const values: unknown[] = [offset];
    for (const column of columns) values.push(columnLiteral(rows, offset, count, column));
    await client.query(sql, values);
  }
}
