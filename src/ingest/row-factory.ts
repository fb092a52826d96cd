import type { KindSpec } from '../model/kinds.ts';
import type { CellValue } from './cells.ts';

/**
 * Builds the row objects of a kind from its column values (in KIND_SPECS column order).
 *
 * Millions of rows are built per import, so the builder is compiled from the kind's table
 * into one object literal (`{ subscription_id: v[0], customer_id: v[1], … }`): V8 then
 * allocates every row with the same shape at once, about twice as fast as assigning
 * properties by computed name. The generated code contains only the spec's own column
 * names, checked to be plain identifiers. Where code generation is disabled
 * (--disallow-code-generation-from-strings), a generic builder is used instead.
 */
export type RowBuilder = (
  values: readonly CellValue[],
  attributes: Record<string, string> | undefined,
) => object;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function compileRowBuilder(spec: KindSpec): RowBuilder {
  const names = spec.columns.map((c) => c.name);
  for (const name of names) {
    if (!IDENTIFIER.test(name))
      throw new Error(`column name ${JSON.stringify(name)} is not an identifier`);
  }
  const fields = names.map((name, i) => `${name}: v[${i}]`);
  if (spec.keepsExtraColumns) fields.push('attributes: a ?? {}');
  try {
    return new Function('v', 'a', `return { ${fields.join(', ')} };`) as RowBuilder;
  } catch {
    return genericRowBuilder(spec);
  }
}

/** The same rows, built property by property. */
export function genericRowBuilder(spec: KindSpec): RowBuilder {
  const names = spec.columns.map((c) => c.name);
  const keepsExtra = spec.keepsExtraColumns === true;
  return (values, attributes) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i];
    if (keepsExtra) row.attributes = attributes ?? {};
    return row;
  };
}
