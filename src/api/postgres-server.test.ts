/**
 * The server on PostgreSQL (issue 17 item 3): one store per process, shared by concurrent
 * requests, reads memoized until a write commits (from this server or any other process),
 * and Stripe webhook state that survives restarts.
 */
import Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../auth/keys.ts';
import { generateDemo } from '../demo/generate.ts';
import { parseIsoDay } from '../model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../model/kinds.ts';
import { openSharedStore } from '../store/open.ts';
import { postgresTestUrl, TestDatabases } from '../../test/fixtures/store/test-database.ts';
import type { SharedStore } from '../store/store.ts';
import {
  eventOf,
  price,
  subscription,
  subscriptionItem,
} from '../../test/fixtures/integrations/stripe/objects.ts';
import { buildServer } from './server.ts';
import { createSharedStoreGate, type StoreGate } from './store-gate.ts';
import { freshAnswer } from '../../test/fixtures/api/fresh-answer.ts';
import { subscription as subscriptionRow } from '../../test/fixtures/engine/test-rows.ts';

const serverUrl = postgresTestUrl('PostgreSQL server');
const databases = serverUrl ? new TestDatabases(serverUrl) : null;
const SECRET = 'whsec_pg_test';

let url: string;
let adminKey: string;

beforeAll(async () => {
  if (!databases) return;
  url = await databases.create();
  const store = await openSharedStore(url);
  try {
    const demo = generateDemo({ customers: 20, seed: 4, end: parseIsoDay('2026-06-30')! });
    for (const kind of IMPORT_KINDS)
      await store.upsert('default', kind, demo[kind] as RowOfKind[ImportKind][]);
    const admin = await newApiKey({ workspaceId: 'default', role: 'admin' });
    await store.createApiKey(admin.record);
    adminKey = admin.token;
  } finally {
    await store.close();
  }
}, 60_000);
afterAll(async () => databases?.dropAll());

/** A server as `serve --database-url` builds it, counting how often the store is opened. */
async function pgServer(): Promise<{
  app: FastifyInstance;
  gate: StoreGate;
  opens: () => number;
  calls: string[];
}> {
  let opens = 0;
  const calls: string[] = [];
  const gate = createSharedStoreGate({
    open: async () => {
      opens++;
      const store = await openSharedStore(url);
      return new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.push(String(property));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }) as SharedStore;
    },
  });
  const app = await buildServer({
    gate,
    workspaceId: 'default',
    setupCode: null,
    webRoot: null,
    rateLimitPerMinute: false,
    stripeWebhookSecret: SECRET,
    // No file watcher: its warm-up passes read the store in the background, and on a loaded
    // machine one could land between two requests whose store calls are counted.
    watchDataMs: 0,
  });
  app.addHook('onClose', () => gate.close());
  return { app, gate, opens: () => opens, calls };
}

const bearer = () => ({ authorization: `Bearer ${adminKey}` });

