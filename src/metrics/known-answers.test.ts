/**
 * SPEC §5's worked examples, computed the way every surface computes them: rows through
 * the engines (MRR and business facts), then the registry's compute functions.
 */
import { describe, expect, it } from 'vitest';
import { computeBusinessFacts, type BusinessRows } from '../engine/business.ts';
import { computeMrr } from '../engine/mrr.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import { d, invoice, subscription, t } from '../engine/test-rows.ts';
import type { CostRow, FunnelRow, SubscriptionRow, SurveyRow } from '../model/kinds.ts';
import { DEFAULT_SETTINGS } from '../model/workspace.ts';
import { metricById } from './registry.ts';

const LAST_DAY = d('2024-06-30');
const settings = { ...DEFAULT_SETTINGS, currency: 'USD' };

/** Every metric's value in `month`, from these rows. */
function metricsIn(subs: readonly SubscriptionRow[], rows: BusinessRows, month: string) {
  const mrr = computeMrr(mrrInputsFromRows(subs), {
    interval: 'month',
    mode: 'event',
    firstDay: d('2024-01-01'),
    lastDay: LAST_DAY,
    settings,
  });
  const business = computeBusinessFacts({ ...rows, subscriptions: subs }, mrr.periods, {
    interval: 'month',
    lastDay: LAST_DAY,
    settings,
  });
  const k = mrr.periods.findIndex((p) => p.label === month);
  expect(k).toBeGreaterThanOrEqual(0);
  return (id: string) => metricById(id)!.compute({ facts: mrr.facts, k, business, settings });
}

const cost = (date: string, category: CostRow['category'], amount: number): CostRow => ({
  date: d(date),
  category,
  amount,
  currency: 'USD',
  channel: '',
});

/** `n` customers paying `monthly` cents a month from `start` (ids prefixed). */
const customers = (prefix: string, n: number, monthly: number, start: string) =>
  Array.from({ length: n }, (_, i) => subscription(`${prefix}${i}`, monthly, start));

