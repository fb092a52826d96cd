/**
 * The API's running period beside the same days of the previous one (issue 14), on the
 * known history of test/fixtures/same-days-history.ts: December 2024 through the 6th.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../../auth/keys.ts';
import { queryMetrics } from '../../metrics/query.ts';
import { openStore } from '../../store/open.ts';
import { fixtureServer, type DemoFixture } from '../../../test/fixtures/api/test-fixture.ts';
import { loadSameDaysHistory, NOW, THROUGH } from '../../../test/fixtures/same-days-history.ts';

const WS = 'default';
const METRICS = ['mrr', 'new_mrr', 'churned_mrr', 'ltv'];
let dir: string;
let db: string;
let key: string;
let app: FastifyInstance;
/** The query path's own report of the request below, read before the server holds the file. */
let core: Awaited<ReturnType<typeof queryMetrics>>['report'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-mtd-api-'));
  db = join(dir, 'mtd.duckdb');
  const store = await openStore({ db });
  try {
    await loadSameDaysHistory(store, WS);
    const query = { workspaceId: WS, metrics: METRICS, compare: true, to: THROUGH, now: NOW };
    core = (await queryMetrics(store, query)).report;
    const admin = await newApiKey({ workspaceId: WS, role: 'admin' });
    await store.createApiKey(admin.record);
    key = admin.token;
  } finally {
    await store.close();
  }
  app = await fixtureServer({ db } as DemoFixture, { watchDataMs: 0 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

interface Period {
  period: string;
  partial?: true;
  through?: string;
  comparison_period?: { period: string; from: string; through: string };
  comparisons?: Record<string, { previous: number | null; not_compared?: { code: string } }>;
}

describe('GET /metrics: month-to-date beside the same days of the previous month', () => {
  it('states the days compared and reads flows over them and stocks on their last day', async () => {
    const body = await get<{ periods: Period[] }>(
      `/api/v1/metrics?metric=${METRICS.join(',')}&compare=true&to=${THROUGH}`,
    );
    const dec = body.periods.at(-1)!;
    expect(dec).toMatchObject({
      period: '2024-12',
      partial: true,
      through: THROUGH,
      comparison_period: { period: '2024-11', from: '2024-11-01', through: '2024-11-06' },
    });
    expect(dec.comparisons!.mrr!.previous).toBe(195);
    expect(dec.comparisons!.new_mrr!.previous).toBe(50);
    expect(dec.comparisons!.churned_mrr!.previous).toBe(0);
    expect(dec.comparisons!.ltv).toMatchObject({
      previous: null,
      not_compared: { code: 'trailing_average' },
    });
    // The one core gives the API its numbers: the same periods as the query path's.
    expect(body.periods).toEqual(core.periods);
  });

  it('GET /metrics/{id} names the same days beside its comparison', async () => {
    const one = await get<{ periods: Period[] }>(`/api/v1/metrics/mrr?compare=true&to=${THROUGH}`);
    expect(one.periods.at(-1)).toMatchObject({
      partial: true,
      comparison_period: { from: '2024-11-01', through: '2024-11-06' },
      comparison: { value: 220, previous: 195 },
    });
  });

  it('compare=complete compares the complete months alike and the running one with nothing', async () => {
    const url = (compare: string) =>
      `/api/v1/metrics?metric=${METRICS.join(',')}&compare=${compare}&to=${THROUGH}`;
    const all = await get<{ periods: Period[] }>(url('true'));
    const complete = await get<{ periods: Period[] }>(url('complete'));
    expect(complete.periods.slice(0, -1)).toEqual(all.periods.slice(0, -1));
    const dec = complete.periods.at(-1)!;
    expect(dec).toMatchObject({ period: '2024-12', partial: true, through: THROUGH });
    expect(dec.comparison_period).toBeUndefined();
    expect(dec.comparisons!.mrr!.previous).toBeNull();
    const none = await get<{ periods: Period[] }>(url('false'));
    expect(none.periods.at(-1)!.comparisons).toBeUndefined();
  });
});
