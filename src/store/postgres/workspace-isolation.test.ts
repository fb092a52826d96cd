/**
 * Store-level tenant isolation, on both engines: two workspaces holding the very same
 * keys never see, replace, clear or delete each other's rows, keys or documents.
 * (HTTP-level isolation is tested with the API.)
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDemo, type DemoData } from '../../demo/generate.ts';
import { parseIsoDay } from '../../model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { openDuckDbStore } from '../duckdb/duckdb-store.ts';
import { sortByKey } from '../../../test/fixtures/store/store-contract.ts';
import type { ApiKeyRecord, Store } from '../store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { postgresTestUrl, TestDatabases } from '../../../test/fixtures/store/test-database.ts';

const END = parseIsoDay('2025-03-31')!;
// Different companies whose ids collide (both demos number customers the same way).
const ACME = generateDemo({ customers: 40, seed: 1, end: END });
const GLOBEX = generateDemo({ customers: 60, seed: 2, end: END });

async function load(store: Store, workspaceId: string, data: DemoData): Promise<void> {
  for (const kind of IMPORT_KINDS) {
    await store.upsert(workspaceId, kind, data[kind] as RowOfKind[ImportKind][]);
  }
}

const key = (workspaceId: string, keyId: string): ApiKeyRecord => ({
  keyId,
  workspaceId,
  role: 'admin',
  secretHash: `scrypt$${workspaceId}$hash`,
  label: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

function describeIsolation(engine: string, open: () => Promise<Store>): void {
  describe(`${engine}: workspaces never cross`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await load(store, 'acme', ACME);
      await load(store, 'globex', GLOBEX);
    });
    afterEach(async () => {
      await store.close();
    });

    it('reads only the workspace asked for', async () => {
      expect(ACME.subscriptions.map((s) => s.subscription_id)).toEqual(
        expect.arrayContaining([GLOBEX.subscriptions[0]!.subscription_id]),
      );
      for (const kind of IMPORT_KINDS) {
        expect(await store.readRows('acme', kind), kind).toEqual(
          sortByKey(kind, ACME[kind] as RowOfKind[ImportKind][]),
        );
        expect(await store.readRows('globex', kind), kind).toEqual(
          sortByKey(kind, GLOBEX[kind] as RowOfKind[ImportKind][]),
        );
      }
      const alone = await open();
      try {
        await load(alone, 'acme', ACME);
        expect(await store.readMrrInputs('acme', { delinquencyDays: 15 })).toEqual(
          await alone.readMrrInputs('acme', { delinquencyDays: 15 }),
        );
      } finally {
        await alone.close();
      }
      expect(await store.counts('nobody')).toEqual(
        Object.fromEntries(IMPORT_KINDS.map((k) => [k, 0])),
      );
    });

    it('upserts replace rows of the same workspace only', async () => {
      const taken = GLOBEX.subscriptions.slice(0, 5).map((s) => ({ ...s, amount: 123_456 }));
      const acmeIds = new Set(ACME.subscriptions.map((s) => s.subscription_id));
      const existing = taken.filter((s) => acmeIds.has(s.subscription_id)).length;
      expect(await store.upsert('acme', 'subscriptions', taken)).toEqual({
        inserted: taken.length - existing,
        updated: existing,
      });
      expect(await store.readRows('globex', 'subscriptions')).toEqual(
        sortByKey('subscriptions', GLOBEX.subscriptions),
      );
    });

    it('clearing a workspace leaves the others whole', async () => {
      const before = await store.counts('globex');
      await store.updateWorkspace('acme', { delinquencyDays: 10 });
      await store.clearWorkspace('acme');
      expect(Object.values(await store.counts('acme')).every((n) => n === 0)).toBe(true);
      expect(await store.counts('globex')).toEqual(before);
      expect((await store.workspace('acme')).delinquencyDays).toBe(10);
      expect((await store.workspace('globex')).delinquencyDays).toBeNull();
    });

    it('API keys and documents belong to one workspace', async () => {
      await store.createApiKey(key('acme', 'ns_acme'));
      await store.createApiKey(key('globex', 'ns_globex'));
      expect((await store.listApiKeys('acme')).map((k) => k.keyId)).toEqual(['ns_acme']);
      expect((await store.listApiKeys('globex')).map((k) => k.keyId)).toEqual(['ns_globex']);
      expect((await store.findApiKey('ns_acme'))?.workspaceId).toBe('acme');
      expect(await store.deleteApiKey('globex', 'ns_acme')).toBe(false);
      expect(await store.findApiKey('ns_acme')).not.toBeNull();

      await store.putDocument('acme', 'goals', 'g1', { owner: 'acme' });
      await store.putDocument('globex', 'goals', 'g1', { owner: 'globex' });
      expect(await store.getDocument('acme', 'goals', 'g1')).toEqual({ owner: 'acme' });
      expect(await store.deleteDocument('globex', 'goals', 'g1')).toBe(true);
      expect(await store.getDocument('acme', 'goals', 'g1')).toEqual({ owner: 'acme' });
      expect(await store.listDocuments('globex', 'goals')).toEqual([]);
    });
  });
}

describeIsolation('DuckDB', () => openDuckDbStore(':memory:'));

const serverUrl = postgresTestUrl('PostgreSQL workspace isolation');
if (serverUrl) {
  const databases = new TestDatabases(serverUrl);
  afterAll(async () => databases.dropAll());
  describeIsolation('PostgreSQL', async () => openPostgresStore(await databases.create()));
}