describe('SPEC §5 worked examples', () => {
  it('CAC: $10,000 of sales and marketing / 1,000 new customers = $10', () => {
    const value = metricsIn(
      customers('n', 1000, 1_000, '2024-03-10'),
      { costs: [cost('2024-03-01', 'sales', 400_000), cost('2024-03-15', 'marketing', 600_000)] },
      '2024-03',
    );
    expect(value('new_customers')).toBe(1000);
    expect(value('cac')).toBe(1_000); // cents
  });

  it('CAC payback: CAC $10, $120/year at 50% gross margin = 2 months', () => {
    // $120/year is $10 of MRR for each new customer; revenue $20,000 with $10,000 of cogs.
    const value = metricsIn(
      Array.from({ length: 1000 }, (_, i) =>
        subscription(`n${i}`, 12_000, '2024-03-10', { interval: 'year' }),
      ),
      {
        costs: [cost('2024-03-01', 'marketing', 1_000_000), cost('2024-03-01', 'cogs', 1_000_000)],
        invoices: [invoice({ invoice_id: 'i1', issued_at: d('2024-03-10'), amount: 2_000_000 })],
      },
      '2024-03',
    );
    expect(value('cac')).toBe(1_000);
    expect(value('arpa')).toBe(1_000);
    expect(value('gross_margin')).toBe(0.5);
    expect(value('cac_payback_months')).toBe(2);
  });

  it('runway: cash $100,000 and a burn of $10,000 a month = 10 months', () => {
    const cash = [
      ['2024-02-29', 13_000_000],
      ['2024-03-31', 12_000_000],
      ['2024-04-30', 11_000_000],
      ['2024-05-31', 10_000_000],
    ].map(([date, balance]) => ({
      date: d(date as string),
      balance: balance as number,
      currency: 'USD',
    }));
    const value = metricsIn(customers('c', 1, 5_000, '2024-01-01'), { cash }, '2024-05');
    expect(value('burn_rate')).toBe(1_000_000);
    expect(value('runway_months')).toBe(10);
  });

  /** $600 invoiced in May and no cost of revenue (a gross margin of 100%). */
  const cltvRows = (): BusinessRows => ({
    invoices: [invoice({ invoice_id: 'i1', issued_at: d('2024-05-01'), amount: 60_000 })],
    costs: [cost('2024-05-01', 'marketing', 10_000)],
  });

  it('CLTV: $120 a year over a 5-year lifetime = $600', () => {
    // 60 customers at $10 a month ($120 a year); every month from February to May one of them
    // leaves and a new one joins: a steady monthly churn of 1/60, a lifetime of 60 months
    // (5 years), also as the trailing average LTV uses. No cost of revenue: margin 100%.
    const months = ['02', '03', '04', '05'];
    const subs = [
      ...customers('c', 56, 1_000, '2024-01-01'),
      ...months.map((m) =>
        subscription(`gone${m}`, 1_000, '2024-01-01', { end_date: d(`2024-${m}-15`) }),
      ),
      ...months.map((m) => subscription(`late${m}`, 1_000, `2024-${m}-20`)),
    ];
    const value = metricsIn(subs, cltvRows(), '2024-05');
    expect(value('customer_churn_rate')).toBeCloseTo(1 / 60, 12);
    expect(value('arpa')).toBe(1_000);
    expect(value('ltv_simple')).toBeCloseTo(60_000, 6); // $600
    expect(value('gross_margin')).toBe(1);
    expect(value('ltv')).toBeCloseTo(60_000, 6);
  });

  it('LTV averages the monthly churn over the trailing six months, not one month', () => {
    // 60 customers from January; one leaves in May only. May alone would say 1/60 ($600);
    // February to May (January has nobody paying at its start) average 1/240: $2,400.
    const subs = [
      ...customers('c', 59, 1_000, '2024-01-01'),
      subscription('gone', 1_000, '2024-01-01', { end_date: d('2024-05-15') }),
      subscription('late', 1_000, '2024-05-20'),
    ];
    const value = metricsIn(subs, cltvRows(), '2024-05');
    expect(value('customer_churn_rate')).toBeCloseTo(1 / 60, 12);
    expect(value('ltv')).toBeCloseTo(240_000, 6);
    expect(metricById('ltv')!.formula).toMatch(/trailing 6 months/);
  });

  it('NPS: % promoters − % detractors of a known set of scores', () => {
    // 10 answers: 4 promoters (9-10), 3 passives (7-8), 3 detractors (0-6) → 40 − 30 = 10.
    const scores = [10, 9, 9, 10, 8, 7, 7, 6, 0, 3];
    const surveys: SurveyRow[] = scores.map((score, i) => ({
      response_id: `r${i}`,
      kind: 'nps',
      score,
      submitted_at: t(`2024-04-${String(i + 10)}T12:00`),
      customer_id: null,
      comment: null,
    }));
    const csat: SurveyRow[] = [5, 4, 3, 1].map((score, i) => ({
      response_id: `s${i}`,
      kind: 'csat',
      score,
      submitted_at: t('2024-04-02T09:00'),
      customer_id: null,
      comment: null,
    }));
    const value = metricsIn(
      customers('c', 1, 1_000, '2024-01-01'),
      { surveys: [...surveys, ...csat] },
      '2024-04',
    );
    expect(value('nps')).toBeCloseTo(10, 12);
    expect(value('csat')).toBe(0.5);
  });

  it('conversion: ids that reached stage B / ids that entered stage A in the period', () => {
    // April: 10 visitors, 4 sign up (one in May), 2 of those start a trial, 1 becomes a customer.
    const row = (id: string, stage: string, at: string): FunnelRow => ({
      id,
      stage,
      occurred_at: t(at),
      channel: null,
      customer_id: null,
      value: null,
    });
    const funnel = [
      ...Array.from({ length: 10 }, (_, i) => row(`v${i}`, 'visitor', '2024-04-03T10:00')),
      row('v0', 'signup', '2024-04-04T10:00'),
      row('v1', 'signup', '2024-04-05T10:00'),
      row('v2', 'signup', '2024-04-06T10:00'),
      row('v3', 'signup', '2024-05-02T10:00'),
      row('v0', 'trial', '2024-04-04T11:00'),
      row('v1', 'trial', '2024-04-08T10:00'),
      row('v0', 'customer', '2024-04-18T10:00'),
      // Entered before April: not in April's denominators.
      row('old', 'visitor', '2024-03-30T10:00'),
      row('old', 'signup', '2024-04-01T10:00'),
    ];
    const value = metricsIn(customers('c', 1, 1_000, '2024-01-01'), { funnel }, '2024-04');
    expect(value('conversion_visitor_to_signup')).toBe(4 / 10);
    expect(value('conversion_signup_to_trial')).toBe(2 / 4); // v0, v1, v2, old signed up in April
    expect(value('conversion_trial_to_customer')).toBe(1 / 2);
    expect(metricById('conversion_visitor_to_customer')).toBeDefined();
    expect(value('conversion_visitor_to_customer')).toBe(1 / 10);
  });
});
