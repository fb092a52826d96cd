import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { subscription as subscriptionRow } from '../../../test/fixtures/engine/test-rows.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../notify/webhook.ts';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import { deliverEvent, EVENT_HEADER, retryDueDeliveries } from './deliver.ts';
import { publishWorkspaceChanges } from './publish.ts';
import {
  addSubscription,
  deliveryLog,
  listSubscriptions,
  removeSubscription,
  WebhookError,
} from './subscriptions.ts';
import { OUTBOX, type WebhookEvent } from './types.ts';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver answering with the queued status codes (then 200), recording every request. */
let server: Server;
let url: string;
let received: Received[];
let answers: number[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let store: Store;
beforeEach(async () => {
  store = await openDuckDbStore(':memory:');
  received = [];
  answers = [];
});
afterEach(async () => {
  await store.close();
});

const SECRET = 'a-test-secret-of-some-length';
const tiny = { retry: { delaysMs: [1, 2, 3], inlineWaitMs: 1_000, timeoutMs: 2_000 } };
const event: WebhookEvent = {
  id: 'evt_1',
  type: 'metrics.updated',
  workspace: 'w',
  created_at: '2024-06-01T00:00:00.000Z',
  data: { metrics: { mrr: 100 } },
};

describe('webhook subscriptions', () => {
  it('adds, lists and removes; refuses unknown events and bad URLs', async () => {
    const s = await addSubscription(store, 'w', { url, events: ['metrics.updated'] });
    expect(s.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await listSubscriptions(store, 'w')).map((x) => x.id)).toEqual([s.id]);
    await expect(addSubscription(store, 'w', { url, events: ['invoice.paid'] })).rejects.toThrow(
      /unknown event "invoice.paid"; known events: metrics.updated/,
    );
    await expect(
      addSubscription(store, 'w', { url: 'ftp://x', events: ['metrics.updated'] }),
    ).rejects.toThrow(WebhookError);
    expect(await removeSubscription(store, 'w', s.id)).toBe(true);
    expect(await listSubscriptions(store, 'w')).toEqual([]);
  });
});

describe('delivery', () => {
  it('signs the body with HMAC-SHA256 over "<timestamp>.<body>"', async () => {
    const s = await addSubscription(store, 'w', {
      url,
      events: ['metrics.updated'],
      secret: SECRET,
    });
    const outcome = await deliverEvent(store, 'w', s, event, tiny);
    expect(outcome).toMatchObject({ delivered: true, attempts: 1 });
    const [request] = received;
    const timestamp = Number(request!.headers[TIMESTAMP_HEADER]);
    const signature = String(request!.headers[SIGNATURE_HEADER]);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, timestamp, request!.body, signature)).toBe(true);
    expect(verifySignature('another-secret-entirely', timestamp, request!.body, signature)).toBe(
      false,
    );
    expect(verifySignature(SECRET, timestamp, `${request!.body} `, signature)).toBe(false);
    expect(request!.headers[EVENT_HEADER]).toBe('metrics.updated');
    expect(JSON.parse(request!.body)).toEqual(event);
  });

  it('retries a 500 and logs both attempts', async () => {
    answers = [500];
    const s = await addSubscription(store, 'w', {
      url,
      events: ['metrics.updated'],
      secret: SECRET,
    });
    const outcome = await deliverEvent(store, 'w', s, event, tiny);
    expect(outcome).toMatchObject({ delivered: true, attempts: 2, queuedFor: null });
    expect(received).toHaveLength(2);
    // Same event id on the retry: receivers de-duplicate on it.
    expect(JSON.parse(received[1]!.body).id).toBe('evt_1');
    const log = await deliveryLog(store, 'w');
    expect(log.map((e) => [e.attempt, e.status_code, e.ok, e.error])).toEqual([
      [1, 500, false, 'HTTP 500'],
      [2, 200, true, null],
    ]);
    expect(log[0]!.next_attempt_at).not.toBeNull();
    expect(log[1]!.next_attempt_at).toBeNull();
    expect(log.every((e) => e.subscription === s.id && e.event === 'evt_1')).toBe(true);
  });

  it('gives up after the last attempt, each attempt in the log', async () => {
    answers = [503, 503, 503, 503, 503];
    const s = await addSubscription(store, 'w', {
      url,
      events: ['metrics.updated'],
      secret: SECRET,
    });
    const outcome = await deliverEvent(store, 'w', s, event, tiny);
    expect(outcome).toMatchObject({ delivered: false, attempts: 4, queuedFor: null });
    expect(received).toHaveLength(4);
    const log = await deliveryLog(store, 'w', { subscription: s.id });
    expect(log.map((e) => [e.attempt, e.status_code, e.ok])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 503, false],
      [4, 503, false],
    ]);
    expect(log.at(-1)!.next_attempt_at).toBeNull();
    expect(await store.listDocuments('w', OUTBOX)).toEqual([]);
  });

  it('logs a network error without a status code', async () => {
    const s = await addSubscription(store, 'w', {
      url: 'http://127.0.0.1:1/closed',
      events: ['metrics.updated'],
      secret: SECRET,
    });
    const outcome = await deliverEvent(store, 'w', s, event, {
      retry: { delaysMs: [1], inlineWaitMs: 10, timeoutMs: 2_000 },
    });
    expect(outcome.delivered).toBe(false);
    const log = await deliveryLog(store, 'w');
    expect(log).toHaveLength(2);
    expect(log[0]!.status_code).toBeNull();
    expect(log[0]!.error).toBeTruthy();
  });

  it('queues a long backoff in the outbox and retries it when due', async () => {
    answers = [500];
    let now = new Date('2024-06-01T10:00:00Z');
    const options = {
      retry: { delaysMs: [60_000], inlineWaitMs: 10, timeoutMs: 2_000 },
      now: () => now,
    };
    const s = await addSubscription(store, 'w', {
      url,
      events: ['metrics.updated'],
      secret: SECRET,
    });
    const first = await deliverEvent(store, 'w', s, event, options);
    expect(first).toMatchObject({ delivered: false, queuedFor: '2024-06-01T10:01:00.000Z' });
    expect(await retryDueDeliveries(store, 'w', options)).toEqual([]);
    now = new Date('2024-06-01T10:01:00Z');
    const [second] = await retryDueDeliveries(store, 'w', options);
    expect(second).toMatchObject({ delivered: true, attempts: 1 });
    expect((await deliveryLog(store, 'w')).map((e) => e.attempt)).toEqual([1, 2]);
    expect(await store.listDocuments('w', OUTBOX)).toEqual([]);
  });
});

