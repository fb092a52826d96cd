/**
 * How the importer's plain values (day numbers, epoch milliseconds, minor units, strings)
 * travel to PostgreSQL and back. Values go out as one array per column (unnest), and every
 * conversion to DATE / TIMESTAMPTZ / BIGINT happens in SQL, so no JS Date and no session
 * time zone is ever involved.
 */
import { STORAGE_TYPE, type StoredColumn } from '../schema.ts';

export const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** PostgreSQL array type a column's values are sent as. */
export function paramArrayType(column: StoredColumn): string {
  switch (STORAGE_TYPE[column.type]) {
    case 'text':
      return 'text[]';
    case 'date':
    case 'integer':
      return 'integer[]';
    default:
      return 'float8[]';
  }
}

/** SQL turning a sent value (`ref`) into its stored form. */
export function fromParam(column: StoredColumn, ref: string): string {
  switch (STORAGE_TYPE[column.type]) {
    case 'date':
      return `(DATE '1970-01-01' + ${ref})`;
    case 'timestamp':
      // Interval arithmetic in microseconds is exact for any real epoch-ms value.
      return `(TIMESTAMPTZ '1970-01-01 00:00:00+00' + ${ref} * INTERVAL '1 millisecond')`;
    case 'bigint':
      return `${ref}::BIGINT`;
    default:
      return ref;
  }
}

/** SQL reading a stored column back as a plain value (the inverse of `fromParam`). */
export function toPlain(column: StoredColumn, alias = ''): string {
  const ref = `${alias}${quote(column.name)}`;
  switch (STORAGE_TYPE[column.type]) {
    case 'date':
      return `(${ref} - DATE '1970-01-01')`;
    case 'timestamp':
      return `(extract(epoch FROM ${ref}) * 1000)::DOUBLE PRECISION`;
    case 'bigint':
      return `${ref}::DOUBLE PRECISION`;
    default:
      return ref;
  }
}

/** The value of one cell as sent: custom attributes as JSON text, nothing for none. */
export function cellValue(row: Record<string, unknown>, column: StoredColumn): unknown {
  const value = row[column.name];
  if (column.name === 'attributes') {
    return value && typeof value === 'object' && Object.keys(value).length > 0
      ? JSON.stringify(value)
      : null;
  }
  return value ?? null;
}

const NEEDS_ESCAPE = /["\\]/g;

/**
 * One column of `count` rows from `offset` as a PostgreSQL array literal (`{1,NULL,3}`,
 * `{"a","b\\"c"}`). Built here rather than by `pg`, whose generic serializer is several
 * times slower on the millions of cells a bulk import sends.
 */
export function columnLiteral(
  rows: readonly Record<string, unknown>[],
  offset: number,
  count: number,
  column: StoredColumn,
): string {
  const parts: string[] = new Array(count);
  const name = column.name;
  const quoted = STORAGE_TYPE[column.type] === 'text';
  for (let i = 0; i < count; i++) {
    const value =
      name === 'attributes' ? cellValue(rows[offset + i]!, column) : rows[offset + i]![name];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (!quoted) parts[i] = String(value);
    else {
      const text = String(value);
      parts[i] =
        text.includes('"') || text.includes('\\')
          ? `"${text.replace(NEEDS_ESCAPE, '\\$&')}"`
          : `"${text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

/** A stored row (as read through `toPlain`) in the importer's shape. */
export function plainRow(
  columns: readonly StoredColumn[],
  stored: readonly unknown[],
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = stored[i];
    if (column.name === 'attributes') {
      row.attributes = value ? (JSON.parse(String(value)) as Record<string, string>) : {};
    } else if (value === null || value === undefined) {
      row[column.name] = null;
    } else if (STORAGE_TYPE[column.type] === 'text') {
      row[column.name] = String(value);
    } else {
      row[column.name] = Number(value);
    }
  });
  return row;
}
