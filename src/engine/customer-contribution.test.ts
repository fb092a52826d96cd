import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  historyInputs,
  HISTORY_FIRST,
  HISTORY_LAST,
  mrrHistoryArb,
} from '../../test/arbitraries/mrr-history.ts';
import { CONTRIBUTION_SERIES, customerContributions } from './customer-contribution.ts';

describe('customerContributions', () => {
  it('says from which period a customer’s series can be other than 0, trials and seats included', () => {
    // Values the property saw before a customer's first period, over every run: it must see some.
    let skippable = 0;
    fc.assert(
      fc.property(
        mrrHistoryArb,
        fc.integer({ min: HISTORY_FIRST - 400, max: HISTORY_FIRST + 200 }),
        (h, firstDay) => {
          const grid = { firstDay, lastDay: HISTORY_LAST, settings: h.settings };
          customerContributions(historyInputs(h), grid, (_, share) => {
            const from = share.firstPeriod ?? 0;
            share.series.forEach((values, i) => {
              for (let k = 0; k < Math.min(from, values.length); k++) {
                expect([CONTRIBUTION_SERIES[i]![0], k, values[k]]).toEqual([
                  CONTRIBUTION_SERIES[i]![0],
                  k,
                  0,
                ]);
                skippable++;
              }
            });
          });
        },
      ),
      { numRuns: 300 },
    );
    expect(skippable).toBeGreaterThan(0);
  });
});
