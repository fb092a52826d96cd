import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Day } from '../model/day.ts';
import type { CashRow, HeadcountRow } from '../model/kinds.ts';
import { reportingConverter, type ToReporting } from './convert.ts';
import {
  cashBalances,
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
    const cashOn = cashBalances(cash, usd);
    expect(cashOn(d('2024-01-30'))).toBeNull();
    expect(cashOn(d('2024-02-20'))).toBe(1_000_000 + 120_000);
    expect(cashOn(d('2024-03-10'))).toBe(900_000 + 120_000);
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
    expect(employeesOn(headcount)(d('2023-12-31'))).toBeNull();
    expect(employeesOn(headcount)(d('2024-02-10'))).toBe(12);
    expect([...departuresByPeriod(headcount, months('2024-01-01', '2024-02-29'))]).toEqual([1, 2]);
  });
});

// The definitions row by row (every row read for every day): the oracle the lookups equal.
function cashByDefinition(cash: readonly CashRow[], day: Day, toReporting: ToReporting) {
  const latest = new Map<string, CashRow>();
  for (const row of cash) {
    if (row.date > day) continue;
    const seen = latest.get(row.currency);
    if (!seen || seen.date < row.date) latest.set(row.currency, row);
  }
  if (latest.size === 0) return null;
  let sum = 0;
  for (const row of latest.values()) sum += toReporting(row.balance, row.currency, day);
  return sum;
}

function employeesByDefinition(headcount: readonly HeadcountRow[], day: Day) {
  let best: HeadcountRow | null = null;
  for (const row of headcount) if (row.date <= day && (!best || row.date > best.date)) best = row;
  return best ? best.employees : null;
}

describe('the sorted lookups equal the row-by-row definitions', () => {
  const day = fc.integer({ min: d('2024-01-01'), max: d('2024-03-31') });
  const rates = reportingConverter('USD', [
    { date: d('2024-01-01'), currency: 'EUR', rate: 1.1 },
    { date: d('2024-02-10'), currency: 'EUR', rate: 1.3 },
    { date: d('2024-01-01'), currency: 'GBP', rate: 1.27 },
  ]);

  it('cash balances and employees on random days, rows in any order with equal dates', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            date: day,
            balance: fc.integer({ min: -1_000_000, max: 9_000_000 }),
            currency: fc.constantFrom('USD', 'EUR', 'GBP'),
          }),
          { maxLength: 15 },
        ),
        fc.array(
          fc.record({
            date: day,
            employees: fc.integer({ min: 0, max: 90 }),
            hires: fc.constant(null),
            departures: fc.constant(null),
          }),
          { maxLength: 8 },
        ),
        fc.array(day, { minLength: 1, maxLength: 6 }),
        (cash, headcount, days) => {
          const cashOn = cashBalances(cash, rates);
          const employees = employeesOn(headcount);
          for (const on of days) {
            expect(cashOn(on)).toBe(cashByDefinition(cash, on, rates));
            expect(employees(on)).toBe(employeesByDefinition(headcount, on));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
