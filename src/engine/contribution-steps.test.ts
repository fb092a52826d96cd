import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContributionSteps } from './contribution-steps.ts';
import { CONTRIBUTION_SERIES, type CustomerContribution } from './customer-contribution.ts';
import type { ExactSums } from './exact-sums.ts';
import { addContribution, emptySums, type MrrSums } from './mrr-sums.ts';

/** A customer's values: held for a few periods at a time, as MRR is, from small to huge. */
const steppedValues = (periods: number) =>
  fc
    .array(
      fc.record({
        value: fc.oneof(
          fc.constant(0),
          fc.integer({ min: -50_000, max: 50_000 }),
          fc.integer({ min: 90_000_000, max: 200_000_000 }), // squares past 2^53
          fc.integer({ min: 2 ** 52, max: Number.MAX_SAFE_INTEGER }),
          fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -(2 ** 52) }),
        ),
        length: fc.integer({ min: 1, max: periods }),
      }),
      { maxLength: 5 },
    )
    .map((runs) => {
      const values = new Float64Array(periods);
      let k = 0;
      for (const { value, length } of runs) {
        values.fill(value, k, Math.min(periods, k + length));
        k += length;
      }
      return values;
    });

const contribution = (periods: number) =>
  fc
    .record({
      series: fc.array(steppedValues(periods), {
        minLength: CONTRIBUTION_SERIES.length,
        maxLength: CONTRIBUTION_SERIES.length,
      }),
      month: fc.option(fc.integer({ min: 0, max: periods - 1 })),
      startMrr: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .map(({ series, month, startMrr }): CustomerContribution => ({
      series,
      cohort:
        month === null
          ? null
          : {
              month,
              startMrr,
              paying: Array.from({ length: periods - month }, (_, k) => k % 2),
              mrr: Array.from({ length: periods - month }, (_, k) => startMrr + k),
            },
      movements: [],
      firstChangeDay: null,
    }));

const values = (sums: ExactSums) => sums.values();

/** The sums as plain values, the end-MRR counts in value order. */
function plain(sums: MrrSums) {
  return {
    series: sums.series.map(values),
    cohortSize: values(sums.cohortSize),
    cohortStartMrr: values(sums.cohortStartMrr),
    cohortPaying: sums.cohortPaying.map(values),
    cohortMrr: sums.cohortMrr.map(values),
    endMrrCounts: sums.endMrrCounts.map((counts) => [...counts].sort((a, b) => a[0] - b[0])),
  };
}

describe('ContributionSteps', () => {
  it('sums contributions exactly as addContribution does, one by one', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 14 })
          .chain((periods) =>
            fc.tuple(fc.constant(periods), fc.array(contribution(periods), { maxLength: 12 })),
          ),
        ([periods, customers]) => {
          const expected = emptySums(periods, periods);
          const steps = new ContributionSteps(periods);
          for (const customer of customers) {
            addContribution(expected, customer, 1);
            steps.add(customer);
          }
          expect(plain(steps.sums())).toEqual(plain(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a value that is not an exact integer', () => {
    const series = CONTRIBUTION_SERIES.map(() => Float64Array.from([0, 2.5]));
    const steps = new ContributionSteps(2);
    expect(() => steps.add({ series, cohort: null, movements: [], firstChangeDay: null })).toThrow(
      /not an exact integer/,
    );
  });
});