describe.skipIf(!databases)('serve on PostgreSQL', () => {
  it('opens the store once, serves concurrent requests and memoizes reads until a write commits', async () => {
    const { app, opens, calls } = await pgServer();
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          app.inject({ method: 'GET', url: '/api/v1/metrics?metric=mrr', headers: bearer() }),
        ),
      );
      for (const res of responses) expect(res.statusCode, res.body).toBe(200);
      expect(opens()).toBe(1);
      const me = () => app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer() });
      expect((await me()).statusCode).toBe(200);
      await app.warmUp.idle();
      const before = calls.filter((c) => c !== 'dataVersion').length;
      expect((await me()).statusCode).toBe(200);
      // Nothing changed: the second /me is answered from memory (only the version is asked).
      expect(calls.filter((c) => c !== 'dataVersion').length).toBe(before);

      // A write from another process (the CLI, another server) is seen by the next request.
      const mrr = async () =>
        (
          await freshAnswer(() =>
            app.inject({ method: 'GET', url: '/api/v1/metrics?metric=mrr', headers: bearer() }),
          )
        )
          .json<{ periods: { metrics: { mrr: number } }[] }>()
          .periods.at(-1)!.metrics.mrr;
      const first = await mrr();
      const other = await openSharedStore(url, 1);
      try {
        await other.upsert('default', 'subscriptions', [
          subscriptionRow('pg_extra_customer', 100_000, '2020-01-01', {
            subscription_id: 'pg_extra',
          }),
        ]);
      } finally {
        await other.close();
      }
      expect(await mrr()).toBeCloseTo(first + 1000, 6);
    } finally {
      await app.close();
    }
  });

  it('Stripe replays and older snapshots change nothing after a restart (#17.1, #17.2)', async () => {
    const item = (unit: number) =>
      subscriptionItem({ id: 'si_pg', price: price({ id: `price_${unit}`, unit_amount: unit }) });
    const sub = (unit: number) =>
      subscription({
        id: 'sub_pg',
        customer: 'cus_pg',
        items: { object: 'list', data: [item(unit)], has_more: false, url: '' },
      });
    const T = Math.floor(Date.now() / 1000) - 600;
    const applied = eventOf('customer.subscription.updated', sub(9900), {
      id: 'evt_pg_new',
      created: T,
    });
    const older = eventOf('customer.subscription.updated', sub(4900), {
      id: 'evt_pg_old',
      created: T - 30,
    });
    const sameSecond = eventOf('customer.subscription.updated', sub(4900), {
      id: 'evt_pg_same',
      created: T,
    });
    for (const [event, expected] of [
      [applied, 'applied'],
      [applied, 'duplicate'],
      [older, 'stale'],
      [sameSecond, 'stale'],
    ] as const) {
      const { app } = await pgServer();
      try {
        const payload = JSON.stringify(event);
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/webhooks/stripe',
          headers: {
            'content-type': 'application/json',
            'stripe-signature': Stripe.webhooks.generateTestHeaderString({
              payload,
              secret: SECRET,
            }),
          },
          payload,
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<{ status: string }>().status).toBe(expected);
      } finally {
        await app.close();
      }
      const store = await openSharedStore(url, 1);
      try {
        const rows = await store.readRowsByKeyPrefix('default', 'subscriptions', 'sub_pg/');
        expect(rows.map((r) => r.amount)).toEqual([9900]);
      } finally {
        await store.close();
      }
    }
  });
});

describe.skipIf(!databases)('serve on PostgreSQL with compute workers', () => {
  it('workers read through their own connection: the same answer, stale then fresh after a write', async () => {
    const inThread = (await pgServer()).app;
    const gate = createSharedStoreGate({ open: () => openSharedStore(url) });
    const workers = await buildServer({
      gate,
      workspaceId: 'default',
      setupCode: null,
      webRoot: null,
      rateLimitPerMinute: false,
      watchDataMs: 0,
      warmUpDelayMs: 600_000,
      computeWorkers: { source: { kind: 'postgres', url }, size: 1 },
    });
    workers.addHook('onClose', () => gate.close());
    const get = (app: FastifyInstance) =>
      app.inject({ method: 'GET', url: '/api/v1/metrics?metric=mrr,customers', headers: bearer() });
    type Answer = { as_of: string; stale: boolean; periods: { metrics: { mrr: number } }[] };
    try {
      const local = await get(inThread);
      const remote = await get(workers);
      expect(remote.statusCode, remote.body).toBe(200);
      expect(remote.json<Answer>().periods).toEqual(local.json<Answer>().periods);
      const before = remote.json<Answer>();

      const other = await openSharedStore(url, 1);
      try {
        await other.upsert('default', 'subscriptions', [
          subscriptionRow('pg_worker_customer', 50_000, '2020-01-01', {
            subscription_id: 'pg_worker_extra',
          }),
        ]);
      } finally {
        await other.close();
      }
      const during = (await get(workers)).json<Answer>();
      expect(during).toMatchObject({ stale: true, as_of: before.as_of });
      const after = (await freshAnswer(() => get(workers))).json<Answer>();
      expect(after.periods.at(-1)!.metrics.mrr).toBeCloseTo(
        before.periods.at(-1)!.metrics.mrr + 500,
        6,
      );
    } finally {
      await Promise.all([inThread.close(), workers.close()]);
    }
  }, 120_000);
});
