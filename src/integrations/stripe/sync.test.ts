import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../test/fixtures/integrations/memory-store.ts';
import {
  StripeDouble,
  type Fault,
  type LoggedRequest,
} from '../../../test/fixtures/integrations/stripe/double.ts';
import {
  DAY,
  T0,
  coupon,
  creditNote,
  customer,
  invoice,
  invoiceLine,
  price,
  product,
  refund,
  subscription,
  subscriptionItem,
} from '../../../test/fixtures/integrations/stripe/objects.ts';
import { createStripeClient } from './client.ts';
import { StripeSyncError } from './errors.ts';
import { adoptStateFile, loadStripeState } from './state.ts';
import { syncStripe, type StripeSyncOptions } from './sync.ts';

const N = 25;
const pad = (i: number): string => String(i).padStart(2, '0');
const customers = Array.from({ length: N }, (_, i) =>
  customer({ id: `cus_${pad(i)}`, created: T0 + i }),
);
const subscriptions = customers.map((c, i) =>
  subscription({
    id: `sub_${pad(i)}`,
    customer: c.id,
    items: {
      object: 'list',
      data: [subscriptionItem({ id: `si_${pad(i)}`, subscription: `sub_${pad(i)}` })],
      has_more: false,
      url: '/v1/subscription_items',
    },
  }),
);
const invoices = customers.map((c, i) =>
  invoice({
    id: `in_${pad(i)}`,
    customer: c.id,
    lines: {
      object: 'list',
      data: [invoiceLine({ id: `il_${pad(i)}`, invoice: `in_${pad(i)}` })],
      has_more: false,
      url: '',
    },
  }),
);

const lists = {
  products: [product()],
  prices: [price()],
  coupons: [coupon()],
  customers,
  subscriptions,
  invoices,
  credit_notes: [creditNote({ customer: 'cus_00', invoice: 'in_00' })],
  refunds: [
    refund({ id: 're_cn', customer: 'cus_00' }),
    refund({ id: 're_plain', customer: 'cus_01', created: T0 + 3 * DAY }),
  ],
};

let dir: string;
let double: StripeDouble;
let base: string;
let store: MemoryStore;
let slept: number[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-stripe-'));
  double = new StripeDouble(lists);
  base = await double.start();
  store = new MemoryStore();
  slept = [];
});
afterEach(async () => {
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
});

function options(overrides: Partial<StripeSyncOptions> = {}): StripeSyncOptions {
  return {
    stripe: createStripeClient('sk_test_double', { apiBase: base, maxNetworkRetries: 1 }),
    store,
    workspaceId: 'w1',
    timeZone: 'UTC',
    pageSize: 10,
    retries: 2,
    baseDelayMs: 1,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...overrides,
  };
}

const failOn = (match: (r: LoggedRequest) => boolean, fault: Fault, times = Infinity) => {
  let left = times;
  return (r: LoggedRequest): Fault | null => (match(r) && left-- > 0 ? fault : null);
};

