import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCompensated, compensatedValue } from './compensated-sum.ts';

describe('compensated sums', () => {
  it('come back to what was there when an amount is added and taken away', () => {
    // A monthly 1,593.66… (19,124 a year) started and stopped beside 6,600: a plain
    // running sum keeps a residue, which an exact half cent at some rate rounds the other way.
    const monthly = 19_124 / 12;
    expect(0 + monthly + 6600 - monthly).toBe(6599.999999999999);
    const sums = new Float64Array(1);
    const errors = new Float64Array(1);
    for (const x of [monthly, 6600, -monthly]) addCompensated(sums, errors, 0, x);
    expect(compensatedValue(sums, errors, 0)).toBe(6600);
  });

  it('give the sum of what stays, whatever came and went before', () => {
    // Monthly amounts as the engine makes them: minor units over a year, a quarter or a month.
    const amount = fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(1, 3, 12))
      .map(([minor, months]) => minor / months);
    fc.assert(
      fc.property(
        fc.array(amount, { maxLength: 8 }),
        fc.array(amount, { maxLength: 8 }),
        (kept, gone) => {
          const sums = new Float64Array(2);
          const errors = new Float64Array(2);
          for (const x of kept) addCompensated(sums, errors, 0, x);
          for (const x of [...gone, ...kept]) addCompensated(sums, errors, 1, x);
          for (const x of gone) addCompensated(sums, errors, 1, -x);
          expect(compensatedValue(sums, errors, 1)).toBe(compensatedValue(sums, errors, 0));
        },
      ),
    );
  });
});
