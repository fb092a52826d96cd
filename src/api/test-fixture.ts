/** A demo workspace in a temporary DuckDB file with an admin and a viewer key (for tests). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../model/kinds.ts';
import { parseIsoDay } from '../model/day.ts';
import { generateDemo } from '../demo/generate.ts';
import { openStore } from '../store/open.ts';
import { newApiKey } from '../auth/keys.ts';

export interface DemoFixture {
  readonly dir: string;
  readonly db: string;
  readonly adminKey: string;
  readonly viewerKey: string;
  cleanup(): void;
}

export async function demoFixture(
  options: { customers?: number; end?: string } = {},
): Promise<DemoFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-api-'));
  const db = join(dir, 'test.duckdb');
  const store = await openStore({ db });
  try {
    const end = parseIsoDay(options.end ?? new Date().toISOString().slice(0, 10))!;
    const data = generateDemo({ customers: options.customers ?? 80, seed: 11, end });
    await store.updateWorkspace('default', { demo: true, currency: 'USD' });
    for (const kind of IMPORT_KINDS)
      await store.upsert('default', kind, data[kind] as RowOfKind[ImportKind][]);
    const admin = await newApiKey({ workspaceId: 'default', role: 'admin', label: 'test admin' });
    const viewer = await newApiKey({ workspaceId: 'default', role: 'viewer' });
    await store.createApiKey(admin.record);
    await store.createApiKey(viewer.record);
    return {
      dir,
      db,
      adminKey: admin.token,
      viewerKey: viewer.token,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } finally {
    await store.close();
  }
}

/** A server on the fixture's database, without rate limit or web app, for `inject` tests. */
export async function fixtureServer(
  fx: DemoFixture,
  extra: Partial<import('./server.ts').ServerOptions> = {},
): Promise<import('fastify').FastifyInstance> {
  const { buildServer } = await import('./server.ts');
  const { createFileStoreGate } = await import('./store-gate.ts');
  return buildServer({
    gate: createFileStoreGate({ path: fx.db, open: () => openStore({ db: fx.db }) }),
    workspaceId: 'default',
    setupCode: null,
    webRoot: null,
    rateLimitPerMinute: false,
    dbPath: fx.db,
    ...extra,
  });
}
