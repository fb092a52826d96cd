import type { DuckDBConnection } from '@duckdb/node-api';
import { attributeColumns } from '../customer-attributes-sql.ts';
import type { CustomerAttributes } from '../store.ts';

/** Separates the texts of one aggregated string (unit separator, as readTextColumn). */
const SEPARATOR = '\u001f';

/**
 * Store.readCustomerAttributes on DuckDB. The ids and values come aggregated into one
 * string, split here: a million customers read as row objects took 6–7 s at 1M, the ids
 * and one attribute this way ~0.3 s. Should a text contain the separator, the pieces do
 * not add up and the rows are read one by one instead.
 */
export async function readCustomerAttributesDuckDb(
  c: DuckDBConnection,
  workspaceId: string,
  attributes: readonly string[],
): Promise<CustomerAttributes> {
  const params = [workspaceId];
  // A JSON pointer: a custom column's name is never read as a path ($, dots, brackets).
  const expressions = attributeColumns(
    attributes,
    params,
    (name) => `json_extract_string(NULLIF(attributes, ''), ${name})`,
    jsonPointer,
  );
  const from = `FROM customers WHERE workspace_id = $1`;
  const joined = ['customer_id', ...expressions.map((e) => `coalesce(${e}, '')`)].join(
    ' || chr(31) || ',
  );
  const result = await c.runAndReadAll(
    `SELECT count(*)::INTEGER AS n, string_agg(${joined}, chr(31) ORDER BY customer_id) AS text ${from}`,
    params,
  );
  const row = result.getRowObjects()[0];
  const count = Number(row?.n ?? 0);
  const width = 1 + attributes.length;
  let cells: string[] = count === 0 ? [] : String(row?.text ?? '').split(SEPARATOR);
  if (cells.length !== count * width) {
    const rows = await c.runAndReadAll(
      `SELECT customer_id, ${expressions.join(', ') || 'NULL'} ${from} ORDER BY customer_id`,
      params,
    );
    cells = rows.getRows().flatMap((r) => r.slice(0, width).map((v) => String(v ?? '')));
  }
  const customerIds = new Array<string>(count);
  const values = attributes.map(() => new Array<string | null>(count));
  for (let i = 0; i < count; i++) {
    customerIds[i] = cells[i * width]!;
    for (let j = 0; j < attributes.length; j++) values[j]![i] = cells[i * width + 1 + j] || null;
  }
  return { attributes, customerIds, values };
}

/** The JSON pointer (RFC 6901) of a top-level key. */
function jsonPointer(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Store.customAttributeNames on DuckDB. */
export async function customAttributeNamesDuckDb(
  c: DuckDBConnection,
  workspaceId: string,
): Promise<string[]> {
  const result = await c.runAndReadAll(
    `SELECT DISTINCT unnest(json_keys(NULLIF(attributes, ''))) AS name
     FROM customers WHERE workspace_id = $1`,
    [workspaceId],
  );
  return result
    .getRows()
    .map(([name]) => String(name))
    .sort();
}
