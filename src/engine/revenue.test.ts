import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Day } from '../model/day.ts';
import { SUBSCRIPTION_INTERVALS, type SubscriptionRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { INTERVAL_CODES, NO_DAY, OPEN_END } from '../store/store.ts';
import { reportingConverter } from './convert.ts';
import { measureDays } from './engagement.ts';
import { billingBoundary, paidWindow } from './normalize.ts';
import { PeriodIndex } from './period-index.ts';
import { periodsBetween } from '../model/period.ts';
import { invoicedRevenue, renewals as renewalsOfColumns, seats } from './revenue.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';
import { d, invoice, months, subscription } from '../../test/fixtures/engine/test-rows.ts';

type ChurnTiming = Pick<WorkspaceSettings, 'churnTiming'>;

const renewals = (
  rows: readonly SubscriptionRow[],
  periods: PeriodIndex,
  settings: ChurnTiming,
  lastDay: Day,
) => renewalsOfColumns(mrrInputsFromRows(rows).subscriptions, periods, settings, lastDay);

/** Seats per customer on one day, from the columnar pass. */
function seatsOn(rows: readonly SubscriptionRow[], day: Day, settings: ChurnTiming) {
  const table = mrrInputsFromRows(rows);
  const perCustomer = new Map<string, number>();
  for (const id of table.customerIds) {
    const own = rows.filter((r) => r.customer_id === id);
    const { total, seated } = seats(mrrInputsFromRows(own), Int32Array.of(day), settings, true);
    if (seated![0]![0] === 1) perCustomer.set(id, total[0]!);
  }
  return perCustomer;
}

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

// The definitions row by row, as written before the columnar pass: the oracle it must equal.
function paidWindowOf(row: SubscriptionRow, settings: ChurnTiming) {
  return paidWindow(
    {
      start: row.start_date,
      end: row.end_date ?? OPEN_END,
      trialEnd: row.trial_end ?? NO_DAY,
      canceledAt: row.canceled_at ?? NO_DAY,
      intervalCode: INTERVAL_CODES[row.interval],
      intervalCount: row.interval_count,
    },
    settings.churnTiming,
  );
}

function seatsByDefinition(rows: readonly SubscriptionRow[], day: Day, settings: ChurnTiming) {
  const perCustomer = new Map<string, number>();
  for (const row of rows) {
    if (row.amount === 0) continue;
    const w = paidWindowOf(row, settings);
    if (w.from <= day && day < w.to)
      perCustomer.set(row.customer_id, (perCustomer.get(row.customer_id) ?? 0) + row.quantity);
  }
  return perCustomer;
}

function renewalsByDefinition(
  rows: readonly SubscriptionRow[],
  periods: PeriodIndex,
  settings: ChurnTiming,
  lastDay: Day,
) {
  const due = new Array<number>(periods.length).fill(0);
  const renewed = new Array<number>(periods.length).fill(0);
  const firstDay = periods.periods[0]!.start;
  const lines = rows
    .map((row) => ({ row, window: paidWindowOf(row, settings) }))
    .filter((l) => l.window.to > l.window.from);
  for (const { row, window } of lines) {
    const last = Math.min(window.to, lastDay);
    for (let n = 1; ; n++) {
      const boundary = billingBoundary(
        row.start_date,
        INTERVAL_CODES[row.interval],
        row.interval_count,
        n,
      );
      if (boundary > last) break;
      if (boundary <= window.from || boundary < firstDay) continue;
      const k = periods.of(boundary);
      if (k < 0) continue;
      due[k]! += 1;
      const continues =
        boundary < window.to ||
        lines.some(
          (o) =>
            o.row !== row &&
            o.row.customer_id === row.customer_id &&
            o.window.from <= boundary &&
            boundary < o.window.to,
        );
      if (continues) renewed[k]! += 1;
    }
  }
  return { due, renewed };
}

const rowArb = fc
  .record({
    customer: fc.constantFrom('a', 'b', 'c', 'd'),
    amount: fc.constantFrom(0, 1_000, 25_000),
    interval: fc.constantFrom(...SUBSCRIPTION_INTERVALS),
    intervalCount: fc.integer({ min: 1, max: 3 }),
    quantity: fc.integer({ min: 0, max: 9 }),
    start: fc.integer({ min: 0, max: 900 }),
    length: fc.option(fc.integer({ min: 0, max: 700 }), { nil: null }),
    trial: fc.constantFrom(0, 0, 14, 45),
    cancelAfter: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  })
  .map(({ start, length, trial, cancelAfter, ...r }) => {
    const first = d('2023-01-01') + start;
    return subscription(r.customer, r.amount, '2023-01-01', {
      interval: r.interval,
      interval_count: r.intervalCount,
      quantity: r.quantity,
      start_date: first,
      end_date: length === null ? null : first + length,
      trial_end: trial === 0 ? null : first + trial,
      canceled_at: cancelAfter === null ? null : first + cancelAfter,
    });
  });

describe('the columnar pass equals the row-by-row definitions', () => {
  // Calendar months (where a boundary's period is its month's) and other periods.
  const periodChoices = [
    months('2023-06-01', '2025-12-31'),
    new PeriodIndex(periodsBetween(d('2023-06-01'), d('2025-12-31'), 'quarter')),
    new PeriodIndex(periodsBetween(d('2023-06-01'), d('2025-12-31'), 'week')),
  ];
  it('seats and renewals of random subscriptions, every churn timing, by month, quarter and week', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...periodChoices),
        fc.array(rowArb, { maxLength: 12 }),
        fc.constantFrom('period_end' as const, 'immediate' as const),
        // History that ends inside the periods, or after the last of them.
        fc.constantFrom(d('2025-10-20'), d('2026-03-01')),
        (periods, rows, churnTiming, lastDay) => {
          const measure = measureDays(periods.periods, lastDay);
          const settings = { churnTiming };
          const expected = renewalsByDefinition(rows, periods, settings, lastDay);
          const actual = renewals(rows, periods, settings, lastDay);
          expect([...actual.due]).toEqual(expected.due);
          expect([...actual.renewed]).toEqual(expected.renewed);
          const table = mrrInputsFromRows(rows);
          const { total, seated } = seats(table, measure, settings, true);
          measure.forEach((day, k) => {
            const byCustomer = seatsByDefinition(rows, day, settings);
            expect(total[k]).toBe([...byCustomer.values()].reduce((a, b) => a + b, 0));
            const inForce = table.customerIds.filter((_, c) => seated![k]![c] === 1);
            expect(inForce).toEqual([...byCustomer.keys()].sort());
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
