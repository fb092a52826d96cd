import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { dayFromParts } from '../model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../model/kinds.ts';
import type { CustomerRisk } from '../risk/model.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { evaluateRule } from './evaluate.ts';
import { evaluateAlerts, listEvents, saveRule, type RiskScorer } from './service.ts';
import type { AlertRule, AtRiskRule } from './types.ts';

const customer = (
  customerId: string,
  mrrMajor: number,
  probability: number,
  reasons: string[] = ['usage down 40% in 30 days', '3 tickets in 90 days'],
): CustomerRisk => ({
  customerId,
  probability,
  mrr: mrrMajor * 100,
  reasons: reasons.map((text, i) => ({
    feature: 'usage_trend',
    value: 0,
    contribution: 1 - i / 10,
    text,
  })),
});

const rule: AtRiskRule = { id: 'vip', name: 'VIP at risk', kind: 'at_risk', minMrr: 500 };
const ctxWith = (customers: CustomerRisk[], horizon = 90) => ({
  series: { currency: 'USD', interval: 'month' as const, periods: [], values: {} },
  today: '2025-06-10',
  goals: [],
  risk: { [horizon]: { currency: 'USD', customers } },
});

describe('at-risk rule (known answers)', () => {
  it('names paying customers with MRR ≥ the minimum and probability ≥ the threshold', () => {
    const c = evaluateRule(
      rule,
      ctxWith([
        customer('cus_big_risky', 1200, 0.72),
        customer('cus_big_safe', 3000, 0.2),
        customer('cus_small_risky', 100, 0.9),
        customer('cus_edge', 500, 0.5, ['NPS 3']),
        customer('cus_unpaid', 0, 0.99),
      ]),
    );
    expect(c.firing).toBe(true);
    expect(c.value).toBe(2);
    expect(c.members).toEqual(['cus_big_risky', 'cus_edge']);
    expect(c.customers).toEqual([
      {
        customerId: 'cus_big_risky',
        mrr: 1200,
        probability: 0.72,
        reasons: ['usage down 40% in 30 days', '3 tickets in 90 days'],
      },
      { customerId: 'cus_edge', mrr: 500, probability: 0.5, reasons: ['NPS 3'] },
    ]);
    expect(c.message).toBe(
      '2 high-value customers at risk (MRR ≥ $500.00 and churn probability ≥ 50% within 90 days): ' +
        'cus_big_risky (MRR $1,200.00, 72%: usage down 40% in 30 days, 3 tickets in 90 days); ' +
        'cus_edge (MRR $500.00, 50%: NPS 3)',
    );
  });

  it('honours the probability and horizon of the rule', () => {
    const customers = [customer('a', 800, 0.6)];
    const strict: AlertRule = { ...rule, probability: 0.65 };
    expect(evaluateRule(strict, ctxWith(customers)).firing).toBe(false);
    const long: AlertRule = { ...rule, horizonDays: 180 };
    expect(evaluateRule(long, ctxWith(customers, 180)).firing).toBe(true);
    // Scores for another horizon are not used.
    expect(evaluateRule(long, ctxWith(customers, 90))).toMatchObject({
      firing: false,
      message: 'churn risk within 180 days was not scored',
    });
  });

  it('stays quiet when nobody qualifies or the scores are missing', () => {
    expect(evaluateRule(rule, ctxWith([customer('a', 499.99, 0.9)]))).toMatchObject({
      firing: false,
      value: 0,
      members: [],
      message: 'no paying customer with MRR ≥ $500.00 and churn probability ≥ 50% within 90 days',
    });
    expect(
      evaluateRule(rule, {
        ...ctxWith([]),
        risk: { 90: { error: 'no MRR history to learn from' } },
      }),
    ).toMatchObject({
      firing: false,
      message: 'churn risk could not be scored: no MRR history to learn from',
    });
  });
});

