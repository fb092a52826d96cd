import { describe, expect, it } from 'vitest';
import {
  applyChange,
  assumptionsOf,
  compareScenario,
  parseChange,
  parsePercent,
  parsePlanPrices,
  project,
  ScenarioError,
  type ScenarioBaseline,
} from './scenario.ts';

/** Every figure below is worked out by hand from this base. */
const base: ScenarioBaseline = {
  asOf: '2024-06',
  currency: 'USD',
  window: 3,
  mrr: 10_000,
  customers: 100,
  newMrr: 500,
  newCustomers: 10,
  expansionRate: 0,
  contractionRate: 0,
  churnRate: 0.02,
  customerChurnRate: 0.03,
  costs: 15_000,
  cash: 100_000,
  otherCashFlow: 0,
};

const mrrs = (changes: Parameters<typeof compareScenario>[1], b = base, horizon = 2) =>
  compareScenario(b, changes, horizon).scenario.months.map((m) => m.mrr);

describe('scenario projection (known answers)', () => {
  it('baseline: MRR 10,000, churn 2%, new 500 → 10,300 then 10,594', () => {
    const { months } = project(assumptionsOf(base), base.asOf, 2);
    expect(months.map((m) => m.period)).toEqual(['2024-07', '2024-08']);
    expect(months[0]!.mrr).toBeCloseTo(10_300, 9);
    expect(months[0]!.arr).toBeCloseTo(123_600, 9);
    expect(months[0]!.churned_mrr).toBeCloseTo(200, 9);
    expect(months[1]!.mrr).toBeCloseTo(10_594, 9);
  });

  it('customers: 100 × (1 − 3%) + 10 = 107', () => {
    const { months } = project(assumptionsOf(base), base.asOf, 1);
    expect(months[0]!.customers).toBeCloseTo(107, 9);
  });

  it('price +10% re-rates the base and new business: 11,000 × 0.98 + 550 = 11,330', () => {
    expect(mrrs({ price: 0.1 })[0]).toBeCloseTo(11_330, 9);
  });

  it('per-plan price: pro +10% on 6,000 of 10,000 → factor 1.06 → 10,600 × 0.98 + 530 = 10,918', () => {
    const b = { ...base, planMrr: { basic: 4_000, pro: 6_000 } };
    expect(assumptionsOf(b, { planPrices: { pro: 0.1 } }).priceFactor).toBeCloseTo(1.06, 12);
    expect(mrrs({ planPrices: { pro: 0.1 } }, b)[0]).toBeCloseTo(10_918, 9);
    // The overall change covers the plans not named: basic +5%, pro +10% → 4,200 + 6,600.
    expect(assumptionsOf(b, { price: 0.05, planPrices: { pro: 0.1 } }).startMrr).toBeCloseTo(
      10_800,
      9,
    );
    expect(() => assumptionsOf(b, { planPrices: { gold: 0.1 } })).toThrow(/gold/);
    expect(() => assumptionsOf(base, { planPrices: { pro: 0.1 } })).toThrow(ScenarioError);
  });

  it('churn −20% → 1.6%: 10,000 × 0.984 + 500 = 10,340; customer churn scales alike', () => {
    expect(mrrs({ churn: { kind: 'relative', value: -0.2 } })[0]).toBeCloseTo(10_340, 9);
    const a = assumptionsOf(base, { churn: { kind: 'relative', value: -0.2 } });
    expect(a.customerChurnRate).toBeCloseTo(0.024, 12);
  });

  it('churn set to 1%: 10,000 × 0.99 + 500 = 10,400', () => {
    expect(mrrs({ churn: { kind: 'set', value: 0.01 } })[0]).toBeCloseTo(10_400, 9);
    expect(assumptionsOf(base, { churn: { kind: 'set', value: 0.01 } }).customerChurnRate).toBe(
      0.01,
    );
  });

  it('new-business growth 5%: 9,800 + 525 = 10,325, then 10,118.5 + 551.25 = 10,669.75', () => {
    const [m1, m2] = mrrs({ newGrowth: 0.05 });
    expect(m1).toBeCloseTo(10_325, 9);
    expect(m2).toBeCloseTo(10_669.75, 9);
  });

  it('new business +20%: 9,800 + 600 = 10,400, and 12 new customers instead of 10', () => {
    const comparison = compareScenario(base, { newBusiness: { kind: 'relative', value: 0.2 } }, 1);
    expect(comparison.scenario.months[0]!.mrr).toBeCloseTo(10_400, 9);
    expect(comparison.scenario.months[0]!.customers).toBeCloseTo(109, 9);
  });

  it('expansion 1% and contraction 0.5%: 10,000 − 200 − 50 + 100 + 500 = 10,350', () => {
    const b = { ...base, expansionRate: 0.01, contractionRate: 0.005 };
    expect(project(assumptionsOf(b), b.asOf, 1).months[0]!.mrr).toBeCloseTo(10_350, 9);
    // Expansion doubled: + 100 more.
    expect(mrrs({ expansion: { kind: 'relative', value: 1 } }, b, 1)[0]).toBeCloseTo(10_450, 9);
  });

  it('cash and runway: burn 15,000 − 10,300 = 4,700 → cash 95,300, runway 95,300 / 4,700', () => {
    const { months } = project(assumptionsOf(base), base.asOf, 1);
    expect(months[0]!.net_burn).toBeCloseTo(4_700, 9);
    expect(months[0]!.cash).toBeCloseTo(95_300, 9);
    expect(months[0]!.runway_months).toBeCloseTo(95_300 / 4_700, 12);
  });

  it('costs −10%: burn 13,500 − 10,300 = 3,200 → cash 96,800; side by side with the baseline', () => {
    const c = compareScenario(base, { costs: { kind: 'relative', value: -0.1 } }, 1);
    expect(c.baseline.months[0]!.cash).toBeCloseTo(95_300, 9);
    expect(c.scenario.months[0]!.cash).toBeCloseTo(96_800, 9);
    expect(c.difference.cash_end).toBeCloseTo(1_500, 9);
    expect(c.difference.mrr_end).toBeCloseTo(0, 9);
  });

  it('other cash flow keeps the baseline burn equal to the recent actual burn', () => {
    const b = { ...base, otherCashFlow: -1_000 };
    expect(project(assumptionsOf(b), b.asOf, 1).months[0]!.cash).toBeCloseTo(94_300, 9);
  });

  it('cash running out is dated; no runway when not burning; none without cash', () => {
    const poor = { ...base, cash: 5_000 };
    // 5,000 − 4,700 = 300, then 300 − (15,000 − 10,594) = −4,106.
    const { months, summary } = project(assumptionsOf(poor), poor.asOf, 2);
    expect(months[1]!.cash).toBeCloseTo(-4_106, 9);
    expect(months[1]!.runway_months).toBe(0);
    expect(summary.cash_out).toBe('2024-08');
    const profitable = project(assumptionsOf({ ...base, costs: 5_000 }), base.asOf, 1);
    expect(profitable.months[0]!.runway_months).toBeNull();
    const noCash = project(assumptionsOf({ ...base, cash: null }), base.asOf, 1);
    expect(noCash.months[0]!.cash).toBeNull();
    expect(noCash.summary.cash_out).toBeNull();
  });

  it('refuses rates above 100% a month', () => {
    expect(() => assumptionsOf(base, { churn: { kind: 'set', value: 1.5 } })).toThrow(/100%/);
  });
});

describe('parsing changes', () => {
  it('reads relative changes, new rates and new amounts', () => {
    expect(parseChange('-20%', '--churn', 'rate')).toEqual({ kind: 'relative', value: -0.2 });
    expect(parseChange('+5%', '--expansion', 'rate')).toEqual({ kind: 'relative', value: 0.05 });
    expect(parseChange('=1.5%', '--churn', 'rate')).toEqual({ kind: 'set', value: 0.015 });
    expect(parseChange('=12000', '--costs', 'amount')).toEqual({ kind: 'set', value: 12_000 });
    expect(() => parseChange('-20', '--churn', 'rate')).toThrow(/percentage/);
    expect(() => parseChange('lots', '--churn', 'rate')).toThrow(/not a change/);
    expect(parsePercent('+10%', '--price')).toBeCloseTo(0.1, 12);
    expect(parsePlanPrices('basic=+5%,pro=-10%', '--plan-price')).toEqual({
      basic: 0.05,
      pro: -0.1,
    });
    expect(applyChange(10, { kind: 'relative', value: -2 })).toBe(0);
  });
});
