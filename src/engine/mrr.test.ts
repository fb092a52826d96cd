import { describe, expect, it } from 'vitest';
import type { InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../model/workspace.ts';
import type { Interval } from '../model/period.ts';
import { METRICS } from '../metrics/registry.ts';
import { metricsReport } from '../metrics/report.ts';
import { computeMrr, type MovementMode } from './mrr.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';
import { d, subscription as sub } from '../../test/fixtures/engine/test-rows.ts';

function report(
  subs: SubscriptionRow[],
  options: {
    interval?: Interval;
    mode?: MovementMode;
    last?: string;
    settings?: Partial<WorkspaceSettings>;
    invoices?: InvoiceRow[];
    from?: string;
  } = {},
) {
  const mrr = computeMrr(mrrInputsFromRows(subs, options.invoices ?? []), {
    interval: options.interval ?? 'month',
    mode: options.mode ?? 'event',
    lastDay: d(options.last ?? '2024-12-31'),
    firstDay: options.from ? d(options.from) : undefined,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    collectMovements: true,
  });
  const json = metricsReport(mrr, METRICS);
  const at = (period: string) => json.periods.find((p) => p.period === period)!.metrics;
  return { mrr, json, at };
}

describe('MRR normalization (known answers)', () => {
  it('100 accounts at $10/month give MRR $1,000', () => {
    const subs = Array.from({ length: 100 }, (_, i) => sub(`c${i}`, 1000, '2024-01-01'));
    expect(report(subs).at('2024-01').mrr).toBe(1000);
  });

  it('a $120 yearly plan is $10 of MRR, ARR $120', () => {
    const { at } = report([sub('c1', 12000, '2024-01-01', { interval: 'year' })]);
    expect(at('2024-06')).toMatchObject({ mrr: 10, arr: 120 });
  });

  it('normalizes every interval with interval_count, quantity and discount', () => {
    const { at } = report([
      sub('q', 30000, '2024-01-01', { interval: 'quarter' }), // 100
      sub('w', 1200, '2024-01-01', { interval: 'week' }), // 12 × 52/12 = 52
      sub('d', 100, '2024-01-01', { interval: 'day' }), // 1 × 365/12 = 30.4166… → 30.42
      sub('m2', 2000, '2024-01-01', { interval: 'month', interval_count: 2 }), // 10
      sub('seats', 1000, '2024-01-01', { quantity: 5, discount_percent: 20 }), // 40
    ]);
    expect(at('2024-03').mrr).toBeCloseTo(100 + 52 + 30.42 + 10 + 40, 10);
  });

  it('counts nothing during a free trial and starts on the first paid day', () => {
    const { at, mrr } = report([sub('c1', 5000, '2024-01-20', { trial_end: d('2024-02-03') })], {
      from: '2024-01-01',
    });
    expect(at('2024-01').mrr).toBe(0);
    expect(at('2024-02')).toMatchObject({ mrr: 50, new_mrr: 50, new_customers: 1 });
    expect(mrr.movements![0]).toMatchObject({ day: d('2024-02-03'), type: 'new' });
  });

  it('a trial that never converts never counts', () => {
    const { at } = report(
      [sub('c1', 5000, '2024-01-01', { trial_end: d('2024-01-15'), end_date: d('2024-01-15') })],
      {
        from: '2024-01-01',
      },
    );
    expect(at('2024-01')).toMatchObject({ mrr: 0, new_mrr: 0, churned_mrr: 0 });
  });

  it('takes invoices with service periods as the alternative source, excluding void and refunded lines and tax', () => {
    const line = (
      id: string,
      start: string,
      end: string,
      amount: number,
      extra: Partial<InvoiceRow> = {},
    ): InvoiceRow => ({
      invoice_id: id,
      line_id: '',
      customer_id: 'c1',
      issued_at: d(start),
      amount,
      currency: 'USD',
      status: 'paid',
      type: 'subscription',
      plan: null,
      quantity: 1,
      tax: 2000,
      discount: 0,
      period_start: d(start),
      period_end: d(end),
      paid_at: null,
      ...extra,
    });
    const invoices = [
      line('i1', '2024-01-01', '2024-02-01', 10000),
      line('i2', '2024-02-01', '2024-03-01', 10000),
      line('i3', '2024-03-01', '2024-04-01', 10000, { status: 'void' }),
      line('i4', '2024-01-01', '2025-01-01', 120000, { customer_id: 'c2', discount: 12000 }),
      line('o1', '2024-01-05', '2024-01-05', 99900, {
        type: 'one_time',
        period_start: null,
        period_end: null,
      }),
    ];
    const { at } = report([], { invoices, settings: { mrrSource: 'invoices' } });
    expect(at('2024-01').mrr).toBe(100 + 90);
    expect(at('2024-02').mrr).toBe(190);
    expect(at('2024-03')).toMatchObject({ mrr: 90, churned_mrr: 100 });
  });

  it('counts a usage line over the period after the one it bills, under either source', () => {
    const usage: InvoiceRow = {
      invoice_id: 'u1',
      line_id: '',
      customer_id: 'c1',
      issued_at: d('2024-02-01'),
      amount: 4500,
      currency: 'USD',
      status: 'paid',
      type: 'usage',
      plan: 'api',
      quantity: 1,
      tax: 0,
      discount: 0,
      period_start: d('2024-01-01'),
      period_end: d('2024-02-01'),
      paid_at: null,
    };
    const { at } = report([sub('c1', 1000, '2024-01-01')], { invoices: [usage] });
    expect(at('2024-01').mrr).toBe(10);
    expect(at('2024-02')).toMatchObject({ mrr: 55, expansion_mrr: 45 });
    expect(at('2024-03')).toMatchObject({ mrr: 10, contraction_mrr: 45 });
  });
});

describe('MRR movements', () => {
  it('classifies new, expansion, contraction, churn and reactivation on the day MRR changes', () => {
    const { mrr, at } = report([
      sub('c1', 1000, '2024-01-10', { end_date: d('2024-03-05') }),
      sub('c1', 3000, '2024-03-05', { end_date: d('2024-04-01') }),
      sub('c1', 2000, '2024-04-01', { end_date: d('2024-05-01') }),
      sub('c1', 2500, '2024-08-15'),
    ]);
    expect(mrr.movements!.map((m) => [m.type, m.amount])).toEqual([
      ['new', 1000],
      ['expansion', 2000],
      ['contraction', 1000],
      ['churned', 2000],
      ['reactivation', 2500],
    ]);
    expect(at('2024-05')).toMatchObject({ churned_mrr: 20, churned_customers: 1, mrr: 0 });
    expect(at('2024-08')).toMatchObject({
      reactivation_mrr: 25,
      reactivated_customers: 1,
      new_customers: 0,
    });
  });

  it('nets changes of one customer on the same day into one movement', () => {
    const { mrr } = report([
      sub('c1', 1000, '2024-01-01', { end_date: d('2024-02-01') }),
      sub('c1', 1000, '2024-02-01', { plan: 'renamed' }), // same price: no movement at all
      sub('c1', 500, '2024-03-01', { end_date: d('2024-04-01') }),
      sub('c1', 700, '2024-04-01'), // 1500 → 1700 on the same day as one ends and another starts
    ]);
    expect(mrr.movements!.map((m) => [m.type, m.amount])).toEqual([
      ['new', 1000],
      ['expansion', 500],
      ['expansion', 200],
    ]);
  });

  it('cancelling one of several subscriptions is contraction, not churn; a discount ending is expansion', () => {
    const { mrr } = report([
      sub('c1', 1000, '2024-01-01'),
      sub('c1', 500, '2024-01-01', { end_date: d('2024-03-01') }),
      sub('c2', 1000, '2024-01-01', { discount_percent: 50, end_date: d('2024-04-01') }),
      sub('c2', 1000, '2024-04-01'),
    ]);
    expect(mrr.movements!.filter((m) => m.type !== 'new').map((m) => [m.type, m.amount])).toEqual([
      ['contraction', 500],
      ['expansion', 500],
    ]);
  });

  it('churns a cancellation at the end of the paid period by default, or immediately when configured', () => {
    const subs = [
      sub('c1', 12000, '2024-01-15', { interval: 'year', canceled_at: d('2024-03-10') }),
    ];
    const atPeriodEnd = report(subs, { last: '2025-12-31' });
    expect(atPeriodEnd.mrr.movements!.find((m) => m.type === 'churned')!.day).toBe(d('2025-01-15'));
    const immediate = report(subs, { last: '2025-12-31', settings: { churnTiming: 'immediate' } });
    expect(immediate.mrr.movements!.find((m) => m.type === 'churned')!.day).toBe(d('2024-03-10'));
  });

  it('reports movements as positive magnitudes and net new MRR signed', () => {
    const { at } = report([sub('c1', 1000, '2023-12-01', { end_date: d('2024-01-10') })]);
    expect(at('2024-01')).toMatchObject({ churned_mrr: 10, net_new_mrr: -10, mrr: 0 });
  });
});

describe('retention metrics (known answers)', () => {
  it('100 customers at the start of the year and 90 at the end give a 10% customer churn rate', () => {
    const subs = Array.from({ length: 100 }, (_, i) =>
      sub(`c${i}`, 1000, '2023-06-01', i < 10 ? { end_date: d('2024-07-01') } : {}),
    );
    const { at } = report(subs, { interval: 'year' });
    expect(at('2024')).toMatchObject({
      customers: 90,
      customer_churn_rate: 0.1,
      customer_retention_rate: 0.9,
    });
  });

  it('MRR $1,200 with $120 churned, $80 contraction and $500 expansion gives NRR 125%', () => {
    const { at } = report([
      sub('a', 12000, '2023-12-01', { end_date: d('2024-01-15') }), // churns 120
      sub('b', 40000, '2023-12-01', { end_date: d('2024-01-10') }),
      sub('b', 32000, '2024-01-10'), // contracts 80
      sub('c', 68000, '2023-12-01', { end_date: d('2024-01-20') }),
      sub('c', 118000, '2024-01-20'), // expands 500
      sub('late', 99900, '2024-01-25'), // new customers never count in NRR
    ]);
    expect(at('2024-01')).toMatchObject({ nrr: 1.25, grr: (1200 - 120 - 80) / 1200 });
    expect(at('2024-01').gross_mrr_churn_rate).toBeCloseTo(200 / 1200, 12);
    expect(at('2024-01').net_mrr_churn_rate).toBeCloseTo(-300 / 1200, 12);
    expect(at('2024-01').quick_ratio).toBeCloseTo((999 + 500) / 200, 12);
  });

  it('10 paying customers of which 2 bring 90% of MRR give a top-20% concentration of 90%', () => {
    const subs = [sub('big1', 360000, '2024-01-01'), sub('big2', 360000, '2024-01-01')];
    for (let i = 0; i < 8; i++) subs.push(sub(`small${i}`, 10000, '2024-01-01'));
    const { at } = report(subs);
    expect(at('2024-01').customer_concentration).toBeCloseTo(0.9, 12);
    expect(at('2024-01').customer_concentration_hhi).toBeCloseTo(
      2 * 0.45 ** 2 + 8 * 0.0125 ** 2,
      12,
    );
    expect(at('2024-01').arpa).toBe(800);
  });

  it('says null, not 0, for a ratio over zero', () => {
    const { at } = report([sub('c1', 1000, '2024-03-01')], { from: '2024-01-01' });
    expect(at('2024-02')).toMatchObject({
      mrr: 0,
      arpa: null,
      nrr: null,
      customer_churn_rate: null,
      mrr_growth_rate: null,
    });
  });

  it('trailing-12-month NRR compares with twelve months earlier', () => {
    const { at } = report(
      [
        sub('a', 10000, '2023-01-01', { end_date: d('2023-06-01') }),
        sub('a', 15000, '2023-06-01'),
        sub('b', 10000, '2023-01-01', { end_date: d('2023-09-01') }),
      ],
      {
        last: '2024-03-31',
      },
    );
    expect(at('2024-01').nrr_t12m).toBeCloseTo(150 / 200, 12);
  });

  it('builds cohorts by month of first payment with logo and revenue retention', () => {
    const { mrr } = report([
      sub('a', 1000, '2024-01-05'),
      sub('b', 1000, '2024-01-20', { end_date: d('2024-03-01') }),
      sub('c', 1000, '2024-02-01'),
    ]);
    const jan = mrr.cohorts.months.findIndex((m) => m.label === '2024-01');
    expect(mrr.cohorts.size[jan]).toBe(2);
    expect(mrr.cohorts.customers[jan]!.slice(0, 3)).toEqual([2, 2, 1]);
    expect(mrr.cohorts.mrr[jan]!.slice(0, 3)).toEqual([2000, 2000, 1000]);
  });
});

describe('delinquency rule', () => {
  const invoice = (
    issued: string,
    status: InvoiceRow['status'],
    paid: string | null,
  ): InvoiceRow => ({
    invoice_id: `inv-${issued}`,
    line_id: '',
    customer_id: 'c1',
    issued_at: d(issued),
    amount: 5000,
    currency: 'USD',
    status,
    type: 'subscription',
    plan: null,
    quantity: 1,
    tax: 0,
    discount: 0,
    period_start: d(issued),
    period_end: d('2030-01-01'),
    paid_at: paid ? d(paid) : null,
  });

  it('churns a customer whose invoice stays unpaid more than N days, and reactivates on payment', () => {
    const subs = [sub('c1', 5000, '2024-01-01')];
    const invoices = [invoice('2024-03-01', 'paid', '2024-05-10')];
    const mrr = computeMrr(mrrInputsFromRows(subs, invoices, [], 30), {
      interval: 'month',
      mode: 'event',
      lastDay: d('2024-06-30'),
      settings: { ...DEFAULT_SETTINGS, delinquencyDays: 30 },
      collectMovements: true,
    });
    expect(mrr.movements!.map((m) => [m.type, m.day])).toEqual([
      ['new', d('2024-01-01')],
      ['churned', d('2024-04-01')],
      ['reactivation', d('2024-05-10')],
    ]);
  });

  it('is off by default: late invoices change nothing', () => {
    const { mrr } = report([sub('c1', 5000, '2024-01-01')], {
      invoices: [invoice('2024-03-01', 'open', null)],
    });
    expect(mrr.movements!.map((m) => m.type)).toEqual(['new']);
  });
});
