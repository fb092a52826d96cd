/**
 * `northstar import` on the mistakes people make (issue 13): each is one or two lines that
 * say what to do, with its exit code, and the database is as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-import-'));
  db = join(dir, 'test.duckdb');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const northstar = (...args: string[]) => runNorthstar('--db', db, 'import', ...args);

async function counts() {
  const store = await openDuckDbStore(db);
  try {
    return await store.counts('default');
  } finally {
    await store.close();
  }
}

const SUBS = 'subscription_id,customer_id,amount,currency,interval,start_date';

describe('import errors a person can act on', () => {
  beforeAll(async () => {
    const run = await northstar('customers', file('customers.csv', 'customer_id,name\nc1,Acme\n'));
    expect(run.code).toBe(0);
  });

  it('an unknown kind suggests the nearest one', async () => {
    const run = await northstar('subscription', 'x.csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown kind "subscription" (did you mean subscriptions?)');
  });

  it('a missing file is two lines, no stack, exit 66', async () => {
    const before = await counts();
    const run = await northstar('subscriptions', join(dir, 'nope.csv'));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain(
      `cannot open ${join(dir, 'nope.csv')}: no such file or directory.`,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
    expect(await counts()).toEqual(before);
  });

  it('binary content is refused at once with one line', async () => {
    const before = await counts();
    const run = await northstar('subscriptions', file('random.csv', randomBytes(4 << 20)));
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('random.csv: this is not a CSV or XLSX file');
    expect(run.stderr).toContain('nothing was imported');
    expect(await counts()).toEqual(before);
  });

  it('a misspelt column: did you mean, and counts in the right number', async () => {
    const before = await counts();
    const run = await northstar(
      'subscriptions',
      file(
        'misspelt.csv',
        'subscription_id,customerid,amount,currency,interval,start_date\ns1,c1,10,USD,month,2024-01-01\n',
      ),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('1 problem in 1 row; nothing was imported.');
    expect(run.stderr).toContain(
      'missing required column customer_id (found "customerid": did you mean customer_id?)',
    );
    expect(await counts()).toEqual(before);
  });

  it('a row shorter than the header names file and row', async () => {
    const before = await counts();
    const path = file(
      'short.csv',
      `${SUBS},end_date\ns1,c1,10,USD,month,2024-01-01,2024-03-31\ns2,c1,10\n`,
    );
    const run = await northstar('subscriptions', path);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}:3: row has 3 cells but the header has 7`);
    expect(await counts()).toEqual(before);
  });
});

describe('import warnings', () => {
  it('a header-only file warns and imports nothing', async () => {
    const before = await counts();
    const run = await northstar('subscriptions', file('header-only.csv', `${SUBS}\n`));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'header-only.csv has a header but no data rows: nothing was imported.',
    );
    expect(await counts()).toEqual(before);
  });

  it('rows naming unknown customers are imported, with the count and the first ids', async () => {
    const before = await counts();
    const rows = ['s1,c1', 's2,ghost-1', 's3,ghost-2', 's4,ghost-1'].map(
      (ids) => `${ids},49,USD,month,2024-01-01`,
    );
    const run = await northstar('subscriptions', file('subs.csv', `${SUBS}\n${rows.join('\n')}\n`));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "3 subscriptions rows name 2 customers not in this workspace's customers (ghost-1, ghost-2); imported anyway.",
    );
    expect((await counts()).subscriptions).toBe(before.subscriptions + 4);
  });

  it('says a single such row names its customer', async () => {
    const run = await northstar(
      'subscriptions',
      file('one-ghost.csv', `${SUBS}\ns8,ghost-3,49,USD,month,2024-01-01\n`),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "1 subscriptions row names 1 customer not in this workspace's customers (ghost-3); imported anyway.",
    );
  });

  it('says nothing when every customer is known', async () => {
    const run = await northstar(
      'subscriptions',
      file('known.csv', `${SUBS}\ns9,c1,49,USD,month,2024-01-01\n`),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('import --map warns as import does', () => {
  const fixture = (name: string) => join(process.cwd(), 'test', 'fixtures', 'integrations', name);

  it('names the unknown customers of a mapped file, and a mapped header-only file imports nothing', async () => {
    const db2 = join(dir, 'mapped.duckdb');
    const map = fixture('subscriptions-export.map.json');
    const run = await runNorthstar(
      '--db',
      db2,
      'import',
      'subscriptions',
      fixture('subscriptions-export.csv'),
      '--map',
      map,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /subscriptions rows name \d+ customers? not in this workspace's customers \(ACME-001, /,
    );

    const header = file(
      'mapped-header.csv',
      'Account,Plan Name,Monthly Price,Curr,Started (dd/mm/yyyy),Cancelled,Seats\n',
    );
    const empty = await runNorthstar('--db', db2, 'import', 'subscriptions', header, '--map', map);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toContain('has a header but no data rows');
  });

  it('a short row in a mapped CSV is an error too, and nothing is written', async () => {
    const db2 = join(dir, 'mapped-short.duckdb');
    const short = file(
      'mapped-short.csv',
      'Account,Plan Name,Monthly Price,Curr,Started (dd/mm/yyyy),Cancelled,Seats\n' +
        'ACME-009,Growth,49.00,EUR,15/01/2024\n',
    );
    const run = await runNorthstar(
      '--db',
      db2,
      'import',
      'subscriptions',
      short,
      '--map',
      fixture('subscriptions-export.map.json'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${short}:2: row has 5 cells but the header has 7`);
  });
});

describe('import-from refuses binary content at once', () => {
  it('one line, exit 2', async () => {
    const run = await runNorthstar(
      '--db',
      db,
      'import-from',
      'hubspot-deals',
      file('deals.csv', randomBytes(1 << 20)),
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('deals.csv: this is not a CSV or XLSX file');
  });
});
