import { existsSync } from 'node:fs';
import Stripe from 'stripe';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventOf,
  price,
  subscription,
  subscriptionItem,
} from '../../../test/fixtures/integrations/stripe/objects.ts';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../../test/fixtures/api/test-fixture.ts';
import { freshAnswer } from '../../../test/fixtures/api/fresh-answer.ts';

const SECRET = 'whsec_api_test';
/** A metric computed from usage events. */
const USAGE_METRIC = 'dau';
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
  const res = await freshAnswer(() =>
    app.inject({ method: 'GET', url: '/api/v1/metrics?metric=mrr', headers: bearer(fx.adminKey) }),
  );
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
    // What it remembers is in the database, not in files beside it.
    expect(existsSync(`${fx.db}.stripe-events.json`)).toBe(false);

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

describe('Stripe webhooks across server restarts (DuckDB)', () => {
  const pro = subscription({
    id: 'sub_restart',
    customer: 'cus_restart',
    items: {
      object: 'list',
      data: [
        subscriptionItem({ id: 'si_r', price: price({ id: 'price_pro', unit_amount: 9900 }) }),
      ],
      has_more: false,
      url: '',
    },
  });
  const starter = subscription({
    id: 'sub_restart',
    customer: 'cus_restart',
    items: { object: 'list', data: [subscriptionItem({ id: 'si_r' })], has_more: false, url: '' },
  });
  const deliverTo = async (server: FastifyInstance, event: Record<string, unknown>) => {
    const payload = JSON.stringify(event);
    const res = await webhook(
      payload,
      Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
      server,
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ status: string }>().status;
  };
  // A database of its own: no other server of this file works on it in the background.
  let own: DemoFixture;
  beforeAll(async () => {
    own = await demoFixture({ customers: 5 });
  }, 60_000);
  afterAll(() => own?.cleanup());
  const amount = async () => {
    const { openStore } = await import('../../store/open.ts');
    const store = await openStore({ db: own.db });
    try {
      return (await store.readRowsByKeyPrefix('default', 'subscriptions', 'sub_restart/')).map(
        (r) => r.amount,
      );
    } finally {
      await store.close();
    }
  };

  it('replays and older snapshots change nothing after a restart (#17.1, #17.2)', async () => {
    const T = Math.floor(Date.now() / 1000) - 600;
    const applied = eventOf('customer.subscription.updated', pro, { id: 'evt_r_new', created: T });
    const older = eventOf('customer.subscription.updated', starter, {
      id: 'evt_r_old',
      created: T - 30,
    });
    const sameSecond = eventOf('customer.subscription.updated', starter, {
      id: 'evt_r_same',
      created: T,
    });
    for (const [event, expected] of [
      [applied, 'applied'],
      [applied, 'duplicate'],
      [older, 'stale'],
      [sameSecond, 'stale'],
    ] as const) {
      // A new server for every delivery: nothing is carried over in memory.
      const server = await fixtureServer(own, { stripeWebhookSecret: SECRET });
      try {
        expect(await deliverTo(server, event)).toBe(expected);
      } finally {
        await server.close();
      }
      expect(await amount()).toEqual([9900]);
    }
  });

  it('answers 400 naming the reason for a payload no API version explains', async () => {
    const payload = JSON.stringify(
      eventOf('invoice.paid', { id: 'in_broken', object: 'invoice' }, { id: 'evt_in_broken' }),
    );
    const res = await webhook(
      payload,
      Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(
      /in_broken: has no lines list/,
    );
  });

  it('refuses a signature dated beyond the tolerance in the future', async () => {
    const payload = JSON.stringify(
      eventOf('customer.created', { id: 'cus_f', object: 'customer' }),
    );
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 3600,
    });
    const res = await webhook(payload, header);
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('invalid_signature');
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

  it('leaves the MRR overview current (no recompute); what reads events is recomputed', async () => {
    const metrics = (ids: string) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/metrics?metric=${ids}`,
        headers: bearer(fx.adminKey),
      });
    const answer = (res: LightMyRequestResponse) => res.json<{ stale: boolean; as_of: string }>();
    const overview = answer(await freshAnswer(() => metrics('mrr,arr,customers')));
    const usage = answer(await freshAnswer(() => metrics(USAGE_METRIC)));
    const event = { customer_id: 'c1', user_id: 'u9', event: 'login' };
    const res = await post(JSON.stringify([{ ...event, occurred_at: '2025-03-02T10:00:00Z' }]));
    expect(res.json<{ inserted: number }>().inserted).toBe(1);
    // The same answer, not a stale one: events do not change MRR.
    expect(answer(await metrics('mrr,arr,customers'))).toMatchObject(overview);
    expect(answer(await metrics(USAGE_METRIC))).toMatchObject({ stale: true, as_of: usage.as_of });
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

  it('stores a batch and its idempotency keys in one transaction: a landed batch replays as duplicates (#17.9)', async () => {
    const { openStore } = await import('../../store/open.ts');
    const { createFileStoreGate } = await import('../store-gate.ts');
    // A server whose process dies right after the events land: any later write fails. With
    // the keys written apart from the events the batch would land without its keys.
    let landed = false;
    const dying = await fixtureServer(fx, {
      gate: createFileStoreGate({
        path: fx.db,
        open: async () => {
          const store = await openStore({ db: fx.db });
          return new Proxy(store, {
            get(target, property, receiver) {
              const value = Reflect.get(target, property, receiver) as unknown;
              if (typeof value !== 'function') return value;
              return async (...args: unknown[]) => {
                if (landed && (property === 'putDocument' || property === 'upsert'))
                  throw new Error('killed');
                const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(
                  target,
                  args,
                );
                if (property === 'upsert') landed = true;
                return result;
              };
            },
          });
        },
      }),
    });
    const lines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({
        occurred_at: Date.parse('2025-05-01T00:00:00Z') + i * 1000,
        customer_id: 'c1',
        user_id: `kill-${i}`,
        event: 'api.call',
        id: `kill-${i}`,
      }),
    ).join('\n');
    const send = (server: FastifyInstance) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { 'content-type': 'application/x-ndjson', ...bearer(fx.adminKey) },
        payload: lines,
      });
    try {
      await send(dying);
    } finally {
      await dying.close();
    }
    expect(landed).toBe(true);
    const restarted = await fixtureServer(fx);
    try {
      const replay = (await send(restarted)).json<{
        accepted: number;
        updated: number;
        duplicates: number[];
      }>();
      expect(replay).toMatchObject({ accepted: 0, updated: 0, duplicates: [0, 1, 2, 3, 4] });
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
