/**
 * A customer's stored share survives the text it is stored as: decoding what was encoded
 * gives the same series, cohort row, ledger and first change day (any values, zeros and
 * runs included), and the text is JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTRIBUTION_SERIES, type CustomerContribution } from '../engine/customer-contribution.ts';
import { MOVEMENT_TYPES } from '../engine/mrr.ts';
import { decodeContribution, encodeContribution } from './mrr-results-codec.ts';

const PERIODS = 7;
const MONTHS = 7;
// Few distinct values, so runs of equal values are common.
const value = fc.oneof(
  fc.constant(0),
  fc.constant(0),
  fc.integer({ min: -5, max: 5 }),
  fc.integer(),
);
const row = (length: number) => fc.array(value, { minLength: length, maxLength: length });

const contribution: fc.Arbitrary<CustomerContribution> = fc.record({
  series: fc
    .array(row(PERIODS), {
      minLength: CONTRIBUTION_SERIES.length,
      maxLength: CONTRIBUTION_SERIES.length,
    })
    .map((rows) => rows.map((r) => Float64Array.from(r))),
  cohort: fc.option(
    fc.integer({ min: 0, max: MONTHS - 1 }).chain((month) =>
      fc.record({
        month: fc.constant(month),
        startMrr: fc.integer({ min: 0, max: 10_000_000 }),
        paying: row(MONTHS - month),
        mrr: row(MONTHS - month),
      }),
    ),
  ),
  movements: fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 30_000 }),
      type: fc.constantFrom(...MOVEMENT_TYPES),
      amount: fc.integer(),
      before: fc.integer({ min: 0 }),
      after: fc.integer({ min: 0 }),
    }),
    { maxLength: 4 },
  ),
  firstChangeDay: fc.option(fc.integer({ min: 0, max: 30_000 })),
});

describe('stored customer shares', () => {
  it('decode what was encoded, exactly', () => {
    fc.assert(
      fc.property(contribution, (c) => {
        const text = encodeContribution(c);
        expect(() => JSON.parse(text) as unknown).not.toThrow();
        const back = decodeContribution(text, PERIODS, MONTHS);
        expect(back.series.map((s) => [...s])).toEqual(c.series.map((s) => [...s]));
        // A cohort row of zeros decodes as zeros of its width.
        expect(back.cohort).toEqual(c.cohort);
        expect(back.movements).toEqual(c.movements);
        expect(back.firstChangeDay).toBe(c.firstChangeDay);
      }),
      { numRuns: 500, seed: 20_261_206 },
    );
  });

  it('write the text JSON.stringify writes of the runs, for any number', () => {
    const anyNumber = fc.oneof(value, fc.maxSafeInteger(), fc.maxSafeNat(), fc.double());
    const wide = contribution.chain((c) =>
      fc
        .array(fc.array(anyNumber, { minLength: PERIODS, maxLength: PERIODS }), {
          minLength: CONTRIBUTION_SERIES.length,
          maxLength: CONTRIBUTION_SERIES.length,
        })
        .map((rows) => ({ ...c, series: rows.map((r) => Float64Array.from(r)) })),
    );
    fc.assert(
      fc.property(wide, (c) => {
        expect(encodeContribution(c)).toBe(JSON.stringify(referenceEncoding(c)));
      }),
      { numRuns: 500, seed: 20_261_207 },
    );
  });
});

/** What a share's text holds, built as plain values (what encodeContribution writes directly). */
function referenceEncoding(c: CustomerContribution): unknown {
  const runs = (values: ArrayLike<number>, lead: number[]): number[] | null => {
    let first = 0;
    while (first < values.length && values[first] === 0) first++;
    if (first === values.length) return null;
    let last = values.length - 1;
    while (values[last] === 0) last--;
    const out = [...lead, first];
    for (let k = first; k <= last;) {
      let n = 1;
      while (k + n <= last && values[k + n] === values[k]) n++;
      out.push(values[k]!, n);
      k += n;
    }
    return out;
  };
  return {
    s: c.series.map((values, i) => runs(values, [i])).filter((r) => r !== null),
    m: c.movements.map((m) => [m.day, MOVEMENT_TYPES.indexOf(m.type), m.amount, m.before, m.after]),
    f: c.firstChangeDay,
    ...(c.cohort === null
      ? {}
      : {
          c: [
            c.cohort.month,
            c.cohort.startMrr,
            runs(c.cohort.paying, []) ?? [],
            runs(c.cohort.mrr, []) ?? [],
          ],
        }),
  };
}
