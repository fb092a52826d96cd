/**
 * Incremental recompute equals a full one: after any sequence of writes (subscription rows
 * imported, replaced or moved to another customer, invoice lines, exchange rates, usage
 * events, a cleared workspace, a change of settings) the stored results brought up to date
 * customer by customer give exactly the figures the engine computes from all the rows,
 * on DuckDB and on PostgreSQL.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDays } from '../engine/engagement.ts';
import { computeMrr, type MrrFacts } from '../engine/mrr.ts';
import { PeriodIndex } from '../engine/period-index.ts';
import { renewals, seats } from '../engine/revenue.ts';
import type { EventRow, FxRateRow, InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import type { Store } from '../store/store.ts';
import {
  fxArb,
  HISTORY_FIRST,
  HISTORY_LAST,
  invoiceArb,
  settingsArb,
  subscriptionArb,
} from '../../test/arbitraries/mrr-history.ts';
import { postgresTestUrl, TestDatabases } from '../../test/fixtures/store/test-database.ts';
import { currentMrrResults, recomputeMrrResults } from './stored-mrr.ts';

const THROUGH = HISTORY_LAST;

type Write =
  | { readonly kind: 'subscriptions'; readonly rows: SubscriptionRow[] }
  | { readonly kind: 'invoices'; readonly rows: InvoiceRow[] }
  | { readonly kind: 'fx_rates'; readonly rows: FxRateRow[] }
  | { readonly kind: 'events'; readonly rows: EventRow[] }
  | { readonly kind: 'clear' }
  | { readonly kind: 'settings'; readonly settings: Partial<WorkspaceSettings> };

/** Ids from small pools, so writes replace rows as often as they add them. */
const subscriptionsWrite = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 9 }), subscriptionArb), { minLength: 1, maxLength: 3 })
  .map((rows): Write => ({
    kind: 'subscriptions',
    rows: dedupe(
      rows.map(([id, row]) => ({ ...row, subscription_id: `s${id}` })),
      (r) => r.subscription_id,
    ),
  }));
const invoicesWrite = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 7 }), invoiceArb), { minLength: 1, maxLength: 3 })
  .map((rows): Write => ({
    kind: 'invoices',
    rows: dedupe(
      rows.map(([id, row]) => ({ ...row, invoice_id: `i${id}` })),
      (r) => r.invoice_id,
    ),
  }));
const ratesWrite = fc
  .record({
    currency: fc.constantFrom('EUR', 'JPY'),
    from: fc.integer({ min: HISTORY_FIRST - 40, max: HISTORY_LAST }),
    days: fc.integer({ min: 1, max: 60 }),
    factor: fc.constantFrom(0.9, 1.05, 1.3),
  })
  .map(({ currency, from, days, factor }): Write => ({
    kind: 'fx_rates',
    rows: Array.from({ length: days }, (_, i) => ({
      date: from + i,
      currency,
      rate: Number(((currency === 'EUR' ? 1.1 : 0.0068) * factor).toFixed(8)),
    })),
  }));
