import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d, subscription } from '../engine/test-rows.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { compareScenario } from './scenario.ts';
import { workspaceBaseline } from './workspace-baseline.ts';
import { querySeries } from '../metrics/query.ts';

let store: Store;

beforeAll(async () => {
  store = await openDuckDbStore(':memory:');
  await store.upsert('w', 'subscriptions', [
    subscription('c1', 100_000, '2024-01-01', { plan: 'pro' }),
    subscription('c2', 50_000, '2024-02-01', { plan: 'basic' }),
    subscription('c3', 30_000, '2024-03-01', { plan: 'basic', end_date: d('2024-05-01') }),
    subscription('c4', 20_000, '2024-05-15', { plan: 'basic' }),
  ]);
  await store.upsert(
    'w',
    'costs',
    ['2024-04-10', '2024-05-10', '2024-06-10'].map((date) => ({
      date: d(date),
      category: 'rnd' as const,
      amount: 100_000,
      currency: 'USD',
      channel: '',
    })),
  );
  await store.upsert('w', 'cash', [
    { date: d('2024-03-31'), balance: 5_000_000, currency: 'USD' },
    { date: d('2024-06-30'), balance: 4_700_000, currency: 'USD' },
  ]);
});

afterAll(async () => {
  await store.close();
});

describe('workspace baseline (hand-computed, April–June 2024)', () => {
  it('averages the last three months', async () => {
    const b = await workspaceBaseline(store, 'w', { to: d('2024-06-30'), plans: true });
    expect(b.asOf).toBe('2024-06');
    expect(b.window).toBe(3);
    expect(b.mrr).toBe(1_700);
    expect(b.customers).toBe(3);
    // c4's 200 in May is the only new business: 200 / 3 a month.
    expect(b.newMrr).toBeCloseTo(200 / 3, 9);
    expect(b.newCustomers).toBeCloseTo(1 / 3, 9);
    // c3's 300 churned in May over starting MRR 1,800 + 1,800 + 1,700.
    expect(b.churnRate).toBeCloseTo(300 / 5_300, 12);
    expect(b.customerChurnRate).toBeCloseTo(1 / 9, 12);
    expect(b.expansionRate).toBe(0);
    expect(b.costs).toBe(1_000);
    expect(b.cash).toBe(47_000);
    // Cash moved 0, 0, −3,000 while MRR − costs was 800, 700, 700.
    expect(b.otherCashFlow).toBeCloseTo((-3_000 - 2_200) / 3, 9);
    expect(b.planMrr).toEqual({ basic: 700, pro: 1_000 });
  });

  it('projects the baseline at the recent burn', async () => {
    const b = await workspaceBaseline(store, 'w', { to: d('2024-06-30') });
    const c = compareScenario(b, {}, 1);
    const m1 = c.baseline.months[0]!;
    const mrr1 = 1_700 * (1 - 300 / 5_300) + 200 / 3;
    expect(m1.mrr).toBeCloseTo(mrr1, 9);
    expect(m1.cash).toBeCloseTo(47_000 - (1_000 - mrr1 + (3_000 + 2_200) / 3), 9);
  });
});

describe('workspace baseline under the workspace settings', () => {
  it('takes the customer churn rate from the registry under a rolling 30-day window', async () => {
    await store.updateWorkspace('w', { churnWindow: 'rolling_30_days' });
    try {
      const b = await workspaceBaseline(store, 'w', { to: d('2024-06-30') });
      const series = await querySeries(store, {
        workspaceId: 'w',
        metrics: ['customer_churn_rate'],
        to: '2024-06-30',
      });
      const rates = series.values.customer_churn_rate!.slice(-3) as number[];
      expect(rates).toHaveLength(3);
      expect(b.customerChurnRate).toBeCloseTo((rates[0]! + rates[1]! + rates[2]!) / 3, 12);
    } finally {
      await store.updateWorkspace('w', { churnWindow: 'calendar' });
    }
  });
});
