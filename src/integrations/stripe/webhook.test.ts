import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { FileEventLedger, MemoryEventLedger } from './ledger.ts';
import {
  applyStripeEvent,
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
let options: ApplyStripeEventOptions;
let dir: string;
beforeEach(() => {
  store = new WebhookTestStore();
  options = { ledger: new MemoryEventLedger() };
  dir = mkdtempSync(join(tmpdir(), 'northstar-webhook-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deliver = (event: Record<string, unknown>, o: ApplyStripeEventOptions = options) => {
  const { body, header } = signed(event);
  return applyStripeEvent(store, 'w1', body, header, SECRET, o);
};

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

  it('resolves discounts named by id from discounts seen earlier (state file)', async () => {
    const statePath = join(dir, 'db.duckdb.stripe-sync.json');
    const o = { ...options, statePath };
    await deliver(
      eventOf('customer.discount.created', discount(coupon({ percent_off: 25 }), { id: 'di_25' })),
      o,
    );
    const result = await deliver(
      eventOf('customer.subscription.updated', subscription({ discounts: ['di_25'] })),
      o,
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

  it('remembers processed events across restarts with the file ledger', async () => {
    const path = join(dir, 'events.json');
    const event = eventOf('customer.updated', customer(), { id: 'evt_file', created: T0 + DAY });
    expect((await deliver(event, { ledger: new FileEventLedger(path) })).status).toBe('applied');
    const restarted = new FileEventLedger(path);
    expect((await deliver(event, { ledger: restarted })).status).toBe('duplicate');
    const older = eventOf('customer.updated', customer({ name: 'Old name' }), {
      id: 'evt_older',
      created: T0,
    });
    expect((await deliver(older, { ledger: restarted })).status).toBe('stale');
  });
});
