import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumOfLargest, sumOfLargestAcross } from './select.ts';

/** The `count` largest summed after a full sort: what both selections must give. */
function bySorting(values: readonly number[], count: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  return sorted.slice(0, Math.max(0, count)).reduce((a, b) => a + b, 0);
}

/** `values` cut into parts at `cuts` (positions, any order). */
function split(values: readonly number[], cuts: readonly number[]): Float64Array[] {
  const at = [...new Set(cuts.map((c) => c % (values.length + 1)))].sort((a, b) => a - b);
  const parts: Float64Array[] = [];
  let from = 0;
  for (const to of [...at, values.length]) {
    parts.push(Float64Array.from(values.slice(from, to)));
    from = Math.max(from, to);
  }
  return parts;
}

/** Integer minor units, from a few repeated prices or spread widely. */
const amounts = fc.oneof(
  fc.array(fc.constantFrom(0, 900, 1900, 4900, 9900, 19900), { maxLength: 12_000, size: 'max' }),
  fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 12_000, size: 'max' }),
  fc.array(fc.oneof(fc.constant(9900), fc.integer({ min: 1, max: 100_000 })), {
    maxLength: 12_000,
    size: 'max',
  }),
);

describe('sumOfLargest', () => {
  it('sums the count largest values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 })), fc.integer(), (values, k) => {
        const count = values.length === 0 ? k : k % (values.length + 2);
        expect(sumOfLargest(Float64Array.from(values), count)).toBe(bySorting(values, count));
      }),
    );
  });
});

describe('sumOfLargestAcross', () => {
  it('sums the count largest values of all the parts, and leaves the parts as they were', () => {
    fc.assert(
      fc.property(
        amounts,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.double({ min: -0.01, max: 1.01, noNaN: true }),
        (values, cuts, share) => {
          const count = Math.ceil(values.length * share);
          const parts = split(values, cuts);
          const before = parts.map((p) => Array.from(p));
          expect(sumOfLargestAcross(parts, count)).toBe(bySorting(values, count));
          expect(parts.map((p) => Array.from(p))).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('still finds them when the sample misses them all', () => {
    // Every other value is 0 and the sample takes every other one: it sees only zeros.
    const values = Array.from({ length: 8192 }, (_, i) => (i % 2 === 0 ? 0 : i));
    for (const count of [1, 100, 4096, 5000])
      expect(sumOfLargestAcross([Float64Array.from(values)], count)).toBe(bySorting(values, count));
  });

  it('counts the values tied at the threshold once each', () => {
    const values = [...Array<number>(10_000).fill(9900), ...Array<number>(30).fill(50_000), 1];
    const parts = split(values, [3000, 7000]);
    expect(sumOfLargestAcross(parts, 2000)).toBe(30 * 50_000 + 1970 * 9900);
    expect(sumOfLargestAcross(parts, values.length)).toBe(bySorting(values, values.length));
    expect(sumOfLargestAcross(parts, 0)).toBe(0);
  });

  it('takes ties at the low end of the band when the count reaches them', () => {
    // Half 1000, half 2000: the band runs from 1000 to 2000 with nothing strictly inside.
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 1000 : 2000));
    expect(sumOfLargestAcross([Float64Array.from(values)], 5001)).toBe(5000 * 2000 + 1000);
  });
});
