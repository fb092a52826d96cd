import { describe, expect, it } from 'vitest';
import type { KindSpec } from '../model/kinds.ts';
import { IMPORT_KINDS, KIND_SPECS } from '../model/kinds.ts';
import { compileRowBuilder, genericRowBuilder } from './row-factory.ts';

describe('row builders', () => {
  it('the compiled builder makes the same rows as the generic one, for every kind', () => {
    for (const kind of IMPORT_KINDS) {
      const spec = KIND_SPECS[kind];
      const values = spec.columns.map((c, i) => (i % 2 === 0 ? `${c.name}-value` : i));
      const attributes = spec.keepsExtraColumns ? { tier: 'gold' } : undefined;
      const compiled = compileRowBuilder(spec)(values, attributes);
      expect(compiled, kind).toEqual(genericRowBuilder(spec)(values, attributes));
      expect(Object.keys(compiled), kind).toEqual([
        ...spec.columns.map((c) => c.name),
        ...(spec.keepsExtraColumns ? ['attributes'] : []),
      ]);
    }
  });

  it('customers always get an attributes object', () => {
    const build = compileRowBuilder(KIND_SPECS.customers);
    const row = build(
      KIND_SPECS.customers.columns.map(() => null),
      undefined,
    ) as { attributes: object };
    expect(row.attributes).toEqual({});
  });

  it('refuses column names that are not plain identifiers', () => {
    const spec: KindSpec = {
      kind: 'cash',
      key: [],
      columns: [{ name: 'x: 1, y', type: 'text', required: false }],
    };
    expect(() => compileRowBuilder(spec)).toThrow(/not an identifier/);
  });
});
