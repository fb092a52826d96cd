import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstAtLeast } from './first-at-least.ts';
import { FirstAtLeastTable } from './first-at-least-table.ts';

describe('FirstAtLeastTable', () => {
  it('answers as the binary search does, inside, before and past the values, repeats included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 400 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), { maxLength: 20 }),
        (values, far) => {
          const sorted = Int32Array.from(values.sort((a, b) => a - b));
          const table = new FirstAtLeastTable(sorted);
          for (let v = -60; v <= 410; v++) expect(table.of(v)).toBe(firstAtLeast(sorted, v));
          for (const v of far) expect(table.of(v)).toBe(firstAtLeast(sorted, v));
        },
      ),
    );
  });
});
