import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromParts, parseIsoDay } from '../model/day.ts';
import type { FxRateRow, SubscriptionRow } from '../model/kinds.ts';
import { INTERVALS } from '../model/period.ts';
import { DEFAULT_SETTINGS, DEFINITION_PROFILES, PROFILE_DEFINITIONS } from '../model/workspace.ts';
import { SUBSCRIPTION_INTERVALS } from '../model/kinds.ts';
import { computeMrr, MOVEMENT_TYPES, type MrrFacts } from './mrr.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';

const FIRST = parseIsoDay('2023-01-01')!;
const LAST = parseIsoDay('2024-12-31')!;

const subscriptionArb = (aligned: boolean) =>
  fc
    .record({
      customer: fc.integer({ min: 0, max: 7 }),
      amount: fc.integer({ min: 0, max: 500_000 }),
      eur: aligned ? fc.constant(false) : fc.boolean(),
      interval: aligned
        ? fc.constant('month' as const)
        : fc.constantFrom(...SUBSCRIPTION_INTERVALS),
      intervalCount: aligned ? fc.constant(1) : fc.integer({ min: 1, max: 3 }),
      quantity: fc.integer({ min: 1, max: 20 }),
      discount: aligned ? fc.constant(0) : fc.constantFrom(0, 0, 10, 33.3, 100),
      startMonth: fc.integer({ min: 0, max: 23 }),
      startDay: aligned ? fc.constant(1) : fc.integer({ min: 1, max: 28 }),
      lengthMonths: fc.option(fc.integer({ min: 1, max: 18 }), { nil: null }),
      trialDays: aligned ? fc.constant(0) : fc.constantFrom(0, 0, 14, 30),
      cancelAfterDays: aligned
        ? fc.constant(null)
        : fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    })
    .map((r): SubscriptionRow => {
      const start = dayFromParts(
        2023 + Math.floor(r.startMonth / 12),
        (r.startMonth % 12) + 1,
        r.startDay,
      );
      const end =
        r.lengthMonths === null
          ? null
          : dayFromParts(
              2023 + Math.floor((r.startMonth + r.lengthMonths) / 12),
              ((r.startMonth + r.lengthMonths) % 12) + 1,
              r.startDay,
            );
      return {
        subscription_id: '',
        customer_id: `c${r.customer}`,
        amount: r.amount,
        currency: r.eur ? 'EUR' : 'USD',
        interval: r.interval,
        interval_count: r.intervalCount,
        start_date: start,
        plan: null,
        quantity: r.quantity,
        discount_percent: r.discount,
        end_date: end,
        trial_end: r.trialDays ? start + r.trialDays : null,
        canceled_at: r.cancelAfterDays === null ? null : start + r.cancelAfterDays,
        discount_duration: 'forever',
      };
    });

const historyArb = (aligned: boolean) =>
  fc
    .array(subscriptionArb(aligned), { minLength: 1, maxLength: 25 })
    .map((subs) => subs.map((s, i) => ({ ...s, subscription_id: `s${i}` })));

const fxArb = fc
  .array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 30, maxLength: 30 })
  .map((rates): FxRateRow[] =>
    rates.map((rate, i) => ({
      date: FIRST + i * 25,
      currency: 'EUR',
      rate: Math.round(rate * 1e6) / 1e6,
    })),
  );

function check(mrr: MrrFacts): void {
  const f = mrr.facts;
  mrr.periods.forEach((_, k) => {
    const netNew =
      f.movementMrr[0]![k]! +
      f.movementMrr[4]![k]! +
      f.movementMrr[1]![k]! -
      f.movementMrr[2]![k]! -
      f.movementMrr[3]![k]!;
    expect(f.mrrEnd[k]! - f.mrrStart[k]!).toBe(netNew + f.fxImpact[k]!);
    if (k > 0) expect(f.mrrStart[k]).toBe(f.mrrEnd[k - 1]);
  });
}

