import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, fixtureServer, type DemoFixture } from '../test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await demoFixture({ customers: 80 });
  app = await fixtureServer(fx);
});

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

const get = (url: string, key: string = fx.adminKey): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

async function ok<T>(url: string): Promise<T> {
  const res = await get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

interface Report {
  periods: {
    period: string;
    metrics: Record<string, number | null>;
    comparisons?: Record<
      string,
      { value: number | null; previous: number | null; change: number | null; good: boolean | null }
    >;
  }[];
  segment?: Record<string, string[]>;
  by?: string;
  series?: { value: string; periods: Report['periods'] }[];
}

describe('metrics: segments, breakdowns, comparisons, presets', () => {
  it('lists segment attributes and their values', async () => {
    const body = await ok<{ items: { attribute: string; values: string[] }[] }>('/api/v1/segments');
    const plan = body.items.find((a) => a.attribute === 'plan');
    expect(plan?.values.length).toBeGreaterThan(1);
    expect(body.items.map((a) => a.attribute)).toContain('country');
  });

  it('restricts MRR to a segment, and the plans add up to the total', async () => {
    const { items } = await ok<{ items: { attribute: string; values: string[] }[] }>(
      '/api/v1/segments',
    );
    const plans = items.find((a) => a.attribute === 'plan')!.values;
    const total = await ok<Report>('/api/v1/metrics?metric=mrr,customers&from=2025-01&to=2025-06');
    const one = await ok<Report>(
      `/api/v1/metrics?metric=mrr,customers&from=2025-01&to=2025-06&segment=${encodeURIComponent(`plan=${plans[0]}`)}`,
    );
    expect(one.segment).toEqual({ plan: [plans[0]] });
    expect(one.periods.at(-1)!.metrics.mrr!).toBeLessThan(total.periods.at(-1)!.metrics.mrr!);
    const by = await ok<Report>(
      '/api/v1/metrics?metric=mrr,customers&from=2025-01&to=2025-06&by=plan',
    );
    expect(by.by).toBe('plan');
    expect(by.periods).toEqual(total.periods);
    expect(by.series!.map((s) => s.value)).toEqual(plans);
    for (let k = 0; k < total.periods.length; k++) {
      const sum = by.series!.reduce((a, s) => a + s.periods[k]!.metrics.mrr!, 0);
      expect(sum).toBeCloseTo(total.periods[k]!.metrics.mrr!, 6);
      // A customer paying on two plans at once counts in both: customers are not additive by plan.
      const customers = by.series!.reduce((a, s) => a + s.periods[k]!.metrics.customers!, 0);
      expect(customers).toBeGreaterThanOrEqual(total.periods[k]!.metrics.customers!);
    }
    const two = await ok<Report>(
      `/api/v1/metrics?metric=mrr&to=2025-06&segment=${encodeURIComponent(`plan=${plans[0]}`)}&segment=country=ZZ`,
    );
    expect(two.periods.at(-1)!.metrics.mrr).toBe(0);
  });

  it('adds comparisons with the previous period and a year earlier', async () => {
    const body = await ok<Report>(
      '/api/v1/metrics?metric=mrr,customer_churn_rate&from=2025-01&to=2025-06&compare=true',
    );
    const [first, second] = body.periods;
    const c = second!.comparisons!.mrr!;
    expect(c.value).toBe(second!.metrics.mrr);
    expect(c.previous).toBe(first!.metrics.mrr);
    expect(c.change).toBeCloseTo(second!.metrics.mrr! - first!.metrics.mrr!, 6);
    expect(c.good).toBe(c.change! > 0 ? true : c.change! < 0 ? false : null);
    expect(second!.comparisons).toHaveProperty('customer_churn_rate');
    const plain = await ok<Report>('/api/v1/metrics?metric=mrr&from=2025-01&to=2025-06');
    expect(plain.periods[0]).not.toHaveProperty('comparisons');
  });

  it('serves the stage presets and selects their metrics', async () => {
    const presets = await ok<{ items: { id: string; metrics: string[] }[] }>('/api/v1/presets');
    expect(presets.items.map((p) => p.id)).toEqual(['early', 'growth', 'mature']);
    const growth = await ok<Report & { preset: string }>(
      '/api/v1/metrics?preset=growth&from=2025-05&to=2025-06',
    );
    expect(growth.preset).toBe('growth');
    expect(Object.keys(growth.periods[0]!.metrics)).toEqual(presets.items[1]!.metrics);
    expect((await get('/api/v1/metrics?preset=seed')).statusCode).toBe(400);
  });

  it('rejects a malformed segment, and a single metric accepts one too', async () => {
    const bad = await get('/api/v1/metrics?segment=plan');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    const one = await ok<{
      periods: { value: number | null; comparison?: { previous: number | null } }[];
    }>('/api/v1/metrics/mrr?to=2025-06&segment=country=ZZ&compare=true');
    expect(one.periods.at(-1)!.value).toBe(0);
    expect(one.periods.at(-1)!.comparison).toBeDefined();
  });
});

describe('benchmarks, insights, forecast, risk, export', () => {
  it('places the workspace against the benchmarks, with sources', async () => {
    const body = await ok<{
      period: string;
      items: {
        metric: string;
        applies: boolean;
        value: number | null;
        position: string | null;
        source: { year: number };
        stale: boolean;
      }[];
    }>('/api/v1/benchmarks');
    expect(body.period).toMatch(/^\d{4}-\d{2}$/);
    expect(body.items.length).toBeGreaterThan(10);
    const churn = body.items.find((b) => b.metric === 'customer_churn_rate' && b.value !== null);
    expect(churn?.position).toMatch(/median/);
    expect(body.items.some((b) => b.applies)).toBe(true);
    expect(body.items.every((b) => b.source.year > 2000)).toBe(true);
  });

  it('explains the MRR change in sentences whose parts add up', async () => {
    const body = await ok<{
      to_period: string;
      start_value: number;
      end_value: number;
      sentences: string[];
      decomposition: { change: number; by_type: { amount: number }[] };
    }>('/api/v1/insights?metric=mrr&period=2025-03');
    expect(body.to_period).toBe('2025-03');
    expect(body.sentences.length).toBeGreaterThan(0);
    const sum = body.decomposition.by_type.reduce((a, t) => a + t.amount, 0);
    expect(sum).toBeCloseTo(body.decomposition.change, 6);
    expect(body.decomposition.change).toBeCloseTo(body.end_value - body.start_value, 6);
    expect((await get('/api/v1/insights?metric=nope')).statusCode).toBe(404);
    expect((await get('/api/v1/insights?metric=mrr&period=1999-01')).statusCode).toBe(400);
  });

  it('forecasts MRR with 80/95% intervals and the backtest error', async () => {
    const body = await ok<{
      model: string;
      forecast: {
        value: number;
        lo80: number;
        hi80: number;
        lo95: number;
        hi95: number;
        expected_error: number | null;
      }[];
      backtest: { origins: number; models: { id: string; mase: number | null }[] };
      actuals: { period: string; value: number }[];
      members: { id: string; label: string }[];
      bands: { method: string; k80: number; k95: number };
    }>('/api/v1/forecast?metric=mrr&horizon=6&origins=6');
    expect(body.model).toBe('combination');
    expect(body.members.length).toBeGreaterThan(0);
    expect(body.bands.method).toBe('backtest-calibrated');
    expect(body.bands.k95).toBeGreaterThan(body.bands.k80);
    expect(body.forecast).toHaveLength(6);
    for (const r of body.forecast) {
      expect(r.lo95).toBeLessThanOrEqual(r.lo80);
      expect(r.lo80).toBeLessThanOrEqual(r.value);
      expect(r.value).toBeLessThanOrEqual(r.hi80);
      expect(r.hi80).toBeLessThanOrEqual(r.hi95);
    }
    expect(body.backtest.origins).toBeGreaterThan(0);
    expect(body.actuals.length).toBeGreaterThan(8);
    expect((await get('/api/v1/forecast?horizon=0')).statusCode).toBe(400);
  });

  it('scores churn risk with reasons and the holdout AUC', async () => {
    const res = await get('/api/v1/risk?limit=5');
    // The small fixture may not have enough history to train: then a clear 422.
    if (res.statusCode === 422) {
      expect(res.json<{ error: { code: string } }>().error.code).toBe('data_error');
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      items: { probability: number; reasons: unknown[] }[];
      total: number;
      mrr_at_risk: number;
    }>();
    expect(body.items.length).toBeLessThanOrEqual(5);
    expect(body.items[0]!.probability).toBeGreaterThanOrEqual(body.items.at(-1)!.probability);
    expect(body.items[0]!.reasons.length).toBeGreaterThan(0);
  });

  it('exports the metrics as an XLSX workbook that reads back with the same numbers', async () => {
    const url = '/api/v1/metrics.xlsx?metric=mrr,customers&from=2025-01&to=2025-06';
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Metrics')!;
    const json = await ok<Report>('/api/v1/metrics?metric=mrr,customers&from=2025-01&to=2025-06');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'period',
      'start',
      'end',
      'mrr',
      'customers',
    ]);
    json.periods.forEach((p, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(p.period);
      expect(row.getCell(4).value).toBe(p.metrics.mrr);
      expect(row.getCell(5).value).toBe(p.metrics.customers);
    });
  });

  it('documents every new endpoint in the OpenAPI document', async () => {
    const doc = await ok<{ paths: Record<string, Record<string, unknown>> }>(
      '/api/v1/openapi.json',
    );
    for (const path of [
      '/api/v1/presets',
      '/api/v1/segments',
      '/api/v1/benchmarks',
      '/api/v1/insights',
      '/api/v1/goals',
      '/api/v1/goals/status',
      '/api/v1/goals/{id}',
      '/api/v1/alerts/rules',
      '/api/v1/alerts/rules/{id}',
      '/api/v1/alerts/events',
      '/api/v1/risk',
      '/api/v1/forecast',
      '/api/v1/metrics.xlsx',
      '/api/v1/webhooks/stripe',
      '/api/v1/events',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
    const metrics = doc.paths['/api/v1/metrics']!.get as { parameters: { name: string }[] };
    expect(metrics.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['segment', 'by', 'compare', 'preset']),
    );
  });
});
