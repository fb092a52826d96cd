/**
 * Issue 5 acceptance: a Stripe fixture account (monthly and annual prices, an upgrade, a
 * coupon, a trial, a cancellation at period end, a refund, two currencies) synced by the
 * real `syncStripe` from a local HTTP double of the Stripe API (paginated), into a real
 * DuckDB store, gives exactly the MRR and movements computed by hand below (SPEC §5).
 *
 * The account is described in test/fixtures/integrations/stripe/account.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay, parseIsoDay, type Day } from '../src/model/day.ts';
import { IMPORT_KINDS } from '../src/model/kinds.ts';
import type { WorkspaceSettings } from '../src/model/workspace.ts';
import { parseImportBuffer } from '../src/ingest/index.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { computeWorkspace } from '../src/metrics/service.ts';
import { metricsReport, selectMetrics } from '../src/metrics/report.ts';
import { createStripeClient } from '../src/integrations/stripe/client.ts';
import { syncStripe } from '../src/integrations/stripe/sync.ts';
import { StripeDouble } from './fixtures/integrations/stripe/double.ts';
import {
  OBSERVED,
  stripeAccount,
  type AccountMoment,
} from './fixtures/integrations/stripe/account.ts';

const W = 'default';
const day = (iso: string): Day => parseIsoDay(iso)!;

/*
 * Hand computation (reporting currency USD, zone UTC, default definitions: discounts reduce
 * MRR, a cancellation churns at the end of the paid period). Amounts in US cents.
 *
 * FX table, imported as a user would (fx_rates.csv): EUR = 1.10 USD from 2025-01-01,
 * 1.20 USD from 2025-05-01. MRR on a date is valued at that date's rate, a movement at
 * the rate of its day; each customer's MRR is rounded to the cent once.
 *
 *   cus_A  Starter $49/month            → 4900;  from 03-15 Pro $99/month → 9900
 *   cus_B  Team €490/year               → 49000/12 = 4083.33 EUR cents/month
 *                                          × 1.10 = 4491.67 → 4492;  × 1.20 = 4900.00 → 4900
 *   cus_C  Pro $99/month, 25 % off      → 9900 × 0.75 = 7425 (02-10 … 05-09); then 9900
 *   cus_D  2 × Starter $49/month        → 0 during the trial 03-01 … 03-14; 2 × 4900 = 9800
 *   cus_E  Basic €29/month              → 2900 × 1.10 = 3190; × 1.20 = 3480 (its last days);
 *                                          cancelled 04-20 at period end → 0 from 05-05
 *   cus_F  Starter $49/month            → 4900 (the $20 refund is revenue, never MRR)
 *   cus_G  Pro $1,188/year              → 118800/12 = 9900
 *
 * Movements (day, customer, type, amount):
 *   01-05 cus_E new          3190   (2900 EUR cents × 1.10)
 *   01-10 cus_F new          4900
 *   01-15 cus_A new          4900
 *   02-01 cus_B new          4492   (4083.33 × 1.10 = 4491.67 → 4492)
 *   02-10 cus_C new          7425   (9900 × 0.75)
 *   03-15 cus_A expansion    5000   (4900 → 9900: the upgrade)
 *   03-15 cus_D new          9800   (trial over: 2 × 4900)
 *   04-01 cus_G new          9900   (118800 / 12)
 *   05-05 cus_E churned      3480   (2900 × 1.20, the rate of 05-05)
 *   05-10 cus_C expansion    2475   (coupon over: 7425 → 9900)
 *
 * MRR at each month's end:
 *   Jan 31: E 3190 + F 4900 + A 4900                                  = 12990
 *   Feb 28: 12990 + B 4492 + C 7425                                   = 24907
 *   Mar 31: A 9900 + B 4492 + C 7425 + D 9800 + E 3190 + F 4900       = 39707
 *   Apr 30: 39707 + G 9900                                            = 49607
 *   May 31: A 9900 + B 4900 + C 9900 + D 9800 + F 4900 + G 9900       = 49300
 *   Jun 30: unchanged                                                 = 49300
 *
 * fx_impact_mrr in May (rates alone, EUR 1.10 → 1.20 on 05-01): B 4900 − 4492 = 408,
 * E 3480 − 3190 = 290 → 698. Check: 49607 + (2475 − 3480) + 698 = 49300.
 */
