import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d, invoice, subscription } from '../../test/fixtures/engine/test-rows.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { compareProfiles } from './profile-diff.ts';
import { queryMetrics } from './query.ts';

const WS = 'default';
let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-compare-'));
  store = await openDuckDbStore(join(dir, 'n.duckdb'));
  await store.upsert(WS, 'subscriptions', [
    subscription('acme', 5_000, '2024-01-01'),
    subscription('beta', 5_000, '2024-01-01', { canceled_at: d('2024-10-15') }),
    subscription('gamma', 5_000, '2024-10-03', { end_date: d('2024-10-20') }),
    subscription('delta', 5_000, '2024-01-01'),
  ]);
  await store.upsert(WS, 'invoices', [
    invoice({
      invoice_id: 'u1',
      customer_id: 'acme',
      type: 'usage',
      amount: 3_000,
      issued_at: d('2024-10-01'),
      period_start: d('2024-09-01'),
      period_end: d('2024-10-01'),
    }),
  ]);
}, 60_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The default workspace's October 2024 beside the stripe profile's. */
const compareWithStripe = () =>
  compareProfiles(store, {
    workspaceId: WS,
    profile: 'stripe',
    period: '2024-10',
    interval: 'month',
    to: '2024-11-30',
  });

describe('northstar compare --profile', () => {
  it('puts the profile’s figures, from the one query path, beside the workspace’s', async () => {
    const c = await compareWithStripe();
    const row = (id: string) => c.metrics.find((m) => m.id === id)!;
    expect(row('mrr')).toMatchObject({ current: 180, other: 100, difference: -80 });
    // The same figure as any surface asking the query path under the stripe profile.
    const direct = await queryMetrics(store, {
      workspaceId: WS,
      metrics: ['mrr'],
      to: '2024-11-30',
      definitions: { usageInMrr: false, churnTiming: 'immediate' },
    });
    const k = direct.facts.mrr.periods.findIndex((p) => p.label === '2024-10');
    expect(direct.facts.mrr.facts.mrrEnd[k]).toBe(10_000);
  });

  it('names each rule and the customers it moves', async () => {
    const c = await compareWithStripe();
    const rule = (name: string) => c.rules.find((r) => r.switch === name)!;
    expect(rule('usageInMrr').customers).toEqual([
      {
        customer_id: 'acme',
        mrr_current: 80,
        mrr_other: 50,
        movements_current: 'expansion 30',
        movements_other: '',
      },
    ]);
    expect(rule('usageInMrr').metrics).toContain('mrr');
    expect(rule('churnTiming').customers.map((x) => x.customer_id)).toEqual(['beta']);
    expect(rule('countJoinAndLeave').metrics).toContain('customer_churn_rate');
    expect(rule('countJoinAndLeave').counted).toEqual(['gamma']);
    expect(c.rules.map((r) => r.switch)).not.toContain('discountsReduceMrr');
  });

  it('reads refunded invoice lines from the store when the profile keeps them', async () => {
    const ws = 'refunds';
    await store.updateWorkspace(ws, { mrrSource: 'invoices' });
    const line = (id: string, from: string, to: string) =>
      invoice({
        invoice_id: id,
        customer_id: 'c1',
        amount: 5_000,
        issued_at: d(from),
        period_start: d(from),
        period_end: d(to),
      });
    await store.upsert(ws, 'invoices', [
      line('i1', '2024-01-01', '2024-02-01'),
      { ...line('i2', '2024-02-01', '2024-03-01'), status: 'refunded' },
      line('i3', '2024-03-01', '2024-04-01'),
    ]);
    const c = await compareProfiles(store, {
      workspaceId: ws,
      profile: 'chartmogul',
      period: '2024-02',
      interval: 'month',
      to: '2024-03-31',
    });
    const row = (id: string) => c.metrics.find((m) => m.id === id)!;
    expect(row('mrr')).toMatchObject({ current: 0, other: 50 });
    expect(row('churned_mrr')).toMatchObject({ current: 50, other: 0 });
    expect(c.rules.find((r) => r.switch === 'refundsReduceMrr')!.customers[0]).toMatchObject({
      customer_id: 'c1',
      movements_current: 'churned 50',
      movements_other: '',
    });
  });
});
