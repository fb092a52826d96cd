/** `northstar demo` never deletes rows it did not write, unless told to (issue 13: nothing lost). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { customer } from '../../../test/fixtures/engine/test-rows.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-demo-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = (db: string, ...args: string[]) =>
  runNorthstar('--db', db, 'demo', '--customers', '15', ...args);

async function counts(db: string) {
  const store = await openDuckDbStore(db);
  try {
    return await store.counts('default');
  } finally {
    await store.close();
  }
}

function customersCsv(): string {
  const file = join(dir, 'customers.csv');
  writeFileSync(file, 'customer_id,name\nmine-1,Acme\nmine-2,Beta\n');
  return file;
}

describe('northstar demo', () => {
  it('refuses a workspace holding imported rows, says what would be lost, changes nothing', async () => {
    const db = join(dir, 'imported.duckdb');
    const imported = await runNorthstar('--db', db, 'import', 'customers', customersCsv());
    expect(imported.code).toBe(0);
    const before = await counts(db);

    const run = await demo(db);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'holds data the demo did not make, which it would delete: 2 customers',
    );
    expect(run.stderr).toContain('--replace');
    expect(await counts(db)).toEqual(before);

    const replaced = await demo(db, '--replace');
    expect(replaced.code).toBe(0);
    expect((await counts(db)).customers).toBe(15);
  });

  it('replaces its own demo rows, but not rows imported into the demo workspace', async () => {
    const db = join(dir, 'demo.duckdb');
    expect((await demo(db)).code).toBe(0);
    expect((await demo(db, '--seed', '7')).code).toBe(0); // only its own rows: replaced freely

    expect((await runNorthstar('--db', db, 'import', 'customers', customersCsv())).code).toBe(0);
    const before = await counts(db);
    const run = await demo(db);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/17 customers, \d+ subscriptions/);
    expect(await counts(db)).toEqual(before);
  });

  it("sets the README's example goals, judged from the demo's history", async () => {
    const db = join(dir, 'goals.duckdb');
    expect((await demo(db)).code).toBe(0);
    const list = await runNorthstar('--db', db, 'goals', 'list', '--format', 'json');
    expect(list.code).toBe(0);
    const goals = JSON.parse(list.stdout) as {
      id: string;
      baselineFrom: string | null;
      baselinePeriod: string | null;
      direction: string | null;
    }[];
    const year = new Date().getUTCFullYear();
    expect(goals.map((g) => g.id)).toEqual(['arr-1m', 'churn-under-3']);
    for (const g of goals)
      expect(g).toMatchObject({ baselineFrom: 'history', baselinePeriod: `${year - 1}-12` });
    expect(goals.map((g) => g.direction)).toEqual(['up', 'down']);
  });

  it('notices rows that came in without the import command (API, Stripe sync)', async () => {
    const db = join(dir, 'synced.duckdb');
    expect((await demo(db)).code).toBe(0);
    const store = await openDuckDbStore(db);
    await store.upsert('default', 'customers', [customer('cus_from_stripe')]);
    await store.close();
    expect((await demo(db)).code).toBe(3);
  });
});