const EXPECTED_MOVEMENTS = [
  ['2025-01-05', 'cus_E', 'new', 3190],
  ['2025-01-10', 'cus_F', 'new', 4900],
  ['2025-01-15', 'cus_A', 'new', 4900],
  ['2025-02-01', 'cus_B', 'new', 4492],
  ['2025-02-10', 'cus_C', 'new', 7425],
  ['2025-03-15', 'cus_A', 'expansion', 5000],
  ['2025-03-15', 'cus_D', 'new', 9800],
  ['2025-04-01', 'cus_G', 'new', 9900],
  ['2025-05-05', 'cus_E', 'churned', 3480],
  ['2025-05-10', 'cus_C', 'expansion', 2475],
] as const;

const EXPECTED_MONTHS = [
  // month, MRR at its end, new, expansion, churned, fx impact (cents)
  { period: '2025-01', mrr: 12990, newMrr: 3190 + 4900 + 4900, expansion: 0, churned: 0, fx: 0 },
  { period: '2025-02', mrr: 24907, newMrr: 4492 + 7425, expansion: 0, churned: 0, fx: 0 },
  { period: '2025-03', mrr: 39707, newMrr: 9800, expansion: 5000, churned: 0, fx: 0 },
  { period: '2025-04', mrr: 49607, newMrr: 9900, expansion: 0, churned: 0, fx: 0 },
  { period: '2025-05', mrr: 49300, newMrr: 0, expansion: 2475, churned: 3480, fx: 698 },
  { period: '2025-06', mrr: 49300, newMrr: 0, expansion: 0, churned: 0, fx: 0 },
];

const FX_RATES_CSV = 'date,currency,rate\n2025-01-01,EUR,1.10\n2025-05-01,EUR,1.20\n';

