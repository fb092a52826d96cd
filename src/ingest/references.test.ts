import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnknownCustomerTally, unknownCustomers } from './references.ts';

describe('unknownCustomers', () => {
  it('counts every row naming an unknown customer and lists each such id once, in file order', () => {
    const known = new Set(['cus_1', 'cus_2']);
    const ids = ['cus_1', 'cus_9', 'cus_9', null, 'cus_2', 'cus_8', 'cus_9', 'cus_1', 'cus_8'];
    expect(unknownCustomers(ids, known)).toEqual({ rows: 5, ids: ['cus_9', 'cus_8'] });
  });

  it('gives the same tally however the rows are cut into batches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), {
          maxLength: 60,
        }),
        fc.array(fc.nat(60)),
        (ids, cuts) => {
          const known = new Set(['a', 'c']);
          const tally = new UnknownCustomerTally(known);
          let from = 0;
          for (const to of [...cuts.sort((a, b) => a - b), ids.length]) {
            tally.add(ids.slice(from, Math.max(from, to)));
            from = Math.max(from, to);
          }
          const unknown = ids.filter((id) => id !== null && !known.has(id)) as string[];
          expect(tally.result()).toEqual({ rows: unknown.length, ids: [...new Set(unknown)] });
        },
      ),
    );
  });
});
