/**
 * What the dashboard relies on beyond the plain routes: why a metric is null (`missing`),
 * the cache warmed in the background after a write, the customers list by segment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newApiKey } from '../../auth/keys.ts';
import { openStore } from '../../store/open.ts';
import { overviewMetricIds } from '../overview.ts';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../../test/fixtures/api/test-fixture.ts';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function multipart(fileName: string, content: string) {
  const boundary = '----northstar-dashboard-test';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * The overview's own request, exactly as the dashboard first sends it (complete months
 * compared; month-to-date on request).
 */
const OVERVIEW = `/api/v1/metrics?metric=${overviewMetricIds().join(',')}&interval=month&compare=complete`;

describe('missing inputs through the API (a workspace holding only subscriptions)', () => {
  let dir: string;
  let db: string;
  let key: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'northstar-missing-'));
    db = join(dir, 'only-subs.duckdb');
    const store = await openStore({ db });
    try {
      await store.upsert('default', 'subscriptions', [
        {
          subscription_id: 's1',
          customer_id: 'c1',
          plan: 'Pro',
          amount: 10_000,
          currency: 'USD',
          interval: 'month',
          interval_count: 1,
          quantity: 1,
          discount_percent: 0,
          start_date: 19_800,
          end_date: null,
          trial_end: null,
          canceled_at: null,
          attributes: {},
        } as never,
      ]);
      const admin = await newApiKey({ workspaceId: 'default', role: 'admin' });
      await store.createApiKey(admin.record);
      key = admin.token;
    } finally {
      await store.close();
    }
    app = await fixtureServer({ db } as DemoFixture, { watchDataMs: 0 });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: bearer(key) });

  it('GET /metrics says why a metric is null, like `northstar metrics --format json`', async () => {
    const res = await get('/api/v1/metrics?metric=mrr,cac,gross_margin,nps&from=2025-01');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      periods: { metrics: Record<string, number | null> }[];
      missing: Record<string, string>;
    }>();
    expect(body.missing).toEqual({
      cac: 'needs costs.csv (sales, marketing)',
      gross_margin: 'needs invoices.csv and costs.csv (cogs)',
      nps: expect.stringMatching(/^needs /),
    });
    expect(body.missing).not.toHaveProperty('mrr');
    for (const p of body.periods) {
      expect(p.metrics.cac).toBeNull();
      expect(p.metrics.gross_margin).toBeNull();
      expect(p.metrics.mrr).toBe(100);
    }
  });

  it('is an empty object when every metric has its inputs, and follows the segment', async () => {
    const res = await get('/api/v1/metrics?metric=mrr,arr');
    expect(res.json<{ missing: object }>().missing).toEqual({});
    const bySegment = await get('/api/v1/metrics?metric=mrr,cac&segment=plan=Pro');
    expect(bySegment.json<{ missing: Record<string, string> }>().missing).toEqual({
      cac: 'needs costs.csv (sales, marketing)',
    });
  });

  it('words reasons, names and formulas in the language asked for (?locale= or Accept-Language)', async () => {
    const french = await app.inject({
      method: 'GET',
      url: '/api/v1/metrics?metric=mrr,cac,gross_margin',
      headers: { ...bearer(key), 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' },
    });
    expect(french.json<{ missing: Record<string, string> }>().missing).toEqual({
      cac: 'nécessite costs.csv (sales, marketing)',
      gross_margin: 'nécessite invoices.csv et costs.csv (cogs)',
    });
    // English stays the default, from the same cache as before.
    const english = await get('/api/v1/metrics?metric=mrr,cac,gross_margin');
    expect(english.json<{ missing: Record<string, string> }>().missing.cac).toBe(
      'needs costs.csv (sales, marketing)',
    );
    const polish = await get('/api/v1/metrics/cac?locale=pl');
    expect(polish.statusCode, polish.body).toBe(200);
    expect(polish.json<{ missing: string; metric: { label: string } }>()).toMatchObject({
      missing: 'wymaga costs.csv (sales, marketing)',
      metric: { label: 'Koszt pozyskania klienta' },
    });
    const definitions = await get('/api/v1/metric-definitions?locale=de-DE');
    const arr = definitions
      .json<{ items: { id: string; label: string; formula: string }[] }>()
      .items.find((d) => d.id === 'arr')!;
    expect(arr).toMatchObject({
      label: 'ARR',
      formula: 'Jährlich wiederkehrender Umsatz: MRR am Ende des Zeitraums × 12.',
    });
  });

  it('GET /metrics/{id} carries the reason too', async () => {
    const res = await get('/api/v1/metrics/cac');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ missing: string | null }>().missing).toBe(
      'needs costs.csv (sales, marketing)',
    );
    expect((await get('/api/v1/metrics/mrr')).json<{ missing: null }>().missing).toBeNull();
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json')).json<{
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    }>();
    const schema = JSON.stringify(doc.paths['/api/v1/metrics']!.get.responses['200']);
    expect(schema).toContain('"missing"');
    expect(schema).toContain('needs costs.csv');
  });
});

