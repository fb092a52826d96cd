import { describe, expect, it } from 'vitest';
import type { SeriesSet } from '../metrics/query.ts';
import { evaluateRule, lastCompleteIndex } from './evaluate.ts';
import type { AlertRule } from './types.ts';

const months = ['2024-01', '2024-02', '2024-03', '2024-04'];
const series: SeriesSet = {
  currency: 'USD',
  interval: 'month',
  periods: months.map((label) => ({ label, start: `${label}-01`, end: `${label}-28` })),
  values: {
    mrr: [1000, 1000, 940, 990],
    cac: [400, 450, 520, 300],
    customer_concentration: [0.5, 0.55, 0.62, 0.4],
    churned_mrr: [10, 20, 80, 5],
    new_mrr: [100, 50, 40, 5],
  },
};
// 2024-04 is still running: rules read 2024-03.
const ctx = { series, today: '2024-04-10', goals: [] };
const base = { id: 'r', name: 'r' };

describe('evaluateRule', () => {
  it('reads the last complete period', () => {
    expect(lastCompleteIndex(series, '2024-04-10')).toBe(2);
    expect(lastCompleteIndex(series, '2024-01-05')).toBe(-1);
  });

  it('threshold: CAC above 500', () => {
    const rule: AlertRule = { ...base, kind: 'threshold', metric: 'cac', op: 'above', value: 500 };
    expect(evaluateRule(rule, ctx)).toMatchObject({ firing: true, value: 520, period: '2024-03' });
    expect(evaluateRule({ ...rule, value: 600 }, ctx).firing).toBe(false);
    expect(evaluateRule({ ...rule, op: 'below', value: 600 }, ctx).firing).toBe(true);
  });

  it('threshold on customer_concentration: top 20% above 60% of MRR', () => {
    const rule: AlertRule = {
      ...base,
      kind: 'threshold',
      metric: 'customer_concentration',
      op: 'above',
      value: 0.6,
    };
    expect(evaluateRule(rule, ctx).firing).toBe(true);
  });

  it('change: MRR down 5% month over month', () => {
    const rule: AlertRule = {
      ...base,
      kind: 'change',
      metric: 'mrr',
      direction: 'down',
      percent: 0.05,
      window: 1,
    };
    const c = evaluateRule(rule, ctx);
    expect(c.firing).toBe(true);
    expect(c.value).toBeCloseTo(-0.06);
    expect(evaluateRule({ ...rule, percent: 0.07 }, ctx).firing).toBe(false);
    expect(evaluateRule({ ...rule, direction: 'up' }, ctx).firing).toBe(false);
    expect(evaluateRule({ ...rule, percent: undefined, absolute: 50 }, ctx).firing).toBe(true);
    expect(evaluateRule({ ...rule, window: 3 }, ctx).firing).toBe(false);
  });

  it('ratio: churned MRR above the new MRR', () => {
    const rule: AlertRule = {
      ...base,
      kind: 'ratio',
      numerator: 'churned_mrr',
      denominator: 'new_mrr',
      op: 'above',
      value: 1,
    };
    expect(evaluateRule(rule, ctx)).toMatchObject({ firing: true, value: 2 });
    expect(evaluateRule(rule, { ...ctx, today: '2024-03-10' }).firing).toBe(false);
  });

  it('anomaly: needs 12 complete points, then flags a planted outlier', () => {
    const rule: AlertRule = { ...base, kind: 'anomaly', metric: 'mrr' };
    expect(evaluateRule(rule, ctx).firing).toBe(false);
    const labels = Array.from(
      { length: 14 },
      (_, i) => `20${24 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    const values = labels.map((_, i) => 1000 + 10 * i);
    values[12] = 400;
    const long: SeriesSet = {
      ...series,
      periods: labels.map((label) => ({ label, start: `${label}-01`, end: `${label}-28` })),
      values: { mrr: values },
    };
    const c = evaluateRule(rule, { series: long, today: '2025-02-10', goals: [] });
    expect(c).toMatchObject({ firing: true, value: 400, period: '2025-01' });
  });

  it('goal at risk', () => {
    const rule: AlertRule = { ...base, kind: 'goal', goalId: 'g1' };
    const goals = [
      { id: 'g1', name: 'Reach $1M ARR', status: 'at_risk' },
      { id: 'g2', name: 'Ship', status: 'on_track' },
    ];
    expect(evaluateRule(rule, { ...ctx, goals })).toMatchObject({ firing: true, value: 1 });
    expect(evaluateRule({ ...rule, goalId: 'g2' }, { ...ctx, goals }).firing).toBe(false);
    expect(evaluateRule({ ...base, kind: 'goal' }, { ...ctx, goals }).firing).toBe(true);
  });
});

describe('alert messages in the workspace’s language', () => {
  it('words a threshold and a change in French with French numbers', () => {
    const fr = { ...ctx, locale: 'fr-FR' };
    const threshold: AlertRule = {
      ...base,
      kind: 'threshold',
      metric: 'cac',
      op: 'above',
      value: 500,
    };
    expect(evaluateRule(threshold, ctx).message).toBe('cac is 520 in 2024-03 (above 500)');
    expect(evaluateRule(threshold, fr).message).toBe('cac vaut 520 en 2024-03 (au-dessus de 500)');
    const change: AlertRule = {
      ...base,
      kind: 'change',
      metric: 'mrr',
      direction: 'down',
      percent: 0.05,
      window: 1,
    };
    expect(evaluateRule(change, ctx).message).toBe(
      'mrr changed by -60 (-6.0%) from 2024-02 to 2024-03',
    );
    expect(evaluateRule(change, fr).message).toBe(
      'mrr a varié de -60 (-6,0\u00a0%) de 2024-02 à 2024-03',
    );
    expect(evaluateRule(change, { ...fr, today: '2024-01-05' }).message).toBe(
      'aucune période complète pour l’instant',
    );
  });
});
