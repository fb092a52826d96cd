import type { DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

export type NumericKind = 'i32' | 'f64';
export type NumericArray = Int32Array | Float64Array;

/**
 * Runs a query whose columns are all INTEGER or DOUBLE and never NULL, and copies them into
 * typed arrays. DuckDB vectors keep their values contiguous; copying those wholesale is
 * ~3x faster than reading item by item, which matters for millions of rows.
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
    const chunk = result.getChunk(c).chunk;
    const rowCount = duckdb.data_chunk_get_size(chunk);
    for (let column = 0; column < kinds.length; column++)
      copyVector(duckdb.data_chunk_get_vector(chunk, column), rowCount, out[column]!, offset);
    offset += rowCount;
  }
  return out;
}

function allocate(kind: NumericKind, length: number): NumericArray {
  return kind === 'i32' ? new Int32Array(length) : new Float64Array(length);
}

/**
 * Copies a vector's values straight from DuckDB's memory (`@duckdb/node-bindings`, the layer
 * beneath `@duckdb/node-api`): the API's vector objects read each vector's type and
 * validity as well, which cost ~0.15 s of a full read at 1M customers, for columns whose
 * type the query fixes and that are never NULL.
 */
function copyVector(vector: duckdb.Vector, rowCount: number, out: NumericArray, offset: number) {
  const bytes = duckdb.vector_get_data(vector, rowCount * out.BYTES_PER_ELEMENT);
  if (out instanceof Int32Array)
    out.set(new Int32Array(bytes.buffer, bytes.byteOffset, rowCount), offset);
  else out.set(new Float64Array(bytes.buffer, bytes.byteOffset, rowCount), offset);
}