describe('the overview is warmed in the background after a write', () => {
  let fx: DemoFixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    fx = await demoFixture({ customers: 40 });
    app = await fixtureServer(fx, { warmUpDelayMs: 20, watchDataMs: 50 });
  });

  afterAll(async () => {
    await app?.close();
    fx?.cleanup();
  });

  const get = (url: string): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'GET', url, headers: bearer(fx.adminKey) });

  it('after an API import the next overview request is a cache hit', async () => {
    const first = await get(OVERVIEW);
    expect(first.statusCode, first.body).toBe(200);
    expect((await get(OVERVIEW)).headers['x-northstar-cache']).toBe('hit');

    const csv = 'customer_id,name,country\ncus_warm,Warm Ltd,FR\n';
    const upload = multipart('customers.csv', csv);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...bearer(fx.adminKey), ...upload.headers },
      payload: upload.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const before = app.warmUp.stats().completed;
    await app.warmUp.idle();
    expect(app.warmUp.stats().completed).toBeGreaterThan(before);

    const next = await get(OVERVIEW);
    expect(next.statusCode).toBe(200);
    expect(next.headers['x-northstar-cache']).toBe('hit');
    // The default metric list too, and the answer is the fresh one.
    expect((await get('/api/v1/metrics')).headers['x-northstar-cache']).toBe('hit');
    expect(next.body).toBe((await get(OVERVIEW)).body);
    const customers = await get('/api/v1/customers?q=cus_warm');
    expect(customers.json<{ total: number }>().total).toBe(1);
  });

  it('a write from another process (the CLI) is noticed and warmed too', async () => {
    await app.warmUp.idle();
    const started = app.warmUp.stats().started;
    const store = await openStore({ db: fx.db });
    try {
      const viewer = await newApiKey({ workspaceId: 'default', role: 'viewer' });
      await store.createApiKey(viewer.record);
    } finally {
      await store.close();
    }
    await expect
      .poll(() => app.warmUp.stats().started, { timeout: 5000, interval: 25 })
      .toBeGreaterThan(started);
    await app.warmUp.idle();
    expect((await get(OVERVIEW)).headers['x-northstar-cache']).toBe('hit');
  });

  it('a new quarter-hour (and so a new day) is warmed without a request', async () => {
    await app.warmUp.idle();
    const started = app.warmUp.stats().started;
    // Only the clock the server reads moves, a quarter-hour at each look (so the watcher
    // sees it move whenever it first looked); its timers run as they do.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await expect
        .poll(
          () => {
            vi.setSystemTime(Date.now() + 15 * 60 * 1000);
            return app.warmUp.stats().started;
          },
          { timeout: 10_000, interval: 50 },
        )
        .toBeGreaterThan(started);
    } finally {
      vi.useRealTimers();
    }
    await app.warmUp.idle();
    expect(app.warmUp.stats().completed).toBeGreaterThan(0);
  });

  it('a burst of writes costs one warm-up; a pass made stale stops early', async () => {
    await app.warmUp.idle();
    const quiet = await fixtureServer(fx, { warmUpDelayMs: 20, watchDataMs: 0 });
    try {
      for (let i = 0; i < 5; i++) quiet.warmUp.schedule('default');
      await quiet.warmUp.idle();
      expect(quiet.warmUp.stats()).toEqual({ started: 1, completed: 1, skipped: 0 });
      // A change while a pass runs makes it stale: it stops, and one more pass follows.
      quiet.warmUp.schedule('default');
      await new Promise((r) => setTimeout(r, 40));
      quiet.warmUp.schedule('default');
      await quiet.warmUp.idle();
      const stats = quiet.warmUp.stats();
      expect(stats.started).toBe(3);
      expect(stats.completed + stats.skipped).toBe(3);
    } finally {
      await quiet.close();
    }
  });
});

