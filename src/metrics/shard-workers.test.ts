/**
 * Shards computed on worker threads (what a large workspace's recompute does) merge into
 * the same numbers as one pass on the calling thread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMrr } from '../engine/mrr.ts';
import { computeShardsOnWorkers } from '../engine/shard-pool.ts';
import { firstDayBound, mergeShards, sliceMrrInputs } from '../engine/shards.ts';
import { DataError } from '../model/errors.ts';
import type { MrrInputs, Store } from '../store/store.ts';
import { shardedPlanSeries } from './sharded-recompute.ts';
import { chunkedRead } from '../../test/fixtures/store/chunked-read.ts';
import {
  historyInputs,
  HISTORY_LAST,
  mrrHistoryArb,
  type MrrHistory,
} from '../../test/arbitraries/mrr-history.ts';

/**
 * Chunks as a store reads them, each in buffers of its own: a slice is a view of the test's
 * inputs, and a worker takes the buffers it is sent (a view spanning a whole buffer moves).
 */
async function* chunksOf(inputs: MrrInputs, size: number): AsyncGenerator<MrrInputs> {
  for (let c = 0; c < inputs.customerIds.length; c += size)
    yield structuredClone(sliceMrrInputs(inputs, c, c + size));
}

const optionsOf = (history: MrrHistory) => ({
  interval: 'month' as const,
  mode: 'event' as const,
  lastDay: HISTORY_LAST,
  settings: history.settings,
  collectMovements: true,
});

describe('shards on worker threads', () => {
  it('merge to the single-thread result, every fact, cohort, movement and customer', async () => {
    for (const history of fc.sample(mrrHistoryArb, { numRuns: 4, seed: 12 })) {
      const inputs = historyInputs(history);
      const options = optionsOf(history);
      const whole = computeMrr(inputs, options);
      const firstDay = firstDayBound(inputs) ?? HISTORY_LAST;
      const shards = await computeShardsOnWorkers(
        chunksOf(inputs, 2),
        { ...options, firstDay, subscriptionFacts: true },
        2,
      );
      const merged = mergeShards(
        shards.map(([shard]) => shard!),
        options,
      ).mrr;
      expect(merged.periods).toEqual(whole.periods);
      expect(merged.facts).toEqual(whole.facts);
      expect(merged.cohorts).toEqual(whole.cohorts);
      expect(merged.movements).toEqual(whole.movements);
      expect(merged.customerIds).toEqual(whole.customerIds);
      whole.customerIds.forEach((_, c) => {
        for (const p of whole.periods)
          expect(merged.customers.mrrOn(c, p.end)).toBe(whole.customers.mrrOn(c, p.end));
      });
    }
  }, 120_000);

  it('by plan: ranges of two customers on two workers give each series of one range', async () => {
    for (const history of fc.sample(mrrHistoryArb, { numRuns: 4, seed: 21 })) {
      const store = {
        readMrrInputChunks: chunkedRead((_, options) =>
          Promise.resolve(historyInputs(history, options)),
        ),
      } as unknown as Store;
      const options = { ...optionsOf(history), subscriptionFacts: true };
      const one = await shardedPlanSeries(store, 'w', options, undefined, { threads: 1 });
      const ranges = await shardedPlanSeries(store, 'w', options, undefined, {
        threads: 2,
        customersPerShard: 2,
      });
      expect(one.map((s) => s.plan)).toEqual(historyInputs(history, { withPlans: true }).plans);
      expect(ranges.map((s) => s.plan)).toEqual(one.map((s) => s.plan));
      ranges.forEach((series, i) => {
        expect(series.facts.mrr.facts).toEqual(one[i]!.facts.mrr.facts);
        expect(series.facts.mrr.movements).toEqual(one[i]!.facts.mrr.movements);
        expect(series.facts.subscriptions).toEqual(one[i]!.facts.subscriptions);
      });
    }
  }, 120_000);

  it('names the failure of a shard, a data problem still one', async () => {
    const inputs = structuredClone(
      historyInputs(fc.sample(mrrHistoryArb, { numRuns: 1, seed: 3 })[0]!),
    );
    const broken = { ...inputs, fxRates: [] };
    const options = {
      interval: 'month' as const,
      mode: 'event' as const,
      lastDay: HISTORY_LAST,
      settings: {
        ...fc.sample(mrrHistoryArb, { numRuns: 1, seed: 3 })[0]!.settings,
        currency: 'USD',
      },
      subscriptionFacts: false,
    };
    const failure = computeShardsOnWorkers(chunksOf(broken, 1), options, 2);
    await expect(failure).rejects.toThrow(/no exchange rate/);
    // Still a problem in the data (shown without a stack trace), not a crash.
    await expect(failure).rejects.toBeInstanceOf(DataError);
  }, 120_000);
});
