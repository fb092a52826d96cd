import { describeStoreContract } from '../../../test/fixtures/store/store-contract.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../model/day.ts';
import type { SubscriptionRow } from '../../model/kinds.ts';
import { NO_DAY, OPEN_END, type Store } from '../store.ts';
import {
  DEFAULT_DUCKDB_MEMORY,
  duckDbSize,
  openDuckDbInstance,
  openDuckDbStore,
} from './duckdb-store.ts';
import { subscription as subscriptionRow } from '../../../test/fixtures/engine/test-rows.ts';

const day = (text: string) => parseIsoDay(text)!;
const subscription = (id: string, customer: string, amount: number): SubscriptionRow =>
  subscriptionRow(customer, amount, '2024-01-01', { subscription_id: id, plan: 'pro' });

describe('DuckDB store', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'northstar-store-'));
    store = await openDuckDbStore(join(dir, 'test.duckdb'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reclaims the space a killed import left in the file (#17.9)', async () => {
    const path = join(dir, 'test.duckdb');
    await store.upsert('w1', 'subscriptions', [subscription('s1', 'c1', 100)]);
    await store.close();
    const before = statSync(path).size;
    // Twice, as an operator retrying an import that gets killed again.
    for (let i = 0; i < 2; i++) {
      const killed = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/store/killed-write.ts', path],
        { encoding: 'utf8' },
      );
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
    }
    expect(statSync(path).size).toBeGreaterThan(before + 2 * 1024 * 1024);
    store = await openDuckDbStore(path);
    expect(statSync(path).size).toBe(before);
    expect((await store.counts('w1')).subscriptions).toBe(1);
    expect((await store.counts('w')).events).toBe(0);
    // Writing and reading on afterwards is sound.
    await store.upsert('w1', 'subscriptions', [subscription('s2', 'c1', 200)]);
    await store.close();
    store = await openDuckDbStore(path);
    expect((await store.readRows('w1', 'subscriptions')).map((r) => r.amount)).toEqual([100, 200]);
  });

  it('creates a workspace with default settings and keeps changes', async () => {
    expect((await store.workspace('w1')).currency).toBe('USD');
    await store.updateWorkspace('w1', { currency: 'EUR', timeZone: 'Europe/Paris' });
    expect(await store.workspace('w1')).toMatchObject({
      currency: 'EUR',
      timeZone: 'Europe/Paris',
    });
    expect((await store.workspace('w2')).currency).toBe('USD');
  });

  it('returns subscriptions by customer, start day, then their values, whatever the stored order', async () => {
    // Stored out of order, with same-day starts: the engine's sums depend on this order, so
    // it follows from the rows' values alone (src/store/engine-row-order.ts).
    const at = (id: string, customer: string, amount: number, start: string) => ({
      ...subscription(id, customer, amount),
      start_date: day(start),
    });
    await store.upsert('w1', 'subscriptions', [
      at('s9', 'c2', 9, '2024-03-01'),
      at('s3', 'c1', 3, '2024-02-01'),
      at('s10', 'c1', 10, '2024-02-01'),
      at('s1', 'c2', 1, '2024-03-01'),
      at('s2', 'c1', 2, '2024-01-01'),
      at('s5', 'c2', 5, '2024-01-15'),
      at('s4', 'c1', 4, '2024-02-01'),
    ]);
    await store.upsert('w2', 'subscriptions', [at('s0', 'c1', 99, '2024-02-01')]);
    const inputs = await store.readMrrInputs('w1');
    expect(inputs.customerIds).toEqual(['c1', 'c2']);
    // Same start day (and end, trial and cancellation): by amount, not by id.
    expect(Array.from(inputs.subscriptions.amount)).toEqual([2, 3, 4, 10, 5, 1, 9]);
    expect(Array.from(inputs.subscriptions.customer)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('reads the same chunks whether the rows are stored by customer or not', async () => {
    // Customer by customer (as a sorted file imports), each customer's rows out of start
    // order and with same-day starts; then the same rows in another order.
    const at = (id: string, customer: string, amount: number, start: string) => ({
      ...subscription(id, customer, amount),
      start_date: day(start),
    });
    const rows = Array.from({ length: 9 }, (_, c) => [
      at(`s${c}a`, `c${c}`, 100 + c, '2024-03-01'),
      at(`s${c}b`, `c${c}`, 50 + c, '2024-01-01'),
      at(`s${c}c`, `c${c}`, 20 + c, '2024-03-01'),
    ]).flat();
    await store.upsert('sorted', 'subscriptions', rows);
    await store.upsert('shuffled', 'subscriptions', [...rows].reverse());
    // One of c2's rows stored before c1's: as many rises of the id as customers, yet out of order.
    await store.upsert('interleaved', 'subscriptions', [
      ...rows.slice(0, 3),
      rows[6]!,
      ...rows.slice(3, 6),
      ...rows.slice(7),
    ]);
    const chunked = async (workspace: string) => {
      const read = await store.readMrrInputChunks(workspace, {}, 4);
      const ids: string[] = [];
      const customer: number[] = [];
      const amount: number[] = [];
      for await (const chunk of read.chunks) {
        for (const c of chunk.subscriptions.customer) customer.push(c + ids.length);
        amount.push(...chunk.subscriptions.amount);
        ids.push(...chunk.customerIds);
      }
      return { ids, customer, amount };
    };
    const whole = await store.readMrrInputs('sorted');
    const expected = {
      ids: whole.customerIds,
      customer: [...whole.subscriptions.customer],
      amount: [...whole.subscriptions.amount],
    };
    expect(expected.amount.slice(0, 6)).toEqual([50, 20, 100, 51, 21, 101]);
    expect(await chunked('sorted')).toEqual(expected);
    expect(await chunked('shuffled')).toEqual(expected);
    expect(await chunked('interleaved')).toEqual(expected);
  });

  it('runs DuckDB on one thread while chunked reads feed the shard workers, then as before', async () => {
    // The store's own connection (private to the class): `threads` is global to the instance.
    const { connection } = store as unknown as { connection: DuckDBConnection };
    const threads = async () =>
      Number(
        (await connection.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]![0],
      );
    const before = await threads();
    for (const c of ['c1', 'c2', 'c3'])
      await store.upsert('w1', 'subscriptions', [subscription(`s-${c}`, c, 100)]);
    const whole = await store.readMrrInputChunks('w1', {}, 1);
    const stopped = await store.readMrrInputChunks('w1', {}, 1);
    expect(await threads()).toBe(1);
    for await (const chunk of stopped.chunks) if (chunk) break;
    // One read still under way: still one thread.
    expect(await threads()).toBe(1);
    let chunks = 0;
    for await (const chunk of whole.chunks) chunks += chunk.customerIds.length;
    expect(chunks).toBe(3);
    expect(await threads()).toBe(before);
  });

  it('upserts by key: a re-import updates and never duplicates', async () => {
    expect(
      await store.upsert('w1', 'subscriptions', [
        subscription('s1', 'c1', 1000),
        subscription('s2', 'c2', 2000),
      ]),
    ).toEqual({
      inserted: 2,
      updated: 0,
    });
    expect(await store.upsert('w1', 'subscriptions', [subscription('s1', 'c1', 1500)])).toEqual({
      inserted: 0,
      updated: 1,
    });
    expect((await store.counts('w1')).subscriptions).toBe(2);
    const inputs = await store.readMrrInputs('w1');
    expect(inputs.customerIds).toEqual(['c1', 'c2']);
    expect(Array.from(inputs.subscriptions.amount)).toEqual([1500, 2000]);
    expect(inputs.subscriptions.start[0]).toBe(day('2024-01-01'));
    expect(inputs.subscriptions.end[0]).toBe(OPEN_END);
    expect(inputs.subscriptions.trialEnd[0]).toBe(NO_DAY);
  });

  it('keeps workspaces apart', async () => {
    await store.upsert('w1', 'subscriptions', [subscription('s1', 'c1', 1000)]);
    await store.upsert('w2', 'subscriptions', [subscription('s1', 'c9', 9000)]);
    expect((await store.readMrrInputs('w1')).customerIds).toEqual(['c1']);
    expect((await store.readMrrInputs('w2')).customerIds).toEqual(['c9']);
    await store.clearWorkspace('w2');
    expect((await store.counts('w2')).subscriptions).toBe(0);
    expect((await store.counts('w1')).subscriptions).toBe(1);
  });

  it('round-trips customers with custom attributes', async () => {
    await store.upsert('w1', 'customers', [
      {
        customer_id: 'c1',
        name: 'Acme',
        email: null,
        created_at: day('2023-05-01'),
        country: 'FR',
        segment: 'smb',
        channel: null,
        attributes: { industry: 'retail' },
      },
    ]);
    expect(await store.readRows('w1', 'customers')).toEqual([
      {
        customer_id: 'c1',
        name: 'Acme',
        email: null,
        created_at: day('2023-05-01'),
        country: 'FR',
        segment: 'smb',
        channel: null,
        attributes: { industry: 'retail' },
      },
    ]);
  });
});

describeStoreContract('DuckDB', () => openDuckDbStore(':memory:'));

describe('DuckDB memory', () => {
  const limitOf = async (memoryLimit: string) => {
    const instance = await openDuckDbInstance(':memory:', memoryLimit);
    const connection = await instance.connect();
    const rows = await connection.runAndReadAll(`SELECT current_setting('memory_limit') AS v`);
    connection.closeSync();
    return String(rows.getRowObjects()[0]!.v);
  };

  it('is bounded by default, and by the size given', async () => {
    // DuckDB counts MB as 10^6 bytes and shows MiB.
    expect(await limitOf(DEFAULT_DUCKDB_MEMORY)).toBe('244.1 MiB');
    expect(await limitOf('2GB')).toBe('1.8 GiB');
  });

  it('names the setting when the size is not one', () => {
    expect(() => duckDbSize('lots', 'NORTHSTAR_DUCKDB_MEMORY')).toThrow(
      'NORTHSTAR_DUCKDB_MEMORY must be a size such as 512MB or 2GB; got "lots"',
    );
    expect(duckDbSize(' 1.5GiB ', 'x')).toBe('1.5GiB');
  });
});
