/** Impossible dates are refused on the command line, not stored to break `goals list` later. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-goals-'));
  db = join(dir, 'test.duckdb');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const goals = (...args: string[]) => runNorthstar('--db', db, 'goals', ...args);

it('goals add --due 2027-02-30 is an error, and goals list still works', async () => {
  const add = await goals('add', '--name', 'Launch', '--due', '2027-02-30');
  expect(add.code).toBe(1);
  expect(add.stderr.trim()).toBe(
    'northstar: --due "2027-02-30" is not a date (2027-02 has 28 days)',
  );
  const start = await goals(
    'add',
    '--name',
    'Launch',
    '--start',
    '2026-02-29',
    '--due',
    '2027-01-31',
  );
  expect(start.code).toBe(1);
  expect(start.stderr).toContain('--start "2026-02-29" is not a date (2026-02 has 28 days)');

  const list = await goals('list', '--format', 'json');
  expect(list.code).toBe(0);
  expect(JSON.parse(list.stdout)).toEqual([]);

  const ok = await goals('add', '--name', 'Launch', '--start', '2026-01-01', '--due', '2028-02-29');
  expect(ok.code).toBe(0);
});

it("goals add --segment keeps one segment's metric; a choice of values is refused", async () => {
  const add = (segment: string) =>
    goals(
      'add',
      '--name',
      'French MRR',
      '--metric',
      'mrr',
      '--target',
      '5000',
      '--segment',
      segment,
      '--start',
      '2026-01-01',
      '--due',
      '2026-12-31',
    );
  const choice = await add('country=FR|DE');
  expect(choice.code).toBe(1);
  expect(choice.stderr.trim()).toBe(
    "northstar: --segment country=FR|DE: a goal's segment is one value (country=FR)",
  );
  expect((await add('country=FR')).code).toBe(0);
  const list = await goals('list', '--format', 'json');
  expect(list.code).toBe(0);
  const statuses = JSON.parse(list.stdout) as { id: string; segment: unknown }[];
  expect(statuses.find((s) => s.id === 'french-mrr')?.segment).toEqual({
    dimension: 'country',
    value: 'FR',
  });
});

it('alerts history --since refuses an impossible date', async () => {
  const run = await runNorthstar('--db', db, 'alerts', 'history', '--since', '2026-04-31');
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('--since "2026-04-31" is not a date (2026-04 has 30 days)');
});
