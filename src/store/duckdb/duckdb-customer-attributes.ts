import type { DuckDBConnection } from '@duckdb/node-api';
import { attributeColumns } from '../customer-attributes-sql.ts';
import type { CustomerAttributes } from '../store.ts';

/** Separates the texts of one aggregated string (unit separator, as readTextColumn). */
const SEPARATOR = '\u001f';

/**
 * Store.readCustomerAttributes on DuckDB, in one transaction of `c`. Each column comes
 * aggregated into one string, split here: a million customers read as row objects took
 * 6–7 s at 1M, the ids and one attribute this way ~0.3 s. One aggregate per column keeps
 * DuckDB's working memory to one column's text: the ids, names and emails of 1M customers
 * in one string passed the store's 256 MB limit. Should a text contain the separator, the
 * pieces do not add up and the rows are read one by one instead.
 */
export async function readCustomerAttributesDuckDb(
  c: DuckDBConnection,
  workspaceId: string,
  attributes: readonly string[],
): Promise<CustomerAttributes> {
  const from = `FROM customers WHERE workspace_id = $1`;
  const ids = await aggregatedColumn(c, 'customer_id', [workspaceId], from);
  if (ids === null) return readRowByRow(c, workspaceId, attributes, from);
  const values: (string | null)[][] = [];
  for (const attribute of attributes) {
    const params = [workspaceId];
    const [expression] = attributeColumns([attribute], params, customValue, jsonPointer);
    const cells = await aggregatedColumn(c, expression!, params, from);
    if (cells === null || cells.length !== ids.length)
      return readRowByRow(c, workspaceId, attributes, from);
    values.push(cells.map((cell) => cell || null));
  }
  return { attributes, customerIds: ids, values };
}

/** A custom column's text (a JSON pointer: a name is never read as a path: $, dots, brackets). */
const customValue = (name: string) => `json_extract_string(NULLIF(attributes, ''), ${name})`;

/**
 * Every customer's `expression` in id order, '' for none; null when a text holds the
 * separator (the pieces outnumber the customers).
 */
async function aggregatedColumn(
  c: DuckDBConnection,
  expression: string,
  params: string[],
  from: string,
): Promise<string[] | null> {
  const result = await c.runAndReadAll(
    `SELECT count(*)::INTEGER AS n,
       string_agg(coalesce(${expression}, ''), chr(31) ORDER BY customer_id) AS text ${from}`,
    params,
  );
  const row = result.getRowObjects()[0];
  const count = Number(row?.n ?? 0);
  const cells = count === 0 ? [] : String(row?.text ?? '').split(SEPARATOR);
  return cells.length === count ? cells : null;
}

async function readRowByRow(
  c: DuckDBConnection,
  workspaceId: string,
  attributes: readonly string[],
  from: string,
): Promise<CustomerAttributes> {
  const params = [workspaceId];
  const expressions = attributeColumns(attributes, params, customValue, jsonPointer);
  const rows = await c.runAndReadAll(
    `SELECT customer_id, ${expressions.join(', ') || 'NULL'} ${from} ORDER BY customer_id`,
    params,
  );
  const cells = rows.getRows();
  return {
    attributes,
    customerIds: cells.map((r) => String(r[0])),
    values: attributes.map((_, j) => cells.map((r) => (r[j + 1] ? String(r[j + 1]) : null))),
  };
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
