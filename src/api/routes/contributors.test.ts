/**
 * Per-customer figures through the API agree with the metric: the customers' MRR adds up to
 * the MRR metric, each customer's lines add up to its MRR, and a movement metric's
 * contributors add up to its value and name the rows behind each movement.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../../test/fixtures/api/test-fixture.ts';

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

  it("a customer's page has the movements the workspace's feed has, and the list its last churn", async () => {
    interface Move {
      date: string;
      customer_id: string;
      type: string;
      amount: number;
    }
    const feed: Move[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await get<{ items: Move[]; total: number }>(
        `/movements?from=2000-01&limit=500&offset=${offset}`,
      );
      feed.push(...page.items);
      if (feed.length >= page.total) break;
    }
    const customers = await get<{
      items: { customer_id: string; status: string; churned_on: string | null }[];
    }>('/customers?limit=500');
    // The feed lists the newest first: both in one order.
    const inOrder = (moves: Move[]) =>
      moves
        .map(({ date, type, amount }) => `${date} ${type} ${amount}`)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let churned = 0;
    for (const c of customers.items) {
      const own = feed.filter((m) => m.customer_id === c.customer_id);
      const lastChurn = own.findLast((m) => m.type === 'churned')?.date ?? null;
      expect(c.churned_on, c.customer_id).toBe(c.status === 'churned' ? lastChurn : null);
      if (c.status === 'churned') churned++;
      const detail = await get<{ movements: Move[] }>(
        `/customers/${encodeURIComponent(c.customer_id)}`,
      );
      expect(inOrder(detail.movements), c.customer_id).toEqual(inOrder(own));
    }
    expect(churned).toBeGreaterThan(0);
  }, 180_000);

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