describe('MRR movement identity (property)', () => {
  it('mrr(end) - mrr(start) = net new MRR + fx impact, for every period and interval, in both modes', () => {
    fc.assert(
      fc.property(
        historyArb(false),
        fxArb,
        fc.constantFrom(...INTERVALS),
        fc.constantFrom('event' as const, 'snapshot' as const),
        fc.boolean(),
        (subs, fx, interval, mode, immediate) => {
          const mrr = computeMrr(mrrInputsFromRows(subs, [], fx), {
            interval,
            mode,
            firstDay: FIRST,
            lastDay: LAST,
            settings: { ...DEFAULT_SETTINGS, churnTiming: immediate ? 'immediate' : 'period_end' },
          });
          check(mrr);
          // Whole minor units everywhere: the identity is exact, not approximate.
          expect(mrr.facts.mrrEnd.every(Number.isInteger)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the identity holds under every definition profile (free customers, join and leave, reactivation window)', () => {
    fc.assert(
      fc.property(
        historyArb(false),
        fxArb,
        fc.constantFrom(...INTERVALS),
        fc.constantFrom(...DEFINITION_PROFILES),
        (subs, fx, interval, profile) => {
          const mrr = computeMrr(mrrInputsFromRows(subs, [], fx), {
            interval,
            mode: 'event',
            firstDay: FIRST,
            lastDay: LAST,
            settings: { ...DEFAULT_SETTINGS, ...PROFILE_DEFINITIONS[profile], profile },
          });
          check(mrr);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('event and snapshot modes agree on month-aligned data', () => {
    fc.assert(
      fc.property(historyArb(true), (subs) => {
        const options = {
          interval: 'month' as const,
          firstDay: FIRST,
          lastDay: LAST,
          settings: DEFAULT_SETTINGS,
        };
        const event = computeMrr(mrrInputsFromRows(subs), { ...options, mode: 'event' });
        const snapshot = computeMrr(mrrInputsFromRows(subs), { ...options, mode: 'snapshot' });
        MOVEMENT_TYPES.forEach((_, type) => {
          expect(Array.from(snapshot.facts.movementMrr[type]!)).toEqual(
            Array.from(event.facts.movementMrr[type]!),
          );
          expect(Array.from(snapshot.facts.movementCustomers[type]!)).toEqual(
            Array.from(event.facts.movementCustomers[type]!),
          );
        });
        expect(Array.from(snapshot.facts.mrrEnd)).toEqual(Array.from(event.facts.mrrEnd));
      }),
      { numRuns: 200 },
    );
  });
});

describe('multi-currency', () => {
  it('reports what exchange rates alone do as fx_impact_mrr, never as a movement', () => {
    const eur: SubscriptionRow = {
      subscription_id: 's1',
      customer_id: 'c1',
      amount: 10000,
      currency: 'EUR',
      interval: 'month',
      interval_count: 1,
      start_date: parseIsoDay('2024-01-01')!,
      plan: null,
      quantity: 1,
      discount_percent: 0,
      end_date: null,
      trial_end: null,
      canceled_at: null,
      discount_duration: 'forever',
    };
    const fx: FxRateRow[] = [
      { date: parseIsoDay('2023-12-01')!, currency: 'EUR', rate: 1.1 },
      { date: parseIsoDay('2024-02-10')!, currency: 'EUR', rate: 1.2 },
    ];
    const mrr = computeMrr(mrrInputsFromRows([eur], [], fx), {
      interval: 'month',
      mode: 'event',
      firstDay: parseIsoDay('2024-01-01')!,
      lastDay: parseIsoDay('2024-03-31')!,
      settings: DEFAULT_SETTINGS,
    });
    expect(Array.from(mrr.facts.mrrEnd)).toEqual([11000, 12000, 12000]);
    expect(Array.from(mrr.facts.movementMrr[0]!)).toEqual([11000, 0, 0]);
    expect(Array.from(mrr.facts.fxImpact)).toEqual([0, 1000, 0]);
  });

  it('names the currency and day when no rate exists', () => {
    const gbp: SubscriptionRow = {
      subscription_id: 's1',
      customer_id: 'c1',
      amount: 10000,
      currency: 'GBP',
      interval: 'month',
      interval_count: 1,
      start_date: parseIsoDay('2024-01-01')!,
      plan: null,
      quantity: 1,
      discount_percent: 0,
      end_date: null,
      trial_end: null,
      canceled_at: null,
      discount_duration: 'forever',
    };
    expect(() =>
      computeMrr(mrrInputsFromRows([gbp]), {
        interval: 'month',
        mode: 'event',
        lastDay: parseIsoDay('2024-03-31')!,
        settings: DEFAULT_SETTINGS,
      }),
    ).toThrow(/no exchange rate for GBP \(to USD\)/);
  });

  it('converts zero- and three-decimal currencies through their minor units', () => {
    const row = (currency: string, amount: number): SubscriptionRow => ({
      subscription_id: currency,
      customer_id: currency,
      amount,
      currency,
      interval: 'month',
      interval_count: 1,
      start_date: parseIsoDay('2024-01-01')!,
      plan: null,
      quantity: 1,
      discount_percent: 0,
      end_date: null,
      trial_end: null,
      canceled_at: null,
      discount_duration: 'forever',
    });
    const fx: FxRateRow[] = [
      { date: parseIsoDay('2024-01-01')!, currency: 'JPY', rate: 0.0067 },
      { date: parseIsoDay('2024-01-01')!, currency: 'KWD', rate: 3.25 },
    ];
    // ¥15,000 → $100.50; KWD 10.000 (10000 fils) → $32.50
    const mrr = computeMrr(mrrInputsFromRows([row('JPY', 15000), row('KWD', 10000)], [], fx), {
      interval: 'month',
      mode: 'event',
      lastDay: parseIsoDay('2024-01-31')!,
      settings: DEFAULT_SETTINGS,
    });
    expect(mrr.facts.mrrEnd[0]).toBe(10050 + 3250);
  });
});
