import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';

export type NumericKind = 'i32' | 'f64';
export type NumericArray = Int32Array | Float64Array;

/**
 * Runs a query whose columns are all INTEGER or DOUBLE and never NULL, and copies them into
 * typed arrays. DuckDB vectors keep their values in typed arrays already; copying those
 * wholesale is ~3x faster than reading item by item, which matters for millions of rows.
 */
export async function readNumericColumns(
  connection: DuckDBConnection,
  sql: string,
  kinds: readonly NumericKind[],
  values: (string | number)[] = [],
): Promise<NumericArray[]> {
  // Materialized, not streamed: its row count sizes every column once (no doubling and no
  // trimming copy, whose garbage cost the main thread more than the copy), and its chunks
  // are read without a round trip to DuckDB's thread each (2,000 of them at 1M customers).
  const result = await connection.run(sql, values);
  const total = result.rowCount;
  const out = kinds.map((kind) => allocate(kind, total));
  for (let c = 0, offset = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const rowCount = chunk.rowCount;
    for (let column = 0; column < kinds.length; column++)
      copyVector(chunk.getColumnVector(column), kinds[column]!, rowCount, out[column]!, offset);
    offset += rowCount;
  }
  return out;
}

function allocate(kind: NumericKind, length: number): NumericArray {
  return kind === 'i32' ? new Int32Array(length) : new Float64Array(length);
}

function copyVector(
  vector: DuckDBVector,
  kind: NumericKind,
  rowCount: number,
  out: NumericArray,
  offset: number,
): void {
  const raw = (vector as unknown as { items?: unknown }).items;
  if (
    (kind === 'i32' && raw instanceof Int32Array) ||
    (kind === 'f64' && raw instanceof Float64Array)
  ) {
    out.set(raw.length === rowCount ? raw : raw.subarray(0, rowCount), offset);
    return;
  }
  // Fallback through the public API should the vector's layout ever change.
  for (let i = 0; i < rowCount; i++) out[offset + i] = Number(vector.getItem(i) ?? 0);
}
