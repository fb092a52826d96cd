/**
 * Stored MRR results survive the process: after a restart and a write, the next query
 * reads only the touched customer's rows (the store's other customers come from their
 * stored shares), and its figures are the ones computing everything gives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { applyStripeEvent } from '../integrations/stripe/webhook.ts';
import { eventOf, subscription } from '../../test/fixtures/integrations/stripe/objects.ts';
import { generateDemo } from '../demo/generate.ts';
import { todayIn } from '../model/today.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { postgresTestUrl, TestDatabases } from '../../test/fixtures/store/test-database.ts';
import type { MrrReadOptions, Store } from '../store/store.ts';
import { queryMetrics } from './query.ts';
import { recomputeMrrResults } from './stored-mrr.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const TODAY = todayIn('UTC', NOW);
const WS = 'restart';
// ARPU (MRR per seat) and the renewal rate come from seats and renewal terms: stored too.
const METRICS = ['mrr', 'net_new_mrr', 'customer_churn_rate', 'arpa', 'arpu', 'renewal_rate'];

/**
 * The test's query computed from the rows: another definitions object, even an empty one,
 * keeps the stored results out of it.
 */
function fromRows(store: Store) {
  return queryMetrics(store, { workspaceId: WS, metrics: METRICS, now: NOW, definitions: {} });
}

/** The store with every engine-input read recorded (which customers it asked for). */
function counted(store: Store): { store: Store; reads: (readonly string[] | 'all')[] } {
  const reads: (readonly string[] | 'all')[] = [];
  const spy = Object.create(store) as Store;
  spy.readMrrInputs = (workspaceId: string, options?: MrrReadOptions) => {
    reads.push(options?.customerIds ?? 'all');
    return store.readMrrInputs(workspaceId, options);
  };
  return { store: spy, reads };
}

/** The store with its chunked reads watched: whether the last one ended (its generator finished). */
function readEnds(store: Store): { store: Store; ended: () => boolean } {
  let ended = false;
  const spy = Object.create(store) as Store;
  spy.readMrrInputChunks = async (workspaceId, options, customersPerChunk) => {
    const read = await store.readMrrInputChunks(workspaceId, options, customersPerChunk);
    ended = false;
    async function* watched() {
      try {
        yield* read.chunks;
      } finally {
        ended = true;
      }
    }
    return { ...read, chunks: watched() };
  };
  return { store: spy, ended: () => ended };
}