const eventsWrite = fc.integer({ min: 0, max: 5 }).map((c): Write => ({
  kind: 'events',
  rows: [
    {
      occurred_at: (HISTORY_FIRST + 100) * 86_400_000,
      customer_id: `c${c}`,
      user_id: 'u1',
      event: 'api_call',
      quantity: 3,
    },
  ],
}));
const writeArb: fc.Arbitrary<Write> = fc.oneof(
  { weight: 5, arbitrary: subscriptionsWrite },
  { weight: 3, arbitrary: invoicesWrite },
  { weight: 2, arbitrary: ratesWrite },
  { weight: 1, arbitrary: eventsWrite },
  { weight: 1, arbitrary: fc.constant<Write>({ kind: 'clear' }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<Partial<WorkspaceSettings>>(
        { delinquencyDays: 14 },
        { churnTiming: 'immediate' },
      )
      .map((settings): Write => ({ kind: 'settings', settings })),
  },
);

const scenarioArb = fc.record({
  settings: settingsArb,
  fxRates: fxArb,
  initial: fc.array(subscriptionArb, { minLength: 1, maxLength: 8 }),
  writes: fc.array(writeArb, { minLength: 1, maxLength: 6 }),
});

function dedupe<T>(rows: T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}

/**
 * A customer paying from the first day, never written to again: the periods mostly stay
 * put, so most writes are applied customer by customer (a write that moves the first
 * period is recomputed in full, and checked all the same).
 */
const ANCHOR: SubscriptionRow = {
  subscription_id: 'anchor',
  customer_id: 'anchor',
  amount: 5_000,
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
};

/** Rows every scenario starts from and gets back after a cleared workspace. */
async function standingRows(store: Store, ws: string, rates: FxRateRow[]): Promise<void> {
  await store.upsert(ws, 'fx_rates', rates);
  await store.upsert(ws, 'subscriptions', [ANCHOR]);
}

async function apply(store: Store, ws: string, write: Write, rates: FxRateRow[]): Promise<void> {
  if (write.kind === 'clear') {
    await store.clearWorkspace(ws);
    await standingRows(store, ws, rates);
  } else if (write.kind === 'settings') await store.updateWorkspace(ws, write.settings);
  else await store.upsert(ws, write.kind, write.rows as never[]);
}

/** The engine's own figures from every row of the workspace: MRR, seats and renewals. */
async function fullFacts(store: Store, ws: string) {
  const settings = await store.workspace(ws);
  const inputs = await store.readMrrInputs(ws, {
    delinquencyDays: settings.delinquencyDays,
    keepRefunded: settings.refundsReduceMrr === false,
  });
  const mrr = computeMrr(inputs, { interval: 'month', mode: 'event', lastDay: THROUGH, settings });
  const index = new PeriodIndex(mrr.periods);
  return {
    mrr,
    renewals: renewals(inputs.subscriptions, index, settings, THROUGH),
    seats: seats(inputs, measureDays(mrr.periods, THROUGH), settings, false).total,
  };
}

/** Every figure stored results carry, as plain data. */
function figures(mrr: MrrFacts) {
  const plain = (v: unknown): unknown =>
    v instanceof Float64Array ? [...v] : Array.isArray(v) ? v.map(plain) : v;
  return {
    periods: mrr.periods,
    facts: Object.fromEntries(Object.entries(mrr.facts).map(([k, v]) => [k, plain(v)])),
    cohorts: mrr.cohorts,
  };
}

function incrementalEqualsFull(engine: string, open: () => Promise<Store>, runs: number) {
  let store: Store;
  let workspace = 0;
  const sources = { stored: 0, incremental: 0, full: 0 };
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it(`${engine}: incremental results equal a full recompute after random writes`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const ws = `w${workspace++}`;
        await store.updateWorkspace(ws, scenario.settings);
        await standingRows(store, ws, scenario.fxRates);
        await store.upsert(
          ws,
          'subscriptions',
          scenario.initial.map((row, i) => ({ ...row, subscription_id: `s${i}` })),
        );
        await recomputeMrrResults(store, ws, THROUGH);
        for (const write of scenario.writes) {
          await apply(store, ws, write, scenario.fxRates);
          const current = await currentMrrResults(store, ws, THROUGH);
          expect(current).not.toBeNull();
          sources[current!.source]++;
          const full = await fullFacts(store, ws);
          expect(figures(current!.facts)).toEqual(figures(full.mrr));
          expect(current!.subscriptions.seats).toEqual(full.seats);
          expect(current!.subscriptions.renewals).toEqual(full.renewals);
        }
      }),
      { numRuns: runs },
    );
    // Not a vacuous pass: writes were applied customer by customer (how many of the random
    // writes move the first period, and so recompute in full, varies from run to run).
    expect(sources.incremental).toBeGreaterThan(0);
  }, 600_000);
}

describe('stored MRR results on DuckDB', () => {
  incrementalEqualsFull('DuckDB', () => openDuckDbStore(':memory:'), 30);
});

const serverUrl = postgresTestUrl('stored MRR results on PostgreSQL');
describe.skipIf(!serverUrl)('stored MRR results on PostgreSQL', () => {
  const databases = new TestDatabases(serverUrl ?? 'postgres://unused');
  afterAll(() => databases.dropAll());
  incrementalEqualsFull('PostgreSQL', async () => openPostgresStore(await databases.create()), 20);
});
