/**
 * Worked cases from the other tools' public documentation, each computed under that tool's
 * definition profile the way every surface computes them (rows → MRR engine → registry).
 * Each case cites the page it comes from; docs/definitions.md lists the switches behind it.
 */
import { describe, expect, it } from 'vitest';
import { computeMrr } from '../engine/mrr.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import { d, invoice, subscription } from '../../test/fixtures/engine/test-rows.ts';
import type { InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import {
  DEFAULT_SETTINGS,
  PROFILE_DEFINITIONS,
  type DefinitionProfile,
  type WorkspaceSettings,
} from '../model/workspace.ts';
import { formulaText, metricById } from './registry.ts';

interface Rows {
  readonly subscriptions?: readonly SubscriptionRow[];
  readonly invoices?: readonly InvoiceRow[];
}

/** Metric values by month (`YYYY-MM`) of `rows` under a profile, with settings refined by `extra`. */
function under(
  profile: DefinitionProfile,
  rows: Rows,
  extra: Partial<WorkspaceSettings> = {},
  firstDay = '2024-01-01',
) {
  const settings: WorkspaceSettings = {
    ...DEFAULT_SETTINGS,
    ...PROFILE_DEFINITIONS[profile],
    profile,
    ...extra,
  };
  const inputs = mrrInputsFromRows(
    rows.subscriptions ?? [],
    rows.invoices ?? [],
    [],
    settings.delinquencyDays,
    undefined,
    settings.refundsReduceMrr === false,
  );
  const mrr = computeMrr(inputs, {
    interval: 'month',
    mode: 'event',
    firstDay: d(firstDay),
    lastDay: d('2024-12-31'),
    settings,
  });
  return (id: string, month: string) => {
    const k = mrr.periods.findIndex((p) => p.label === month);
    expect(k, month).toBeGreaterThanOrEqual(0);
    return metricById(id)!.compute({ facts: mrr.facts, k, settings });
  };
}

const INVOICES = { mrrSource: 'invoices' } as const;

/** One subscription invoice line billing `amount` cents for [from, to). */
const billed = (id: string, customer: string, amount: number, from: string, to: string) =>
  invoice({
    invoice_id: id,
    customer_id: customer,
    issued_at: d(from),
    amount,
    period_start: d(from),
    period_end: d(to),
  });

/** A subscription of $50 a month and a metered line of $30 for January (counted in February). */
const SUBSCRIPTION_AND_USAGE: Rows = {
  subscriptions: [subscription('c1', 5_000, '2024-01-01')],
  invoices: [
    invoice({
      invoice_id: 'u1',
      type: 'usage',
      amount: 3_000,
      issued_at: d('2024-02-01'),
      period_start: d('2024-01-01'),
      period_end: d('2024-02-01'),
    }),
  ],
};

/** $50 a month billed by invoice for January to March, February's invoice refunded. */
const REFUNDED_MONTH: Rows = {
  invoices: [
    billed('i1', 'c1', 5_000, '2024-01-01', '2024-02-01'),
    { ...billed('i2', 'c1', 5_000, '2024-02-01', '2024-03-01'), status: 'refunded' },
    billed('i3', 'c1', 5_000, '2024-03-01', '2024-04-01'),
  ],
};

/** `n` customers paying $50 a month since January (ids prefixed). */
const base = (prefix: string, n: number, extra: Partial<SubscriptionRow> = {}) =>
  Array.from({ length: n }, (_, i) => subscription(`${prefix}${i}`, 5_000, '2024-01-01', extra));

describe('ChartMogul profile', () => {
  // https://dev.chartmogul.com/docs/how-mrr-is-calculated-from-prorated-invoices
  it('prorated first invoice: $20 for 10 days of a 30-day April is MRR $60, and May brings no contraction', () => {
    const rows = {
      invoices: [
        billed('i1', 'c1', 2_000, '2024-04-21', '2024-05-01'),
        billed('i2', 'c1', 6_000, '2024-05-01', '2024-06-01'),
        billed('i3', 'c1', 6_000, '2024-06-01', '2024-07-01'),
      ],
    };
    const value = under('chartmogul', rows, INVOICES);
    expect(value('mrr', '2024-04')).toBe(6_000);
    expect(value('new_mrr', '2024-04')).toBe(6_000);
    expect(value('mrr', '2024-05')).toBe(6_000);
    expect(value('contraction_mrr', '2024-05')).toBe(0);
    // Northstar's default divides by an average month (365/12 days): 60.83, then −0.83.
    const northstar = under('northstar', rows, INVOICES);
    expect(northstar('mrr', '2024-04')).toBe(6_083);
    expect(northstar('contraction_mrr', '2024-05')).toBe(83);
  });

  // https://help.chartmogul.com/hc/en-us/articles/15384089786524-Configuring-Subscription-Analytics-settings (Refund Handling)
  it('a refund alone does not change MRR: no churn in the refunded month, no reactivation after', () => {
    const value = under('chartmogul', REFUNDED_MONTH, INVOICES);
    expect(value('mrr', '2024-02')).toBe(5_000);
    expect(value('churned_mrr', '2024-02')).toBe(0);
    expect(value('reactivation_mrr', '2024-03')).toBe(0);
    const northstar = under('northstar', REFUNDED_MONTH, INVOICES);
    expect(northstar('churned_mrr', '2024-02')).toBe(5_000);
    expect(northstar('reactivation_mrr', '2024-03')).toBe(5_000);
  });

  // https://help.chartmogul.com/hc/en-us/articles/15384089786524-Configuring-Subscription-Analytics-settings (Free Customer Handling)
  it('a 100% discount is a contraction to 0 with the customer still active (the default)', () => {
    const rows = {
      subscriptions: [
        subscription('c1', 5_000, '2024-01-01', { end_date: d('2024-03-01') }),
        subscription('c1', 5_000, '2024-03-01', {
          end_date: d('2024-05-01'),
          discount_percent: 100,
        }),
        subscription('c1', 5_000, '2024-05-01'),
        subscription('c2', 5_000, '2024-01-01'),
      ],
    };
    const value = under('chartmogul', rows);
    expect(value('contraction_mrr', '2024-03')).toBe(5_000);
    expect(value('churned_mrr', '2024-03')).toBe(0);
    expect(value('churned_customers', '2024-03')).toBe(0);
    expect(value('customers', '2024-03')).toBe(2);
    expect(value('customer_churn_rate', '2024-04')).toBe(0);
    expect(value('expansion_mrr', '2024-05')).toBe(5_000);
    expect(value('reactivation_mrr', '2024-05')).toBe(0);
    // The data setting "classify as Cancelled" is the Northstar default.
    const cancelled = under('chartmogul', rows, { freeCustomers: 'churned' });
    expect(cancelled('churned_mrr', '2024-03')).toBe(5_000);
    expect(cancelled('customers', '2024-03')).toBe(1);
    expect(cancelled('reactivation_mrr', '2024-05')).toBe(5_000);
  });

  // https://dev.chartmogul.com/docs/implementing-usage-based-billing (usage billed with its
  // service period, as a plan of its own, is reported as MRR)
  it('usage billed with its service period counts as MRR', () => {
    expect(under('chartmogul', SUBSCRIPTION_AND_USAGE)('mrr', '2024-02')).toBe(8_000);
  });

  // https://help.chartmogul.com/hc/en-us/articles/360003422980-Why-do-metrics-in-ChartMogul-differ-from-my-billing-system-
  it('one-time payments never contribute to MRR', () => {
    const rows = {
      invoices: [
        billed('i1', 'c1', 5_000, '2024-01-01', '2024-02-01'),
        invoice({ invoice_id: 'setup', customer_id: 'c1', type: 'one_time', amount: 20_000 }),
      ],
    };
    expect(under('chartmogul', rows, INVOICES)('mrr', '2024-01')).toBe(5_000);
  });

  // https://help.chartmogul.com/hc/en-us/articles/201244842 (MRR movements: Syncalytics)
  it('MRR movements of Syncalytics: new, expansion, contraction, churn, reactivation', () => {
    const rows = {
      subscriptions: [
        subscription('syncalytics', 50_000, '2023-01-10', {
          interval: 'year',
          quantity: 4,
          canceled_at: d('2023-12-01'),
        }),
        subscription('syncalytics', 3_000, '2023-01-14', {
          quantity: 2,
          canceled_at: d('2023-02-20'),
        }),
        subscription('syncalytics', 5_000, '2024-03-01', { quantity: 3 }),
      ],
    };
    const value = under('chartmogul', rows, {}, '2023-01-01');
    expect(value('new_mrr', '2023-01')).toBe(16_667); // $2,000 / 12
    expect(value('expansion_mrr', '2023-01')).toBe(6_000);
    expect(value('contraction_mrr', '2023-03')).toBe(6_000); // at the end of the paid month
    expect(value('churned_mrr', '2024-01')).toBe(16_667); // at the end of the paid year
    expect(value('reactivation_mrr', '2024-03')).toBe(15_000);
  });
});

describe('Stripe profile', () => {
  // https://docs.stripe.com/billing/subscriptions/analytics/glossary (MRR excludes metered products)
  it('metered usage is not MRR: February MRR 50, not 80', () => {
    expect(under('stripe', SUBSCRIPTION_AND_USAGE)('mrr', '2024-02')).toBe(5_000);
  });

  // https://support.stripe.com/questions/calculating-churn-rate-in-billing
  it('subscriber churn rate: churned in 30 days ÷ (active 30 days ago + new in those 30 days) = 1/6', () => {
    const rows = {
      subscriptions: [
        ...base('a', 4),
        subscription('leaver', 5_000, '2024-01-01', { canceled_at: d('2024-06-15') }),
        subscription('newcomer', 5_000, '2024-06-10'),
      ],
    };
    expect(under('stripe', rows)('customer_churn_rate', '2024-06')).toBeCloseTo(1 / 6, 10);
    // Over the customers of 30 days ago alone, the other tools' denominator: 1/5.
    const overStart = under('stripe', rows, { churnDenominator: 'start' });
    expect(overStart('customer_churn_rate', '2024-06')).toBe(0.2);
  });

  // https://support.stripe.com/questions/calculating-churn-rate-in-billing
  it('a subscriber who starts and churns within the 30 days is in the numerator and the denominator', () => {
    const rows = {
      subscriptions: [
        ...base('a', 5),
        subscription('brief', 5_000, '2024-06-05', { canceled_at: d('2024-06-20') }),
      ],
    };
    expect(under('stripe', rows)('customer_churn_rate', '2024-06')).toBeCloseTo(1 / 6, 10);
  });

  // https://support.stripe.com/questions/calculating-churn-rate-in-billing (Churned Revenue)
  it('of two subscriptions cancelled one after the other, the first is a downgrade, the second churn', () => {
    const rows = {
      subscriptions: [
        subscription('c1', 5_000, '2024-01-01', { canceled_at: d('2024-03-10') }),
        subscription('c1', 2_000, '2024-01-01', { canceled_at: d('2024-04-10') }),
      ],
    };
    const value = under('stripe', rows);
    expect(value('contraction_mrr', '2024-03')).toBe(5_000);
    expect(value('churned_mrr', '2024-03')).toBe(0);
    expect(value('churned_mrr', '2024-04')).toBe(2_000);
    expect(value('churned_customers', '2024-04')).toBe(1);
  });

  // https://support.stripe.com/questions/billing-analytics (How do you calculate MRR?)
  it('an annual $1,200 counts $100; a forever 50% coupon halves MRR; a trial counts nothing', () => {
    const rows = {
      subscriptions: [
        subscription('annual', 120_000, '2024-01-01', { interval: 'year' }),
        subscription('coupon', 5_000, '2024-01-01', { discount_percent: 50 }),
        subscription('trial', 5_000, '2024-01-01', { trial_end: d('2024-03-01') }),
      ],
    };
    const value = under('stripe', rows);
    expect(value('mrr', '2024-02')).toBe(10_000 + 2_500);
    expect(value('mrr', '2024-03')).toBe(10_000 + 2_500 + 5_000);
  });

  // https://support.stripe.com/questions/impact-of-discounts-and-coupons-on-monthly-recurring-revenue-mrr-in-billing
  it('a coupon with a finite duration (once, repeating) leaves MRR unaffected; a forever one applies', () => {
    const rows = {
      subscriptions: [
        // 50% off for three months (a repeating coupon), then the full price.
        subscription('repeating', 5_000, '2024-01-01', {
          discount_percent: 50,
          discount_duration: 'repeating',
          end_date: d('2024-04-01'),
        }),
        subscription('repeating', 5_000, '2024-04-01'),
        subscription('once', 5_000, '2024-01-01', {
          discount_percent: 50,
          discount_duration: 'once',
        }),
        subscription('forever', 5_000, '2024-01-01', {
          discount_percent: 50,
          discount_duration: 'forever',
        }),
      ],
    };
    const value = under('stripe', rows);
    expect(value('mrr', '2024-02')).toBe(5_000 + 5_000 + 2_500);
    // The repeating coupon running out is no expansion: MRR never saw it.
    expect(value('expansion_mrr', '2024-04')).toBe(0);
    expect(value('mrr', '2024-04')).toBe(5_000 + 5_000 + 2_500);
    // Northstar's default counts every discount while it lasts.
    const northstar = under('northstar', rows);
    expect(northstar('mrr', '2024-02')).toBe(2_500 + 2_500 + 2_500);
    expect(northstar('expansion_mrr', '2024-04')).toBe(2_500);
    // `--discounts no` leaves the forever coupon out too: Stripe's figure needs `forever`.
    expect(under('stripe', rows, { discounts: 'none' })('mrr', '2024-02')).toBe(15_000);
  });
});

describe('ProfitWell profile', () => {
  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio
  it('a customer who signs up and churns in the same calendar month is ignored entirely', () => {
    const rows = {
      subscriptions: [
        ...base('a', 3),
        subscription('brief', 5_000, '2024-03-03', { end_date: d('2024-03-20') }),
        subscription('brief', 5_000, '2024-05-01'),
      ],
    };
    const value = under('profitwell', rows);
    expect(value('new_mrr', '2024-03')).toBe(0);
    expect(value('churned_mrr', '2024-03')).toBe(0);
    expect(value('new_customers', '2024-03')).toBe(0);
    expect(value('churned_customers', '2024-03')).toBe(0);
    expect(value('net_new_mrr', '2024-03')).toBe(0);
    // Ignored entirely: coming back later is new business, not a reactivation.
    expect(value('new_mrr', '2024-05')).toBe(5_000);
    expect(value('reactivation_mrr', '2024-05')).toBe(0);
    const northstar = under('northstar', rows);
    expect(northstar('new_mrr', '2024-03')).toBe(5_000);
    expect(northstar('churned_mrr', '2024-03')).toBe(5_000);
  });

  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio (refunds)
  it('a one-month full refund is neither churn nor a reactivation the next month', () => {
    const value = under('profitwell', REFUNDED_MONTH, INVOICES);
    expect(value('mrr', '2024-02')).toBe(5_000);
    expect(value('churned_mrr', '2024-02')).toBe(0);
    expect(value('reactivation_mrr', '2024-03')).toBe(0);
  });

  // https://learn.profitwell.com/article/3xteyrvof6-why-are-my-metrics-in-profit-well-different-than-chargify
  it('a cancelled customer keeps its MRR until the end of its billing cycle', () => {
    const rows = {
      subscriptions: [subscription('c1', 5_000, '2024-01-15', { canceled_at: d('2024-03-20') })],
    };
    const value = under('profitwell', rows);
    expect(value('mrr', '2024-03')).toBe(5_000);
    expect(value('churned_mrr', '2024-03')).toBe(0);
    expect(value('churned_mrr', '2024-04')).toBe(5_000);
  });

  // https://learn.profitwell.com/article/3xteyrvof6-why-are-my-metrics-in-profit-well-different-than-chargify
  it('a customer coming back after any time is a reactivation', () => {
    const rows = {
      subscriptions: [
        subscription('c1', 5_000, '2024-01-01', { end_date: d('2024-02-01') }),
        subscription('c1', 5_000, '2024-12-01'),
      ],
    };
    expect(under('profitwell', rows)('reactivation_mrr', '2024-12')).toBe(5_000);
  });

  // https://learn.profitwell.com/article/3xteyrvof6-why-are-my-metrics-in-profit-well-different-than-chargify
  it('recurring metered billing is rolled into MRR', () => {
    expect(under('profitwell', SUBSCRIPTION_AND_USAGE)('mrr', '2024-02')).toBe(8_000);
  });

  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio
  it('joining in one month and leaving in the next is new and then churn', () => {
    const rows = {
      subscriptions: [subscription('c1', 5_000, '2024-03-20', { end_date: d('2024-04-20') })],
    };
    const value = under('profitwell', rows);
    expect(value('new_mrr', '2024-03')).toBe(5_000);
    expect(value('churned_mrr', '2024-04')).toBe(5_000);
  });
});

describe('Maxio profile', () => {
  const leftInFebruary = subscription('c1', 5_000, '2024-01-01', { end_date: d('2024-03-01') });

  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio
  it('a customer returning within 90 days of churning is a reactivation', () => {
    const rows = { subscriptions: [leftInFebruary, subscription('c1', 5_000, '2024-05-01')] };
    const value = under('maxio', rows);
    expect(value('reactivation_mrr', '2024-05')).toBe(5_000);
    expect(value('new_mrr', '2024-05')).toBe(0);
  });

  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio
  it('a customer returning more than 90 days after churning is new business', () => {
    const rows = { subscriptions: [leftInFebruary, subscription('c1', 5_000, '2024-08-01')] };
    const value = under('maxio', rows);
    expect(value('new_mrr', '2024-08')).toBe(5_000);
    expect(value('new_customers', '2024-08')).toBe(1);
    expect(value('reactivation_mrr', '2024-08')).toBe(0);
    expect(under('northstar', rows)('reactivation_mrr', '2024-08')).toBe(5_000);
  });

  // https://learn.profitwell.com/article/3xteyrvof6-why-are-my-metrics-in-profit-well-different-than-chargify
  it('the MRR of a subscription is removed at the time of cancellation', () => {
    const rows = {
      subscriptions: [subscription('c1', 5_000, '2024-01-15', { canceled_at: d('2024-03-20') })],
    };
    const value = under('maxio', rows);
    expect(value('mrr', '2024-03')).toBe(0);
    expect(value('churned_mrr', '2024-03')).toBe(5_000);
  });

  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio
  it('signing up and churning in the same month counts in both new MRR and churn', () => {
    const rows = {
      subscriptions: [subscription('c1', 5_000, '2024-03-03', { end_date: d('2024-03-20') })],
    };
    const value = under('maxio', rows);
    expect(value('new_mrr', '2024-03')).toBe(5_000);
    expect(value('churned_mrr', '2024-03')).toBe(5_000);
  });

  // https://learn.profitwell.com/article/3xteyrvof6-why-are-my-metrics-in-profit-well-different-than-chargify
  it('metered billing is a separate category of revenue, not MRR', () => {
    expect(under('maxio', SUBSCRIPTION_AND_USAGE)('mrr', '2024-02')).toBe(5_000);
  });

  // https://www.paddle.com/help/profitwell-metrics/measure/compare/profitwell-vs-maxio
  it('discounts are subtracted before calculating MRR; a refund alone does not change it', () => {
    const rows = {
      subscriptions: [subscription('c1', 5_000, '2024-01-01', { discount_percent: 20 })],
    };
    expect(under('maxio', rows)('mrr', '2024-02')).toBe(4_000);
    const refunded = under('maxio', REFUNDED_MONTH, INVOICES);
    expect(refunded('mrr', '2024-02')).toBe(5_000);
    expect(refunded('churned_mrr', '2024-02')).toBe(0);
  });
});

describe('Baremetrics profile', () => {
  // https://help.baremetrics.com/en/articles/5380347-user-and-revenue-churn
  it('user churn: 1 of the 20 customers of 30 days ago cancelled in the last 30 days = 5%', () => {
    const rows = {
      subscriptions: [
        ...base('a', 19),
        subscription('leaver', 5_000, '2024-01-01', { end_date: d('2024-06-10') }),
      ],
    };
    expect(under('baremetrics', rows)('customer_churn_rate', '2024-06')).toBe(0.05);
  });

  // https://changelog.baremetrics.com/churn-update-4pqo9O
  it('customers who sign up and cancel within the same 30-day window are in the churn rate', () => {
    const rows = {
      subscriptions: [
        ...base('a', 20),
        subscription('brief', 5_000, '2024-06-05', { end_date: d('2024-06-20') }),
      ],
    };
    expect(under('baremetrics', rows)('customer_churn_rate', '2024-06')).toBe(0.05);
    expect(under('northstar', rows)('customer_churn_rate', '2024-06')).toBe(0);
  });

  // https://help.baremetrics.com/en/articles/5380347-user-and-revenue-churn
  it('revenue churn: MRR lost to downgrades and cancellations ÷ MRR 30 days ago', () => {
    const rows = {
      subscriptions: [
        ...base('a', 18),
        subscription('leaver', 5_000, '2024-01-01', { end_date: d('2024-06-10') }),
        subscription('downgrader', 5_000, '2024-01-01', { end_date: d('2024-06-12') }),
        subscription('downgrader', 2_500, '2024-06-12'),
      ],
    };
    // June has 30 days: its calendar month is Baremetrics' 30-day window.
    expect(under('baremetrics', rows)('gross_mrr_churn_rate', '2024-06')).toBe(0.075);
  });

  // https://help.baremetrics.com/en/articles/5380347-user-and-revenue-churn
  it('a customer delinquent for more than 30 days is considered cancelled', () => {
    const rows = {
      subscriptions: [...base('a', 19), subscription('late', 5_000, '2024-01-01')],
      invoices: [
        invoice({
          invoice_id: 'open',
          customer_id: 'late',
          issued_at: d('2024-05-01'),
          status: 'open',
        }),
      ],
    };
    const value = under('baremetrics', rows, { delinquencyDays: 30 });
    expect(value('churned_customers', '2024-06')).toBe(1);
    expect(value('customer_churn_rate', '2024-06')).toBe(0.05);
  });

  // https://changelog.baremetrics.com/?cursor=4rvQF0AhrFScF (New Quick Ratio Metric)
  it('quick ratio = (new + expansion MRR) ÷ (contraction + churned MRR)', () => {
    const rows = {
      subscriptions: [
        subscription('new', 5_000, '2024-03-05'),
        subscription('up', 5_000, '2024-01-01', { end_date: d('2024-03-10') }),
        subscription('up', 6_000, '2024-03-10'),
        subscription('down', 5_000, '2024-01-01', { end_date: d('2024-03-10') }),
        subscription('down', 3_000, '2024-03-10'),
        subscription('gone', 1_000, '2024-01-01', { end_date: d('2024-03-15') }),
      ],
    };
    expect(under('baremetrics', rows)('quick_ratio', '2024-03')).toBe(2);
  });
});

describe('formula text under a profile', () => {
  it('names the profile and the switches that differ, and is unchanged under Northstar’s', () => {
    const mrr = metricById('mrr')!;
    expect(formulaText(mrr, DEFAULT_SETTINGS)).toBe(mrr.formula);
    const stripe = {
      ...DEFAULT_SETTINGS,
      ...PROFILE_DEFINITIONS.stripe,
      profile: 'stripe' as const,
    };
    expect(formulaText(mrr, stripe)).toContain('metered usage excluded');
    expect(formulaText(mrr, stripe)).toMatch(/Definitions: profile stripe; .*usageInMrr = false/);
    const churn = formulaText(metricById('customer_churn_rate')!, stripe);
    expect(churn).toContain('customers new in those 30 days');
    expect(churn).toContain('churnDenominator = "start_plus_new"');
    const maxio = { ...DEFAULT_SETTINGS, ...PROFILE_DEFINITIONS.maxio, profile: 'maxio' as const };
    expect(formulaText(metricById('new_mrr')!, maxio)).toContain(
      'more than 90 days after churning',
    );
  });
});
