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
import { sliceMrrInputs } from './shards.ts';

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

describe('one customer alone', () => {
  it('has the MRR, history, first paid day, movements and last churn it has in the workspace', () => {
    fc.assert(
      fc.property(mrrHistoryArb, (h) => {
        const inputs = historyInputs(h);
        const options = {
          interval: 'month' as const,
          mode: 'event' as const,
          lastDay: HISTORY_LAST,
          settings: h.settings,
          collectMovements: true,
        };
        const whole = computeMrr(inputs, { ...options, firstDay: HISTORY_FIRST });
        const book = whole.customers;
        for (let c = 0; c < whole.customerIds.length; c++) {
          const id = whole.customerIds[c]!;
          // From its own first day, as a customer's page computes it.
          const alone = computeMrr(sliceMrrInputs(inputs, c, c + 1), options);
          const own = whole.movements!.filter((m) => m.customer === c);
          expect(alone.customerIds, id).toEqual([id]);
          expect(alone.movements, `${id}'s movements`).toEqual(
            own.map((m) => ({ ...m, customer: 0 })),
          );
          expect(alone.customers.history(0), `${id}'s history`).toEqual(book.history(c));
          expect(alone.customers.firstPaidDay(0), id).toBe(book.firstPaidDay(c));
          const lastChurn = own.findLast((m) => m.type === 'churned')?.day ?? null;
          expect(book.lastChurnDay(c), `${id}'s last churn`).toBe(lastChurn);
          expect(alone.customers.lastChurnDay(0), id).toBe(lastChurn);
          for (const p of whole.periods)
            expect(alone.customers.mrrOn(0, p.end), `${id} on ${p.label}`).toBe(
              book.mrrOn(c, p.end),
            );
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
