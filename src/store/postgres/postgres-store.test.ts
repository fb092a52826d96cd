import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../model/day.ts';
import { IMPORT_KINDS, KIND_SPECS, type SubscriptionRow } from '../../model/kinds.ts';
import { storedColumns } from '../schema.ts';
import { describeStoreContract } from '../../../test/fixtures/store/store-contract.ts';
import { NO_DAY, OPEN_END, type Store } from '../store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { postgresTestUrl, TestDatabases } from '../../../test/fixtures/store/test-database.ts';
import { subscription as subscriptionRow } from '../../../test/fixtures/engine/test-rows.ts';

const serverUrl = postgresTestUrl('PostgreSQL store');
const databases = serverUrl ? new TestDatabases(serverUrl) : null;
afterAll(async () => databases?.dropAll());

const day = (text: string) => parseIsoDay(text)!;
const subscription = (id: string, customer: string, amount: number): SubscriptionRow =>
  subscriptionRow(customer, amount, '2024-01-01', { subscription_id: id, plan: 'pro' });

describe.skipIf(!databases)('PostgreSQL store', () => {
  let url: string;
  let store: Store;
  beforeEach(async () => {
    url = await databases!.create();
    store = await openPostgresStore(url);
  });
  afterEach(async () => {
    await store.close();
  });

  it('has one table per kind with the stored columns and a primary key led by workspace_id', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const kind of IMPORT_KINDS) {
        const columns = await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          [kind],
        );
        expect(
          columns.rows.map((r) => r.column_name),
          kind,
        ).toEqual(['workspace_id', ...storedColumns(kind).map((c) => c.name)]);
        const key = await client.query<{ column_name: string }>(
          `SELECT a.attname AS column_name FROM pg_index i
           JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
           WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.n`,
          [kind],
        );
        expect(
          key.rows.map((r) => r.column_name),
          kind,
        ).toEqual(['workspace_id', ...KIND_SPECS[kind].key]);
      }
    } finally {
      await client.end();
    }
  });

  it('migrates once: reopening the database keeps data and applies nothing twice', async () => {
    await store.upsert('w1', 'subscriptions', [subscription('s1', 'c1', 1000)]);
    const again = await openPostgresStore(url);
    try {
      expect((await again.counts('w1')).subscriptions).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('upserts by key and reads MRR inputs as sorted columns', async () => {
    expect(
      await store.upsert('w1', 'subscriptions', [
        subscription('s1', 'c2', 1000),
        subscription('s2', 'c1', 2000),
      ]),
    ).toEqual({ inserted: 2, updated: 0 });
    expect(await store.upsert('w1', 'subscriptions', [subscription('s1', 'c2', 1500)])).toEqual({
      inserted: 0,
      updated: 1,
    });
    const inputs = await store.readMrrInputs('w1');
    expect(inputs.customerIds).toEqual(['c1', 'c2']);
    expect(Array.from(inputs.subscriptions.customer)).toEqual([0, 1]);
    expect(Array.from(inputs.subscriptions.amount)).toEqual([2000, 1500]);
    expect(inputs.subscriptions.start[0]).toBe(day('2024-01-01'));
    expect(inputs.subscriptions.end[0]).toBe(OPEN_END);
    expect(inputs.subscriptions.trialEnd[0]).toBe(NO_DAY);
  });

  it('re-importing unchanged rows counts them as updated; a value turning null is an update', async () => {
    const rows = [subscription('s1', 'c1', 1000), { ...subscription('s2', 'c1', 2000), plan: 'x' }];
    await store.upsert('w1', 'subscriptions', rows);
    expect(await store.upsert('w1', 'subscriptions', rows)).toEqual({ inserted: 0, updated: 2 });
    await store.upsert('w1', 'subscriptions', [{ ...rows[1]!, plan: null }]);
    expect((await store.readRows('w1', 'subscriptions')).map((r) => r.plan)).toEqual(['pro', null]);
  });

  it('keeps the last row when one batch repeats a key', async () => {
    expect(
      await store.upsert('w1', 'subscriptions', [
        subscription('s1', 'c1', 1000),
        subscription('s1', 'c1', 3000),
      ]),
    ).toEqual({ inserted: 2, updated: 0 });
    const rows = await store.readRows('w1', 'subscriptions');
    expect(rows.map((r) => r.amount)).toEqual([3000]);
  });

  it('an import that fails lands nothing (atomic)', async () => {
    await store.upsert('w1', 'subscriptions', [subscription('s0', 'c0', 500)]);
    const rows = Array.from({ length: 30_000 }, (_, i) => subscription(`s${i + 1}`, 'c1', 100));
    // A value the column cannot hold, on the last row of the second staging batch.
    rows[29_999] = { ...rows[29_999]!, amount: 1e30 };
    await expect(store.upsert('w1', 'subscriptions', rows)).rejects.toThrow();
    expect((await store.counts('w1')).subscriptions).toBe(1);
  });

  it('round-trips text that array literals must escape', async () => {
    const awkward = ['a"b', 'back\\slash', 'NULL', '', '{x,y}', ' spaced ', 'comma,', 'é😀'];
    await store.upsert(
      'w1',
      'subscriptions',
      awkward.map((text, i) => ({ ...subscription(`s${i}`, 'c1', i), plan: text })),
    );
    const rows = await store.readRows('w1', 'subscriptions');
    expect(rows.map((r) => r.plan)).toEqual(awkward);
  });

  it('reads ids holding the packing separator through the row-by-row path', async () => {
    await store.upsert('w1', 'subscriptions', [
      subscription('s1', 'odd\u001fid', 100),
      subscription('s2', 'plain', 200),
    ]);
    const inputs = await store.readMrrInputs('w1');
    expect(inputs.customerIds).toEqual(['odd\u001fid', 'plain']);
    expect(Array.from(inputs.subscriptions.amount)).toEqual([100, 200]);
    expect(Array.from(inputs.subscriptions.customer)).toEqual([0, 1]);
  });

  it('sorts keys by code point whatever the server locale', async () => {
    await store.upsert('w1', 'subscriptions', [
      subscription('b', 'c', 1),
      subscription('B', 'a', 1),
      subscription('a', 'B', 1),
      subscription('é', 'é', 1),
    ]);
    expect((await store.readRows('w1', 'subscriptions')).map((r) => r.subscription_id)).toEqual([
      'B',
      'a',
      'b',
      'é',
    ]);
    expect((await store.readMrrInputs('w1')).customerIds).toEqual(['B', 'a', 'c', 'é']);
  });
});

if (databases) {
  describeStoreContract('PostgreSQL', async () => openPostgresStore(await databases.create()));
}
