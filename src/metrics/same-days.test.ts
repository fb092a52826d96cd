/**
 * Month-to-date against the same days of the previous month (issue 14), known answers
 * through the one query path: the running December 2024 through the 6th beside 1–6 November
 * (the history is told in test/fixtures/same-days-history.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d } from '../../test/fixtures/engine/test-rows.ts';
import { loadSameDaysHistory, NOW } from '../../test/fixtures/same-days-history.ts';
import { formatDay } from '../model/day.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { equivalentDay } from './compare.ts';
import { queryMetrics } from './query.ts';
import { METRICS } from './registry.ts';

const WS = 'default';
let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-same-days-'));
  store = await openDuckDbStore(join(dir, 'n.duckdb'));
  await loadSameDaysHistory(store, WS);
}, 60_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const december = (compare: boolean) =>
  queryMetrics(store, {
    workspaceId: WS,
    metrics: ['mrr', 'customers', 'new_mrr', 'churned_mrr', 'arpa', 'ltv'],
    compare,
    now: NOW,
  });

describe('the running month beside the same days of the previous one', () => {
  it('sums flows over 1–6 November and reads stocks on 6 November', async () => {
    const { report } = await december(true);
    const [nov, dec] = report.periods.slice(-2);
    expect(dec).toMatchObject({
      period: '2024-12',
      partial: true,
      through: '2024-12-06',
      comparison_period: { period: '2024-11', from: '2024-11-01', through: '2024-11-06' },
    });
    // December through the 6th: a, b, c and g pay ($220); g is new, f churned on the 4th.
    expect(dec!.metrics).toMatchObject({ mrr: 220, new_mrr: 40, churned_mrr: 20, customers: 4 });
    const c = dec!.comparisons!;
    // 6 November: a, e, f and b pay ($195, four customers); b was new on the 3rd, nobody left.
    expect(c.mrr).toMatchObject({ value: 220, previous: 195, change: 25, good: true });
    expect(c.mrr!.change_pct).toBeCloseTo(25 / 195, 12);
    expect(c.customers).toMatchObject({ previous: 4, change: 0 });
    expect(c.new_mrr).toMatchObject({ previous: 50, change: -10, good: false });
    expect(c.churned_mrr).toMatchObject({ previous: 0, change: 20, good: false });
    // A ratio from those same-days facts: $195 ÷ 4 customers.
    expect(c.arpa).toMatchObject({ previous: 48.75, change: 6.25 });
    // The whole November (c new on the 20th, e gone on the 10th) is not what it is set beside.
    expect(nov!.metrics).toMatchObject({ mrr: 200, new_mrr: 80, churned_mrr: 25 });
    // No year-ago value for a few days, and none where whole months are averaged.
    expect(c.mrr!.year_ago).toBeNull();
    expect(c.ltv).toMatchObject({ previous: null, change: null });
    expect(c.ltv!.not_compared).toMatchObject({ code: 'trailing_average' });
    expect(c.ltv!.not_compared!.reason).toMatch(/whole months/);
    expect(c.mrr).not.toHaveProperty('not_compared');
    // Complete months keep their whole-period comparison.
    expect(nov!.comparisons!.mrr).toMatchObject({ previous: 145, change: 55 });
    expect(nov).not.toHaveProperty('comparison_period');
  });

  it('runs no second history without comparisons', async () => {
    const { report } = await december(false);
    expect(report.periods.at(-1)).toMatchObject({ partial: true });
    expect(report.periods.at(-1)).not.toHaveProperty('comparison_period');
  });

  it('leaves uncompared only the metrics that average whole months or look a year back', () => {
    const uncompared = METRICS.filter((m) => m.notComparedToDate).map((m) => [
      m.id,
      m.notComparedToDate,
    ]);
    expect(Object.fromEntries(uncompared)).toEqual({
      nrr_t12m: 'year_anchor',
      grr_t12m: 'year_anchor',
      arr_growth_rate_yoy: 'year_anchor',
      ltv: 'trailing_average',
      ltv_simple: 'trailing_average',
      ltv_to_cac: 'trailing_average',
      rule_of_40: 'year_anchor',
    });
  });

  it('takes the previous period’s last day when it is shorter', () => {
    const feb = { start: d('2025-02-01'), end: d('2025-02-28') };
    expect(formatDay(equivalentDay(d('2025-03-01'), d('2025-03-30'), feb))).toBe('2025-02-28');
    expect(formatDay(equivalentDay(d('2025-03-01'), d('2025-03-06'), feb))).toBe('2025-02-06');
  });
});
