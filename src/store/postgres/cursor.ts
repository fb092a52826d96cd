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

export type NumericKind = 'i32' | 'f64';

/** Typed arrays that grow as rows arrive (doubling), trimmed at the end. */
export class ColumnBuilder {
  private columns: (Int32Array | Float64Array)[];
  length = 0;

  constructor(private readonly kinds: readonly NumericKind[]) {
    this.columns = kinds.map((k) => (k === 'i32' ? new Int32Array(1024) : new Float64Array(1024)));
  }

  push(values: readonly number[]): void {
    if (this.length === this.columns[0]!.length) this.grow();
    const at = this.length++;
    for (let c = 0; c < values.length; c++) this.columns[c]![at] = values[c]!;
  }

  /** The filled part of every column, in order. */
  finish(): (Int32Array | Float64Array)[] {
    return this.columns.map((column) => column.slice(0, this.length));
  }

  private grow(): void {
    this.columns = this.columns.map((column, c) => {
      const next =
        this.kinds[c] === 'i32'
          ? new Int32Array(column.length * 2)
          : new Float64Array(column.length * 2);
      next.set(column);
      return next;
    });
  }
}
