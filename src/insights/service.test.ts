import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { dayFromParts } from '../model/day.ts';
import type { ImportKind, RowOfKind } from '../model/kinds.ts';
import { IMPORT_KINDS } from '../model/kinds.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { evaluateAlerts, listEvents, saveRule } from '../alerts/service.ts';
import { goalStatuses, saveGoal } from '../goals/service.ts';
import { explainChange } from './service.ts';
import { toMinor } from '../model/money.ts';
import { querySeries } from '../metrics/query.ts';

const WS = 'insights-test';
const NOW = new Date('2025-12-15T12:00:00Z');
let store: Store;

beforeAll(async () => {
  store = await openDuckDbStore(':memory:');
  await store.workspace(WS);
  const data = generateDemo({ customers: 150, seed: 7, end: dayFromParts(2025, 12, 15) });
  for (const kind of IMPORT_KINDS)
    await store.upsert(WS, kind, data[kind] as RowOfKind[ImportKind][]);
});

afterAll(async () => {
  await store.close();
});

describe('explainChange on demo data', () => {
  it('decomposes the last complete month of MRR exactly, by type and by every segment', async () => {
    const insight = await explainChange(store, WS, { metric: 'mrr', now: NOW });
    expect(insight.toPeriod).toBe('2025-11');
    expect(insight.fromPeriod).toBe('2025-10');
    const d = insight.decomposition!;
    expect(d.change).toBe(toMinor(insight.endValue!, 'USD') - toMinor(insight.startValue!, 'USD'));
    const sum = (xs: readonly { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
    expect(sum(d.byType)).toBe(d.change);
    for (const s of d.bySegment) expect(sum(s.rows), s.dimension).toBe(d.change);
    expect(d.topCustomers.length).toBeGreaterThan(0);
    expect(insight.sentences[0]!.text).toContain('2025-10');
  });

  it('explains a non-additive metric with its values only', async () => {
    const insight = await explainChange(store, WS, { metric: 'arpa', period: '2025-06', now: NOW });
    expect(insight.decomposition).toBeNull();
    expect(insight.sentences[0]!.text).toMatch(/^ARPA went from \$/);
  });
});

describe('alerts and goals over a real store', () => {
  it('fires once, de-duplicates on the next run, and stores the event', async () => {
    const series = await querySeries(store, {
      workspaceId: WS,
      to: '2025-12-15',
      metrics: ['mrr'],
    });
    const nov = series.values.mrr![series.periods.findIndex((p) => p.label === '2025-11')]!;
    await saveRule(store, WS, {
      id: 'mrr-low',
      name: 'MRR below plan',
      kind: 'threshold',
      metric: 'mrr',
      op: 'below',
      value: nov + 1,
    });
    await saveRule(store, WS, {
      id: 'mrr-high',
      name: 'MRR above',
      kind: 'threshold',
      metric: 'mrr',
      op: 'above',
      value: nov + 1,
    });
    const first = await evaluateAlerts(store, WS, NOW);
    expect(first.map((c) => [c.rule.id, c.event?.type ?? null])).toEqual([
      ['mrr-high', null],
      ['mrr-low', 'fired'],
    ]);
    const second = await evaluateAlerts(store, WS, new Date(NOW.getTime() + 60_000));
    expect(second.every((c) => c.event === null)).toBe(true);
    expect((await listEvents(store, WS)).map((e) => e.ruleId)).toEqual(['mrr-low']);
  });

  it('reports goal pacing from the metric series', async () => {
    await saveGoal(store, WS, {
      id: 'g',
      name: 'Grow MRR',
      kind: 'money',
      metric: 'mrr',
      start: '2025-01-01',
      due: '2026-12-31',
      baseline: 0,
      target: 1e12,
    });
    const [g] = await goalStatuses(store, WS, NOW);
    expect(g!.current).toBeGreaterThan(0);
    expect(g!.status).toBe('off_track');
  });
});
