import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, subscription } from '../../test/fixtures/engine/test-rows.ts';
import { forecastWorkspaceMetric, WORKSPACE_FORECAST } from '../forecast/workspace-forecast.ts';
import { querySeries } from '../metrics/query.ts';
import { parseIsoDay } from '../model/day.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { probabilityOfReaching } from './probability.ts';
import { worsePacing } from './progress.ts';
import { goalStatuses, saveGoal } from './service.ts';

const WS = 'goals-known';
/** The running month is 2025-11 (month-to-date); the last complete one 2025-10. */
const NOW = new Date('2025-11-20T12:00:00Z');

/**
 * A known history: one new $1,000 customer on the 1st of every month from January to
 * October 2025 (MRR $1,000 × month), then a $2,500 one on 1 November while the January
 * customer leaves on 10 November. So MRR is $3,000 in March and $10,000 in October, churn
 * is 0 in every complete month, and only the running month has a churned customer. The
 * customers of odd months (January, March, …, November) are in France, the others in
 * Germany: French MRR is $2,000 in March and $5,000 in October.
 */
let store: Store;
beforeAll(async () => {
  store = await openDuckDbStore(':memory:');
  await store.workspace(WS);
  const ids = Array.from({ length: 11 }, (_, i) => `c${i + 1}`);
  await store.upsert(
    WS,
    'customers',
    ids.map((id, i) => customer(id, { country: i % 2 === 0 ? 'FR' : 'DE' })),
  );
  await store.upsert(
    WS,
    'subscriptions',
    ids.map((id, i) => {
      const start = `2025-${String(i + 1).padStart(2, '0')}-01`;
      if (i === 10) return subscription(id, 250_000, start);
      if (i === 0) return subscription(id, 100_000, start, { end_date: parseIsoDay('2025-11-10') });
      return subscription(id, 100_000, start);
    }),
  );
}, 60_000);

afterAll(async () => {
  await store.close();
});

describe('goal statuses on a known history', () => {
  it('takes the baseline at the start, progress on the last complete month, pace on the line and the forecast', async () => {
    await saveGoal(store, WS, {
      id: 'mrr-15k',
      name: 'MRR $15k',
      kind: 'money',
      metric: 'mrr',
      start: '2025-04-01',
      due: '2026-03-31',
      target: 15_000,
    });
    const g = (await goalStatuses(store, WS, NOW)).find((s) => s.id === 'mrr-15k')!;
    expect(g).toMatchObject({
      baseline: 3_000,
      baselineFrom: 'history',
      baselinePeriod: '2025-03',
      current: 10_000,
      period: '2025-10',
      asOf: '2025-10-31',
      direction: 'up',
      lineStatus: 'on_track',
      daysLeft: 131,
    });
    // (10,000 − 3,000) ÷ (15,000 − 3,000); 213 of 364 days elapsed on 31 October.
    expect(g.progress).toBeCloseTo(7 / 12, 12);
    expect(g.expected).toBeCloseTo(213 / 364, 12);

    // The forecast is the forecast page's (same history and horizon), read at March 2026.
    const { result } = await forecastWorkspaceMetric(store, WS, {
      metric: 'mrr',
      horizon: WORKSPACE_FORECAST.horizon,
      now: NOW,
    });
    const row = result.forecast.find((r) => r.period === '2026-03')!;
    expect(g.forecast).toMatchObject({ period: '2026-03', value: row.value });
    expect(g.forecast!.probability).toBe(
      probabilityOfReaching({ ...row, scale: result.bands.scale }, 15_000, 'up'),
    );
    expect(g.status).toBe(worsePacing('on_track', g.forecast!.status));
  });

  it('judges a lower-is-better goal on complete months, never on the running one', async () => {
    await saveGoal(store, WS, {
      id: 'churn-3',
      name: 'Churn under 3%',
      kind: 'rate',
      metric: 'customer_churn_rate',
      start: '2025-03-01',
      due: '2025-12-31',
      target: 0.03,
    });
    const g = (await goalStatuses(store, WS, NOW)).find((s) => s.id === 'churn-3')!;
    const series = await querySeries(store, {
      workspaceId: WS,
      metrics: ['customer_churn_rate'],
      now: NOW,
    });
    const value = (label: string) =>
      series.values.customer_churn_rate![series.periods.findIndex((p) => p.label === label)];
    // November so far has lost a customer: judged on it, the goal would be failing.
    expect(value('2025-11')).toBeGreaterThan(0.03);
    expect(value('2025-10')).toBe(0);
    expect(g).toMatchObject({
      direction: 'down',
      period: '2025-10',
      current: 0,
      baseline: 0,
      baselinePeriod: '2025-02',
      progress: 1,
      status: 'achieved',
    });
  });

  it("reads a segment's metric for a goal with a segment, as every other surface cuts it", async () => {
    const france = { dimension: 'country', value: 'FR' };
    await saveGoal(store, WS, {
      id: 'fr-mrr-8k',
      name: 'French MRR $8k',
      kind: 'money',
      metric: 'mrr',
      segment: france,
      start: '2025-04-01',
      due: '2026-03-31',
      target: 8_000,
    });
    const statuses = await goalStatuses(store, WS, NOW);
    const fr = statuses.find((s) => s.id === 'fr-mrr-8k')!;
    expect(fr).toMatchObject({ current: 5_000, period: '2025-10', baseline: 2_000 });
    expect(fr.baselinePeriod).toBe('2025-03');
    // The same number as the metrics with that segment; the workspace's goal is unchanged.
    const segment = [{ attribute: 'country', values: ['FR'] }];
    const series = await querySeries(store, {
      workspaceId: WS,
      metrics: ['mrr'],
      now: NOW,
      segment,
    });
    expect(series.values.mrr![series.periods.findIndex((p) => p.label === '2025-10')]).toBe(5_000);
    expect(statuses.find((s) => s.id === 'mrr-15k')).toMatchObject({
      current: 10_000,
      baseline: 3_000,
    });
    // Its forecast is the segment's history forecast, read at its due month.
    const { result } = await forecastWorkspaceMetric(store, WS, {
      metric: 'mrr',
      horizon: WORKSPACE_FORECAST.horizon,
      now: NOW,
      segment,
    });
    const due = result.forecast.find((r) => r.period === '2026-03')!;
    expect(fr.forecast).toMatchObject({ period: '2026-03', value: due.value, lo80: due.lo80 });
  });
});
