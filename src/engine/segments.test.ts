import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeLookup,
  NONE,
  parseSegmentFilter,
  PlanHistory,
  segmentRows,
  segmentValues,
} from './segments.ts';
import {
  customer,
  d,
  invoice,
  subscription,
  utcDay,
} from '../../test/fixtures/engine/test-rows.ts';

describe('segments', () => {
  const customers = [
    customer('a', { country: 'FR', channel: 'ads', attributes: { industry: 'retail' } }),
    customer('b', { country: 'DE', channel: 'partner' }),
  ];
  const subscriptions = [
    subscription('a', 1_000, '2024-01-01', { plan: 'Basic', end_date: d('2024-03-01') }),
    subscription('a', 3_000, '2024-03-01', { plan: 'Pro' }),
    subscription('b', 3_000, '2024-01-01', { plan: 'Pro' }),
  ];

  it('parses attribute=value filters, with | for either value', () => {
    expect(parseSegmentFilter('plan=Pro|Team')).toEqual({
      attribute: 'plan',
      values: ['Pro', 'Team'],
    });
    expect(() => parseSegmentFilter('plan')).toThrow(/attribute=value/);
  });

  it('takes the plan from the subscription row in force on the day', () => {
    const plans = new PlanHistory(subscriptions);
    expect(plans.planOn('a', d('2024-02-15'))).toBe('Basic');
    expect(plans.planOn('a', d('2024-03-01'))).toBe('Pro');
    expect(plans.planOn('a', d('2023-06-01'))).toBe('Basic');
  });

  it('selects rows by static attributes and by the plan at the time', () => {
    const rows = {
      customers,
      subscriptions,
      invoices: [
        invoice({ invoice_id: '1', customer_id: 'a', issued_at: d('2024-02-01') }),
        invoice({ invoice_id: '2', customer_id: 'a', issued_at: d('2024-03-01') }),
        invoice({ invoice_id: '3', customer_id: 'b', issued_at: d('2024-03-01') }),
      ],
      costs: [
        {
          date: d('2024-01-01'),
          category: 'marketing' as const,
          amount: 100,
          currency: 'USD',
          channel: 'ads',
        },
        {
          date: d('2024-01-01'),
          category: 'marketing' as const,
          amount: 100,
          currency: 'USD',
          channel: '',
        },
      ],
      cash: [{ date: d('2024-01-01'), balance: 1, currency: 'USD' }],
    };
    const pro = segmentRows(rows, [parseSegmentFilter('plan=Pro')], utcDay);
    expect(pro.subscriptions!.map((s) => `${s.customer_id}:${s.plan}`)).toEqual(['a:Pro', 'b:Pro']);
    expect(pro.invoices!.map((i) => i.invoice_id)).toEqual(['2', '3']);
    expect(pro.costs).toBeUndefined();
    expect(pro.cash).toBeUndefined();

    const ads = segmentRows(rows, [parseSegmentFilter('channel=ads')], utcDay);
    expect(ads.costs!.length).toBe(1);
    expect(ads.customers!.map((c) => c.customer_id)).toEqual(['a']);

    const combined = segmentRows(
      rows,
      [parseSegmentFilter('country=FR'), parseSegmentFilter('plan=Pro')],
      utcDay,
    );
    expect(combined.invoices!.map((i) => i.invoice_id)).toEqual(['2']);
    const custom = segmentRows(rows, [parseSegmentFilter('industry=retail')], utcDay);
    expect(custom.subscriptions!.length).toBe(2);
  });

  it('lists the values of an attribute for one series each', () => {
    expect(segmentValues({ customers, subscriptions }, 'plan')).toEqual(['Basic', 'Pro']);
    expect(segmentValues({ customers }, 'industry')).toEqual([NONE, 'retail']);
  });

  it("the plan on a day is the largest line's in force, after discount", () => {
    const plans = new PlanHistory([
      subscription('c', 4_900, '2024-01-01', { plan: 'Team', quantity: 2 }),
      subscription('c', 45_000, '2024-02-01', { plan: 'Add-on', interval: 'year' }),
      subscription('c', 30_000, '2024-03-01', { plan: 'Pro', discount_percent: 90 }),
    ]);
    expect(plans.planOn('c', d('2024-01-15'))).toBe('Team'); // 98.00 a month
    expect(plans.planOn('c', d('2024-03-15'))).toBe('Team'); // vs 37.50 and 30.00
    expect(plans.lineOn('c', d('2023-12-01'))?.plan).toBe('Team'); // before any: the first
  });

  it('usage lines count in their own plan, or in the usage series without one', () => {
    const usage = (id: string, plan: string | null) =>
      invoice({
        invoice_id: id,
        customer_id: 'a',
        type: 'usage',
        plan,
        period_start: d('2024-03-01'),
        period_end: d('2024-04-01'),
      });
    const rows = { customers, subscriptions, invoices: [usage('u1', 'API'), usage('u2', null)] };
    expect(segmentValues(rows, 'plan')).toEqual(['API', 'Basic', 'Pro', 'usage']);
    const of = (plan: string) =>
      segmentRows(rows, [{ attribute: 'plan', values: [plan] }], utcDay).invoices?.map(
        (i) => i.invoice_id,
      );
    expect(of('API')).toEqual(['u1']);
    expect(of('usage')).toEqual(['u2']);
    expect(of('Pro')).toEqual([]);
  });
});

describe('attributeLookup', () => {
  it('answers as an index of every id would, whatever order customers are asked in', () => {
    const ids = fc.uniqueArray(fc.stringMatching(/^c[0-9]{1,3}$/), { maxLength: 60 });
    fc.assert(
      fc.property(
        ids,
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.boolean(),
        fc.boolean(),
        (list, picks, walk, reversed) => {
          // In JavaScript's order, or not (a database orders some non-ASCII ids otherwise).
          const sorted = reversed ? [...list].sort().reverse() : [...list].sort();
          const values = sorted.map((id, i) => (i % 3 === 0 ? null : `v${id}`));
          const lookup = attributeLookup({
            attributes: ['country'],
            customerIds: sorted,
            values: [values],
          });
          const expected = new Map(sorted.map((id, i) => [id, values[i]!]));
          // Some ids the table does not have; a walk asks in id order, skipping some (as ranges do).
          const pool = [...sorted, 'c-absent', 'zz'];
          const asked = walk
            ? pool.filter((_, i) => (picks[i] ?? 0) % 4 !== 0)
            : picks.map((p) => pool[p % pool.length]!);
          for (const id of asked) expect(lookup(id, 'country')).toBe(expected.get(id) ?? null);
        },
      ),
    );
  });

  it('refuses an attribute it was not given', () => {
    const lookup = attributeLookup({
      attributes: ['country'],
      customerIds: ['a'],
      values: [['FR']],
    });
    expect(() => lookup('a', 'channel')).toThrow(/channel was not read/);
  });
});
