import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatDay } from '../../model/day.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../model/workspace.ts';
import { MemoryStore } from '../../../test/fixtures/integrations/memory-store.ts';
import {
  DAY,
  T0,
  at,
  coupon,
  customer,
  discount,
  eventOf,
  invoice,
  subscription,
  subscriptionItem,
  price,
} from '../../../test/fixtures/integrations/stripe/objects.ts';
import {
  applyStripeEvent,
  StripePayloadError,
  WebhookSignatureError,
  type ApplyStripeEventOptions,
} from './webhook.ts';

const SECRET = 'whsec_test_secret';

class WebhookTestStore extends MemoryStore {
  settings: WorkspaceSettings = DEFAULT_SETTINGS;
  async workspace(): Promise<WorkspaceSettings> {
    return this.settings;
  }
}

function signed(event: Record<string, unknown>, secret = SECRET): { body: string; header: string } {
  const body = JSON.stringify(event, null, 2);
  // Signed "now": constructEvent checks the timestamp against its tolerance.
  return { body, header: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
}

let store: WebhookTestStore;
beforeEach(() => {
  store = new WebhookTestStore();
});

const deliver = (event: Record<string, unknown>, o: ApplyStripeEventOptions = {}) => {
  const { body, header } = signed(event);
  return applyStripeEvent(store, 'w1', body, header, SECRET, o);
};

/** sub_1 on the $99 Pro price (the default fixture is the $49 Starter). */
const proSubscription = () =>
  subscription({
    items: {
      object: 'list',
      data: [subscriptionItem({ price: price({ id: 'price_pro', unit_amount: 9900 }) })],
      has_more: false,
      url: '',
    },
  });

describe('applyStripeEvent', () => {
  it('verifies the signature, maps the object and upserts its rows', async () => {
    const result = await deliver(
      eventOf('customer.subscription.created', subscription(), { id: 'evt_1' }),
    );
    expect(result).toMatchObject({
      status: 'applied',
      eventId: 'evt_1',
      rows: { subscriptions: 1 },
    });
    const [row] = await store.readRows('w1', 'subscriptions');
    expect(row).toMatchObject({ subscription_id: 'sub_1/si_1', amount: 4900, currency: 'USD' });
  });

  it('rejects a bad signature, a wrong secret and a missing header', async () => {
    const { body, header } = signed(eventOf('customer.created', customer()));
    await expect(applyStripeEvent(store, 'w1', body, header, 'whsec_other')).rejects.toThrow(
      WebhookSignatureError,
    );
    await expect(applyStripeEvent(store, 'w1', `${body} `, header, SECRET)).rejects.toThrow(
      WebhookSignatureError,
    );
    await expect(applyStripeEvent(store, 'w1', body, undefined, SECRET)).rejects.toThrow(
      /no Stripe-Signature/,
    );
    expect(store.upserts).toBe(0);
  });

  it('applies a redelivered event once', async () => {
    const event = eventOf('invoice.paid', invoice(), { id: 'evt_dup' });
    expect((await deliver(event)).status).toBe('applied');
    expect((await deliver(event)).status).toBe('duplicate');
    expect(store.upserts).toBe(1);
  });

  it('ignores an older snapshot of an object delivered after a newer one', async () => {
    const newer = invoice({ status: 'paid' });
    const older = invoice({
      status: 'open',
      status_transitions: {
        finalized_at: T0,
        marked_uncollectible_at: null,
        paid_at: null,
        voided_at: null,
      },
    });
    expect(
      (await deliver(eventOf('invoice.paid', newer, { id: 'evt_new', created: T0 + 120 }))).status,
    ).toBe('applied');
    expect(
      (await deliver(eventOf('invoice.finalized', older, { id: 'evt_old', created: T0 + 60 })))
        .status,
    ).toBe('stale');
    const [row] = await store.readRows('w1', 'invoices');
    expect(row!.status).toBe('paid');
  });

  it('ends the old item when a subscription update replaces its price', async () => {
    await deliver(eventOf('customer.subscription.created', subscription(), { created: T0 }));
    const upgraded = subscription({
      items: {
        object: 'list',
        data: [
          subscriptionItem({
            id: 'si_2',
            created: at('2025-03-10'),
            price: price({ unit_amount: 9900 }),
          }),
        ],
        has_more: false,
        url: '',
      },
    });
    await deliver(
      eventOf('customer.subscription.updated', upgraded, { created: at('2025-03-10') + 5 }),
    );
    const rows = (await store.readRows('w1', 'subscriptions')).map((r) => [
      r.subscription_id,
      r.amount,
      r.end_date === null ? null : formatDay(r.end_date),
    ]);
    expect(rows).toEqual([
      ['sub_1/si_1', 4900, '2025-03-10'],
      ['sub_1/si_2', 9900, null],
    ]);
  });

  it('resolves discounts named by id from discounts seen earlier (catalog in the store)', async () => {
    await deliver(
      eventOf('customer.discount.created', discount(coupon({ percent_off: 25 }), { id: 'di_25' })),
    );
    const result = await deliver(
      eventOf('customer.subscription.updated', subscription({ discounts: ['di_25'] })),
    );
    expect(result.warnings).toEqual([]);
    expect((await store.readRows('w1', 'subscriptions'))[0]!.discount_percent).toBe(25);
  });

  it('reports events it does not map as ignored, once', async () => {
    const result = await deliver(
      eventOf('payment_intent.created', { id: 'pi_1', object: 'payment_intent' }, { id: 'evt_pi' }),
    );
    expect(result.status).toBe('ignored');
    expect(
      (
        await deliver(
          eventOf(
            'payment_intent.created',
            { id: 'pi_1', object: 'payment_intent' },
            { id: 'evt_pi' },
          ),
        )
      ).status,
    ).toBe('duplicate');
  });

  it('keeps the newer snapshot when an older one of the same second arrives later (#17.1)', async () => {
    const pro = proSubscription();
    const starter = subscription();
    const T = T0 + DAY;
    // No previous_attributes on either: their order cannot be told, so the applied one stays.
    expect(
      (await deliver(eventOf('customer.subscription.updated', pro, { created: T }))).status,
    ).toBe('applied');
    const older = await deliver(eventOf('customer.subscription.updated', starter, { created: T }));
    expect(older.status).toBe('stale');
    expect(older.warnings.join()).toMatch(/same second/);
    expect((await store.readRows('w1', 'subscriptions'))[0]!.amount).toBe(9900);
  });

  it('orders snapshots of one second by the state each update started from', async () => {
    const T = T0 + DAY;
    const starter = subscription();
    const pro = proSubscription();
    const toPro = eventOf('customer.subscription.updated', pro, {
      created: T,
      previous_attributes: { items: starter.items },
    });
    const toStarter = eventOf('customer.subscription.updated', starter, {
      created: T,
      previous_attributes: { items: { data: [] } },
    });
    // Delivered newest first: the Pro update started from the Starter state, so Starter is older.
    await deliver(eventOf('customer.subscription.created', starter, { created: T - 60 }));
    expect((await deliver(toPro)).status).toBe('applied');
    expect((await deliver(toStarter)).status).toBe('stale');
    expect((await store.readRows('w1', 'subscriptions'))[0]!.amount).toBe(9900);

    // In order, the second update follows the first and is applied.
    store = new WebhookTestStore();
    await deliver(eventOf('customer.subscription.created', starter, { created: T }));
    expect((await deliver(toPro)).status).toBe('applied');
    expect((await store.readRows('w1', 'subscriptions'))[0]!.amount).toBe(9900);
    // A deletion in the same second comes after any update.
    const canceled = subscription({ status: 'canceled', ended_at: T, canceled_at: T });
    expect(
      (await deliver(eventOf('customer.subscription.deleted', canceled, { created: T }))).status,
    ).toBe('applied');
  });

  it('reads payloads of older API versions: missing optional fields are defaults (#17.4)', async () => {
    const sub = subscription() as unknown as Record<string, unknown>;
    delete sub.discounts;
    delete sub.pause_collection;
    const items = sub.items as { data: Record<string, unknown>[] };
    delete items.data[0]!.discounts;
    delete items.data[0]!.current_period_end;
    delete (items.data[0]!.price as Record<string, unknown>).transform_quantity;
    sub.current_period_end = T0 + 30 * DAY;
    const result = await deliver(
      eventOf('customer.subscription.created', sub as { id: string; object: string }),
    );
    expect(result).toMatchObject({ status: 'applied', rows: { subscriptions: 1 } });
    expect((await store.readRows('w1', 'subscriptions'))[0]!.amount).toBe(4900);

    // Before `discounts`, one `discount` object, naming its coupon directly (before `source`).
    const { source, ...older } = discount(coupon({ percent_off: 10 }));
    const legacy = { ...sub, id: 'sub_2', discount: { ...older, coupon: source.coupon } };
    await deliver(
      eventOf('customer.subscription.created', legacy as unknown as { id: string; object: string }),
    );
    const row = (await store.readRows('w1', 'subscriptions')).find((r) =>
      r.subscription_id.startsWith('sub_2/'),
    );
    expect(row!.discount_percent).toBe(10);

    // An invoice line of the older shape (price, tax_amounts, no parent / pricing / taxes).
    const inv = invoice() as unknown as { lines: { data: Record<string, unknown>[] } };
    const line = inv.lines.data[0]!;
    delete line.pricing;
    delete line.parent;
    delete line.taxes;
    delete line.discount_amounts;
    Object.assign(line, { type: 'subscription', price: price(), tax_amounts: [] });
    const invoiced = await deliver(
      eventOf('invoice.paid', inv as unknown as { id: string; object: string }),
    );
    expect(invoiced.status).toBe('applied');
    expect((await store.readRows('w1', 'invoices'))[0]!.type).toBe('subscription');
  });

  it('reads catalog events of older API versions (customer without email, discount with coupon)', async () => {
    const c = customer() as unknown as Record<string, unknown>;
    delete c.email;
    delete c.metadata;
    expect(
      (await deliver(eventOf('customer.created', c as { id: string; object: string }))).status,
    ).toBe('applied');
    expect((await store.readRows('w1', 'customers'))[0]!.email).toBeNull();
    const { source, ...older } = discount(coupon({ id: 'co_5', percent_off: 5 }), { id: 'di_5' });
    await deliver(
      eventOf('customer.discount.created', { ...older, coupon: source.coupon } as unknown as {
        id: string;
        object: string;
      }),
    );
    const result = await deliver(
      eventOf('customer.subscription.updated', subscription({ discounts: ['di_5'] })),
    );
    expect(result.warnings).toEqual([]);
    expect((await store.readRows('w1', 'subscriptions'))[0]!.discount_percent).toBe(5);
  });

  it('refuses a payload no API version explains, with the reason, and records it (#17.4)', async () => {
    const broken = { id: 'sub_broken', object: 'subscription', customer: 'cus_A' };
    const event = eventOf('customer.subscription.updated', broken, { id: 'evt_broken' });
    await expect(deliver(event)).rejects.toThrow(StripePayloadError);
    await expect(deliver(event)).rejects.toThrow(/sub_broken: has no items list/);
    expect(
      await store.getDocument<{ reason: string }>('w1', 'stripe_rejected', 'evt_broken'),
    ).toMatchObject({ reason: expect.stringMatching(/has no items list/) });
    expect(store.upserts).toBe(0);
  });

  it('refuses a signature dated beyond the tolerance, in the past or the future (#17.10)', async () => {
    const body = JSON.stringify(eventOf('customer.created', customer()));
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 3600, now - 3600]) {
      const header = Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: SECRET,
        timestamp,
      });
      await expect(applyStripeEvent(store, 'w1', body, header, SECRET)).rejects.toThrow(
        WebhookSignatureError,
      );
    }
    const soon = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: SECRET,
      timestamp: now + 60,
    });
    expect((await applyStripeEvent(store, 'w1', body, soon, SECRET)).status).toBe('applied');
  });
});
