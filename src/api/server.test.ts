import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.ts';
import { computeWorkspace } from '../metrics/service.ts';
import { metricsReport, selectMetrics } from '../metrics/report.ts';
import { METRICS } from '../metrics/registry.ts';
import { buildServer, type ServerOptions } from './server.ts';
import { createFileStoreGate } from './store-gate.ts';
import { demoFixture, type DemoFixture } from '../../test/fixtures/api/test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;
const logLines: string[] = [];

function server(extra: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  return buildServer({
    gate: createFileStoreGate({ path: fx.db, open: () => openStore({ db: fx.db }) }),
    workspaceId: 'default',
    setupCode: 'setup-code-123',
    webRoot: null,
    rateLimitPerMinute: false,
    ...extra,
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function get(url: string, key: string | null = fx.adminKey): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });
}

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

function multipart(fileName: string, content: string) {
  const boundary = '----northstar-test';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  fx = await demoFixture();
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await server({ logger: true, logStream });
});

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

describe('HTTP API', () => {
  it('answers /health without credentials', async () => {
    const res = await get('/api/v1/health', null);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('requires a valid bearer key everywhere else', async () => {
    expectError(await get('/api/v1/metrics', null), 401, 'unauthorized');
    expectError(
      await get('/api/v1/metrics', 'ns_0123456789abcdef_' + 'x'.repeat(43)),
      401,
      'unauthorized',
    );
    expectError(await get('/api/v1/metrics', 'not-a-key'), 401, 'unauthorized');
    const wrongSecret = fx.adminKey.slice(0, -4) + 'AAAA';
    expectError(await get('/api/v1/metrics', wrongSecret), 401, 'unauthorized');
  });

  it('computes metrics exactly as the CLI does (same functions, same numbers)', async () => {
    const res = await get('/api/v1/metrics?metric=mrr,arr,customer_churn_rate');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      currency: string;
      periods: { metrics: Record<string, number | null> }[];
    }>();
    const store = await openStore({ db: fx.db });
    try {
      const settings = await store.workspace('default');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone }).format(
        new Date(),
      );
      const { parseIsoDay } = await import('../model/day.ts');
      const facts = await computeWorkspace(store, {
        workspaceId: 'default',
        interval: 'month',
        mode: 'event',
        to: parseIsoDay(today)!,
      });
      const expected = metricsReport(
        facts,
        selectMetrics(['mrr', 'arr', 'customer_churn_rate']),
        {},
        // These metrics need only subscriptions: nothing is missing (as the CLI reports it);
        // the running month is partial as of today, as the CLI marks it.
        { missing: {}, today },
      );
      // Beside the report: which data it reflects (nothing written since: not stale).
      const {
        as_of: asOf,
        stale,
        ...report
      } = body as typeof body & {
        as_of: string;
        stale: boolean;
      };
      expect(new Date(asOf).toISOString()).toBe(asOf);
      expect(res.headers['x-northstar-as-of']).toBe(asOf);
      expect(stale).toBe(false);
      expect(report).toEqual(expected);
    } finally {
      await store.close();
    }
    expect(body.periods.at(-1)!.metrics.mrr).toBeGreaterThan(0);
  });

  it('returns every registry metric by default and one metric with its definition', async () => {
    const all = (await get('/api/v1/metrics?from=2025-01&to=2025-03')).json<{
      periods: { period: string; metrics: Record<string, unknown> }[];
    }>();
    expect(all.periods.map((p) => p.period)).toEqual(['2025-01', '2025-02', '2025-03']);
    for (const m of METRICS) expect(all.periods[0]!.metrics).toHaveProperty(m.id);
    const one = await get('/api/v1/metrics/nrr?interval=quarter&from=2025-01&to=2025-06');
    expect(one.statusCode, one.body).toBe(200);
    const body = one.json<{
      metric: { id: string; formula: string };
      periods: { period: string }[];
    }>();
    expect(body.metric.id).toBe('nrr');
    expect(body.metric.formula.length).toBeGreaterThan(20);
    expect(body.periods.map((p) => p.period)).toEqual(['2025-Q1', '2025-Q2']);
    const defs = (await get('/api/v1/metric-definitions')).json<{ items: { id: string }[] }>();
    expect(defs.items.map((d) => d.id)).toEqual(METRICS.map((m) => m.id));
  });

  it('reports invalid input as a stable JSON error', async () => {
    const bad = await get('/api/v1/metrics?interval=fortnight');
    expectError(bad, 400, 'validation_failed');
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/interval.*month/);
    expectError(await get('/api/v1/metrics?from=2025-13'), 400, 'invalid_range');
    expectError(await get('/api/v1/metrics?from=2025-05&to=2025-01'), 400, 'invalid_range');
    expectError(await get('/api/v1/metrics?from=yesterday'), 400, 'validation_failed');
    expectError(await get('/api/v1/metrics?metric=mrr,nope'), 404, 'unknown_metric');
    expectError(await get('/api/v1/metrics/nope'), 404, 'unknown_metric');
    expectError(await get('/api/v1/customers?limit=10000'), 400, 'validation_failed');
    expectError(await get('/api/v1/no-such-route'), 404, 'not_found');
  });

  it('paginates and searches customers, and shows one with its MRR history', async () => {
    const first = (await get('/api/v1/customers?limit=5')).json<{
      items: { customer_id: string; mrr: number; status: string }[];
      total: number;
      limit: number;
      offset: number;
    }>();
    expect(first.items).toHaveLength(5);
    expect(first.total).toBeGreaterThan(10);
    expect(first.items[0]!.mrr).toBeGreaterThanOrEqual(first.items[4]!.mrr);
    const second = (await get('/api/v1/customers?limit=5&offset=5')).json<typeof first>();
    expect(second.offset).toBe(5);
    expect(second.total).toBe(first.total);
    const ids = new Set([...first.items, ...second.items].map((c) => c.customer_id));
    expect(ids.size).toBe(10);

    const id = first.items[0]!.customer_id;
    const found = (await get(`/api/v1/customers?q=${id.toUpperCase()}`)).json<typeof first>();
    expect(found.items.map((c) => c.customer_id)).toContain(id);
    const none = (await get('/api/v1/customers?q=zzz-no-such')).json<typeof first>();
    expect(none).toMatchObject({ items: [], total: 0 });

    const detail = await get(`/api/v1/customers/${id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const c = detail.json<{
      mrr: number;
      mrr_history: { date: string; mrr: number }[];
      subscriptions: unknown[];
    }>();
    expect(c.mrr_history.at(-1)!.mrr).toBe(c.mrr);
    expect(c.subscriptions.length).toBeGreaterThan(0);
    expectError(await get('/api/v1/customers/no-such-customer'), 404, 'not_found');
  });

  it('lists movements newest first with pagination, and cohorts', async () => {
    const page = (await get('/api/v1/movements?limit=3&type=new')).json<{
      items: { date: string; type: string }[];
      total: number;
    }>();
    expect(page.items).toHaveLength(3);
    expect(page.items.every((m) => m.type === 'new')).toBe(true);
    expect(page.items[0]!.date >= page.items[2]!.date).toBe(true);
    const cohorts = (await get('/api/v1/cohorts')).json<{
      cohorts: { cohort: string; months: { logo_retention: number | null }[] }[];
    }>();
    expect(cohorts.cohorts.length).toBeGreaterThan(12);
    expect(cohorts.cohorts[0]!.months[0]!.logo_retention).toBe(1);
  });

  it('lets viewers read but not write (403)', async () => {
    expect((await get('/api/v1/metrics?metric=mrr', fx.viewerKey)).statusCode).toBe(200);
    const upload = multipart('c.csv', 'customer_id\nv-1\n');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...upload.headers, ...bearer(fx.viewerKey) },
      payload: upload.payload,
    });
    expectError(res, 403, 'forbidden');
    expectError(await get('/api/v1/keys', fx.viewerKey), 403, 'forbidden');
  });

  it('imports a valid file and rejects a bad one with row-level errors, atomically', async () => {
    const before = (await get('/api/v1/me')).json<{ rows: Record<string, number> }>().rows;
    const good = multipart('customers.csv', 'customer_id,name\napi-1,Api One\napi-2,Api Two\n');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...good.headers, ...bearer(fx.adminKey) },
      payload: good.payload,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'customers', rows: 2, inserted: 2, updated: 0 });

    const bad = multipart(
      'subscriptions.csv',
      [
        'subscription_id,customer_id,amount,currency,interval,start_date',
        'api-s1,api-1,10.00,USD,month,2025-01-01',
        'api-s2,api-1,10.00,XYZ,month,2025-01-01',
        'api-s3,api-1,10.00,USD,fortnight,2025-02-30',
      ].join('\n'),
    );
    const rejected = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/subscriptions',
      headers: { ...bad.headers, ...bearer(fx.adminKey) },
      payload: bad.payload,
    });
    expectError(rejected, 422, 'import_invalid');
    const issues = rejected.json<{ error: { issues: { row: number; column: string }[] } }>().error
      .issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: 'currency' }),
        expect.objectContaining({ row: 4, column: 'interval' }),
        expect.objectContaining({ row: 4, column: 'start_date' }),
      ]),
    );
    const after = (await get('/api/v1/me')).json<{ rows: Record<string, number> }>().rows;
    expect(after.subscriptions).toBe(before.subscriptions);
    expect(after.customers).toBe(before.customers! + 2);

    const notMultipart = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...bearer(fx.adminKey), 'content-type': 'application/json' },
      payload: '{}',
    });
    expectError(notMultipart, 415, 'unsupported_media_type');
  });

  it('creates and revokes keys; a revoked key stops working at once', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/keys',
      headers: bearer(fx.adminKey),
      payload: { role: 'viewer', label: 'temp' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { key, key_id: keyId } = created.json<{ key: string; key_id: string }>();
    expect((await get('/api/v1/metrics?metric=mrr', key)).statusCode).toBe(200);
    const list = (await get('/api/v1/keys')).json<{ items: Record<string, unknown>[] }>();
    expect(list.items.map((k) => k.key_id)).toContain(keyId);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|secret/);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/keys/${keyId}`,
      headers: bearer(fx.adminKey),
    });
    expect(revoked.statusCode).toBe(204);
    expectError(await get('/api/v1/metrics?metric=mrr', key), 401, 'unauthorized');
  });

  it('sets the admin password once with the setup code, then signs in with it', async () => {
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    expect((await get('/api/v1/auth/status', null)).json()).toMatchObject({ password_set: false });
    expectError(
      await post('/api/v1/auth/setup', { setup_code: 'wrong', password: 'a long password' }),
      403,
      'forbidden',
    );
    expectError(
      await post('/api/v1/auth/setup', { setup_code: 'setup-code-123', password: 'short' }),
      400,
      'validation_failed',
    );
    const setup = await post('/api/v1/auth/setup', {
      setup_code: 'setup-code-123',
      password: 'correct horse battery',
    });
    expect(setup.statusCode, setup.body).toBe(200);
    const session = setup.json<{ token: string; role: string }>();
    expect(session.role).toBe('admin');
    expect((await get('/api/v1/me', session.token)).statusCode).toBe(200);
    expectError(
      await post('/api/v1/auth/setup', {
        setup_code: 'setup-code-123',
        password: 'another password',
      }),
      409,
      'conflict',
    );
    expectError(
      await post('/api/v1/auth/sessions', { password: 'nope nope' }),
      401,
      'unauthorized',
    );
    const signIn = await post('/api/v1/auth/sessions', { password: 'correct horse battery' });
    expect(signIn.statusCode).toBe(200);
    const token = signIn.json<{ token: string }>().token;
    expect((await get('/api/v1/keys', token)).statusCode).toBe(200);
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions/current',
      headers: bearer(token),
    });
    expect(out.statusCode).toBe(204);
    expectError(await get('/api/v1/me', token), 401, 'unauthorized');
  });

  it('publishes a valid OpenAPI 3 document and the docs page', async () => {
    const res = await get('/api/v1/openapi.json', null);
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toMatch(/^3\.0\./);
    for (const path of [
      '/api/v1/health',
      '/api/v1/metrics',
      '/api/v1/metrics/{id}',
      '/api/v1/movements',
      '/api/v1/cohorts',
      '/api/v1/customers',
      '/api/v1/customers/{id}',
      '/api/v1/imports/{kind}',
      '/api/v1/metric-definitions',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!methods.includes(method)) continue;
        expect(op.responses, `${method} ${path}`).toBeDefined();
        expect(Object.keys(op.responses!).length).toBeGreaterThan(0);
      }
    }
    // Every reference resolves inside the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas).toHaveProperty(ref.split('/').pop()!);
    }
    const docs = await get('/api/v1/docs/', null);
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });

  it('never logs a secret', () => {
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(fx.adminKey);
    expect(log).not.toContain(fx.viewerKey);
    expect(log).not.toMatch(/ns_[0-9a-f]{16}_|nss_|correct horse|authorization/i);
  });

  it('rate-limits clients', async () => {
    const limited = await server({ rateLimitPerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await limited.inject({ method: 'GET', url: '/api/v1/health' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const res = await limited.inject({ method: 'GET', url: '/api/v1/health' });
      expectError(res, 429, 'rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('counts API requests only: clicking through the dashboard reloads its files freely', async () => {
    const web = mkdtempSync(join(tmpdir(), 'northstar-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Northstar</title>');
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'assets', 'app.js'), 'export {};');
    const limited = await server({ rateLimitPerMinute: 3, webRoot: web });
    try {
      for (let i = 0; i < 10; i++)
        for (const url of ['/', '/goals', '/assets/app.js'])
          expect((await limited.inject({ method: 'GET', url })).statusCode, url).toBe(200);
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await limited.inject({ method: 'GET', url: '/api/v1/health' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});
