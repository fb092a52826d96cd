import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyInputs, mrrHistoryArb } from '../../test/arbitraries/mrr-history.ts';
import { filterMrrInputs, splitMrrInputs } from './filter-inputs.ts';

describe('splitting the engine inputs by customer', () => {
  it("gives each group its customers' rows in order, every column, and a negative group none", () => {
    fc.assert(
      fc.property(
        mrrHistoryArb,
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 8, maxLength: 8 }),
        (h, groups) => {
          const inputs = historyInputs(h);
          const group = Int32Array.from(inputs.customerIds, (_, c) => groups[c % groups.length]!);
          const parts = splitMrrInputs(inputs, group, 3);
          expect(parts).toHaveLength(3);
          parts.forEach((part, g) => {
            for (const table of ['subscriptions', 'invoiceLines', 'lateInvoices'] as const) {
              const all = inputs[table] as unknown as Record<string, Int32Array | Float64Array>;
              const kept = [...all.customer!.keys()].filter((i) => group[all.customer![i]!] === g);
              const out = part[table] as unknown as Record<string, Int32Array | Float64Array>;
              expect(part[table].length).toBe(kept.length);
              for (const [key, column] of Object.entries(all))
                if (ArrayBuffer.isView(column))
                  expect([...out[key]!], `${table}.${key}`).toEqual(kept.map((i) => column[i]));
            }
            expect(part.customerIds).toBe(inputs.customerIds);
          });
          const rows = parts.reduce((n, part) => n + part.subscriptions.length, 0);
          const dropped = [...inputs.subscriptions.customer].filter((c) => group[c]! < 0).length;
          expect(rows + dropped).toBe(inputs.subscriptions.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the rows in order, every column moved together', () => {
    const h = fc.sample(mrrHistoryArb, { numRuns: 1, seed: 5 })[0]!;
    const inputs = historyInputs(h);
    const odd = filterMrrInputs(inputs, (c) => c % 2 === 1);
    const s = odd.subscriptions;
    const expected = [...inputs.subscriptions.customer.keys()].filter(
      (i) => inputs.subscriptions.customer[i]! % 2 === 1,
    );
    expect([...s.customer]).toEqual(expected.map((i) => inputs.subscriptions.customer[i]));
    expect([...s.amount]).toEqual(expected.map((i) => inputs.subscriptions.amount[i]));
    expect([...s.start]).toEqual(expected.map((i) => inputs.subscriptions.start[i]));
  });
});