describe('syncStripe against a local Stripe double', () => {
  it('pages through every resource and maps it into the workspace', async () => {
    const progress: string[] = [];
    const result = await syncStripe(
      options({ onProgress: (p) => progress.push(`${p.stage}:${p.objects}${p.done ? '✓' : ''}`) }),
    );
    expect(result.objects).toMatchObject({
      customers: N,
      subscriptions: N,
      invoices: N,
      credit_notes: 1,
      refunds: 2,
    });
    // 25 customers at 10 a page: three requests, each after the last id of the previous page.
    const pages = double.requests('/v1/customers').map((r) => r.query.get('starting_after'));
    expect(pages).toEqual([null, 'cus_09', 'cus_19']);
    expect(await store.readRows('w1', 'customers')).toHaveLength(N);
    expect(await store.readRows('w1', 'subscriptions')).toHaveLength(N);
    // 25 invoice lines, 1 credit-note line, 1 refund (the other one is the credit note's).
    const invoiceRows = await store.readRows('w1', 'invoices');
    expect(invoiceRows).toHaveLength(N + 2);
    expect(invoiceRows.find((r) => r.invoice_id === 're_plain')?.amount).toBe(-1000);
    expect(progress).toContain('customers:25✓');
    const state = await loadStripeState(store, 'w1');
    expect(state.checkpoint).toBeNull();
    expect(state.catalog.products).toEqual({ prod_pro: 'Pro' });
  });

  it('waits and retries after a 429 rate limit', async () => {
    double.fault = failOn(
      (r) => r.path === '/v1/subscriptions',
      {
        status: 429,
        message: 'Too many requests',
        type: 'rate_limit_error',
        headers: { 'retry-after': '2' },
      },
      1,
    );
    const result = await syncStripe(options());
    expect(result.objects.subscriptions).toBe(N);
    expect(slept).toEqual([2000]);
    expect(double.requests('/v1/subscriptions')).toHaveLength(4); // 1 refused + 3 pages
  });

  it('resumes after a 500 from the page it stopped at, without starting over or duplicating', async () => {
    double.fault = failOn(
      (r) => r.path === '/v1/invoices' && r.query.get('starting_after') === 'in_19',
      { status: 500, message: 'An unknown error occurred' },
    );
    await expect(syncStripe(options())).rejects.toThrow(
      /Stripe failed while reading Invoices.*HTTP 500.*resume/,
    );
    const state = await loadStripeState(store, 'w1');
    expect(state.checkpoint?.cursor).toEqual({ stage: 'invoices', after: 'in_19' });
    expect(await store.readRows('w1', 'invoices')).toHaveLength(20);

    double.fault = () => null;
    const before = double.log.length;
    const result = await syncStripe(options());
    expect(result.resumed).toBe(true);
    const again = double.log.slice(before);
    expect(again[0]).toMatchObject({ path: '/v1/invoices' });
    expect(again[0]!.query.get('starting_after')).toBe('in_19');
    expect(again.some((r) => r.path === '/v1/customers')).toBe(false);
    expect(await store.readRows('w1', 'invoices')).toHaveLength(N + 2);
  });

  it('a crash after a page is stored but before its checkpoint resumes to exactly the uninterrupted store', async () => {
    // The reference: the same account synced without interruption into its own store.
    const reference = new MemoryStore();
    await syncStripe(options({ store: reference }));

    // The process dies right after the second page of subscriptions reached the store
    // (every later write fails too, as it would for a process that is gone).
    let subscriptionPages = 0;
    const crashing: StripeSyncOptions['store'] = {
      readRows: (w, kind) => store.readRows(w, kind),
      getDocument: (w, collection, id) => store.getDocument(w, collection, id),
      putDocument: async (w, collection, id, body) => {
        if (subscriptionPages >= 2) throw new Error('killed');
        await store.putDocument(w, collection, id, body);
      },
      upsert: async (w, kind, rows) => {
        const result = await store.upsert(w, kind, rows);
        if (kind === 'subscriptions' && ++subscriptionPages >= 2) throw new Error('killed');
        return result;
      },
    };
    const logStart = double.log.length;
    await expect(syncStripe(options({ store: crashing }))).rejects.toThrow('killed');
    expect(await store.readRows('w1', 'subscriptions')).toHaveLength(20);
    expect((await loadStripeState(store, 'w1')).checkpoint?.cursor).toEqual({
      stage: 'subscriptions',
      after: 'sub_09',
    });

    const result = await syncStripe(options());
    expect(result.resumed).toBe(true);
    // The page written before the crash is read again and rewritten by key, not added.
    const pages = double.log.slice(logStart).filter((r) => r.path === '/v1/subscriptions');
    expect(pages.map((r) => r.query.get('starting_after'))).toEqual([
      null,
      'sub_09',
      'sub_09',
      'sub_19',
    ]);
    const contents = async (s: MemoryStore) =>
      Object.fromEntries(
        await Promise.all(
          (['customers', 'subscriptions', 'invoices'] as const).map(async (kind) => [
            kind,
            (await s.readRows('w1', kind)).map((r) => JSON.stringify(r)).sort(),
          ]),
        ),
      );
    const after = await contents(store);
    expect(after).toEqual(await contents(reference));
    expect(after.subscriptions).toHaveLength(N);
    expect(after.invoices).toHaveLength(N + 2);
  });

  it('resumes after the network fails mid-list', async () => {
    double.fault = failOn(
      (r) => r.path === '/v1/subscriptions' && r.query.get('starting_after') === 'sub_09',
      'drop',
    );
    await expect(syncStripe(options())).rejects.toThrow(StripeSyncError);
    expect(await store.readRows('w1', 'subscriptions')).toHaveLength(10);
    double.fault = () => null;
    await syncStripe(options());
    expect(await store.readRows('w1', 'subscriptions')).toHaveLength(N);
    expect(
      double.requests('/v1/subscriptions').filter((r) => r.query.get('starting_after') === null),
    ).toHaveLength(1);
  });

  it('names the permission a restricted key lacks', async () => {
    double.fault = failOn((r) => r.path === '/v1/coupons', {
      status: 403,
      type: 'invalid_request_error',
      message:
        "The provided key 'rk_test_51H***' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_coupon_read' permission would allow this request to continue.",
    });
    const error = await syncStripe(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StripeSyncError);
    expect((error as Error).message).toMatch(
      /may not read Coupons \(it lacks the "rak_coupon_read" permission\)/,
    );
    expect(slept).toEqual([]); // not retried: waiting cannot grant a permission
  });

  it('passes --since to Stripe as created[gte] and reads subscriptions whole', async () => {
    await syncStripe(options({ since: T0 + 20 }));
    const first = double.requests('/v1/customers')[0]!;
    expect(first.query.get('created[gte]')).toBe(String(T0 + 20));
    expect(double.requests('/v1/subscriptions')[0]!.query.get('created[gte]')).toBeNull();
    expect(double.requests('/v1/subscriptions')[0]!.query.get('status')).toBe('all');
  });

  it('adopts the state file of earlier versions once (catalog and checkpoint move into the store)', async () => {
    const db = join(dir, 'old.duckdb');
    const checkpoint = {
      startedAt: '2026-01-01T00:00:00.000Z',
      since: null,
      done: ['products'],
      cursor: null,
    };
    writeFileSync(
      `${db}.stripe-sync.json`,
      JSON.stringify({
        version: 1,
        workspaces: {
          w1: { catalog: { products: { prod_pro: 'Pro' } }, checkpoint, lastCompletedAt: null },
        },
      }),
    );
    expect(await adoptStateFile(store, 'w1', db)).toBe(true);
    const state = await loadStripeState(store, 'w1');
    expect(state.catalog.products).toEqual({ prod_pro: 'Pro' });
    expect(state.checkpoint).toEqual(checkpoint);
    expect(existsSync(`${db}.stripe-sync.json`)).toBe(false);
    expect(await adoptStateFile(store, 'w1', db)).toBe(false);
  });
});
