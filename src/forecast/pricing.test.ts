import { describe, expect, it } from 'vitest';
import {
  aliveIn,
  comparePricing,
  parsePricingSpec,
  parseTiers,
  PricingError,
  tierFor,
  type PricingCustomer,
  type PricingModel,
} from './pricing.ts';

/**
 * Two customers, every figure worked out by hand:
 * A pays 100 a month, billed monthly, 3 seats, 1,000 units a month;
 * B pays 50 a month billed yearly (600) with the next renewal in month 4, 10 seats, 5,000 units.
 */
const base: PricingCustomer[] = [
  { id: 'A', mrr: 100, plan: 'basic', seats: 3, usage: 1_000, billingMonths: 1, nextBill: 1 },
  { id: 'B', mrr: 50, plan: 'pro', seats: 10, usage: 5_000, billingMonths: 12, nextBill: 4 },
];
const options = { asOf: '2024-06', currency: 'USD', horizon: 12 };

const tiers = [
  { name: 'Starter', upTo: 5, price: 40 },
  { name: 'Team', upTo: 20, price: 90 },
  { name: 'Enterprise', upTo: null, price: 300 },
];

function run(model: PricingModel, churnRate = 0, horizon = 12) {
  const c = comparePricing(base, [model], { ...options, horizon, churnRate });
  return { current: c.models[0]!, model: c.models[1]!, comparison: c };
}

