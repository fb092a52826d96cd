import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  parseImportBuffer,
  parseImportBufferColumns,
  parseImportFileInBatches,
} from '../../ingest/index.ts';
import {
  beginUpsert,
  columnsFromRows,
  rowsFromColumns,
  upsertColumns,
} from '../../ingest/columns.ts';
import type { SubscriptionRow } from '../../model/kinds.ts';
import type { Store } from '../store.ts';
import { openDuckDbStore } from './duckdb-store.ts';

/** The columnar import path: values that stress the staging encodings, exactly round-tripped. */
describe('columnar upsert (DuckDB stage)', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'northstar-stage-'));
    store = await openDuckDbStore(join(dir, 'test.duckdb'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (i: number, extra: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
    subscription_id: `sub_${i}`,
    customer_id: `cus_${i >> 1}`,
    amount: 1000 + i,
    currency: i % 3 === 0 ? 'EUR' : 'USD',
    interval: 'month',
    interval_count: 1,
    start_date: 19000 + i,
    // More distinct plans than the dictionary holds: the column turns into plain text.
    plan: i % 5 === 0 ? null : `plan ${i}`,
    quantity: 1.5,
    discount_percent: 0,
    end_date: i % 2 === 0 ? null : 19500 + i,
    trial_end: null,
    canceled_at: null,
    discount_duration: 'forever',
    ...extra,
  });

  it('round-trips separators, empty strings, nulls and a large dictionary', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i));
    rows[1] = row(1, { subscription_id: 'a\u001fb', plan: '' });
    rows[2] = row(2, { customer_id: 'ünï "quoted", \'single\'', plan: 'x\u001f' });
    const result = await upsertColumns(
      store,
      'w',
      'subscriptions',
      columnsFromRows('subscriptions', rows),
    );
    expect(result).toEqual({ inserted: 5000, updated: 0 });
    const byKey = (a: SubscriptionRow, b: SubscriptionRow) =>
      a.subscription_id < b.subscription_id ? -1 : 1;
    expect(await store.readRows('w', 'subscriptions')).toEqual([...rows].sort(byKey));
    // Again: every row is an update.
    const again = await store.upsert('w', 'subscriptions', rows.slice(0, 10));
    expect(again).toEqual({ inserted: 0, updated: 10 });
    expect((await store.counts('w')).subscriptions).toBe(5000);
  });

  it('parses to the same values as rows and as columns', async () => {
    const csv = [
      'subscription_id,customer_id,amount,currency,interval,start_date,plan,end_date',
      's1,c1,10.50,usd,month,2024-01-01,pro,',
      's2,c1,"1,000.00",EUR,year,2024-02-01,,2025-02-01',
      's3,c2,0,JPY,month,2024-03-01,basic,',
    ].join('\n');
    const data = new TextEncoder().encode(csv);
    const asRows = await parseImportBuffer('subscriptions', 'f.csv', data, { timeZone: 'UTC' });
    const asColumns = await parseImportBufferColumns('subscriptions', 'f.csv', data, {
      timeZone: 'UTC',
    });
    expect(asColumns.issues).toEqual(asRows.issues);
    expect(rowsFromColumns(asColumns.columns)).toEqual(asRows.rows);
  });

  it('keeps customer attributes', async () => {
    const csv = 'customer_id,name,tier,region\nc1,Ann,gold,\nc2,,,"north, east"\nc3,Bo,,\n';
    const parsed = await parseImportBufferColumns(
      'customers',
      'c.csv',
      new TextEncoder().encode(csv),
      { timeZone: 'UTC' },
    );
    await upsertColumns(store, 'w', 'customers', parsed.columns);
    const stored = await store.readRows('w', 'customers');
    expect(stored.map((c) => c.attributes)).toEqual([
      { tier: 'gold' },
      { region: 'north, east' },
      {},
    ]);
  });

  describe('an import written in batches while the file is read', () => {
    const HEADER = 'subscription_id,customer_id,amount,currency,interval,start_date,plan\n';
    const line = (i: number) =>
      `s${i},c${i % 97},${10 + (i % 50)}.50,${i % 3 ? 'USD' : 'EUR'},month,2024-01-01,p${i % 7}\n`;
    const file = (name: string, lines: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, HEADER + lines.join(''));
      return path;
    };
    /** Imports `path` as the CLI does: batches of 100 rows, committed only when clean. */
    const importInBatches = async (workspace: string, path: string) => {
      const writer = await beginUpsert(store, workspace, 'subscriptions');
      let batches = 0;
      const parsed = await parseImportFileInBatches(
        'subscriptions',
        path,
        { timeZone: 'UTC' },
        {
          rows: 100,
          write: async (columns) => {
            batches++;
            await writer.write(columns);
          },
        },
      );
      if (parsed.issues.length > 0) {
        await writer.rollback();
        return { parsed, batches, result: null };
      }
      return { parsed, batches, result: await writer.commit() };
    };

    it('stores what one write of the whole file stores, and updates on a re-import', async () => {
      const path = file(
        'clean.csv',
        Array.from({ length: 1000 }, (_, i) => line(i)),
      );
      const first = await importInBatches('w', path);
      expect(first.batches).toBe(10);
      expect(first.result).toEqual({ inserted: 1000, updated: 0 });
      const whole = await parseImportBuffer(
        'subscriptions',
        path,
        new TextEncoder().encode(HEADER + Array.from({ length: 1000 }, (_, i) => line(i)).join('')),
        { timeZone: 'UTC' },
      );
      const byKey = (a: SubscriptionRow, b: SubscriptionRow) =>
        a.subscription_id < b.subscription_id ? -1 : 1;
      expect(await store.readRows('w', 'subscriptions')).toEqual([...whole.rows].sort(byKey));
      expect((await importInBatches('w', path)).result).toEqual({ inserted: 0, updated: 1000 });
      expect((await store.counts('w')).subscriptions).toBe(1000);
    });

    it('keeps nothing of a file whose bad row comes after batches were written', async () => {
      await store.upsert('w', 'subscriptions', [row(1)]);
      const lines = Array.from({ length: 1000 }, (_, i) => line(i));
      lines[899] = 's899,c1,ten,USD,month,2024-01-01,p1\n';
      const bad = await importInBatches('w', file('bad.csv', lines));
      expect(bad.batches).toBe(8);
      expect(bad.parsed.issues).toEqual([
        { file: join(dir, 'bad.csv'), row: 901, column: 'amount', reason: expect.any(String) },
      ]);
      expect(await store.readRows('w', 'subscriptions')).toEqual([row(1)]);
    });
  });
});
