/**
 * What the DuckDB file gate keeps in memory across writes: key and settings reads survive
 * the data writes of this server (imports, events, webhook documents), so requests
 * authenticate without queueing for the file while data keeps arriving; anything else,
 * and any write by another process, clears them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../auth/keys.ts';
import { openStore } from '../store/open.ts';
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
});
