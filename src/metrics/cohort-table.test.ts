/**
 * The cohorts table reads the cohorts every MRR computation counts: the same table as the
 * movement-keeping computation it replaced, from the rows and from the kept results.
 */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { todayIn } from '../model/today.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { MrrReadOptions, Store } from '../store/store.ts';
import { cohortTable, type CohortQuery } from './cohort-table.ts';
import { queryMovements } from './query.ts';
import { cohortRecords } from './report.ts';
import { recomputeMrrResults } from './stored-mrr.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const TODAY = todayIn('UTC', NOW);
const WS = 'cohorts';

/** The table as the movement-keeping computation gives it (what `/cohorts` used to run). */
async function withMovements(store: Store, query: CohortQuery) {
  const { mrr, range } = await queryMovements(store, { ...query, interval: 'month' });
  return {
    currency: mrr.currency,
    cohorts: cohortRecords(mrr.cohorts, mrr.currency).filter(
      (c) => !range.from || c.cohort >= range.from.slice(0, 7),
    ),
  };
}

/** The store with its whole-workspace MRR reads counted. */
function counted(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const spy = Object.create(store) as Store;
  spy.readMrrInputChunks = (workspaceId: string, options: MrrReadOptions, size: number) => {
    reads++;
    return store.readMrrInputChunks(workspaceId, options, size);
  };
  return { store: spy, reads: () => reads };
}

describe('the cohorts table', () => {
  it('is the movement-keeping computation’s, from the rows and from the kept results', async () => {
    const store = await openDuckDbStore(':memory:');
    try {
      const demo = generateDemo({ customers: 80, seed: 11, end: TODAY });
      await store.upsert(WS, 'customers', demo.customers);
      await store.upsert(WS, 'subscriptions', demo.subscriptions);
      await store.upsert(WS, 'invoices', demo.invoices);
      await store.upsert(WS, 'fx_rates', demo.fx_rates);
      const queries: CohortQuery[] = [
        { workspaceId: WS, now: NOW },
        { workspaceId: WS, now: NOW, from: '2024-09' },
        { workspaceId: WS, now: NOW, to: '2025-03', mode: 'snapshot' },
        { workspaceId: WS, now: NOW, segment: [{ attribute: 'country', values: ['US'] }] },
      ];
      const expected = await Promise.all(queries.map((q) => withMovements(store, q)));
      expect(expected[0]!.cohorts.length).toBeGreaterThan(6);
      for (const [i, query] of queries.entries())
        expect(await cohortTable(store, query), JSON.stringify(query)).toEqual(expected[i]);

      // Kept results answer the plain query without reading the rows again.
      await recomputeMrrResults(store, WS, TODAY);
      const spy = counted(store);
      expect(await cohortTable(spy.store, queries[0]!)).toEqual(expected[0]);
      expect(await cohortTable(spy.store, queries[1]!)).toEqual(expected[1]);
      expect(spy.reads()).toBe(0);
      // A query the kept results cannot answer (history cut at `to`) reads the rows.
      expect(await cohortTable(spy.store, queries[2]!)).toEqual(expected[2]);
      expect(spy.reads()).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