describe('stored MRR results across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-stored-mrr-'));
  const path = join(dir, 'northstar.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recomputes only the customer a write touched, and agrees with a full computation', async () => {
    const demo = generateDemo({ customers: 60, seed: 7, end: TODAY });
    let store = await openDuckDbStore(path);
    await store.upsert(WS, 'subscriptions', demo.subscriptions);
    await store.upsert(WS, 'invoices', demo.invoices);
    await store.upsert(WS, 'fx_rates', demo.fx_rates);
    const full = await recomputeMrrResults(store, WS, TODAY);
    expect(full.recomputed).toBeGreaterThan(40);
    await store.close();

    // A restart, then one customer's subscription changes (what a Stripe webhook writes).
    store = await openDuckDbStore(path);
    const changed = demo.subscriptions.find((s) => s.end_date === null)!;
    await store.upsert(WS, 'subscriptions', [{ ...changed, amount: changed.amount + 5_000 }]);
    const spy = counted(store);
    const answer = await queryMetrics(spy.store, { workspaceId: WS, metrics: METRICS, now: NOW });
    expect(spy.reads).toEqual([[changed.customer_id]]);
    // The same query computing everything from the rows.
    const computed = await fromRows(store);
    expect(answer.report.periods).toEqual(computed.report.periods);
    // The write shows (MRR today moved), from the stored shares of everyone else.
    expect(answer.facts.mrr.facts.mrrEnd.at(-1)).not.toBe(full.facts.facts.mrrEnd.at(-1));
    await store.close();

    // Another restart with nothing written: the stored results answer, no row is read.
    store = await openDuckDbStore(path);
    const idle = counted(store);
    const again = await queryMetrics(idle.store, { workspaceId: WS, metrics: METRICS, now: NOW });
    expect(idle.reads).toEqual([]);
    expect(again.report.periods).toEqual(computed.report.periods);
    await store.close();
  }, 120_000);

  it('a Stripe webhook recomputes the one customer it names', async () => {
    const store = await openDuckDbStore(':memory:');
    try {
      const demo = generateDemo({ customers: 40, seed: 3, end: TODAY });
      await store.upsert(WS, 'subscriptions', demo.subscriptions);
      await store.upsert(WS, 'fx_rates', demo.fx_rates);
      await recomputeMrrResults(store, WS, TODAY);
      const secret = 'whsec_stored_results';
      const body = JSON.stringify(eventOf('customer.subscription.created', subscription()));
      const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
      expect((await applyStripeEvent(store, WS, body, header, secret)).status).toBe('applied');
      const spy = counted(store);
      const answer = await queryMetrics(spy.store, { workspaceId: WS, metrics: METRICS, now: NOW });
      expect(spy.reads).toEqual([['cus_A']]);
      const computed = await fromRows(store);
      expect(answer.report.periods).toEqual(computed.report.periods);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a recompute interrupted after its first chunk leaves the previous results intact', async () => {
    const store = await openDuckDbStore(':memory:');
    try {
      const demo = generateDemo({ customers: 40, seed: 5, end: TODAY });
      await store.upsert(WS, 'subscriptions', demo.subscriptions);
      await store.upsert(WS, 'fx_rates', demo.fx_rates);
      const first = await recomputeMrrResults(store, WS, TODAY);
      const stored = await store.readMrrResults(WS);
      const ids = demo.subscriptions.map((s) => s.customer_id);
      const fingerprint = stored!.fingerprint;
      const shares = await store.readMrrCustomerResults(WS, fingerprint, ids);
      expect(shares.size).toBe(first.recomputed);

      const changed = demo.subscriptions.find((s) => s.end_date === null)!;
      await store.upsert(WS, 'subscriptions', [{ ...changed, amount: changed.amount + 7_000 }]);
      const stop = new Error('interrupted');
      const chunks: number[] = [];
      const read = readEnds(store);
      const interrupted = recomputeMrrResults(
        read.store,
        WS,
        TODAY,
        (progress) => {
          chunks.push(progress.done);
          // The first word is the count, before any range: stopped after the first range.
          if (progress.done > 0) throw stop;
        },
        10,
      );
      await expect(interrupted).rejects.toBe(stop);
      expect(chunks).toEqual([0, 10]);
      // The read it had open (a snapshot and a connection of its own) ended with it.
      expect(read.ended()).toBe(true);
      expect(await store.readMrrResults(WS)).toEqual(stored);
      expect(await store.readMrrCustomerResults(WS, fingerprint, ids)).toEqual(shares);

      // The write the interrupted recompute claimed is still applied by the next read.
      const answer = await queryMetrics(store, { workspaceId: WS, metrics: METRICS, now: NOW });
      const computed = await fromRows(store);
      expect(answer.report.periods).toEqual(computed.report.periods);
      expect(answer.facts.mrr.facts.mrrEnd.at(-1)).not.toBe(first.facts.facts.mrrEnd.at(-1));
    } finally {
      await store.close();
    }
  }, 120_000);
});

/**
 * A recompute a few customers at a time (ranges on worker threads, the first on the
 * calling thread) stores what one pass over everyone stores, on both engines: the
 * PostgreSQL read holds a connection for its snapshot while the ranges are written.
 */
function rangesEqualOnePass(engine: string, open: () => Promise<Store>) {
  it(`${engine}: a recompute a few customers at a time stores what one pass over everyone stores`, async () => {
    const store = await open();
    try {
      const demo = generateDemo({ customers: 60, seed: 11, end: TODAY });
      await store.upsert(WS, 'subscriptions', demo.subscriptions);
      await store.upsert(WS, 'invoices', demo.invoices);
      await store.upsert(WS, 'fx_rates', demo.fx_rates);
      const ids = demo.subscriptions.map((s) => s.customer_id);
      const whole = await recomputeMrrResults(store, WS, TODAY);
      const wholeStored = (await store.readMrrResults(WS))!;
      const wholeShares = await store.readMrrCustomerResults(WS, wholeStored.fingerprint, ids);
      const ranges: number[] = [];
      const ranged = await recomputeMrrResults(store, WS, TODAY, (p) => ranges.push(p.done), 7);
      expect(ranges.at(-1)).toBe(whole.recomputed);
      expect(ranges.length).toBeGreaterThan(5);
      expect((await store.readMrrResults(WS))!.body).toBe(wholeStored.body);
      expect(JSON.stringify(ranged.facts)).toBe(JSON.stringify(whole.facts));
      expect(await store.readMrrCustomerResults(WS, wholeStored.fingerprint, ids)).toEqual(
        wholeShares,
      );
    } finally {
      await store.close();
    }
  }, 120_000);
}

describe('stored MRR results computed a range at a time', () => {
  rangesEqualOnePass('DuckDB', () => openDuckDbStore(':memory:'));
});

const serverUrl = postgresTestUrl('stored MRR results a range at a time on PostgreSQL');
describe.skipIf(!serverUrl)('stored MRR results computed a range at a time on PostgreSQL', () => {
  const databases = new TestDatabases(serverUrl ?? 'postgres://unused');
  afterAll(() => databases.dropAll());
  rangesEqualOnePass('PostgreSQL', async () => openPostgresStore(await databases.create()));
});
