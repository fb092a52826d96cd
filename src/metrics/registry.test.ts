import { describe, expect, it } from 'vitest';
import { computeBusinessFacts } from '../engine/business.ts';
import { computeMrr } from '../engine/mrr.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import { d, invoice, subscription } from '../engine/test-rows.ts';
import type { CostRow, SubscriptionRow } from '../model/kinds.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../model/workspace.ts';
import type { BusinessRows } from '../engine/business.ts';
import { formulaText, metricById } from './registry.ts';

const cost = (date: string, category: CostRow['category'], amount: number): CostRow => ({
  date: d(date),
  category,
  amount,
  currency: 'USD',
  channel: '',
});

function metricsAt(
  subs: SubscriptionRow[],
  rows: BusinessRows,
  month: string,
  settings: Partial<WorkspaceSettings> = {},
) {
  const s = { ...DEFAULT_SETTINGS, ...settings };
  const mrr = computeMrr(mrrInputsFromRows(subs), {
    interval: 'month',
    mode: 'event',
    lastDay: d('2024-12-31'),
    settings: s,
  });
  const business = computeBusinessFacts({ ...rows, subscriptions: subs }, mrr.periods, {
    interval: 'month',
    lastDay: d('2024-12-31'),
    settings: s,
  });
  const k = mrr.periods.findIndex((p) => p.label === month);
  return (id: string) => metricById(id)!.compute({ facts: mrr.facts, k, business, settings: s });
}

describe('unit economics and finance (known answers)', () => {
  // Ten customers at $100 from January; in March one leaves and two new ones join at $100.
  const subs = [
    ...Array.from({ length: 9 }, (_, i) => subscription(`c${i}`, 10_000, '2024-01-01')),
    subscription('c9', 10_000, '2024-01-01', { end_date: d('2024-03-10') }),
    subscription('n1', 10_000, '2024-03-05'),
    subscription('n2', 10_000, '2024-03-06'),
  ];
  const rows: BusinessRows = {
    invoices: [invoice({ invoice_id: 'm', issued_at: d('2024-03-01'), amount: 100_000 })],
    costs: [
      cost('2024-03-02', 'marketing', 30_000),
      cost('2024-03-02', 'sales', 10_000),
      cost('2024-03-02', 'cogs', 20_000),
      cost('2024-03-02', 'rnd', 50_000),
    ],
    cash: [
      { date: d('2024-02-29'), balance: 10_000_000, currency: 'USD' },
      { date: d('2024-03-31'), balance: 9_900_000, currency: 'USD' },
    ],
  };
  const at = metricsAt(subs, rows, '2024-03');

  it('computes CAC, margins, LTV and payback from the SPEC formulas', () => {
    expect(at('gross_revenue')).toBe(100_000);
    expect(at('cac')).toBe(20_000); // (30,000 + 10,000) ÷ 2 new customers
    expect(at('gross_margin')).toBe(0.8); // (100,000 − 20,000) ÷ 100,000
    expect(at('net_margin')).toBe(-0.1); // (100,000 − 110,000) ÷ 100,000
    expect(at('customer_churn_rate')).toBe(0.1); // 1 of 10 paying at the start
    // ARPA = 11 × 10,000 ÷ 11 = 10,000; LTV's churn is the trailing average of February's 0
    // and March's 0.1 (January has nobody paying at its start): 0.05, so
    // LTV = 10,000 × 0.8 ÷ 0.05.
    expect(at('ltv')).toBeCloseTo(160_000, 6);
    expect(at('ltv_simple')).toBeCloseTo(200_000, 6);
    expect(at('ltv_to_cac')).toBeCloseTo(8, 12);
    // 20,000 ÷ (10,000 × 0.8) = 2.5 months.
    expect(at('cac_payback_months')).toBeCloseTo(2.5, 12);
  });

  it('computes burn, burn multiple and turns ratios over zero into null', () => {
    expect(at('burn_rate')).toBe(100_000);
    expect(at('gross_burn')).toBe(110_000);
    // Net new MRR = 20,000 − 10,000 = 10,000; net new ARR 120,000; burn 100,000.
    expect(at('burn_multiple')).toBeCloseTo(100_000 / 120_000, 12);
    const january = metricsAt(subs, rows, '2024-01');
    // Costs are imported but none fell in January: 0 ÷ 10 new customers is a true 0.
    expect(january('cac')).toBe(0);
    expect(metricsAt(subs, {}, '2024-03')('cac')).toBeNull(); // no costs imported at all
  });
});

describe('definition switches', () => {
  const subs = [
    subscription('a', 10_000, '2024-01-01'),
    subscription('b', 10_000, '2024-01-01', { end_date: d('2024-02-10') }),
    // Joins and leaves within February.
    subscription('c', 10_000, '2024-02-03', { end_date: d('2024-02-20') }),
    // Comes back in February after leaving in January: a reactivation.
    subscription('r', 10_000, '2023-12-01', { end_date: d('2024-01-15') }),
    subscription('r', 5_000, '2024-02-01', { discount_percent: 50 }),
  ];

  it('counts join-and-leave customers in churn only when asked', () => {
    expect(metricsAt(subs, {}, '2024-02')('customer_churn_rate')).toBe(0.5);
    const joinLeave = metricsAt(subs, {}, '2024-02', { countJoinAndLeave: true });
    expect(joinLeave('customer_churn_rate')).toBe(1);
  });

  it('folds reactivation into new or expansion MRR when asked, keeping net new', () => {
    const own = metricsAt(subs, {}, '2024-02');
    expect(own('reactivation_mrr')).toBe(2_500);
    const asNew = metricsAt(subs, {}, '2024-02', { reactivation: 'new' });
    expect(asNew('reactivation_mrr')).toBe(0);
    expect(asNew('new_mrr')).toBe((own('new_mrr') ?? 0) + 2_500);
    expect(asNew('new_customers')).toBe(2);
    expect(asNew('net_new_mrr')).toBe(own('net_new_mrr'));
    expect(formulaText(metricById('reactivation_mrr')!, { reactivation: 'new' })).toMatch(
      /counted as new/,
    );
  });

  it('reports MRR before discounts when discounts do not reduce MRR', () => {
    expect(metricsAt(subs, {}, '2024-03')('mrr')).toBe(12_500);
    expect(metricsAt(subs, {}, '2024-03', { discountsReduceMrr: false })('mrr')).toBe(15_000);
  });

  it('measures churn over the 30 days ending on the last day when rolling', () => {
    // 30 days before Feb 29 (Jan 30) a and b were paying; b left on Feb 10.
    const rolling = metricsAt(subs, {}, '2024-02', { churnWindow: 'rolling_30_days' });
    expect(rolling('customer_churn_rate')).toBe(0.5);
    const baremetrics = metricsAt(subs, {}, '2024-02', {
      churnWindow: 'rolling_30_days',
      countJoinAndLeave: true,
    });
    expect(baremetrics('customer_churn_rate')).toBe(1);
  });
});

describe('dynamic metrics', () => {
  it('makes conversion and adoption metrics for any stage or event', () => {
    expect(metricById('conversion_demo_to_customer')!.label).toBe('Conversion demo → customer');
    expect(metricById('adoption_export')!.unit).toBe('rate');
    expect(metricById('nope')).toBeUndefined();
  });
});