describe('pricing-model comparison (known answers)', () => {
  it('current: MRR 150; cash 100 a month from A and B’s 600 renewal in month 4', () => {
    const { current } = run({ type: 'monthly' });
    expect(current.name).toBe('current');
    expect(current.months[0]).toMatchObject({ period: '2024-07', mrr: 150, cash: 100 });
    expect(current.months[3]!.cash).toBe(700);
    expect(current.totals).toMatchObject({
      mrr_first: 150,
      mrr_end: 150,
      revenue: 1_800,
      cash: 1_800,
      cash_first_month: 100,
      cash_first_quarter: 300,
    });
  });

  it('monthly: 150 every month; +10% → 165', () => {
    const { model } = run({ type: 'monthly' });
    expect(model.months.every((m) => m.cash === 150 && m.mrr === 150)).toBe(true);
    expect(model.totals.cash_first_quarter).toBe(450);
    expect(run({ type: 'monthly', priceChange: 0.1 }).model.totals.mrr_first).toBeCloseTo(165, 9);
  });

  it('annual upfront at 15% off: 1,020 + 510 = 1,530 in month 1, MRR 127.50', () => {
    const { model } = run({ type: 'annual', discount: 0.15 });
    expect(model.months[0]!.cash).toBeCloseTo(1_530, 9);
    expect(model.months.slice(1).every((m) => m.cash === 0)).toBe(true);
    expect(model.totals.mrr_first).toBeCloseTo(127.5, 9);
    expect(model.totals.revenue).toBeCloseTo(1_530, 9);
    expect(model.versus_current.revenue).toBeCloseTo(-270, 9);
    expect(model.versus_current.cash).toBeCloseTo(-270, 9);
    expect(model.totals.cash_first_month - 100).toBeCloseTo(1_430, 9);
  });

  it('usage at 0.02 a unit: 20 + 100 = 120 MRR, billed in arrears (nothing in month 1)', () => {
    const { model } = run({ type: 'usage', unitPrice: 0.02 });
    expect(model.totals.mrr_first).toBeCloseTo(120, 9);
    expect(model.months[0]!.cash).toBe(0);
    expect(model.months[1]!.cash).toBeCloseTo(120, 9);
    expect(model.totals.revenue).toBeCloseTo(1_440, 9);
    expect(model.totals.cash).toBeCloseTo(1_320, 9);
    // 2,000 units free and a 30 minimum: A pays the minimum, B pays 3,000 × 0.02 = 60.
    const withFree = run({ type: 'usage', unitPrice: 0.02, includedUnits: 2_000, minimum: 30 });
    expect(withFree.model.totals.mrr_first).toBeCloseTo(90, 9);
  });

  it('packages by seats: A (3 seats) Starter 40, B (10 seats) Team 90 → MRR 130', () => {
    const { model } = run({ type: 'packages', by: 'seats', tiers });
    expect(model.totals.mrr_first).toBe(130);
    expect(model.tiers).toEqual({ Starter: 1, Team: 1 });
    expect(model.totals.cash).toBe(1_560);
  });

  it('packages by usage with overage: 1,000 → Small 30; 5,000 → Large 80 + 2,000 × 0.01 = 100', () => {
    const usageTiers = [
      { name: 'Small', upTo: 1_000, price: 30 },
      { name: 'Large', upTo: 3_000, price: 80 },
    ];
    const { model } = run({ type: 'packages', by: 'usage', tiers: usageTiers, overage: 0.01 });
    expect(model.totals.mrr_first).toBeCloseTo(130, 9);
    expect(tierFor(usageTiers, 3_000).tier.name).toBe('Large');
  });

  it('churn 10% a month: monthly billing decays monthly, annual at renewal', () => {
    const monthly = run({ type: 'monthly' }, 0.1, 13).model;
    expect(monthly.months[0]!.cash).toBeCloseTo(150, 9);
    expect(monthly.months[2]!.cash).toBeCloseTo(150 * 0.81, 9);
    expect(monthly.months[2]!.customers).toBeCloseTo(2 * 0.81, 9);
    const annual = run({ type: 'annual', discount: 0.15 }, 0.1, 13).model;
    expect(annual.months[11]!.mrr).toBeCloseTo(127.5, 9);
    expect(annual.months[12]!.cash).toBeCloseTo(1_530 * 0.9 ** 12, 9);
    expect(annual.months[12]!.mrr).toBeCloseTo(127.5 * 0.9 ** 12, 9);
    // Current: B's prepaid year holds until its renewal in month 4 (600 × 0.9³).
    const current = run({ type: 'monthly' }, 0.1, 13).current;
    expect(current.months[2]!.mrr).toBeCloseTo(100 * 0.81 + 50, 9);
    expect(current.months[3]!.cash).toBeCloseTo(100 * 0.729 + 600 * 0.729, 9);
  });

  it('alive share follows the billing terms', () => {
    expect(aliveIn(3, { every: 12, firstBill: 4 }, 0.5)).toBe(1);
    expect(aliveIn(4, { every: 12, firstBill: 4 }, 0.5)).toBe(0.125);
    expect(aliveIn(15, { every: 12, firstBill: 4 }, 0.5)).toBe(0.125);
    expect(aliveIn(16, { every: 12, firstBill: 4 }, 0.5)).toBe(0.5 ** 15);
  });
});

describe('pricing inputs', () => {
  it('reads a spec file and tiers', () => {
    const spec = parsePricingSpec(
      JSON.stringify({
        horizon: 24,
        churn: 0.02,
        event: 'api_call',
        models: [
          { type: 'annual', discount: 0.15 },
          { type: 'usage', unitPrice: 0.002, name: 'metered' },
          { type: 'packages', by: 'seats', tiers: [{ name: 'All', upTo: null, price: 99 }] },
        ],
      }),
      'spec.json',
    );
    expect(spec.horizon).toBe(24);
    expect(spec.models.map((m) => m.name ?? m.type)).toEqual(['annual', 'metered', 'packages']);
    expect(() =>
      parsePricingSpec('{"models":[{"type":"annual","discount":1.5}]}', 's.json'),
    ).toThrow(/s.json: models\[0\]: annual: discount/);
    expect(() => parsePricingSpec('{"models":[{"type":"barter"}]}', 's.json')).toThrow(
      PricingError,
    );
    expect(parseTiers('Starter:5:49,Team:20:199,Business::499')).toEqual([
      { name: 'Starter', upTo: 5, price: 49 },
      { name: 'Team', upTo: 20, price: 199 },
      { name: 'Business', upTo: null, price: 499 },
    ]);
    expect(() => parseTiers('Team:twenty:199')).toThrow(/limit/);
  });
});
