/**
 * `customer_id IN (…)` over these ids, written as literals (both engines): a read of some
 * customers keeps the parameters of the statement it is added to.
 */
export function customerIdIn(customerIds: readonly string[]): string {
  const ids = customerIds.map((id) => `'${id.replaceAll("'", "''")}'`);
  return `customer_id IN (${ids.length === 0 ? 'NULL' : ids.join(', ')})`;
}
