/**
 * What the DuckDB file gate keeps in memory across writes: key and settings reads survive
 * the data writes of this server (imports, events, webhook documents), so requests
 * authenticate without queueing for the file while data keeps arriving; anything else,
 * and any write by another process, clears them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newApiKey } from '../auth/keys.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { createFileStoreGate, type StoreGate } from './store-gate.ts';

describe('file gate: memoized reads across writes', () => {
  let dir: string;
  let db: string;
  let gate: StoreGate;
  let opens = 0;
  let keyId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'northstar-gate-'));
    db = join(dir, 'gate.duckdb');
    const key = await newApiKey({ workspaceId: 'w', role: 'admin' });
    keyId = key.record.keyId;
    const store = await openStore({ db });
    try {
      await store.createApiKey(key.record);
    } finally {
      await store.close();
    }
    gate = createFileStoreGate({
      path: db,
      open: () => {
        opens++;
        return openStore({ db });
      },
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lookUp = () => gate.run((s) => s.findApiKey(keyId));

  /**
   * A gate on the test file whose lock is granted once `released()` resolves, then to one
   * operation at a time as the real lock is: two operations let in together would open
   * two DuckDB instances on the file in one process, whose writes can break it (a later
   * open failed with "Failed to load metadata pointer" on a loaded machine).
   */
  const gateBehind = (released: () => Promise<void>) => {
    let queue: Promise<unknown> = Promise.resolve();
    return createFileStoreGate({
      path: db,
      open: () => openStore({ db }),
      lock: (work) => {
        const granted = queue.then(async () => {
          await released();
          return work();
        });
        queue = granted.catch(() => undefined);
        return granted;
      },
    });
  };

  it('keeps key and settings reads across this server’s data writes, and only those', async () => {
    expect((await lookUp())?.keyId).toBe(keyId);
    await gate.run((s) => s.workspace('w'));
    await gate.run((s) => s.listDocuments('w', 'notes'));
    const afterReads = opens;

    await gate.run((s) => s.putDocument('w', 'notes', 'n1', { text: 'hello' }));
    const afterWrite = opens;
    expect(afterWrite).toBe(afterReads + 1);
    expect((await lookUp())?.keyId).toBe(keyId);
    await gate.run((s) => s.workspace('w'));
    expect(opens).toBe(afterWrite);
    // The documents it wrote are read again.
    expect(await gate.run((s) => s.listDocuments('w', 'notes'))).toHaveLength(1);
    expect(opens).toBe(afterWrite + 1);
  });

  it('a key write, or a write by another process, clears the key reads', async () => {
    await lookUp();
    const before = opens;
    const other = await newApiKey({ workspaceId: 'w', role: 'viewer' });
    await gate.run((s) => s.createApiKey(other.record));
    await lookUp();
    expect(opens).toBe(before + 2);

    const cli = await openStore({ db });
    try {
      await cli.deleteApiKey('w', keyId);
    } finally {
      await cli.close();
    }
    expect(await lookUp()).toBeNull();
    expect(opens).toBe(before + 3);
  });

  it('a write by someone else while a read waits for the file still clears what was kept', async () => {
    // The lock a compute worker takes through the server: held here while "the server"
    // (another instance of the file) changes the settings.
    let hold: Promise<void> = Promise.resolve();
    const held = gateBehind(() => hold);
    const before = await held.run((s) => s.workspace('w'));
    let letGo!: () => void;
    hold = new Promise((resolve) => (letGo = resolve));
    // Starts while the data is unchanged, then waits for the lock.
    const waiting = held.run((s) => s.listDocuments('w', 'notes'));
    const server = await openStore({ db });
    try {
      await server.updateWorkspace('w', { currency: before.currency === 'EUR' ? 'USD' : 'EUR' });
    } finally {
      await server.close();
    }
    letGo();
    await waiting;
    expect((await held.run((s) => s.workspace('w'))).currency).not.toBe(before.currency);
  });

  it('closes the store only after every call of a failed operation has settled', async () => {
    let finishRead!: () => void;
    let closed = false;
    let counted!: () => void;
    const countFailed = new Promise<void>((resolve) => (counted = resolve));
    const fake = {
      readRows: () => new Promise((resolve) => (finishRead = () => resolve([]))),
      counts: () => {
        setImmediate(counted);
        return Promise.reject(new Error('hostile input'));
      },
      close: async () => {
        closed = true;
      },
    } as unknown as Store;
    const gate = createFileStoreGate({ path: db, open: async () => fake });
    const failed = gate.run((s) => Promise.all([s.readRows('w', 'customers'), s.counts('w')]));
    const outcome = failed.catch((error: Error) => error.message);
    // The operation has failed; the read it started is still running on the store.
    await countFailed;
    expect(closed).toBe(false);
    finishRead();
    expect(await outcome).toBe('hostile input');
    expect(closed).toBe(true);
  });

  it('tells who listens of new data on its way, before the write waits for the file', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const gate = gateBehind(() => held);
    const heard: string[] = [];
    gate.onDataWrite!(() => heard.push('write'));
    const doc = gate.run((s) => s.putDocument('w', 'notes', 'n2', { text: 'a goal' }));
    const settings = gate.run((s) => s.updateWorkspace('w', { delinquencyDays: 30 }));
    // Heard while the lock is still held: the settings write, not the document.
    await vi.waitFor(() => expect(heard).toEqual(['write']), { timeout: 30_000 });
    release();
    await Promise.all([doc, settings]);
    expect(heard).toEqual(['write']);
  });

  it('keeps the version of the data of some kinds across its own writes of other kinds only', async () => {
    const mrr = ['customers', 'subscriptions', 'invoices', 'fx_rates'] as const;
    const event = { occurred_at: Date.UTC(2026, 0, 5), customer_id: 'c1', user_id: 'u1' };
    const events = (n: number) =>
      gate.run((s) => s.upsert('w', 'events', [{ ...event, event: `login ${n}`, quantity: 1 }]));
    await events(0);
    const before = { mrr: await gate.version(mrr), events: await gate.version(['events']) };
    const file = await gate.version();

    // Usage events arriving: the file and the events' version move, the MRR inputs' do not.
    await events(1);
    expect(await gate.version()).not.toBe(file);
    expect(await gate.version(['events'])).not.toBe(before.events);
    expect(await gate.version(mrr)).toBe(before.mrr);

    // A customer, settings, or a write by another process: the MRR inputs' version moves.
    const customer = {
      customer_id: 'c1',
      name: 'One',
      email: null,
      created_at: null,
      country: 'FR',
      segment: null,
      channel: null,
      attributes: {},
    };
    await gate.run((s) => s.upsert('w', 'customers', [customer]));
    const afterCustomer = await gate.version(mrr);
    expect(afterCustomer).not.toBe(before.mrr);
    await gate.run((s) => s.updateWorkspace('w', { delinquencyDays: 45 }));
    const afterSettings = await gate.version(mrr);
    expect(afterSettings).not.toBe(afterCustomer);
    const cli = await openStore({ db });
    try {
      await cli.upsert('w', 'events', [{ ...event, event: 'by the CLI', quantity: 1 }]);
    } finally {
      await cli.close();
    }
    expect(await gate.version(mrr)).not.toBe(afterSettings);
  });
});
