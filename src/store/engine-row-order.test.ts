import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceLinesInEngineOrder, subscriptionsInEngineOrder } from './engine-row-order.ts';
import type { SubscriptionColumns } from './store.ts';

interface Row {
  customer: number;
  start: number;
  end: number;
  amount: number;
  quantity: number;
  currency: number;
}

/** A few values each, so that rows tie on some columns and differ on others. */
const row = fc.record({
  customer: fc.integer({ min: 0, max: 5 }),
  start: fc.integer({ min: 0, max: 3 }),
  end: fc.integer({ min: 4, max: 5 }),
  amount: fc.constantFrom(900, 1900.5, 4900),
  quantity: fc.integer({ min: 1, max: 2 }),
  currency: fc.integer({ min: 0, max: 1 }),
});

/** Rows grouped by customer (as a store reads them), in the order given within each. */
function columns(rows: readonly Row[]): SubscriptionColumns {
  const grouped = [...rows].sort((a, b) => a.customer - b.customer);
  const ints = (f: (r: Row) => number) => Int32Array.from(grouped, f);
  const floats = (f: (r: Row) => number) => Float64Array.from(grouped, f);
  return {
    length: grouped.length,
    customer: ints((r) => r.customer),
    amount: floats((r) => r.amount),
    currency: ints((r) => r.currency),
    interval: ints(() => 2),
    intervalCount: ints(() => 1),
    quantity: floats((r) => r.quantity),
    discountPercent: floats(() => 0),
    discountDuration: ints(() => 2),
    start: ints((r) => r.start),
    end: ints((r) => r.end),
    trialEnd: ints(() => -1),
    canceledAt: ints(() => -1),
  };
}

const plain = (s: SubscriptionColumns) =>
  Object.fromEntries(
    Object.entries(s).map(([name, column]) => [
      name,
      typeof column === 'number' ? column : [...column],
    ]),
  );

describe('subscriptionsInEngineOrder', () => {
  it('orders each customer’s rows by their values alone, whatever order they came in', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.nat(), (rows, seed) => {
        const shuffled = [...rows].sort(
          (a, b) => ((rows.indexOf(a) * 7919 + seed) % 97) - ((rows.indexOf(b) * 7919 + seed) % 97),
        );
        const ordered = subscriptionsInEngineOrder(columns(rows));
        expect(plain(subscriptionsInEngineOrder(columns(shuffled)))).toEqual(plain(ordered));
        for (let i = 1; i < ordered.length; i++) {
          expect(ordered.customer[i]!).toBeGreaterThanOrEqual(ordered.customer[i - 1]!);
          if (ordered.customer[i] !== ordered.customer[i - 1]) continue;
          const key = (k: number) => [
            ordered.start[k]!,
            ordered.end[k]!,
            ordered.amount[k]!,
            ordered.currency[k]!,
            ordered.quantity[k]!,
          ];
          const [a, b] = [key(i - 1), key(i)];
          const first = a.findIndex((v, j) => v !== b[j]);
          if (first >= 0) expect(a[first]!).toBeLessThan(b[first]!);
        }
      }),
    );
  });

  it('gives back the same columns when every customer’s rows are in order', () => {
    const sorted = subscriptionsInEngineOrder(
      columns([
        { customer: 0, start: 1, end: 4, amount: 900, quantity: 1, currency: 0 },
        { customer: 0, start: 2, end: 4, amount: 900, quantity: 1, currency: 0 },
        { customer: 1, start: 0, end: 4, amount: 900, quantity: 1, currency: 0 },
      ]),
    );
    expect(subscriptionsInEngineOrder(sorted)).toBe(sorted);
  });

  it('sorts a customer with many rows', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      customer: 0,
      start: (i * 37) % 50,
      end: 60,
      amount: 900,
      quantity: 1,
      currency: 0,
    }));
    expect([...subscriptionsInEngineOrder(columns(rows)).start]).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});

describe('invoiceLinesInEngineOrder', () => {
  it('orders each customer’s lines by period, then amount', () => {
    const lines = invoiceLinesInEngineOrder({
      length: 4,
      customer: Int32Array.from([0, 0, 0, 1]),
      netAmount: Float64Array.from([500, 300, 100, 7]),
      currency: Int32Array.from([0, 0, 0, 0]),
      isUsage: Int32Array.from([0, 0, 0, 0]),
      periodStart: Int32Array.from([20, 10, 20, 5]),
      periodEnd: Int32Array.from([30, 20, 30, 9]),
    });
    expect([...lines.netAmount]).toEqual([300, 100, 500, 7]);
    expect([...lines.periodStart]).toEqual([10, 20, 20, 5]);
  });
});
