import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNorthstar } from '../../../test/cli/run-cli.ts';
import { generateDemo } from '../../demo/generate.ts';
import { parseIsoDay } from '../../model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { openStore } from '../../store/open.ts';

/** Customer data an attacker controls (a signup form): ids and countries that are formulas. */
const EVIL_ID = '=HYPERLINK("http://evil.example","click")';
const EVIL_COUNTRY = '@SUM(1+1)*cmd|"/c calc"!A1';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-csv-'));
  db = join(dir, 'csv.duckdb');
  const data = generateDemo({ customers: 25, seed: 5, end: parseIsoDay('2026-06-30')! });
  const victim = data.subscriptions[0]!.customer_id;
  const rename = (id: string) => (id === victim ? EVIL_ID : id);
  const rows = {
    ...data,
    customers: data.customers.map((c) => ({
      ...c,
      customer_id: rename(c.customer_id),
      country: c.customer_id === victim ? EVIL_COUNTRY : c.country,
    })),
    subscriptions: data.subscriptions.map((s) => ({ ...s, customer_id: rename(s.customer_id) })),
    invoices: data.invoices.map((i) => ({ ...i, customer_id: rename(i.customer_id) })),
  };
  const store = await openStore({ db });
  try {
    for (const kind of IMPORT_KINDS)
      await store.upsert(
        'default',
        kind,
        rows[kind as keyof typeof rows] as RowOfKind[ImportKind][],
      );
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one command in-process on the test database and returns what it printed. */
async function run(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runNorthstar('--db', db, ...args);
  expect(code, stderr).toBe(0);
  return stdout;
}

/** The CSV's cells, unquoted (RFC 4180). */
function cells(csv: string): string[][] {
  return csv
    .trim()
    .split('\n')
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
        .slice(0, -1)
        .map(([, cell]) =>
          cell!.startsWith('"') ? cell!.slice(1, -1).replace(/""/g, '"') : cell!,
        ),
    );
}

describe('CSV output escapes formulas in text cells, keeps numbers as numbers', () => {
  it('movements --format csv', async () => {
    const rows = cells(await run('movements', '--format', 'csv', '--to', '2026-06-30'));
    expect(rows[0]).toEqual(['date', 'customer_id', 'type', 'amount', 'mrr_before', 'mrr_after']);
    const evil = rows.filter((r) => r[1]!.includes('HYPERLINK'));
    expect(evil.length).toBeGreaterThan(0);
    for (const r of evil) expect(r[1]).toBe(`'${EVIL_ID}`);
    for (const r of rows.slice(1)) expect(r[1]).not.toMatch(/^[=+\-@\t\r]/);
    // Amounts are numbers, written as such (never prefixed).
    for (const r of rows.slice(1)) expect(r[3]).toMatch(/^\d+(\.\d+)?$/);
  }, 120_000);

  it('metrics --by country --format csv', async () => {
    const rows = cells(
      await run(
        'metrics',
        '--metric',
        'mrr,net_mrr_churn_rate',
        '--by',
        'country',
        '--compare',
        '--format',
        'csv',
        '--to',
        '2026-06-30',
      ),
    );
    const values = new Set(rows.slice(1).map((r) => r[0]));
    expect(values).toContain(`'${EVIL_COUNTRY}`);
    for (const value of values) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    // Falling MRR: negative changes stay plain numbers a spreadsheet reads as numbers.
    const change = rows[0]!.indexOf('mrr_change');
    const negative = rows.slice(1).filter((r) => Number(r[change]) < 0);
    expect(negative.length).toBeGreaterThan(0);
    for (const r of negative) expect(r[change]).toMatch(/^-\d+(\.\d+)?$/);
  }, 120_000);

  it('forecast --input with series named like formulas', async () => {
    const input = join(dir, 'series.csv');
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    writeFileSync(
      input,
      [
        'series,period,value',
        ...months.map((m, i) => `"${EVIL_ID.replace(/"/g, '""')}",${m},${100 + i}`),
      ].join('\n'),
    );
    const rows = cells(
      await run('forecast', '--input', input, '--horizon', '2', '--format', 'csv'),
    );
    expect(rows[0]).toEqual(['series', 'period', 'value', 'lo80', 'hi80', 'lo95', 'hi95']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([`'${EVIL_ID}`, `'${EVIL_ID}`]);
    for (const r of rows.slice(1)) expect(Number.isFinite(Number(r[2]))).toBe(true);
  }, 120_000);
});