describe('publishWorkspaceChanges', () => {
  const at = (iso: string) => ({ ...tiny, now: () => new Date(iso) });

  it('sends new movements once and the metrics when they change', async () => {
    await store.upsert('w', 'subscriptions', [subscriptionRow('c1', 10_000, '2024-01-01')]);
    // Without subscribers nothing is computed or sent.
    expect((await publishWorkspaceChanges(store, 'w', at('2024-06-10T12:00:00Z'))).events).toEqual(
      [],
    );
    const both = await addSubscription(store, 'w', {
      url,
      events: ['metrics.updated', 'movement.created'],
      secret: SECRET,
    });
    await addSubscription(store, 'w', { url: `${url}?m`, events: ['movement.created'] });

    // First publish: what is already there is not news; the metrics snapshot is.
    const first = await publishWorkspaceChanges(store, 'w', at('2024-06-10T12:00:00Z'));
    expect(first.events.map((e) => e.type)).toEqual(['metrics.updated']);
    expect(received).toHaveLength(1);
    const snapshot = JSON.parse(received[0]!.body) as WebhookEvent & {
      data: { period: string; metrics: Record<string, number> };
    };
    expect(snapshot.data.period).toBe('2024-06');
    expect(snapshot.data.metrics.mrr).toBe(100);

    // Nothing changed: nothing sent.
    received = [];
    const idle = await publishWorkspaceChanges(store, 'w', at('2024-06-10T13:00:00Z'));
    expect(idle.events).toEqual([]);
    expect(received).toEqual([]);

    // A new customer today and a late-imported one dated last week: both are new movements.
    await store.upsert('w', 'subscriptions', [
      subscriptionRow('c2', 5_000, '2024-06-10'),
      subscriptionRow('c3', 2_500, '2024-06-03'),
    ]);
    const second = await publishWorkspaceChanges(store, 'w', at('2024-06-10T14:00:00Z'));
    expect(second.events.map((e) => [e.type, e.count])).toEqual([
      ['movement.created', 2],
      ['metrics.updated', undefined],
    ]);
    // The first subscriber gets both events, the second only the movements.
    expect(received).toHaveLength(3);
    const movements = received
      .map((r) => JSON.parse(r.body) as WebhookEvent)
      .filter((e) => e.type === 'movement.created');
    expect(movements).toHaveLength(2);
    expect(movements[0]!.data).toEqual({
      currency: 'USD',
      movements: [
        {
          date: '2024-06-03',
          customer_id: 'c3',
          type: 'new',
          amount: 25,
          mrr_before: 0,
          mrr_after: 25,
        },
        {
          date: '2024-06-10',
          customer_id: 'c2',
          type: 'new',
          amount: 50,
          mrr_before: 0,
          mrr_after: 50,
        },
      ],
    });
    for (const r of received) expect(r.headers[SIGNATURE_HEADER]).toMatch(/^sha256=/);
    const log = await deliveryLog(store, 'w', { subscription: both.id });
    expect(log.filter((e) => e.ok)).toHaveLength(3);

    // Published once: the next run sends nothing again.
    received = [];
    await publishWorkspaceChanges(store, 'w', at('2024-06-10T15:00:00Z'));
    expect(received).toEqual([]);
  });

  it('publishes nothing, and does not fail, before any billing data', async () => {
    await addSubscription(store, 'w', { url, events: ['metrics.updated', 'movement.created'] });
    const result = await publishWorkspaceChanges(store, 'w', at('2024-06-10T12:00:00Z'));
    expect(result.events).toEqual([]);
    expect(received).toEqual([]);
  });

  it('resends from a date when asked', async () => {
    await store.upsert('w', 'subscriptions', [subscriptionRow('c1', 10_000, '2024-05-01')]);
    await addSubscription(store, 'w', { url, events: ['movement.created'], secret: SECRET });
    const result = await publishWorkspaceChanges(store, 'w', {
      ...at('2024-06-10T12:00:00Z'),
      since: '2024-05-01',
    });
    expect(result.events.map((e) => [e.type, e.count])).toEqual([['movement.created', 1]]);
    expect(result.deliveries.every((d) => d.delivered)).toBe(true);
  });
});
