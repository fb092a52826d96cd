import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contribution, decompose, RESIDUAL_SEGMENT, type SegmentTotals } from './decompose.ts';
import { MOVEMENT_KINDS, type CustomerMovement } from '../metrics/query.ts';

const m = (
  customerId: string,
  type: CustomerMovement['type'],
  amount: number,
): CustomerMovement => ({
  customerId,
  date: '2024-03-10',
  type,
  amount,
});

const profiles = new Map([
  ['a', { plan: 'pro', country: 'FR' }],
  ['b', { plan: 'basic', country: 'DE' }],
  ['c', { plan: 'pro', country: 'DE' }],
]);

/** Each dimension's totals as a breakdown of these customers would give them. */
function totalsOf(
  metric: Parameters<typeof contribution>[0],
  movements: readonly CustomerMovement[],
  dimensions: readonly ('plan' | 'country' | 'channel' | 'segment')[],
): SegmentTotals[] {
  return dimensions.map((dimension) => {
    const totals = new Map<string, number>();
    for (const mv of movements) {
      const value =
        (profiles.get(mv.customerId) as Record<string, string> | undefined)?.[dimension] ??
        '(none)';
      totals.set(value, (totals.get(value) ?? 0) + contribution(metric, mv));
    }
    return { dimension, totals };
  });
}

describe('decompose', () => {
  it('splits an MRR change by type, segment and customer (known answer)', () => {
    const movements = [
      m('a', 'new', 5_000),
      m('b', 'churn', 2_000),
      m('c', 'expansion', 1_000),
      m('a', 'expansion', 400),
    ];
    const d = decompose({
      metric: 'mrr',
      startValue: 100_000,
      endValue: 104_500,
      movements,
      segments: totalsOf('mrr', movements, ['plan', 'country', 'channel']),
    });
    expect(d.change).toBe(4_500);
    expect(d.changeRate).toBeCloseTo(0.045);
    expect(Object.fromEntries(d.byType.map((t) => [t.type, t.amount]))).toEqual({
      new: 5_000,
      expansion: 1_400,
      reactivation: 0,
      contraction: 0,
      churn: -2_000,
      fx: 100,
    });
    expect(d.gained).toBe(6_400);
    expect(d.lost).toBe(-2_000);
    expect(d.bySegment[0]).toEqual({
      dimension: 'plan',
      rows: [
        { value: 'pro', amount: 6_400 },
        { value: 'basic', amount: -2_000 },
        { value: RESIDUAL_SEGMENT, amount: 100 },
      ],
    });
    expect(d.bySegment[2]!.rows[0]).toEqual({ value: '(none)', amount: 4_400 });
    expect(d.topCustomers.map((c) => [c.customerId, c.amount])).toEqual([
      ['a', 5_400],
      ['b', -2_000],
      ['c', 1_000],
    ]);
  });

  it('counts customers: new and reactivated +1, churned −1', () => {
    const movements = [
      m('a', 'new', 5),
      m('b', 'churn', 2),
      m('c', 'reactivation', 3),
      m('a', 'expansion', 1),
    ];
    const d = decompose({
      metric: 'customers',
      startValue: 10,
      endValue: 11,
      movements,
      segments: totalsOf('customers', movements, ['plan']),
    });
    expect(d.byType.find((t) => t.type === 'other')!.amount).toBe(0);
    expect(d.change).toBe(1);
  });

  const movement = fc.record({
    customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    date: fc.constant('2024-01-15'),
    type: fc.constantFrom(...MOVEMENT_KINDS),
    amount: fc.integer({ min: 1, max: 10_000_000 }),
  });

  it('adds up exactly, in integer minor units, for every breakdown (property)', () => {
    fc.assert(
      fc.property(
        fc.array(movement, { maxLength: 60 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom('mrr' as const, 'arr' as const, 'customers' as const),
        (movements, start, endOffset, metric) => {
          const d = decompose({
            metric,
            startValue: start,
            endValue: start + endOffset,
            movements,
            segments: totalsOf(metric, movements, ['plan', 'country', 'segment']),
          });
          const sum = (xs: readonly { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
          expect(Number.isInteger(d.change)).toBe(true);
          expect(sum(d.byType)).toBe(d.change);
          for (const s of d.bySegment) expect(sum(s.rows)).toBe(d.change);
          expect(d.gained + d.lost + d.byType[d.byType.length - 1]!.amount).toBe(d.change);
          for (const t of d.byType) expect(Number.isInteger(t.amount)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