describe('customers by segment', () => {
  let fx: DemoFixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    fx = await demoFixture({ customers: 60 });
    app = await fixtureServer(fx, { watchDataMs: 0 });
  });

  afterAll(async () => {
    await app?.close();
    fx?.cleanup();
  });

  type Customers = {
    total: number;
    items: { customer_id: string; country: string | null; plan: string | null }[];
  };
  const list = async (query: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/customers?limit=500${query}`,
      headers: bearer(fx.adminKey),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Customers>();
  };

  it('keeps the customers of a static segment, and of either value', async () => {
    const all = await list('');
    const countries = [...new Set(all.items.map((c) => c.country).filter(Boolean))] as string[];
    expect(countries.length).toBeGreaterThan(1);
    const [a, b] = countries;
    const onlyA = await list(`&segment=${encodeURIComponent(`country=${a}`)}`);
    expect(onlyA.total).toBe(all.items.filter((c) => c.country === a).length);
    expect(onlyA.items.every((c) => c.country === a)).toBe(true);
    const either = await list(`&segment=${encodeURIComponent(`country=${a}|${b}`)}`);
    expect(either.total).toBe(all.items.filter((c) => c.country === a || c.country === b).length);
  });

  it('filters by the plan in force today: every paying customer is in exactly one plan', async () => {
    const segments = await app.inject({
      method: 'GET',
      url: '/api/v1/segments',
      headers: bearer(fx.adminKey),
    });
    const plans = segments
      .json<{ items: { attribute: string; values: string[] }[] }>()
      .items.find((s) => s.attribute === 'plan')!.values;
    let sum = 0;
    for (const plan of plans) {
      const page = await list(`&status=active&segment=${encodeURIComponent(`plan=${plan}`)}`);
      // The list's own plan column is the plan the filter keeps.
      expect(page.items.every((c) => (c.plan ?? '(none)') === plan)).toBe(true);
      sum += page.total;
    }
    expect(sum).toBe((await list('&status=active')).total);
  });

  it('orders by MRR (the default, sorted once with the index) as by any key: the key, then the id', async () => {
    type Row = Customers['items'][number] & { mrr: number; name: string | null };
    const byId = (a: Row, b: Row) => (a.customer_id < b.customer_id ? -1 : 1);
    const ordered = (rows: Row[], key: 'mrr' | 'name', sign: 1 | -1) =>
      [...rows].sort((a, b) => {
        const x = a[key] ?? '';
        const y = b[key] ?? '';
        return sign * (x < y ? -1 : x > y ? 1 : 0) || byId(a, b);
      });
    const rows = (await list('&sort=customer_id')).items as Row[];
    expect(rows.length).toBeGreaterThan(40);
    expect(new Set(rows.map((r) => r.mrr)).size).toBeLessThan(rows.length); // ties to break
    const ids = (page: Customers) => page.items.map((c) => c.customer_id);
    expect(ids(await list(''))).toEqual(ordered(rows, 'mrr', -1).map((r) => r.customer_id));
    expect(ids(await list('&sort=-mrr&status=active'))).toEqual(
      ordered(rows, 'mrr', -1)
        .filter((r) => r.mrr > 0)
        .map((r) => r.customer_id),
    );
    expect(ids(await list('&sort=mrr'))).toEqual(ordered(rows, 'mrr', 1).map((r) => r.customer_id));
    expect(ids(await list('&sort=-name'))).toEqual(
      ordered(rows, 'name', -1).map((r) => r.customer_id),
    );
    const page = await list('&offset=5');
    expect(ids(page).slice(0, 7)).toEqual(
      ordered(rows, 'mrr', -1)
        .slice(5, 12)
        .map((r) => r.customer_id),
    );
  });

  it('rejects a malformed segment with 400', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/customers?segment=nonsense',
      headers: bearer(fx.adminKey),
    });
    expect(res.statusCode).toBe(400);
  });
});