const dir = mkdtempSync(join(tmpdir(), 'northstar-stripe-account-'));
const doubles: StripeDouble[] = [];
afterAll(async () => {
  for (const d of doubles) await d.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(moment: AccountMoment): Promise<{ double: StripeDouble; base: string }> {
  const double = new StripeDouble(stripeAccount(moment));
  doubles.push(double);
  return { double, base: await double.start() };
}

/** A new DuckDB workspace with the FX rates imported as `northstar import fx_rates` does. */
async function workspace(name: string, settings: Partial<WorkspaceSettings> = {}) {
  const db = join(dir, `${name}.duckdb`);
  const store = await openStore({ db });
  await store.updateWorkspace(W, settings);
  const parsed = await parseImportBuffer('fx_rates', 'fx_rates.csv', Buffer.from(FX_RATES_CSV), {
    timeZone: 'UTC',
  });
  expect(parsed.issues).toEqual([]);
  await store.upsert(W, 'fx_rates', parsed.rows);
  return { db, store };
}

async function sync(store: Store, db: string, base: string, moment: AccountMoment) {
  return syncStripe({
    stripe: createStripeClient('sk_test_account', { apiBase: base, maxNetworkRetries: 0 }),
    store,
    workspaceId: W,
    timeZone: 'UTC',
    pageSize: 3,
    retries: 0,
    now: () => OBSERVED[moment] * 1000,
  });
}

async function figures(store: Store) {
  const mrr = await computeWorkspace(store, {
    workspaceId: W,
    interval: 'month',
    mode: 'event',
    from: day('2025-01-01'),
    to: day('2025-06-30'),
    collectMovements: true,
  });
  const movements = (mrr.movements ?? [])
    .map((m) => [formatDay(m.day), mrr.customerIds[m.customer]!, m.type, m.amount] as const)
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  const months = mrr.periods.map((p, k) => ({
    period: p.label,
    mrr: mrr.facts.mrrEnd[k]!,
    newMrr: mrr.facts.movementMrr[0]![k]!,
    expansion: mrr.facts.movementMrr[1]![k]!,
    churned: mrr.facts.movementMrr[3]![k]!,
    fx: mrr.facts.fxImpact[k]!,
  }));
  const report = metricsReport(mrr, selectMetrics(['mrr', 'arr', 'net_new_mrr', 'customers']));
  return { mrr, movements, months, report };
}

async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const kind of IMPORT_KINDS) {
    const rows = (await store.readRows(W, kind)) as unknown as Record<string, unknown>[];
    out[kind] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe('a Stripe fixture account synced into DuckDB', () => {
  let february: { double: StripeDouble; base: string };
  let june: { double: StripeDouble; base: string };
  beforeAll(async () => {
    february = await serve('february');
    june = await serve('june');
  });

  it('kept in sync (a sync in February, another in June) gives the hand-computed MRR and movements', async () => {
    const { db, store } = await workspace('subscriptions');
    try {
      await sync(store, db, february.base, 'february');
      const result = await sync(store, db, june.base, 'june');
      expect(result.warnings).toBe(0);
      expect(result.objects).toMatchObject({ customers: 7, subscriptions: 7, refunds: 1 });
      // Pagination: 7 customers at 3 a page are three requests, each after the last id.
      expect(
        june.double.requests('/v1/customers').map((r) => r.query.get('starting_after')),
      ).toEqual([null, 'cus_C', 'cus_F']);

      const { movements, months, report } = await figures(store);
      expect(movements).toEqual(EXPECTED_MOVEMENTS);
      expect(months).toEqual(EXPECTED_MONTHS);
      // The same in the report's major units; ARR = 12 × MRR (49300 × 12 = 591600 cents).
      expect(report.periods.at(-1)!.metrics).toEqual({
        mrr: 493,
        arr: 5916,
        net_new_mrr: 0,
        customers: 6,
      });
      // SPEC identity, month by month: mrr(end) − mrr(start) = net new + fx impact.
      let start = 0;
      for (const m of months) {
        expect(m.mrr - start).toBe(m.newMrr + m.expansion - m.churned + m.fx);
        start = m.mrr;
      }
      // The refund is revenue net of refunds: a negative one-time line, not MRR.
      const refund = (await store.readRows(W, 'invoices')).find((r) => r.invoice_id === 're_F');
      expect(refund).toMatchObject({ amount: -2000, currency: 'USD', type: 'one_time' });
    } finally {
      await store.close();
    }
  });

  it('synced once with mrrSource=invoices (billing-exact) gives the same figures', async () => {
    const { db, store } = await workspace('invoices', { mrrSource: 'invoices' });
    try {
      const result = await sync(store, db, june.base, 'june');
      expect(result.warnings).toBe(0);
      const { movements, months } = await figures(store);
      expect(movements).toEqual(EXPECTED_MOVEMENTS);
      expect(months).toEqual(EXPECTED_MONTHS);
    } finally {
      await store.close();
    }
  });

  it('an interrupted sync resumes to exactly the store an uninterrupted one writes', async () => {
    // Billing-exact source: one sync of the June account holds the whole history.
    const whole = await workspace('whole', { mrrSource: 'invoices' });
    const broken = await workspace('broken', { mrrSource: 'invoices' });
    try {
      await sync(whole.store, whole.db, june.base, 'june');

      // Fail the third page of invoices after two pages (and everything before) are stored.
      const { double, base } = await serve('june');
      double.fault = (r) =>
        r.path === '/v1/invoices' &&
        r.query.get('starting_after') !== null &&
        double.requests('/v1/invoices').length === 3
          ? { status: 500, message: 'An unknown error occurred' }
          : null;
      await expect(sync(broken.store, broken.db, base, 'june')).rejects.toThrow(/resume/);
      const partial = await dump(broken.store);
      expect(partial.invoices!.length).toBe(6);
      expect(partial.subscriptions!.length).toBeGreaterThan(0);

      double.fault = () => null;
      const resumed = await sync(broken.store, broken.db, base, 'june');
      expect(resumed.resumed).toBe(true);
      expect(await dump(broken.store)).toEqual(await dump(whole.store));
      const { movements, months } = await figures(broken.store);
      expect(movements).toEqual(EXPECTED_MOVEMENTS);
      expect(months).toEqual(EXPECTED_MONTHS);
    } finally {
      await whole.store.close();
      await broken.store.close();
    }
  });
});
