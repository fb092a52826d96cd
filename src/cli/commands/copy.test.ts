/**
 * `northstar copy`: a workspace moves DuckDB → PostgreSQL → DuckDB equal row for row, all
 * or nothing, and never over data it was not told to replace (issue 13).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.ts';
import { customer } from '../../engine/test-rows.ts';
import { parseIsoDay } from '../../model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { openPostgresStore } from '../../store/postgres/postgres-store.ts';
import { postgresTestUrl, TestDatabases } from '../../store/postgres/test-database.ts';
import type { Store } from '../../store/store.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';
import { copyIntoDuckDbFile, WORKSPACE_COLLECTIONS } from './copy.ts';

const serverUrl = postgresTestUrl('northstar copy');
const WS = 'acme';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-copy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const copy = (...args: string[]) => runNorthstar(...args);

/** Everything a copy carries, in a comparable form. */
async function contents(store: Store) {
  const rows: Record<string, unknown> = {};
  for (const kind of IMPORT_KINDS) rows[kind] = await store.readRows(WS, kind);
  const documents: Record<string, unknown> = {};
  for (const c of WORKSPACE_COLLECTIONS) documents[c] = await store.listDocuments(WS, c);
  return {
    settings: await store.workspace(WS),
    rows,
    keys: await store.listApiKeys(WS),
    documents,
  };
}

async function withDuckDb<T>(path: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openDuckDbStore(path);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function fillSource(path: string): Promise<void> {
  await withDuckDb(path, async (store) => {
    const demo = generateDemo({ customers: 40, seed: 5, end: parseIsoDay('2026-06-15')! });
    for (const kind of IMPORT_KINDS)
      await store.upsert(WS, kind, demo[kind] as RowOfKind[ImportKind][]);
    await store.updateWorkspace(WS, { currency: 'EUR', timeZone: 'Europe/Paris' });
    await store.createApiKey({
      keyId: 'ns_copytest',
      workspaceId: WS,
      role: 'viewer',
      secretHash: 'scrypt$s$h',
      label: 'moved',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await store.putDocument(WS, 'goals', 'arr', { metric: 'arr', target: 1_000_000 });
    await store.putDocument(WS, 'alert_rules', 'mrr-drop', { kind: 'change', metric: 'mrr' });
  });
}

/** The API key id is global: this key in another workspace of the target makes the copy
 * fail after the rows were written. */
const clashingKey = {
  keyId: 'ns_copytest',
  workspaceId: 'other',
  role: 'viewer' as const,
  secretHash: 'x',
  label: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('copy into a DuckDB file', () => {
  it('refuses a target workspace holding data, says what it holds, and changes nothing', async () => {
    const source = join(dir, 'refuse-source.duckdb');
    const target = join(dir, 'refuse-target.duckdb');
    await fillSource(source);
    await withDuckDb(target, (store) => store.upsert(WS, 'customers', [customer('keep-me')]));

    const run = await copy('--db', source, '--workspace', WS, 'copy', '--to', target);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `the target workspace already holds 1 customers in workspace "${WS}"`,
    );
    expect(run.stderr).toContain('Nothing was changed. Pass --replace');
    await withDuckDb(target, async (store) =>
      expect((await store.readRows(WS, 'customers')).map((c) => c.customer_id)).toEqual([
        'keep-me',
      ]),
    );

    const replaced = await copy(
      '--db',
      source,
      '--workspace',
      WS,
      'copy',
      '--to',
      target,
      '--replace',
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    const expected = await withDuckDb(source, contents);
    expect(await withDuckDb(target, contents)).toEqual(expected);
  });

  it('all or nothing: a copy that fails part-way leaves the file as it was', async () => {
    const source = join(dir, 'atomic-source.duckdb');
    const target = join(dir, 'atomic-target.duckdb');
    await fillSource(source);
    await withDuckDb(target, (store) => store.upsert(WS, 'customers', [customer('keep-me')]));
    const before = await withDuckDb(target, contents);
    await withDuckDb(source, async (from) => {
      // The source fails after customers and subscriptions were written to the target.
      const failing: Store = Object.assign(Object.create(from) as Store, {
        readRows: async (ws: string, kind: ImportKind) => {
          if (kind === 'invoices') throw new Error('connection lost');
          return from.readRows(ws, kind);
        },
      });
      await expect(
        copyIntoDuckDbFile(failing, target, WS, { collections: [], replace: true }),
      ).rejects.toThrow('connection lost');
    });
    expect(await withDuckDb(target, contents)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.copying-'))).toEqual([]);
  });

  it('refuses to copy a database onto itself', async () => {
    const source = join(dir, 'self.duckdb');
    const run = await copy('--db', source, 'copy', '--to', source);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--to names the database the workspace is in');
  });
});

describe.skipIf(!serverUrl)('DuckDB → PostgreSQL → DuckDB', () => {
  const databases = new TestDatabases(serverUrl ?? 'postgres://unused');
  afterAll(() => databases.dropAll());

  it('arrives equal row for row, both ways', async () => {
    const source = join(dir, 'round-source.duckdb');
    const back = join(dir, 'round-back.duckdb');
    await fillSource(source);
    const url = await databases.create();

    const there = await copy('--db', source, '--workspace', WS, 'copy', '--to', url);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain(`Copied workspace "${WS}"`);
    expect(there.stdout).toContain('1 API key; 2 documents');
    const original = await withDuckDb(source, contents);
    const pg = await openPostgresStore(url);
    try {
      expect(await contents(pg)).toEqual(original);
    } finally {
      await pg.close();
    }

    const home = await copy('--database-url', url, '--workspace', WS, 'copy', '--to', back);
    expect(home.code, home.stderr).toBe(0);
    expect(await withDuckDb(back, contents)).toEqual(original);
  });

  it('all or nothing: a copy that fails part-way leaves the PostgreSQL target as it was', async () => {
    const source = join(dir, 'atomic-source.duckdb');
    await fillSource(source);
    const url = await databases.create();
    const pg = await openPostgresStore(url);
    try {
      await pg.createApiKey(clashingKey);
      const before = await contents(pg);
      const run = await copy('--db', source, '--workspace', WS, 'copy', '--to', url);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the copy failed (duplicate key value');
      expect(run.stderr).toContain('nothing was changed in the target');
      expect(await contents(pg)).toEqual(before);
      expect(Object.values(await pg.counts(WS)).every((n) => n === 0)).toBe(true);
    } finally {
      await pg.close();
    }
  });
});
