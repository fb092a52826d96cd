import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../auth/keys.ts';
import { openStore } from '../store/open.ts';
import type { ServerOptions } from './server.ts';
import { createFileStoreGate, type StoreGate } from './store-gate.ts';
import { KeyDirectory } from './key-directory.ts';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../test/fixtures/api/test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;
let opens = 0;
/** The key directory's clock: real time, unless a test holds it still. */
let heldClock: number | null = null;
const log: string[] = [];

function captured(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
}

/** The fixture's server, counting how often the database file is opened. */
function countingServer(extra: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const gate = createFileStoreGate({
    path: fx.db,
    open: () => {
      opens++;
      return openStore({ db: fx.db });
    },
  });
  // No file watching: the servers of this file share one database and write to it.
  return fixtureServer(fx, {
    gate,
    watchDataMs: 0,
    keyDirectoryClock: () => heldClock ?? Date.now(),
    ...extra,
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function post(url: string, payload: string | object, key: string | null = fx.viewerKey) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(key ? bearer(key) : {}) },
    payload,
  });
}

function expectError(res: LightMyRequestResponse, status: number, code: string): string {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe(code);
  return body.error.message;
}

beforeAll(async () => {
  fx = await demoFixture({ customers: 30 });
  // No `logger`: what the operator gets by default.
  app = await countingServer({ logStream: captured(log) });
  app.get('/boom', async () => {
    throw new Error('kaboom from a handler');
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

describe('request bodies', () => {
  it('refuses an unknown field, naming it (a typo must not compute something else)', async () => {
    const message = expectError(
      await post('/api/v1/scenario', { 'new-growth': '+5%' }),
      400,
      'validation_failed',
    );
    expect(message).toBe('body has an unknown field "new-growth"');
    expect(
      expectError(
        await post('/api/v1/keys', { role: 'viewer', lable: 'x' }, fx.adminKey),
        400,
        'validation_failed',
      ),
    ).toContain('"lable"');
    expect(
      expectError(
        await post(
          '/api/v1/goals',
          {
            name: 'g',
            kind: 'number',
            start: '2026-01-01',
            due: '2026-12-31',
            taregt: 5,
          },
          fx.adminKey,
        ),
        400,
        'validation_failed',
      ),
    ).toContain('"taregt"');
    expect(
      expectError(
        await post(
          '/api/v1/alerts/rules',
          { kind: 'threshold', name: 'r', metric: 'mrr', op: 'above', value: 1, colour: 'red' },
          fx.adminKey,
        ),
        400,
        'validation_failed',
      ),
    ).toBe('body has an unknown field "colour"');
    // A rule is validated as the kind it names: errors are about that kind only.
    expect(
      expectError(
        await post(
          '/api/v1/alerts/rules',
          { kind: 'change', name: 'r', metric: 'mrr', direction: 'up', window: 'soon' },
          fx.adminKey,
        ),
        400,
        'validation_failed',
      ),
    ).toBe('body.window must be integer');
  });

  it('refuses numbers out of range instead of computing NaN (viewer key, scenario)', async () => {
    for (const body of [
      { price: 1e308 },
      { new_growth: 1e300 },
      { costs: 1e308 },
      { churn: -1e308 },
      { plan_prices: { Pro: 1e308 } },
      { costs: '=1e308' },
      { new_growth: `+${'9'.repeat(400)}%` },
    ])
      expectError(await post('/api/v1/scenario', body), 400, 'validation_failed');
    // JSON numbers beyond floating point parse as Infinity: refused too.
    expect((await post('/api/v1/scenario', '{"price": 1e400}')).statusCode).toBe(400);
    // The largest changes allowed still give finite numbers.
    const res = await post('/api/v1/scenario', {
      new_growth: 100,
      expansion: '+9999%',
      costs: '=999999999999',
      price: 100,
      horizon: 120,
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('answers deeply nested JSON and bodies that are no object with 400, on every kind of body', async () => {
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const url of ['/api/v1/scenario', '/api/v1/goals', '/api/v1/alerts/rules', '/api/v1/keys'])
      for (const payload of [
        deep(50_000),
        `{"plan_prices": ${deep(5_000)}}`,
        `{"name": ${deepArray(50_000)}}`,
        deepArray(100_000),
        'null',
        '[]',
        '"text"',
        '1e400',
      ]) {
        const res = await post(url, payload, fx.adminKey);
        expect(res.statusCode, `${url}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
      }
  });
});

describe('requests the API fuzz found reaching a 500 (or the end of memory)', () => {
  it('are answered without a 5xx', async () => {
    const get = (url: string) => app.inject({ method: 'GET', url, headers: bearer(fx.viewerKey) });
    // A range far in the future ran the engine out of memory (years are 1970-2100 now).
    expectError(await get('/api/v1/movements?to=8985-05'), 400, 'validation_failed');
    expectError(await get('/api/v1/metrics?from=0001-01'), 400, 'validation_failed');
    // Within those years, a range of 48,000 days took 19-37 s and up to 1.9 GB: bounded.
    const dayRange = await get('/api/v1/metrics?interval=day&from=1970-01');
    expect(expectError(dayRange, 400, 'invalid_range')).toMatch(/3,660 periods/);
    expect(expectError(await get('/api/v1/movements?to=2100-12'), 400, 'invalid_range')).toMatch(
      /ahead/,
    );
    const recent = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    expect((await get(`/api/v1/metrics?metric=mrr&interval=day&from=${recent}`)).statusCode).toBe(
      200,
    );
    expect((await get('/api/v1/metrics?metric=mrr&interval=month&from=1990-01')).statusCode).toBe(
      200,
    );
    // A discount rate that underflows, or one too small for the DERL series to converge.
    expectError(await get('/api/v1/retention?discount_rate=2.5e-323'), 400, 'validation_failed');
    expectError(await get('/api/v1/retention?discount_rate=0.0001'), 400, 'validation_failed');
    // Numbers beyond floating point in a query: Ajv made them Infinity and skipped the
    // bounds; `horizon=1e400` ended the server process.
    for (const url of [
      '/api/v1/forecast?horizon=1e400',
      '/api/v1/customers?limit=1e400',
      '/api/v1/movements?offset=-1e400',
      '/api/v1/risk?limit=1E999',
      '/api/v1/risk?offset=Infinity',
      '/api/v1/customers?limit=-Infinity',
    ])
      expect(expectError(await get(url), 400, 'validation_failed')).toMatch(/out of range/);
    // One backtest origin (the calibration divided by zero).
    const forecast = await get('/api/v1/forecast?horizon=60&origins=1');
    expect(forecast.statusCode, forecast.body).toBeLessThan(500);
  });
});

describe('unexpected errors', () => {
  it('are logged with their stack and a request id that the 500 answer repeats, by default', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    const error = res.json<{ error: { code: string; message: string; request_id: string } }>()
      .error;
    expect(error.code).toBe('internal');
    expect(error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(error.request_id);
    const line = log.find((l) => l.includes(error.request_id));
    expect(line, log.join('')).toBeDefined();
    const entry = JSON.parse(line!) as { reqId: string; err: { stack: string; message: string } };
    expect(entry.reqId).toBe(error.request_id);
    expect(entry.err.message).toBe('kaboom from a handler');
    expect(entry.err.stack).toMatch(/hardening\.test\.ts/);
    // Ordinary requests are not logged when the log is off.
    const before = log.length;
    await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(log.length).toBe(before);
  });
});

describe('API keys', () => {
  it('refuses unknown key ids without opening the database (or filling its cache)', async () => {
    const unknown = (i: number) =>
      app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: bearer(`ns_${i.toString(16).padStart(16, 'e')}_${'A'.repeat(43)}`),
      });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(fx.viewerKey) }))
        .statusCode,
    ).toBe(200);
    // Earlier tests wrote: the work their writes started in the background (alerts, the
    // cache warm-up) opens the file itself, so it must be over before opens are counted.
    await app.background.idle();
    await app.warmUp.idle();
    // The first miss refreshes the directory (that read may open the file); the clock is
    // then held within the refresh window, which on a loaded machine 50 requests may outlast.
    expectError(await unknown(999), 401, 'unauthorized');
    heldClock = Date.now();
    try {
      const before = opens;
      for (let i = 0; i < 50; i++) expectError(await unknown(i), 401, 'unauthorized');
      expect(opens).toBe(before);
      // What real keys read is still cached: no database open for them either.
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(fx.viewerKey) }))
          .statusCode,
      ).toBe(200);
      expect(opens).toBe(before);
    } finally {
      heldClock = null;
    }
  });

  it('finds a key created by another process (the CLI) after the directory refreshes', async () => {
    let now = 1_000_000;
    const ids = ['a'];
    let reads = 0;
    const gate = {
      run: async <T>(work: (store: never) => Promise<T>) => {
        reads++;
        return work({ listApiKeyIds: async () => [...ids] } as never);
      },
      version: async () => 'v',
    } as unknown as StoreGate;
    const directory = new KeyDirectory(gate, () => now);
    expect(await directory.mayExist('a')).toBe(true);
    expect(reads).toBe(1);
    ids.push('b');
    // Within a second, misses are answered from memory however many there are.
    for (let i = 0; i < 100; i++) expect(await directory.mayExist(`x${i}`)).toBe(false);
    expect(await directory.mayExist('b')).toBe(false);
    expect(reads).toBe(1);
    now += 1000;
    expect(await directory.mayExist('b')).toBe(true);
    expect(reads).toBe(2);
    expect(await directory.mayExist('a')).toBe(true);
    expect(reads).toBe(2);
  });

  it('accepts a key written to the database by the CLI while the server runs', async () => {
    const created = await newApiKey({ workspaceId: 'default', role: 'viewer' });
    const store = await openStore({ db: fx.db });
    try {
      await store.createApiKey(created.record);
    } finally {
      await store.close();
    }
    // The first request may come within the directory's one-second refresh: retry up to 3 s.
    let status = 0;
    for (let attempt = 0; attempt < 30 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      status = (
        await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.token) })
      ).statusCode;
    }
    expect(status).toBe(200);
  });

  it('accepts the bearer scheme in any case (RFC 7235)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer'])
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/v1/me',
            headers: { authorization: `${scheme} ${fx.viewerKey}` },
          })
        ).statusCode,
      ).toBe(200);
  });

  it('limits password sign-in even with the global rate limit off', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++)
      codes.push(
        (await post('/api/v1/auth/sessions', { password: `wrong ${i}` }, null)).statusCode,
      );
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // Other routes stay unlimited.
    for (let i = 0; i < 30; i++)
      expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  let web: string;
  let withWeb: FastifyInstance;

  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'northstar-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Northstar</title>');
    withWeb = await countingServer({ webRoot: web });
  });

  afterAll(async () => {
    await withWeb?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('the dashboard and the docs: a content security policy, and never in a frame', async () => {
    for (const url of ['/', '/customers', '/api/v1/docs', '/api/v1/docs/']) {
      const res = await withWeb.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(400);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-eval');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('no cache keeps a session token, a new key or any API answer', async () => {
    const signedIn = await withWeb.inject({
      method: 'POST',
      url: '/api/v1/keys',
      headers: bearer(fx.adminKey),
      payload: { role: 'viewer', label: 'cache test' },
    });
    expect(signedIn.statusCode).toBe(201);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    for (const url of ['/api/v1/keys', '/api/v1/me', '/api/v1/auth/status']) {
      const res = await withWeb.inject({ method: 'GET', url, headers: bearer(fx.adminKey) });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const wrong = await withWeb.inject({
      method: 'POST',
      url: '/api/v1/auth/sessions',
      payload: { password: 'not it at all' },
    });
    expect(wrong.headers['cache-control']).toBe('no-store');
  });

  it('the OpenAPI document asks no credential of public routes', async () => {
    const doc = (await withWeb.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      security: unknown[];
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const [path, method] of [
      ['/api/v1/health', 'get'],
      ['/api/v1/auth/status', 'get'],
      ['/api/v1/auth/sessions', 'post'],
      ['/api/v1/auth/setup', 'post'],
      ['/api/v1/webhooks/stripe', 'post'],
    ] as const)
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([]);
    expect(doc.paths['/api/v1/metrics']?.get?.security).toBeUndefined();
  });
});

describe('Stripe webhook signatures', () => {
  const secret = 'whsec_hardening_test';
  let stripeApp: FastifyInstance;

  beforeAll(async () => {
    stripeApp = await countingServer({ stripeWebhookSecret: secret });
  });

  afterAll(async () => {
    await stripeApp?.close();
  });

  function deliver(timestamp: number) {
    const payload = JSON.stringify({
      id: `evt_future_${timestamp}`,
      object: 'event',
      type: 'customer.created',
      created: timestamp,
      data: { object: { id: 'cus_future', object: 'customer', created: timestamp } },
    });
    return stripeApp.inject({
      method: 'POST',
      url: '/api/v1/webhooks/stripe',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload,
          secret,
          timestamp,
        }),
      },
      payload,
    });
  }

  it('refuses a signature dated in the future (replayable until then), accepts a current one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await deliver(now + 3600);
    expect(expectError(future, 400, 'invalid_signature')).toMatch(/future/);
    const current = await deliver(now);
    expect(current.statusCode, current.body).toBe(200);
  });
});
