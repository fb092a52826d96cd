import { existsSync } from 'node:fs';
import Stripe from 'stripe';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventOf, subscription } from '../../../test/fixtures/integrations/stripe/objects.ts';
import { demoFixture, fixtureServer, type DemoFixture } from '../test-fixture.ts';

const SECRET = 'whsec_api_test';
let fx: DemoFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await demoFixture({ customers: 40 });
  app = await fixtureServer(fx, { stripeWebhookSecret: SECRET });
});

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function currentMrr(): Promise<number> {
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/metrics?metric=mrr',
    headers: bearer(fx.adminKey),
  });
  return res.json<{ periods: { metrics: { mrr: number } }[] }>().periods.at(-1)!.metrics.mrr;
}

function webhook(
  body: string,
  signature: string | null,
  target = app,
): Promise<LightMyRequestResponse> {
  return target.inject({
    method: 'POST',
    url: '/api/v1/webhooks/stripe',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    },
    payload: body,
  });
}

const errorCode = (res: LightMyRequestResponse) =>
  res.json<{ error: { code: string } }>().error.code;

describe('POST /api/v1/webhooks/stripe', () => {
  const event = eventOf(
    'customer.subscription.created',
    subscription({ id: 'sub_api', customer: 'cus_api' }),
    { id: 'evt_api_1' },
  );
  const body = JSON.stringify(event, null, 2);

  it('applies a signed event once and the metrics follow', async () => {
    const before = await currentMrr();
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    const res = await webhook(body, header);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'applied',
      event_id: 'evt_api_1',
      rows: { subscriptions: 1 },
    });
    expect(await currentMrr()).toBeCloseTo(before + 49, 6);
    expect(existsSync(`${fx.db}.stripe-events.json`)).toBe(true);

    // The same delivery again (Stripe retries): recorded as a duplicate, nothing changes.
    const again = await webhook(
      body,
      Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }),
    );
    expect(again.statusCode).toBe(200);
    expect(again.json<{ status: string }>().status).toBe('duplicate');
    expect(await currentMrr()).toBeCloseTo(before + 49, 6);
  });

  it('refuses forged, tampered and unsigned deliveries with 400 and changes nothing', async () => {
    const before = await currentMrr();
    const forged = eventOf(
      'customer.subscription.created',
      subscription({ id: 'sub_forged', customer: 'cus_x' }),
      { id: 'evt_forged' },
    );
    const forgedBody = JSON.stringify(forged);
    const wrongKey = Stripe.webhooks.generateTestHeaderString({
      payload: forgedBody,
      secret: 'whsec_other',
    });
    for (const res of [
      await webhook(forgedBody, wrongKey),
      await webhook(
        `${body} `,
        Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }),
      ),
      await webhook(forgedBody, null),
    ]) {
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('invalid_signature');
    }
    expect(await currentMrr()).toBe(before);
  });

  it('answers 400 when no endpoint secret is configured', async () => {
    const unconfigured = await fixtureServer(fx, { stripeWebhookSecret: null });
    try {
      const res = await webhook(
        body,
        Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }),
        unconfigured,
      );
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('not_configured');
    } finally {
      await unconfigured.close();
    }
  });
});

describe('POST /api/v1/events', () => {
  const post = (payload: string, contentType = 'application/json', key = fx.adminKey) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'content-type': contentType, ...bearer(key) },
      payload,
    });
  const counts = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(fx.adminKey) })).json<{
      rows: { events: number };
    }>().rows.events;

  it('accepts valid events and reports rejects per index', async () => {
    const before = await counts();
    const events = [
      {
        occurred_at: '2025-03-01T10:00:00Z',
        customer_id: 'c1',
        user_id: 'u1',
        event: 'login',
        idempotency_key: 'k1',
      },
      {
        occurred_at: 'yesterday',
        customer_id: 'c1',
        user_id: 'u1',
        event: 'login',
        idempotency_key: 'k2',
      },
      {
        occurred_at: '2025-03-01T11:00:00Z',
        customer_id: 'c1',
        user_id: 'u2',
        event: 'export',
        idempotency_key: 'k3',
      },
      { occurred_at: '2025-03-01T11:00:00Z', user_id: 'u2', event: 'export' },
      {
        occurred_at: '2025-03-01T12:00:00Z',
        customer_id: 'c1',
        user_id: 'u2',
        event: 'export',
        idempotency_key: 'k1',
      },
    ];
    const res = await post(JSON.stringify(events));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      total: number;
      accepted: number;
      inserted: number;
      duplicates: number[];
      rejected: { index: number; reasons: string[] }[];
    }>();
    expect(body).toMatchObject({ total: 5, accepted: 2, inserted: 2, duplicates: [4] });
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(body.rejected[0]!.reasons.join()).toMatch(/occurred_at/);
    expect(body.rejected[1]!.reasons.join()).toMatch(/customer_id/);
    expect(await counts()).toBe(before + 2);
  });

  it('takes NDJSON, and a replayed batch writes nothing new', async () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        occurred_at: Date.parse('2025-04-01T00:00:00Z') + i * 1000,
        customer_id: `c${i % 5}`,
        user_id: `u${i}`,
        event: 'api.call',
        id: `nd-${i}`,
      }),
    ).join('\n');
    const before = await counts();
    const first = (await post(lines, 'application/x-ndjson')).json<{
      accepted: number;
      inserted: number;
    }>();
    expect(first).toMatchObject({ accepted: 50, inserted: 50 });
    const replay = await post(lines, 'application/x-ndjson');
    expect(replay.statusCode).toBe(200);
    const again = replay.json<{
      accepted: number;
      inserted: number;
      updated: number;
      duplicates: number[];
    }>();
    expect(again).toMatchObject({ accepted: 0, inserted: 0, updated: 0 });
    expect(again.duplicates).toHaveLength(50);
    expect(await counts()).toBe(before + 50);

    // Remembered across restarts: a new server on the same database still knows the keys.
    const restarted = await fixtureServer(fx);
    try {
      const res = await restarted.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { 'content-type': 'application/x-ndjson', ...bearer(fx.adminKey) },
        payload: lines,
      });
      expect(res.json<{ accepted: number }>().accepted).toBe(0);
    } finally {
      await restarted.close();
    }
  });

  it('refuses viewers, unreadable bodies and oversized batches', async () => {
    expect((await post('[]', 'application/json', fx.viewerKey)).statusCode).toBe(403);
    const bad = await post('[{"a":', 'application/json');
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('bad_request');
    const big = JSON.stringify(Array.from({ length: 10_001 }, () => ({})));
    const tooMany = await post(big);
    expect(tooMany.statusCode).toBe(413);
    expect(errorCode(tooMany)).toBe('payload_too_large');
  });
});
