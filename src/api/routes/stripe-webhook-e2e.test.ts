/**
 * Issue 5 acceptance, end to end through the HTTP server: a valid signed upgrade updates the
 * metrics by the hand-computed amount; replaying it, forging it, or delivering an older
 * snapshot after it changes nothing. (ingest.test.ts covers a first delivery, a replay of a
 * creation and the signature refusals; this file covers what an upgrade adds.)
 */
import Stripe from 'stripe';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  T0,
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

const SECRET = 'whsec_upgrade_e2e';
let fx: DemoFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await demoFixture({ customers: 10 });
  app = await fixtureServer(fx, { stripeWebhookSecret: SECRET });
});

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

const auth = () => ({ authorization: `Bearer ${fx.adminKey}` });

async function currentMrr(): Promise<number> {
  const res = await freshAnswer(() =>
    app.inject({ method: 'GET', url: '/api/v1/metrics?metric=mrr', headers: auth() }),
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ periods: { metrics: { mrr: number } }[] }>().periods.at(-1)!.metrics.mrr;
}

async function movementsOf(customerId: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/movements?customer_id=${customerId}&limit=100`,
    headers: auth(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json<{ items: { date: string; type: string; amount: number }[] }>()
    .items.map((m) => [m.date, m.type, m.amount]);
}

function deliver(event: Record<string, unknown>, secret = SECRET): Promise<LightMyRequestResponse> {
  const body = JSON.stringify(event);
  return app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/stripe',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }),
    },
    payload: body,
  });
}

const statusOf = (res: LightMyRequestResponse) => res.json<{ status: string }>().status;

describe('Stripe webhooks through the HTTP server: an upgrade', () => {
  const now = Math.floor(Date.now() / 1000);
  const today = new Date(now * 1000).toISOString().slice(0, 10);
  const starter = price({ id: 'price_starter', unit_amount: 4900 });
  const pro = price({ id: 'price_pro', unit_amount: 9900 });
  const before = subscription({
    id: 'sub_up',
    customer: 'cus_up',
    items: {
      object: 'list',
      data: [subscriptionItem({ id: 'si_starter', subscription: 'sub_up', price: starter })],
      has_more: false,
      url: '/v1/subscription_items?subscription=sub_up',
    },
  });
  // The upgrade replaces the Starter item by a Pro item, created today.
  const after = subscription({
    ...before,
    items: {
      ...before.items,
      data: [
        subscriptionItem({ id: 'si_pro', subscription: 'sub_up', price: pro, created: now - 60 }),
      ],
    },
  });
  const created = eventOf('customer.subscription.created', before, {
    id: 'evt_up_created',
    created: T0,
  });
  const upgraded = eventOf('customer.subscription.updated', after, {
    id: 'evt_up_upgraded',
    created: now - 60,
    previous_attributes: { items: before.items },
  });

  let base = 0;
  it('a valid signed upgrade raises MRR by the difference of the prices', async () => {
    base = await currentMrr();
    expect(statusOf(await deliver(created))).toBe('applied');
    // Starter $49/month from 2025-01-01: +49.
    expect(await currentMrr()).toBeCloseTo(base + 49, 6);

    const res = await deliver(upgraded);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'applied', event_id: 'evt_up_upgraded' });
    // Pro $99/month replaces Starter $49/month today: 49 → 99, +50 (an expansion).
    expect(await currentMrr()).toBeCloseTo(base + 99, 6);
    expect(await movementsOf('cus_up')).toEqual([
      [today, 'expansion', 50],
      ['2025-01-01', 'new', 49],
    ]);
  });

  it('replaying the upgrade changes nothing', async () => {
    const res = await deliver(upgraded);
    expect(res.statusCode).toBe(200);
    expect(statusOf(res)).toBe('duplicate');
    expect(await currentMrr()).toBeCloseTo(base + 99, 6);
  });

  it('a forged upgrade (wrong secret) gets 400 and changes nothing', async () => {
    const forged = eventOf(
      'customer.subscription.updated',
      subscription({
        ...after,
        items: {
          ...after.items,
          data: [
            subscriptionItem({
              id: 'si_pro',
              subscription: 'sub_up',
              price: pro,
              quantity: 10,
              created: now - 60,
            }),
          ],
        },
      }),
      { id: 'evt_up_forged', created: now },
    );
    const res = await deliver(forged, 'whsec_attacker');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('invalid_signature');
    expect(await currentMrr()).toBeCloseTo(base + 99, 6);
    expect(await movementsOf('cus_up')).toHaveLength(2);
  });

  it('an older snapshot delivered after the upgrade is ignored (stale)', async () => {
    // Stripe delivers out of order: an update made before the upgrade arrives last.
    const older = eventOf('customer.subscription.updated', before, {
      id: 'evt_up_older',
      created: now - 3600,
    });
    const res = await deliver(older);
    expect(res.statusCode).toBe(200);
    expect(statusOf(res)).toBe('stale');
    expect(await currentMrr()).toBeCloseTo(base + 99, 6);
    expect(await movementsOf('cus_up')).toEqual([
      [today, 'expansion', 50],
      ['2025-01-01', 'new', 49],
    ]);
  });
});
