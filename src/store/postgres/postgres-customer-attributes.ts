import type pg from 'pg';
import { attributeColumns } from '../customer-attributes-sql.ts';
import type { CustomerAttributes } from '../store.ts';

/** Store.readCustomerAttributes on PostgreSQL: the ids and the attributes' columns, as arrays. */
export async function readCustomerAttributesPg(
  pool: pg.Pool,
  workspaceId: string,
  attributes: readonly string[],
): Promise<CustomerAttributes> {
  const params = [workspaceId];
  const expressions = attributeColumns(
    attributes,
    params,
    (name) => `NULLIF(attributes, '')::json ->> ${name}`,
  );
  const result = await pool.query<(string | null)[]>({
    text: `SELECT customer_id, ${expressions.join(', ') || 'NULL'}
           FROM customers WHERE workspace_id = $1 ORDER BY customer_id`,
    values: params,
    rowMode: 'array',
  });
  return {
    attributes,
    customerIds: result.rows.map((r) => r[0]!),
    values: attributes.map((_, j) => result.rows.map((r) => r[j + 1] || null)),
  };
}

/** Store.customAttributeNames on PostgreSQL. */
export async function customAttributeNamesPg(
  pool: pg.Pool,
  workspaceId: string,
): Promise<string[]> {
  const result = await pool.query<[string]>({
    text: `SELECT DISTINCT json_object_keys(NULLIF(attributes, '')::json)
           FROM customers WHERE workspace_id = $1`,
    values: [workspaceId],
    rowMode: 'array',
  });
  return result.rows.map(([name]) => name).sort();
}
