import { describe, expect, it } from 'vitest';
import { reportingConverter } from './convert.ts';
import { invoicedRevenue, renewals, seatsOn } from './revenue.ts';
import { d, invoice, months, subscription } from '../../test/fixtures/engine/test-rows.ts';

const usd = reportingConverter('USD', [{ date: d('2024-01-01'), currency: 'EUR', rate: 1.1 }]);

describe('invoiced revenue', () => {
  it('sums lines issued in the period, excluding tax, less discounts, net of refunds and voids', () => {
    const periods = months('2024-01-01', '2024-02-29');
    const r = invoicedRevenue(
      [
        invoice({ invoice_id: 'i1', line_id: 'a', amount: 10_000, tax: 2_000, discount: 1_000 }),
        invoice({ invoice_id: 'i1', line_id: 'b', amount: 5_000, type: 'one_time' }),
        invoice({ invoice_id: 'i2', amount: 7_000, status: 'refunded' }),
        invoice({ invoice_id: 'i3', amount: 3_000, status: 'void' }),
        invoice({ invoice_id: 'i4', amount: 2_000, status: 'open' }),
        invoice({ invoice_id: 'i5', amount: 1_000, currency: 'EUR', issued_at: d('2024-02-01') }),
      ],
      periods,
      usd,
    );
    // January: 9,000 + 5,000 + 2,000 (open is invoiced); February: €10.00 at 1.1 = $11.00.
    expect([...r.grossRevenue]).toEqual([16_000, 1_100]);
    // i1 counts once although it has two lines; i4 is open; i2 refunded.
    expect([...r.paidInvoices]).toEqual([1, 1]);
  });
});

describe('renewals', () => {
  it('counts each billing boundary as a term end and whether the customer kept paying', () => {
    const periods = months('2024-01-01', '2024-12-31');
    const subs = [
      // Annual plan renewed once by the same row (boundary 2024-03-01 is inside the row).
      subscription('a', 120_000, '2023-03-01', { interval: 'year' }),
      // Annual plan that ends at its term end: not renewed.
      subscription('b', 120_000, '2023-06-01', { interval: 'year', end_date: d('2024-06-01') }),
      // Ends at term end but moves to another plan the same day: renewed.
      subscription('c', 120_000, '2023-09-01', { interval: 'year', end_date: d('2024-09-01') }),
      subscription('c', 240_000, '2024-09-01', { interval: 'year' }),
    ];
    const r = renewals(subs, periods, { churnTiming: 'period_end' }, d('2024-12-31'));
    const at = (m: number) => [r.due[m - 1], r.renewed[m - 1]];
    expect(at(3)).toEqual([1, 1]);
    expect(at(6)).toEqual([1, 0]);
    expect(at(9)).toEqual([1, 1]);
    expect(r.due.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('gives monthly plans a term end every month', () => {
    const r = renewals(
      [subscription('a', 1_000, '2024-01-15', { end_date: d('2024-04-15') })],
      months('2024-01-01', '2024-06-30'),
      { churnTiming: 'period_end' },
      d('2024-06-30'),
    );
    expect([...r.due]).toEqual([0, 1, 1, 1, 0, 0]);
    expect([...r.renewed]).toEqual([0, 1, 1, 0, 0, 0]);
  });
});

describe('seats', () => {
  it('sums the quantity of paid lines in force, not during a trial', () => {
    const subs = [
      subscription('a', 1_000, '2024-01-01', { quantity: 5 }),
      subscription('a', 500, '2024-01-01', { quantity: 2, trial_end: d('2024-02-01') }),
      subscription('b', 0, '2024-01-01', { quantity: 9 }),
    ];
    expect(seatsOn(subs, d('2024-01-10'), { churnTiming: 'period_end' })).toEqual(
      new Map([['a', 5]]),
    );
    expect(seatsOn(subs, d('2024-02-10'), { churnTiming: 'period_end' }).get('a')).toBe(7);
  });
});
