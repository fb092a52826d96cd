/**
 * A full recompute split by customer into shards and merged gives the same numbers as one
 * pass over every customer: every metric of the registry in every period, the cohorts,
 * the movement log and each customer's MRR, to the bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBusinessFacts } from '../engine/business.ts';
import { computeMrr, type MrrOptions } from '../engine/mrr.ts';
import {
  computeShard,
  firstDayBound,
  mergeShards,
  sliceMrrInputs,
  type MergedShards,
} from '../engine/shards.ts';
import { INTERVALS } from '../model/period.ts';
import { DEFAULT_SETTINGS } from '../model/workspace.ts';
import type { MrrInputs } from '../store/store.ts';
import { METRICS } from './registry.ts';
import {
  historyInputs,
  HISTORY_FIRST,
  HISTORY_LAST,
  mrrHistoryArb,
} from '../../test/arbitraries/mrr-history.ts';

/** Customers [0, n) cut at the given points into consecutive ranges (some may be empty). */
function sharded(inputs: MrrInputs, cuts: readonly number[], options: MrrOptions): MergedShards {
  const n = inputs.customerIds.length;
  const bounds = [0, ...cuts.map((c) => Math.min(c, n)).sort((a, b) => a - b), n];
  const bound = firstDayBound(inputs) ?? options.lastDay;
  const firstDay = Math.min(options.firstDay ?? bound, bound);
  const shards = bounds.slice(1).map((to, i) =>
    computeShard(sliceMrrInputs(inputs, bounds[i]!, to), {
      ...options,
      firstDay,
      subscriptionFacts: true,
    }),
  );
  return mergeShards(shards, options);
}

describe('sharded recompute (property)', () => {
  it('equals the unsharded one for every metric, cohort, movement and customer', () => {
    fc.assert(
      fc.property(
        mrrHistoryArb,
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 5 }),
        fc.constantFrom(...INTERVALS),
        fc.constantFrom('event' as const, 'snapshot' as const),
        fc.boolean(),
        (history, cuts, interval, mode, fromFirst) => {
          const inputs = historyInputs(history);
          const settings = history.settings;
          const options: MrrOptions = {
            interval,
            mode,
            lastDay: HISTORY_LAST,
            settings,
            collectMovements: true,
            ...(fromFirst ? { firstDay: HISTORY_FIRST + 40 } : {}),
          };
          const whole = computeMrr(inputs, options);
          const wholeBusiness = computeBusinessFacts({}, whole.periods, {
            interval,
            lastDay: HISTORY_LAST,
            settings,
            subscriptions: inputs,
          });
          const merged = sharded(inputs, cuts, options);
          const business = computeBusinessFacts({}, merged.mrr.periods, {
            interval,
            lastDay: HISTORY_LAST,
            settings,
            ...(merged.subscriptions ? { subscriptionFacts: merged.subscriptions } : {}),
          });

          expect(merged.mrr.periods).toEqual(whole.periods);
          expect(merged.mrr.facts).toEqual(whole.facts);
          expect(merged.mrr.cohorts).toEqual(whole.cohorts);
          expect(merged.mrr.movements).toEqual(whole.movements);
          expect(merged.mrr.customerIds).toEqual(whole.customerIds);
          for (const metric of METRICS)
            whole.periods.forEach((_, k) => {
              const at = (facts: typeof whole, b: typeof business) =>
                metric.compute({ facts: facts.facts, k, business: b, settings });
              expect([metric.id, at(merged.mrr, business)]).toEqual([
                metric.id,
                at(whole, wholeBusiness),
              ]);
            });
          whole.customerIds.forEach((_, c) => {
            for (const p of whole.periods)
              expect(merged.mrr.customers.mrrOn(c, p.end)).toBe(whole.customers.mrrOn(c, p.end));
            expect(merged.mrr.customers.firstPaidDay(c)).toBe(whole.customers.firstPaidDay(c));
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('sums squares of MRR exactly beyond 2^53 (the concentration index at a million customers)', () => {
    // Customers at about $900,000 and $999,000 MRR: squares near 2^53 (summed as doubles
    // until the sum would pass it) and beyond it (each summed as a BigInt).
    const n = 2000;
    const amount = (i: number) => (i % 2 === 0 ? 90_000_000 : 99_900_000) + i;
    const ids = Array.from({ length: n }, (_, i) => `c${String(i).padStart(5, '0')}`);
    const inputs = historyInputs({
      subscriptions: ids.map((customer_id, i) => ({
        subscription_id: `s${i}`,
        customer_id,
        amount: amount(i),
        currency: 'USD',
        interval: 'month',
        interval_count: 1,
        start_date: HISTORY_FIRST,
        plan: null,
        quantity: 1,
        discount_percent: 0,
        discount_duration: 'forever',
        end_date: null,
        trial_end: null,
        canceled_at: null,
      })),
      invoices: [],
      fxRates: [],
      settings: DEFAULT_SETTINGS,
    });
    const options: MrrOptions = {
      interval: 'month',
      mode: 'event',
      lastDay: HISTORY_FIRST + 40,
      settings: DEFAULT_SETTINGS,
    };
    let exact = 0n;
    for (let i = 0; i < n; i++) exact += BigInt(amount(i)) ** 2n;
    const whole = computeMrr(inputs, options);
    expect(whole.facts.mrrSquares.at(-1)).toBe(Number(exact));
    expect(sharded(inputs, [7, 900, 1500], options).mrr.facts.mrrSquares.at(-1)).toBe(
      Number(exact),
    );
  });
});
