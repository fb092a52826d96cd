import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSums } from './exact-sums.ts';
import { CONTRIBUTION_SERIES, type CustomerContribution } from './customer-contribution.ts';
import { addContribution, emptySums } from './mrr-sums.ts';

describe('ExactSums', () => {
  it('adds and subtracts integers exactly, beyond 2^53 too', () => {
    const value = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: 2 ** 50, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -(2 ** 50) }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (values) => {
        const sums = new ExactSums(1);
        let expected = 0n;
        for (const v of values) {
          sums.add(0, v);
          expected += BigInt(v);
        }
        expect(sums.get(0)).toBe(expected);
        // Taking every value out again leaves exactly zero.
        for (const v of values) sums.add(0, -v);
        expect(sums.get(0)).toBe(0n);
      }),
    );
  });

  it('refuses a value that is not an exact integer', () => {
    expect(() => new ExactSums(1).add(0, 0.5)).toThrow(/not an exact integer/);
  });
});

describe('addContribution', () => {
  it("sums customers' squares exactly when one customer's MRR squared passes 2^53", () => {
    const big = 100_000_000; // e.g. ¥100M a month: its square is 1e16 > 2^53
    const customer = (mrr: number): CustomerContribution => ({
      series: CONTRIBUTION_SERIES.map(([name]) =>
        Float64Array.from([name === 'mrrEnd' ? mrr : name === 'mrrSquares' ? mrr * mrr : 0]),
      ),
      cohort: null,
      movements: [],
      firstChangeDay: null,
    });
    const sums = emptySums(1, 0);
    addContribution(sums, customer(big), 1);
    addContribution(sums, customer(3), 1);
    const squares = CONTRIBUTION_SERIES.findIndex(([name]) => name === 'mrrSquares');
    expect(sums.series[squares]!.get(0)).toBe(10_000_000_000_000_009n);
    addContribution(sums, customer(big), -1);
    expect(sums.series[squares]!.get(0)).toBe(9n);
  });
});
