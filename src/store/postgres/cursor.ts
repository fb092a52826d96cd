import type pg from 'pg';

/** Rows fetched per round trip: bounded memory for any table size, few round trips. */
const FETCH_ROWS = 50_000;

let cursorCount = 0;

/**
 * Streams a query's rows as arrays through a server-side cursor (plain DECLARE / FETCH, so
 * no extra package). Must run inside a transaction, which also gives every query of a read
 * the same snapshot.
 */
export async function* streamRows(
  client: pg.PoolClient,
  sql: string,
  params: readonly unknown[],
): AsyncGenerator<unknown[][]> {
  const name = `northstar_cursor_${++cursorCount}`;
  await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, [...params]);
  try {
    for (;;) {
      const batch = await client.query<unknown[]>({
        text: `FETCH ${FETCH_ROWS} FROM ${name}`,
        rowMode: 'array',
      });
      if (batch.rows.length > 0) yield batch.rows;
      if (batch.rows.length < FETCH_ROWS) break;
    }
  } finally {
    await client.query(`CLOSE ${name}`);
  }
}
