/**
 * Per-customer figures through the API agree with the metric: the customers' MRR adds up to
 * the MRR metric, each customer's lines add up to its MRR, and a movement metric's
 * contributors add up to its value and name the rows behind each movement.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, fixtureServer, type DemoFixture } from '../test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await demoFixture({ customers: 80 });
  app = await fixtureServer(fx);
}, 60_000);

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

async function get<T>(url: string): Promise<T> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${fx.adminKey}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

const cents = (major: number) => Math.round(major * 100);

interface Report {
  periods: { period: string; metrics: Record<string, number | null> }[];
}

describe('per-customer figures', () => {
  it("customers' MRR today adds up to the MRR metric, and each customer's lines to its MRR", async () => {
    const customers = await get<{ items: { customer_id: string; mrr: number }[]; total: number }>(
      '/customers?limit=500',
    );
    expect(customers.items.length).toBe(customers.total);
    const metric = await get<Report>('/metrics?metric=mrr');
    const sum = customers.items.reduce((a, c) => a + cents(c.mrr), 0);
    expect(sum).toBe(cents(metric.periods.at(-1)!.metrics.mrr!));
    for (const c of customers.items.filter((x) => x.mrr > 0).slice(0, 25)) {
      const detail = await get<{ mrr: number; mrr_lines: { mrr: number }[] }>(
        `/customers/${encodeURIComponent(c.customer_id)}`,
      );
      expect(detail.mrr).toBe(c.mrr);
      expect(
        detail.mrr_lines.reduce((a, l) => a + cents(l.mrr), 0),
        c.customer_id,
      ).toBe(cents(c.mrr));
    }
  }, 120_000);

  it('lists the contributors of each movement metric, adding up to its value', async () => {
    const ids = ['new_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr', 'fx_impact_mrr'];
    const report = await get<Report>(`/metrics?metric=${ids.join(',')}`);
    for (const { period, metrics } of report.periods.slice(-6))
      for (const id of ids) {
        const drill = await get<{
          value: number;
          contributors: {
            customer_id: string;
            amount: number;
            movements: { sources: { source: string; id: string }[] }[];
          }[];
        }>(`/metrics/${id}/contributors?period=${period}`);
        expect(drill.value, `${id} ${period}`).toBe(metrics[id]);
        expect(drill.contributors.reduce((a, c) => a + cents(c.amount), 0)).toBe(
          cents(drill.value),
        );
        for (const c of drill.contributors)
          for (const m of c.movements) expect(m.sources.length, c.customer_id).toBeGreaterThan(0);
      }
  }, 120_000);

  it('says which metrics have contributors and which periods exist', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/metrics/arpa/contributors?period=2026-01',
      headers: { authorization: `Bearer ${fx.adminKey}` },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(
      /no drill-down for metric "arpa"/,
    );
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/metrics/nope/contributors?period=2026-01',
      headers: { authorization: `Bearer ${fx.adminKey}` },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
