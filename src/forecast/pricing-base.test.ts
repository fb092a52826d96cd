import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d, subscription, t } from '../../test/fixtures/engine/test-rows.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { comparePricing } from './pricing.ts';
import { pricingBase } from './pricing-base.ts';

let store: Store;

beforeAll(async () => {
  store = await openDuckDbStore(':memory:');
  await store.upsert('w', 'subscriptions', [
    subscription('c1', 10_000, '2024-01-15', { plan: 'basic' }),
    // 60 a seat a year × 10 seats = 600 a year = 50 MRR, renewing every March.
    subscription('c2', 6_000, '2024-03-10', { plan: 'pro', interval: 'year', quantity: 10 }),
    subscription('gone', 10_000, '2024-01-01', { end_date: d('2024-05-01') }),
  ]);
  const event = (customer: string, at: string, quantity: number, name = 'api_call') => ({
    occurred_at: t(at),
    customer_id: customer,
    user_id: `${customer}-u`,
    event: name,
    quantity,
  });
  await store.upsert('w', 'events', [
    event('c1', '2024-04-02T10:00', 300),
    event('c1', '2024-05-02T10:00', 300),
    event('c1', '2024-06-02T10:00', 300),
    event('c1', '2024-06-03T10:00', 7, 'login'),
    event('c2', '2024-05-20T10:00', 1_500),
    event('c2', '2024-03-20T10:00', 9_999),
  ]);
});

afterAll(async () => {
  await store.close();
});

describe('pricing base from the workspace', () => {
  it('reads each paying customer’s MRR, plan, seats, billing and usage', async () => {
    const base = await pricingBase(store, 'w', { to: d('2024-06-30'), event: 'api_call' });
    expect(base.asOf).toBe('2024-06');
    expect(base.customers).toEqual([
      { id: 'c1', mrr: 100, plan: 'basic', seats: 1, usage: 300, billingMonths: 1, nextBill: 1 },
      // Next renewal March 2025: the 9th month after June 2024.
      { id: 'c2', mrr: 50, plan: 'pro', seats: 10, usage: 500, billingMonths: 12, nextBill: 9 },
    ]);
    expect(base.usage).toEqual({
      event: 'api_call',
      months: 3,
      units: 2_400,
      known: ['api_call', 'login'],
    });
    const c = comparePricing(base.customers, [{ type: 'annual', discount: 0.1 }], {
      asOf: base.asOf,
      currency: base.currency,
      horizon: 12,
    });
    // Current: 100 a month plus c2's 600 in month 9; annual: (1,200 + 600) × 0.9 in month 1.
    expect(c.models[0]!.months[8]!.cash).toBe(700);
    expect(c.models[1]!.totals.cash_first_month).toBeCloseTo(1_620, 9);
  });
});