describe('at-risk rule: de-duplication, new members and recovery (stubbed scorer)', () => {
  const WS = 'at-risk-stub';
  let store: Store;
  let scored: CustomerRisk[] = [];
  const horizons: number[] = [];
  const scoreRisk: RiskScorer = (_store, _ws, _now, { horizonDays }) => {
    horizons.push(horizonDays);
    return Promise.resolve({ currency: 'USD', customers: scored });
  };
  const at = (hours: number) => new Date(Date.UTC(2025, 5, 10, hours));
  const check = async (hours: number) => {
    const [c] = await evaluateAlerts(store, WS, at(hours), { scoreRisk });
    return c!;
  };

  beforeAll(async () => {
    store = await openDuckDbStore(':memory:');
    await store.workspace(WS);
    await saveRule(store, WS, { ...rule, cooldownMinutes: 60 });
  });
  afterAll(async () => {
    await store.close();
  });

  it('fires, stays quiet for the same set, fires again for a newcomer, then recovers', async () => {
    scored = [customer('cus_a', 900, 0.8), customer('cus_small', 50, 0.95)];
    const first = await check(0);
    expect(first.event).toMatchObject({ type: 'fired', value: 1 });
    expect(first.event!.suppressed).toBeUndefined();
    expect(first.event!.customers!.map((c) => c.customerId)).toEqual(['cus_a']);
    expect(first.state).toMatchObject({ status: 'firing', members: ['cus_a'] });

    // Same set, different scores: nothing new to say.
    scored = [customer('cus_a', 950, 0.85), customer('cus_small', 50, 0.95)];
    expect((await check(2)).event).toBeNull();

    // cus_b turns at-risk: alert again, naming both.
    scored = [customer('cus_a', 950, 0.85), customer('cus_b', 2000, 0.55)];
    const second = await check(4);
    expect(second.event).toMatchObject({ type: 'fired', value: 2 });
    expect(second.event!.suppressed).toBeUndefined();
    expect(second.event!.message).toContain('cus_b (MRR $2,000.00, 55%');
    expect(second.state).toMatchObject({
      status: 'firing',
      members: ['cus_a', 'cus_b'],
      since: at(0).toISOString(),
      lastNotifiedAt: at(4).toISOString(),
    });

    // cus_a leaves while cus_b remains: still firing, no new alert.
    scored = [customer('cus_a', 950, 0.3), customer('cus_b', 2000, 0.55)];
    const third = await check(6);
    expect(third.event).toBeNull();
    expect(third.state.members).toEqual(['cus_b']);

    // cus_a comes back: it joins the set again.
    scored = [customer('cus_a', 950, 0.6), customer('cus_b', 2000, 0.55)];
    expect((await check(8)).event).toMatchObject({ type: 'fired', value: 2 });

    // Nobody left: recovery, once.
    scored = [customer('cus_a', 950, 0.1)];
    const recovered = await check(10);
    expect(recovered.event).toMatchObject({ type: 'recovered', value: 0 });
    expect(recovered.event!.suppressed).toBeUndefined();
    expect(recovered.state).toMatchObject({ status: 'ok', members: [] });
    expect((await check(12)).event).toBeNull();

    const events = await listEvents(store, WS);
    expect(events.map((e) => e.type)).toEqual(['fired', 'fired', 'fired', 'recovered']);
    expect(horizons.every((h) => h === 90)).toBe(true);
  });

  it('holds back a newcomer within the cooldown (recorded, not sent)', async () => {
    scored = [customer('cus_c', 700, 0.7)];
    expect((await check(20)).event).toMatchObject({ type: 'fired' });
    scored = [customer('cus_c', 700, 0.7), customer('cus_d', 700, 0.7)];
    const held = await check(20.5);
    expect(held.event).toMatchObject({ type: 'fired', suppressed: true });
    // The first firing was sent, so its recovery is sent too.
    scored = [];
    const recovered = await check(22);
    expect(recovered.event).toMatchObject({ type: 'recovered' });
    expect(recovered.event!.suppressed).toBeUndefined();
  });
});

describe('at-risk rule on a demo workspace (real churn model)', () => {
  const WS = 'at-risk-demo';
  const NOW = new Date('2025-12-15T12:00:00Z');
  let store: Store;

  beforeAll(async () => {
    store = await openDuckDbStore(':memory:');
    await store.workspace(WS);
    const data = generateDemo({ customers: 150, seed: 7, end: dayFromParts(2025, 12, 15) });
    for (const kind of IMPORT_KINDS)
      await store.upsert(WS, kind, data[kind] as RowOfKind[ImportKind][]);
    await saveRule(store, WS, {
      ...rule,
      minMrr: 0,
      probability: 0.01,
      horizonDays: 90,
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('scores the workspace and names at-risk customers with their reasons', async () => {
    const [c] = await evaluateAlerts(store, WS, NOW, { dryRun: true });
    expect(c!.condition.message).not.toContain('could not be scored');
    expect(c!.condition.firing).toBe(true);
    const named = c!.condition.customers!;
    expect(named.length).toBe(c!.condition.value);
    for (const x of named) {
      expect(x.probability).toBeGreaterThanOrEqual(0.01);
      expect(x.mrr).toBeGreaterThan(0);
      expect(x.reasons.length).toBeGreaterThan(0);
    }
    expect(c!.condition.members).toEqual(named.map((x) => x.customerId).sort());
  });
});
