import { isCustomerField } from '../model/customer-attributes.ts';

/**
 * The SQL of each attribute of Store.readCustomerAttributes, for both engines: a column of
 * the customers kind by name, a custom column as the engine's `custom` reads it from the
 * JSON in `attributes` (its name sent as a parameter, added to `params`).
 */
export function attributeColumns(
  attributes: readonly string[],
  params: string[],
  custom: (parameter: string) => string,
  parameterOf: (name: string) => string = (name) => name,
): string[] {
  return attributes.map((attribute) =>
    isCustomerField(attribute)
      ? `"${attribute}"`
      : custom(`$${params.push(parameterOf(attribute))}`),
  );
}
