import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromParts } from '../../model/day.ts';
import { cohortRecords } from '../../metrics/report.ts';
import { computeWorkspace } from '../../metrics/service.ts';
import { monotoneAlive } from '../../forecast/cohort.ts';
import { fitSbg } from '../../forecast/sbg.ts';
import { compareScenario, type ScenarioComparison } from '../../forecast/scenario.ts';
import { workspaceBaseline } from '../../forecast/workspace-baseline.ts';
import { openStore } from '../../store/open.ts';
import { demoFixture, fixtureServer, type DemoFixture } from '../test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;
/** The core called directly on the same store, before the server opens it. */
let direct: ScenarioComparison;
let directFit: { alpha: number; beta: number };

const TO = '2025-06';
const TO_DAY = dayFromParts(2025, 6, 30);

beforeAll(async () => {
  fx = await demoFixture({ customers: 80 });
  const store = await openStore({ db: fx.db });
  try {
    const baseline = await workspaceBaseline(store, 'default', { to: TO_DAY, window: 3 });
    direct = compareScenario(baseline, { price: 0.1 }, 12);
    const mrr = await computeWorkspace(store, {
      workspaceId: 'default',
      interval: 'month',
      mode: 'event',
      to: TO_DAY,
    });
    directFit = fitSbg(
      cohortRecords(mrr.cohorts, mrr.currency).map((c) =>
        monotoneAlive(c.months.map((m) => m.customers)),
      ),
    );
  } finally {
    await store.close();
  }
  app = await fixtureServer(fx);
});

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

const post = (payload: unknown, key: string = fx.viewerKey): Promise<LightMyRequestResponse> =>
  app.inject({
    method: 'POST',
    url: '/api/v1/scenario',
    headers: { authorization: `Bearer ${key}` },
    payload: payload as Record<string, unknown>,
  });

const get = (url: string, key: string = fx.viewerKey): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

type Body = ScenarioComparison & { window: number; changes: Record<string, unknown> };

describe('POST /api/v1/scenario', () => {
  it('returns the baseline the core computes on the same store, month by month (viewer key)', async () => {
    const res = await post({ price: '+10%', to: TO });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Body>();
    expect(body.as_of).toBe(TO);
    expect(body.horizon).toBe(12);
    expect(body.window).toBe(3);
    expect(body.baseline.months).toHaveLength(12);
    const [api1] = body.baseline.months;
    const [core1] = direct.baseline.months;
    expect(api1!.period).toBe('2025-07');
    expect(api1!.period).toBe(core1!.period);
    for (const key of ['mrr', 'arr', 'customers', 'cash', 'runway_months'] as const)
      expect(api1![key], key).toBe(core1![key]);
    expect(body.baseline.assumptions).toEqual(direct.baseline.assumptions);
    expect(body.scenario.months.at(-1)!.mrr).toBeCloseTo(direct.scenario.months.at(-1)!.mrr, 9);
    expect(body.changes).toEqual({ price: 0.1 });
  });

  it('re-rates MRR by a price change; a fraction means the same as the CLI notation', async () => {
    const text = (await post({ price: '+10%', to: TO, horizon: 6 })).json<Body>();
    const number = (await post({ price: 0.1, to: TO, horizon: 6 })).json<Body>();
    expect(number.scenario.months).toEqual(text.scenario.months);
    const s = text.scenario.assumptions;
    const b = text.baseline.assumptions;
    expect(s.priceFactor).toBeCloseTo(1.1, 12);
    expect(s.startMrr).toBeCloseTo(b.startMrr * 1.1, 6);
    expect(s.newMrr).toBeCloseTo(b.newMrr * 1.1, 6);
    // Linear in MRR with unchanged rates: every month is 10% above the baseline.
    text.scenario.months.forEach((m, i) =>
      expect(m.mrr).toBeCloseTo(text.baseline.months[i]!.mrr * 1.1, 6),
    );
    expect(text.difference.mrr_end).toBeCloseTo(
      text.scenario.summary.mrr_end - text.baseline.summary.mrr_end,
      6,
    );
  });

  it('applies churn, costs and growth changes as the CLI parses them', async () => {
    const body = (
      await post({ churn: '=2%', costs: '=40000', new_growth: '+5%', horizon: 3, to: TO })
    ).json<Body>();
    const s = body.scenario.assumptions;
    expect(s.churnRate).toBe(0.02);
    expect(s.costs).toBe(40000);
    expect(s.newGrowth).toBeCloseTo(0.05, 12);
    expect(body.scenario.months[0]!.costs).toBe(40000);
  });

  it('answers 400 for a malformed change or an unknown plan, 401 without a key', async () => {
    const bad = await post({ churn: 'lower' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string; message: string } }>().error.message).toMatch(
      /churn "lower" is not a change/,
    );
    const plan = await post({ plan_prices: { 'no such plan': '+5%' }, to: TO });
    expect(plan.statusCode).toBe(400);
    expect(plan.json<{ error: { message: string } }>().error.message).toMatch(
      /no MRR on plan "no such plan"/,
    );
    expect((await post({ horizon: 0 })).statusCode).toBe(400);
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/scenario', payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  it('uses the last complete month when no month is given', async () => {
    const res = await post({});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Body>();
    expect(body.as_of < new Date().toISOString().slice(0, 7)).toBe(true);
    expect(body.scenario.months).toEqual(body.baseline.months);
  });
});

describe('GET /api/v1/retention', () => {
  it("fits the workspace's cohorts as the core does, with DERL and predictive LTV", async () => {
    const res = await get(`/api/v1/retention?to=${TO}&horizon=6`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      alpha: number;
      beta: number;
      derl: number;
      predictive_ltv: number | null;
      existing: { customers: number; mrr: number };
      projection: { period: string; customers: number; mrr: number }[];
    }>();
    expect(body.alpha).toBe(directFit.alpha);
    expect(body.beta).toBe(directFit.beta);
    expect(body.derl).toBeGreaterThan(0);
    expect(body.projection).toHaveLength(6);
    expect(body.projection[0]!.mrr).toBeLessThanOrEqual(body.existing.mrr);
    expect(body.projection[5]!.customers).toBeLessThan(body.projection[0]!.customers);
    const arpa = body.existing.mrr / body.existing.customers;
    expect(body.predictive_ltv!).toBeGreaterThan(arpa);
    expect((await get('/api/v1/retention?discount_rate=0')).statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents both routes', async () => {
    const doc = (await get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(doc.paths['/api/v1/scenario']).toHaveProperty('post');
    expect(doc.paths['/api/v1/retention']).toHaveProperty('get');
  });
});
