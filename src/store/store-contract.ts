/**
 * The behaviour every Store implementation must share (among it: reads may run
 * concurrently on one store), as a reusable vitest suite: each
 * engine's test file runs it against its own store, so DuckDB and PostgreSQL are held to
 * the same answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { parseIsoDay } from '../model/day.ts';
import { IMPORT_KINDS, KIND_SPECS, type ImportKind, type RowOfKind } from '../model/kinds.ts';
import type { Store } from './store.ts';
import { subscription } from '../engine/test-rows.ts';

/** Rows ordered by their kind's key, strings by code point (what the stores return). */
export function sortByKey<K extends ImportKind>(kind: K, rows: readonly RowOfKind[K][]) {
  const key = KIND_SPECS[kind].key;
  return [...rows].sort((a, b) => {
    for (const column of key) {
      const x = (a as unknown as Record<string, string | number>)[column]!;
      const y = (b as unknown as Record<string, string | number>)[column]!;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}

export function describeStoreContract(engine: string, open: () => Promise<Store>): void {
  describe(`${engine} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('reads empty MRR inputs from an empty workspace', async () => {
      const inputs = await store.readMrrInputs('empty', { delinquencyDays: 30 });
      expect(inputs.customerIds).toEqual([]);
      expect(inputs.subscriptions.length).toBe(0);
      expect(inputs.invoiceLines.length).toBe(0);
      expect(inputs.lateInvoices.length).toBe(0);
      expect(await store.readRows('empty', 'customers')).toEqual([]);
    });

    it('serves concurrent reads: MRR reads at once agree with one read alone', async () => {
      const demo = generateDemo({ customers: 40, seed: 5, end: parseIsoDay('2025-06-15')! });
      await store.upsert('busy', 'subscriptions', demo.subscriptions);
      await store.upsert('busy', 'invoices', demo.invoices);
      const alone = await store.readMrrInputs('busy', { delinquencyDays: 30 });
      expect(alone.customerIds.length).toBeGreaterThan(0);
      const together = await Promise.all([
        store.readMrrInputs('busy', { delinquencyDays: 30 }),
        store.readMrrInputs('busy', { delinquencyDays: 30 }),
        store.readMrrInputs('busy'),
        store.readRows('busy', 'subscriptions'),
        store.counts('busy'),
      ]);
      expect(together[0]).toEqual(alone);
      expect(together[1]).toEqual(alone);
      expect(together[2].subscriptions).toEqual(alone.subscriptions);
      expect(together[3]).toHaveLength(demo.subscriptions.length);
    });

    it('round-trips every kind exactly, in key order', async () => {
      const demo = generateDemo({ customers: 30, seed: 3, end: parseIsoDay('2025-06-15')! });
      for (const kind of IMPORT_KINDS) {
        await store.upsert('contract', kind, demo[kind] as RowOfKind[ImportKind][]);
      }
      for (const kind of IMPORT_KINDS) {
        const rows = demo[kind] as RowOfKind[ImportKind][];
        expect(await store.readRows('contract', kind), kind).toEqual(sortByKey(kind, rows));
      }
      const counts = await store.counts('contract');
      for (const kind of IMPORT_KINDS) expect(counts[kind], kind).toBe(demo[kind].length);
    });

    it('replaces rows by key and keeps workspaces apart', async () => {
      const row = (id: string, amount: number) =>
        subscription('c1', amount, '2024-01-01', { subscription_id: id });
      expect(await store.upsert('a', 'subscriptions', [row('s1', 100), row('s2', 200)])).toEqual({
        inserted: 2,
        updated: 0,
      });
      expect(await store.upsert('a', 'subscriptions', [row('s1', 150)])).toEqual({
        inserted: 0,
        updated: 1,
      });
      await store.upsert('b', 'subscriptions', [row('s1', 999)]);
      const a = await store.readRows('a', 'subscriptions');
      expect(a.map((r) => [r.subscription_id, r.amount])).toEqual([
        ['s1', 150],
        ['s2', 200],
      ]);
      await store.clearWorkspace('b');
      expect((await store.counts('b')).subscriptions).toBe(0);
      expect((await store.counts('a')).subscriptions).toBe(2);
    });

    it('reads the rows whose key starts with a prefix, wildcards taken literally', async () => {
      const row = (id: string) => subscription('c1', 100, '2024-01-01', { subscription_id: id });
      const ids = ['sub_1/si_1', 'sub_1/si_2#2', 'sub_10/si_1', 'sub_%/x', 'sub_1x/si', 'other'];
      await store.upsert('a', 'subscriptions', ids.map(row));
      await store.upsert('b', 'subscriptions', [row('sub_1/si_9')]);
      const ofPrefix = async (prefix: string) =>
        (await store.readRowsByKeyPrefix('a', 'subscriptions', prefix)).map(
          (r) => r.subscription_id,
        );
      expect(await ofPrefix('sub_1/')).toEqual(['sub_1/si_1', 'sub_1/si_2#2']);
      expect(await ofPrefix('sub_%/')).toEqual(['sub_%/x']);
      expect(await ofPrefix('sub__')).toEqual([]);
      expect(await ofPrefix('none')).toEqual([]);
      expect(await store.readRowsByKeyPrefix('a', 'subscriptions', 'sub_1/')).toEqual(
        (await store.readRows('a', 'subscriptions')).filter((r) =>
          r.subscription_id.startsWith('sub_1/'),
        ),
      );
    });

    it('writes a document in the same transaction as an upsert: both land or neither', async () => {
      const row = (id: string) => subscription('c1', 100, '2024-01-01', { subscription_id: id });
      const document = { collection: 'keys', id: 'batch1', body: ['k1', 'k2'] };
      await store.upsert('a', 'subscriptions', [row('s1')], { document });
      expect(await store.getDocument('a', 'keys', 'batch1')).toEqual(['k1', 'k2']);
      const broken = { ...row('s2'), amount: Number.NaN, currency: null } as unknown as ReturnType<
        typeof row
      >;
      await expect(
        store.upsert('a', 'subscriptions', [row('s3'), broken], {
          document: { collection: 'keys', id: 'batch2', body: ['k3'] },
        }),
      ).rejects.toThrow();
      expect(await store.getDocument('a', 'keys', 'batch2')).toBeNull();
      expect((await store.counts('a')).subscriptions).toBe(1);
    });

    it('stores API keys per workspace and finds them by id', async () => {
      const key = {
        keyId: 'ns_k1',
        workspaceId: 'a',
        role: 'viewer' as const,
        secretHash: 'scrypt$salt$hash',
        label: 'ci',
        createdAt: '2026-01-02T03:04:05.000Z',
      };
      await store.createApiKey(key);
      expect(await store.findApiKey('ns_k1')).toEqual(key);
      expect(await store.findApiKey('missing')).toBeNull();
      expect(await store.listApiKeys('a')).toEqual([key]);
      expect(await store.listApiKeys('b')).toEqual([]);
      expect(await store.listApiKeyIds()).toEqual(['ns_k1']);
      expect(await store.deleteApiKey('b', 'ns_k1')).toBe(false);
      expect(await store.deleteApiKey('a', 'ns_k1')).toBe(true);
      expect(await store.findApiKey('ns_k1')).toBeNull();
    });

    it('keeps JSON documents per workspace and collection', async () => {
      await store.putDocument('a', 'goals', 'g2', { target: 2 });
      await store.putDocument('a', 'goals', 'g1', { target: 1, nested: { ok: true } });
      await store.putDocument('a', 'goals', 'g1', { target: 10 });
      await store.putDocument('b', 'goals', 'g1', { target: 99 });
      await store.putDocument('a', 'alerts', 'g1', { other: true });
      expect(await store.getDocument('a', 'goals', 'g1')).toEqual({ target: 10 });
      expect(await store.getDocument('a', 'goals', 'missing')).toBeNull();
      expect(await store.listDocuments('a', 'goals')).toEqual([
        { id: 'g1', body: { target: 10 } },
        { id: 'g2', body: { target: 2 } },
      ]);
      expect(await store.deleteDocument('b', 'goals', 'g2')).toBe(false);
      expect(await store.deleteDocument('a', 'goals', 'g2')).toBe(true);
      expect(await store.listDocuments('a', 'goals')).toHaveLength(1);
      expect(await store.getDocument('b', 'goals', 'g1')).toEqual({ target: 99 });
    });

    it('keeps workspace settings per workspace', async () => {
      await store.updateWorkspace('eu', { currency: 'EUR', timeZone: 'Europe/Paris' });
      expect((await store.workspace('eu')).currency).toBe('EUR');
      expect((await store.workspace('us')).currency).toBe('USD');
    });
  });
}
