/**
 * Per-customer truth adds up: on every day of a generated multi-currency history (rates
 * changing daily), the customers' MRR from the engine sums to the MRR metric, and the lines
 * behind each customer's MRR (customer-lines.ts) sum to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  historyInputs,
  HISTORY_FIRST,
  HISTORY_LAST,
  mrrHistoryArb,
} from '../../test/arbitraries/mrr-history.ts';
import { delinquencyWindows, linesOn, mrrLines } from './customer-lines.ts';
import { computeMrr } from './mrr.ts';

describe('per-customer MRR', () => {
  it('sums to the MRR metric on every day, and each customer’s lines sum to its MRR', () => {
    fc.assert(
      fc.property(mrrHistoryArb, (h) => {
        const inputs = historyInputs(h);
        const mrr = computeMrr(inputs, {
          interval: 'day',
          mode: 'event',
          firstDay: HISTORY_FIRST,
          lastDay: HISTORY_LAST,
          settings: h.settings,
        });
        const book = mrr.customers;
        const lines = mrrLines(h.subscriptions, h.invoices, h.settings);
        const late = delinquencyWindows(h.invoices, h.settings);
        mrr.periods.forEach((p, k) => {
          let sum = 0;
          for (let c = 0; c < mrr.customerIds.length; c++) {
            const value = book.mrrOn(c, p.end);
            sum += value;
            const id = mrr.customerIds[c]!;
            const shares = linesOn(
              lines.filter((l) => l.customerId === id),
              late.filter((w) => w.customerId === id),
              p.end,
              book.factor,
            ).lines;
            const total = shares.reduce((a, s) => a + s.mrr, 0);
            expect(total, `${id}'s lines on ${p.label}`).toBe(value);
          }
          expect(sum, `customers on ${p.label}`).toBe(mrr.facts.mrrEnd[k]);
        });
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
