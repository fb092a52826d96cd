import { describe, expect, it } from 'vitest';
import { reportingConverter } from './convert.ts';
import {
  cashOn,
  costsByPeriod,
  daysSalesOutstanding,
  departuresByPeriod,
  employeesOn,
  runwayMonths,
  totalCosts,
} from './finance.ts';
import { d, invoice, months } from '../../test/fixtures/engine/test-rows.ts';

const usd = reportingConverter('USD', [
  { date: d('2024-01-01'), currency: 'EUR', rate: 1.1 },
  { date: d('2024-02-01'), currency: 'EUR', rate: 1.2 },
]);

describe('finance', () => {
  it('sums costs per category and period, converted at the day rate', () => {
    const periods = months('2024-01-01', '2024-02-29');
    const costs = costsByPeriod(
      [
        {
          date: d('2024-01-05'),
          category: 'marketing',
          amount: 10_000,
          currency: 'USD',
          channel: 'ads',
        },
        { date: d('2024-01-06'), category: 'sales', amount: 5_000, currency: 'USD', channel: '' },
        { date: d('2024-02-01'), category: 'cogs', amount: 1_000, currency: 'EUR', channel: '' },
      ],
      periods,
      usd,
    );
    expect([...costs.marketing]).toEqual([10_000, 0]);
    expect([...costs.cogs]).toEqual([0, 1_200]);
    expect(totalCosts(costs, 0)).toBe(15_000);
  });

  it('takes the latest balance on or before a day, per currency', () => {
    const cash = [
      { date: d('2024-01-31'), balance: 1_000_000, currency: 'USD' },
      { date: d('2024-02-29'), balance: 900_000, currency: 'USD' },
      { date: d('2024-02-15'), balance: 100_000, currency: 'EUR' },
    ];
    expect(cashOn(cash, d('2024-01-30'), usd)).toBeNull();
    expect(cashOn(cash, d('2024-02-20'), usd)).toBe(1_000_000 + 120_000);
    expect(cashOn(cash, d('2024-03-10'), usd)).toBe(900_000 + 120_000);
  });

  it('computes runway from the last three months of net burn, null when not burning', () => {
    // Cash fell from 1,000,000 to 700,000 in three months: 100,000 a month, 7 months left.
    expect(runwayMonths(700_000, 1_000_000)).toBe(7);
    expect(runwayMonths(1_100_000, 1_000_000)).toBeNull();
    expect(runwayMonths(null, 1_000_000)).toBeNull();
  });

  it('averages days from issue to payment over invoices paid in the period (DSO)', () => {
    const dso = daysSalesOutstanding(
      [
        invoice({
          invoice_id: 'a',
          line_id: '1',
          issued_at: d('2024-01-01'),
          paid_at: d('2024-01-11'),
        }),
        invoice({
          invoice_id: 'a',
          line_id: '2',
          issued_at: d('2024-01-01'),
          paid_at: d('2024-01-11'),
        }),
        invoice({ invoice_id: 'b', issued_at: d('2024-01-20'), paid_at: d('2024-02-19') }),
        invoice({ invoice_id: 'c', issued_at: d('2024-01-25'), paid_at: d('2024-01-29') }),
        invoice({ invoice_id: 'e', issued_at: d('2024-01-25'), status: 'open' }),
      ],
      months('2024-01-01', '2024-02-29'),
    );
    expect(dso).toEqual([7, 30]);
  });

  it('reads headcount on a day and departures per period', () => {
    const headcount = [
      { date: d('2024-01-01'), employees: 10, hires: null, departures: 1 },
      { date: d('2024-02-01'), employees: 12, hires: 3, departures: 2 },
    ];
    expect(employeesOn(headcount, d('2023-12-31'))).toBeNull();
    expect(employeesOn(headcount, d('2024-02-10'))).toBe(12);
    expect([...departuresByPeriod(headcount, months('2024-01-01', '2024-02-29'))]).toEqual([1, 2]);
  });
});
