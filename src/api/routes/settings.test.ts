import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../notify/webhook.ts';
import { PROFILE_DEFINITIONS } from '../../model/workspace.ts';
import { northstarOn } from '../../../test/cli/run-cli.ts';
import { freshAnswer } from '../../../test/fixtures/api/fresh-answer.ts';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../../test/fixtures/api/test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await demoFixture({ customers: 30 });
  app = await fixtureServer(fx, { watchDataMs: 0 });
}, 120_000);

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

function call(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  key: string = fx.adminKey,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

type Settings = Record<string, unknown>;

describe('workspace settings', () => {
  it('shows every setting with its default; viewers read, only admins change', async () => {
    const shown = await call('GET', '/api/v1/settings', undefined, fx.viewerKey);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json<Settings>()).toMatchObject({
      currency: 'USD',
      time_zone: 'UTC',
      profile: 'northstar',
      churn_window: 'calendar',
      discounts: 'all',
      reactivation_window_days: null,
      activation_event: 'activated',
      locale: 'en-US',
      demo: true,
    });
    const refused = await call('PATCH', '/api/v1/settings', { currency: 'EUR' }, fx.viewerKey);
    expect(refused.statusCode).toBe(403);
  });

  it('refuses unknown fields, values and currencies with a message naming them', async () => {
    const typo = await call('PATCH', '/api/v1/settings', { curency: 'EUR' });
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('curency');
    const profile = await call('PATCH', '/api/v1/settings', { profile: 'excel' });
    expect(profile.statusCode).toBe(400);
    const currency = await call('PATCH', '/api/v1/settings', { currency: 'XYZ' });
    expect(currency.statusCode).toBe(400);
    expect(currency.json<{ error: { message: string } }>().error.message).toContain('XYZ');
    const zone = await call('PATCH', '/api/v1/settings', { time_zone: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(400);
    expect(zone.body).toContain('Mars/Olympus');
    const locale = await call('PATCH', '/api/v1/settings', { locale: 'not a locale' });
    expect(locale.statusCode).toBe(400);
    expect(locale.body).toContain('not a locale');
    expect((await call('PATCH', '/api/v1/settings', {})).statusCode).toBe(400);
  });

  it('a change through the API is what `northstar workspace` reads, and back', async () => {
    const changed = await call('PATCH', '/api/v1/settings', {
      profile: 'baremetrics',
      currency: 'eur',
      time_zone: 'Europe/Warsaw',
      count_join_and_leave: false,
      locale: 'pl-pl',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    // The profile's switches first, then the switch given with it refines them.
    expect(changed.json<Settings>()).toMatchObject({
      profile: 'baremetrics',
      churn_window: PROFILE_DEFINITIONS.baremetrics.churnWindow,
      count_join_and_leave: false,
      currency: 'EUR',
      time_zone: 'Europe/Warsaw',
      locale: 'pl-PL',
    });

    // The CLI runs in this process here, as a second DuckDB instance on the file, which
    // only the server's own lock would keep apart from its background warm-up (a real CLI
    // is another process: DuckDB's file lock keeps them apart). Let the warm-up finish.
    await app.warmUp.idle();
    await app.background.idle();
    const cli = northstarOn(fx.db);
    const read = await cli('workspace');
    expect(read.code, read.stderr).toBe(0);
    const { settings } = JSON.parse(read.stdout) as { settings: Settings };
    expect(settings).toMatchObject({
      profile: 'baremetrics',
      churnWindow: 'rolling_30_days',
      countJoinAndLeave: false,
      currency: 'EUR',
      timeZone: 'Europe/Warsaw',
      locale: 'pl-PL',
    });

    const set = await cli('workspace', '--profile', 'northstar', '--currency', 'USD');
    expect(set.code, set.stderr).toBe(0);
    const after = (await call('GET', '/api/v1/settings')).json<Settings>();
    expect(after).toMatchObject({
      profile: 'northstar',
      currency: 'USD',
      churn_window: 'calendar',
    });
    expect((await call('GET', '/api/v1/me')).json<{ settings: Settings }>().settings.currency).toBe(
      'USD',
    );
  });

  it('a profile change reaches the figures (no stale cached answer)', async () => {
    // Right after a change the server may answer from its last result, marked stale.
    const churn = async () =>
      (await freshAnswer(() => call('GET', '/api/v1/metrics?metric=customer_churn_rate'))).json<{
        periods: { metrics: Record<string, number | null> }[];
      }>();
    const before = await churn();
    expect(
      (await call('PATCH', '/api/v1/settings', { churn_denominator: 'start_plus_new' })).statusCode,
    ).toBe(200);
    const after = await churn();
    const values = (body: typeof before) => JSON.stringify(body.periods.map((p) => p.metrics));
    expect(values(after)).not.toBe(values(before));
    await call('PATCH', '/api/v1/settings', { churn_denominator: 'start' });
    expect(values(await churn())).toBe(values(before));
  });
});

describe('outgoing webhooks', () => {
  let receiver: Server;
  let url = '';
  const received: { body: string; signature: string; timestamp: number }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({
          body,
          signature: String(req.headers[SIGNATURE_HEADER]),
          timestamp: Number(req.headers[TIMESTAMP_HEADER]),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('creates (secret shown once), lists masked, tests a signed delivery and deletes', async () => {
    expect((await call('GET', '/api/v1/webhooks', undefined, fx.viewerKey)).statusCode).toBe(403);
    const bad = await call('POST', '/api/v1/webhooks', { url, events: ['movement.deleted'] });
    expect(bad.statusCode).toBe(400);
    const created = await call('POST', '/api/v1/webhooks', {
      url,
      events: ['movement.created'],
      description: 'CRM',
    });
    expect(created.statusCode, created.body).toBe(201);
    const subscription = created.json<{ id: string; secret: string }>();
    expect(subscription.secret).toMatch(/^[0-9a-f]{64}$/);

    const list = (await call('GET', '/api/v1/webhooks')).json<{
      items: { id: string; secret: string; description: string }[];
    }>();
    const listed = list.items.find((s) => s.id === subscription.id)!;
    expect(listed.description).toBe('CRM');
    expect(listed.secret).toBe(`${subscription.secret.slice(0, 4)}…`);

    const test = await call('POST', `/api/v1/webhooks/${subscription.id}/test`);
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json()).toEqual({ ok: true, status_code: 204, error: null });
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'webhook.test', workspace: 'default' });
    expect(
      verifySignature(subscription.secret, delivery.timestamp, delivery.body, delivery.signature),
    ).toBe(true);

    const removed = await call('DELETE', `/api/v1/webhooks/${subscription.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/webhooks/${subscription.id}`)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/webhooks/${subscription.id}/test`)).statusCode).toBe(404);
  });

  it('says what a failing receiver answered', async () => {
    const created = (
      await call('POST', '/api/v1/webhooks', {
        url: 'http://127.0.0.1:9/unreachable',
        events: ['metrics.updated'],
      })
    ).json<{ id: string }>();
    const test = (await call('POST', `/api/v1/webhooks/${created.id}/test`)).json<{
      ok: boolean;
      error: string | null;
    }>();
    expect(test.ok).toBe(false);
    expect(test.error).toBeTruthy();
    await call('DELETE', `/api/v1/webhooks/${created.id}`);
  });
});
