import { fstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { formatDay, parseIsoDay } from '../model/day.ts';
import type { ImportKind } from '../model/kinds.ts';
import { IMPORT_KINDS } from '../model/kinds.ts';
import { FileSource } from './byte-source.ts';
import type { ImportOptions, ParsedImport } from './index.ts';
import { parseImportBuffer, parseImportFile, parseImportFileInBatches } from './index.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const day = (iso: string): number => parseIsoDay(iso) as number;

function parse<K extends ImportKind>(
  kind: K,
  csv: string,
  options: Partial<ImportOptions> = {},
  file = `${kind}.csv`,
): Promise<ParsedImport<K>> {
  return parseImportBuffer(kind, file, encode(csv), { timeZone: 'UTC', ...options });
}

const SUBS_HEADER =
  'subscription_id,customer_id,amount,currency,interval,start_date,end_date,quantity';

describe('bad input is reported with file, row, column and reason', () => {
  it('unknown currency', async () => {
    const r = await parse('subscriptions', `${SUBS_HEADER}\ns1,c1,10,XYZ,month,2024-01-01,,1\n`);
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 2,
        column: 'currency',
        reason: 'unknown currency code "XYZ"',
      },
    ]);
    expect(r.rows).toEqual([]);
    expect(r.totalRows).toBe(1);
    expect(r.rejectedRows).toBe(1);
  });

  it('end_date before start_date (equal is allowed)', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,c1,10,USD,month,2024-02-01,2024-01-01,1\ns2,c1,10,USD,month,2024-02-01,2024-02-01,1\n`,
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 2,
        column: 'end_date',
        reason: 'end_date 2024-01-01 is before start_date 2024-02-01',
      },
    ]);
    expect(r.rowNumbers).toEqual([3]);
    expect(r.rows[0]?.end_date).toBe(day('2024-02-01'));
  });

  it('negative quantity', async () => {
    const r = await parse('subscriptions', `${SUBS_HEADER}\ns1,c1,10,USD,month,2024-01-01,,-2\n`);
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 2,
        column: 'quantity',
        reason: 'quantity must not be negative: -2',
      },
    ]);
  });

  it('unparseable and impossible dates', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,c1,10,USD,month,05/01/2024,,1\ns2,c1,10,USD,month,2024-02-30,,1\n`,
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 2,
        column: 'start_date',
        reason: 'unparseable date "05/01/2024": expected ISO 8601 (YYYY-MM-DD)',
      },
      {
        file: 'subscriptions.csv',
        row: 3,
        column: 'start_date',
        reason: 'impossible date "2024-02-30"',
      },
    ]);
  });

  it('missing required column: one issue on row 1, no rows', async () => {
    const r = await parse(
      'subscriptions',
      'subscription_id,customer_id,currency,interval,start_date\ns1,c1,USD,month,2024-01-01\ns2,c1,USD,month,2024-01-01\n',
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 1,
        column: 'amount',
        reason: 'missing required column amount',
      },
    ]);
    expect(r.rows).toEqual([]);
    expect(r.totalRows).toBe(2);
    expect(r.rejectedRows).toBe(2);
  });

  it('bad enum value', async () => {
    const r = await parse(
      'invoices',
      'invoice_id,customer_id,issued_at,amount,currency,status\ni1,c1,2024-01-05,10,USD,pending\ni2,c1,2024-01-05,10,USD,PAID\n',
    );
    expect(r.issues).toEqual([
      {
        file: 'invoices.csv',
        row: 2,
        column: 'status',
        reason: 'status must be one of paid, open, void, uncollectible, refunded; got "pending"',
      },
    ]);
    expect(r.rows.map((row) => row.status)).toEqual(['paid']); // case-insensitive
  });

  it('too many decimals for the row currency (JPY 0, KWD 3)', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,c1,49.5,JPY,month,2024-01-01,,1\ns2,c1,1.234,KWD,month,2024-01-01,,1\ns3,c1,1.2345,KWD,month,2024-01-01,,1\ns4,c1,4900,jpy,month,2024-01-01,,1\n`,
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 2,
        column: 'amount',
        reason: '"49.5" has decimals but JPY has no minor unit',
      },
      {
        file: 'subscriptions.csv',
        row: 4,
        column: 'amount',
        reason: '"1.2345" has more than 3 decimals for KWD',
      },
    ]);
    expect(r.rows.map((row) => [row.amount, row.currency])).toEqual([
      [1234, 'KWD'],
      [4900, 'JPY'],
    ]);
  });

  it('an invalid currency hides the amount problem (one issue per cause)', async () => {
    const r = await parse('subscriptions', `${SUBS_HEADER}\ns1,c1,abc,XX,month,2024-01-01,,1\n`);
    expect(r.issues.map((i) => i.column)).toEqual(['currency']);
  });

  it('duplicate id names the earlier row', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,c1,10,USD,month,2024-01-01,,1\ns2,c1,10,USD,month,2024-01-01,,1\ns1,c2,10,USD,month,2024-01-01,,1\n`,
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 4,
        column: 'subscription_id',
        reason: 'duplicate subscription_id "s1": already on row 2',
      },
    ]);
    expect(r.rowNumbers).toEqual([2, 3]);
  });

  it('extra cells in a row', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,c1,10,USD,month,2024-01-01,,1,surprise\n`,
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 2,
        column: null,
        reason: 'row has 9 cells but the header has 8',
      },
    ]);
  });

  it('reports every problem of the file, not just the first', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,,10,USD,monthly,2024-01-01,,x\ns2,c1,10,USD,month,2024-01-01,,1\ns3,c1,-5,USD,month,2024-13-01,,1\n`,
    );
    expect(r.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [2, 'customer_id', 'customer_id is required but the cell is empty'],
      [2, 'interval', 'interval must be one of day, week, month, quarter, year; got "monthly"'],
      [2, 'quantity', '"x" is not a number'],
      [4, 'amount', 'amount must not be negative: -5'],
      [4, 'start_date', 'impossible date "2024-13-01"'],
    ]);
    expect(r.rowNumbers).toEqual([3]);
  });
});

describe('rows and defaults', () => {
  it('builds typed subscription rows with the spec defaults', async () => {
    const r = await parse(
      'subscriptions',
      'subscription_id,customer_id,amount,currency,interval,start_date\n s1 ,c1,49.90,usd,Month,2024-01-15\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([
      {
        subscription_id: 's1',
        customer_id: 'c1',
        amount: 4990,
        currency: 'USD',
        interval: 'month',
        interval_count: 1,
        start_date: day('2024-01-15'),
        plan: null,
        quantity: 1,
        discount_percent: 0,
        end_date: null,
        trial_end: null,
        canceled_at: null,
        discount_duration: 'forever',
      },
    ]);
    expect(r.format).toEqual({ type: 'csv', delimiter: ',', decimal: '.', encoding: 'utf-8' });
  });

  it('invoice type defaults to subscription with a service period, else one_time', async () => {
    const r = await parse(
      'invoices',
      [
        'invoice_id,line_id,customer_id,issued_at,amount,currency,type,period_start,period_end',
        'i1,1,c1,2024-01-01,10,USD,,2024-01-01,2024-02-01',
        'i1,2,c1,2024-01-01,10,USD,,,',
        'i2,,c1,2024-01-01,10,USD,subscription,2024-01-01,',
        'i3,,c1,2024-01-01,10,USD,one_time,2024-02-01,2024-01-01',
        'i1,1,c1,2024-01-01,10,USD,,,',
      ].join('\n'),
    );
    expect(r.rows.map((row) => [row.invoice_id, row.line_id, row.type])).toEqual([
      ['i1', '1', 'subscription'],
      ['i1', '2', 'one_time'],
    ]);
    expect(r.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [
        4,
        'type',
        'a subscription line needs period_start and period_end (its service period) to count as MRR',
      ],
      [5, 'period_end', 'period_end 2024-01-01 is not after period_start 2024-02-01'],
      [6, 'invoice_id', 'duplicate invoice_id "i1", line_id "1": already on row 2'],
    ]);
  });

  it('optional key columns use their default in duplicate checks', async () => {
    const r = await parse(
      'costs',
      'date,category,amount,currency\n2024-01-01,marketing,100,USD\n2024-01-01,marketing,50,USD\n2024-01-01,sales,50,USD\n',
    );
    expect(r.issues).toEqual([
      {
        file: 'costs.csv',
        row: 3,
        column: 'date',
        reason:
          'duplicate date "2024-01-01", category "marketing", channel "", currency "USD": already on row 2',
      },
    ]);
    expect(r.rows.map((row) => row.channel)).toEqual(['', '']);
  });

  it('survey scores: nps 0-10, csat 1-5, whole numbers', async () => {
    const r = await parse(
      'surveys',
      'response_id,kind,score,submitted_at\nr1,nps,10,2024-01-01\nr2,nps,11,2024-01-01\nr3,csat,0,2024-01-01\nr4,csat,5,2024-01-01\nr5,nps,7.5,2024-01-01\n',
    );
    expect(r.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [3, 'score', 'nps score must be between 0 and 10: 11'],
      [4, 'score', 'csat score must be between 1 and 5: 0'],
      [6, 'score', 'score must be a whole number: 7.5'],
    ]);
    expect(r.rowNumbers).toEqual([2, 5]);
  });

  it('customers keep extra columns as attributes (empty cells omitted)', async () => {
    const r = await parse(
      'customers',
      'Customer_ID, Name ,Plan Tier,Region,\nc1,Acme,gold,,\nc2,Beta,, emea ,\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.rows.map((row) => [row.customer_id, row.name, row.attributes])).toEqual([
      ['c1', 'Acme', { 'plan tier': 'gold' }],
      ['c2', 'Beta', { region: 'emea' }],
    ]);
  });

  it('a "__proto__" column is an attribute like any other', async () => {
    const r = await parse('customers', 'customer_id,__proto__\nc1,x\n');
    expect(Object.getPrototypeOf(r.rows[0]?.attributes)).toBe(Object.prototype);
    expect(Object.entries(r.rows[0]?.attributes ?? {})).toEqual([['__proto__', 'x']]);
  });

  it('unknown columns of other kinds are ignored', async () => {
    const r = await parse(
      'cash',
      'date,balance,currency,comment\n2024-01-31,"1,000,000.50",EUR,ok\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([{ date: day('2024-01-31'), balance: 100000050, currency: 'EUR' }]);
  });

  it('duplicate header names are an issue', async () => {
    const r = await parse('cash', 'date,balance,currency,Balance\n2024-01-31,1,EUR,2\n');
    expect(r.issues).toEqual([
      {
        file: 'cash.csv',
        row: 1,
        column: 'balance',
        reason: 'duplicate column balance: columns 2 and 4 have the same name',
      },
    ]);
    expect(r.rows).toEqual([]);
  });

  it('suggests the snake_case name of a misspelt required column', async () => {
    const r = await parse('tickets', 'Ticket ID,created_at\nt1,2024-01-01\n');
    expect(r.issues[0]?.reason).toBe(
      'missing required column ticket_id (found "ticket id": column names are snake_case)',
    );
  });

  it('an empty file is one issue', async () => {
    const r = await parse('cash', '\n\n');
    expect(r.issues).toEqual([
      {
        file: 'cash.csv',
        row: 1,
        column: null,
        reason:
          'the file is empty: expected a header row naming the columns (date, balance, currency)',
      },
    ]);
    expect(r.totalRows).toBe(0);
  });

  it('caps issues at 10,000 and adds one summary', async () => {
    const lines = ['date,employees'];
    for (let i = 0; i < 10_050; i++) lines.push(`${formatDay(day('2000-01-01') + i)},x${i}`);
    const r = await parse('headcount', lines.join('\n'));
    expect(r.issues).toHaveLength(10_001);
    expect(r.issues[10_000]).toEqual({
      file: 'headcount.csv',
      row: 10_002,
      column: null,
      reason:
        '50 more issues not listed (only the first 10000 are); the first of them is on row 10002',
    });
    expect(r.rejectedRows).toBe(10_050);
  });

  it('reports progress and finishes with the exact total', async () => {
    const lines = [SUBS_HEADER];
    for (let i = 0; i < 120_000; i++) lines.push(`s${i},c1,10,USD,month,2024-01-01,,1`);
    const calls: [number, number][] = [];
    const r = await parse('subscriptions', lines.join('\n'), {
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(r.rows).toHaveLength(120_000);
    expect(calls.map((c) => c[0])).toEqual([50_000, 100_000, 120_000]);
    expect(calls.at(-1)).toEqual([120_000, 120_000]);
    for (const [done, total] of calls) expect(total).toBeGreaterThanOrEqual(done);
  });
});

describe('real exports', () => {
  it('BOM, semicolons, decimal commas with space thousands, CRLF, trailing blank lines', async () => {
    const csv =
      '\ufeffdate;category;amount;currency;channel\r\n' +
      '2024-01-31;marketing;"1 234,50";EUR;ads\r\n' +
      '2024-01-31;sales;1\u00a0000,5;EUR;\r\n' +
      '2024-01-31;cogs;1.234,56;EUR;\r\n' +
      '2024-01-31;rnd;49,90;EUR;\r\n' +
      '\r\n\r\n';
    const r = await parse('costs', csv);
    expect(r.issues).toEqual([]);
    expect(r.format).toEqual({ type: 'csv', delimiter: ';', decimal: ',', encoding: 'utf-8' });
    expect(r.rows.map((row) => row.amount)).toEqual([123450, 100050, 123456, 4990]);
    expect(r.totalRows).toBe(4);
  });

  it('a semicolon file with decimal points stays decimal-point', async () => {
    const r = await parse('costs', 'date;category;amount;currency\n2024-01-31;ga;49.90;USD\n');
    expect(r.format.decimal).toBe('.');
    expect(r.rows[0]?.amount).toBe(4990);
  });

  it('a forced decimal separator is used as given; a misfit is an error, never a misread', async () => {
    const r = await parse('costs', 'date,category,amount,currency\n2024-01-31,ga,"49,90",USD\n', {
      decimal: '.',
    });
    expect(r.issues[0]?.reason).toBe('"49,90" is not a number (the decimal separator is ".")');
  });

  it('quoted fields with delimiters, escaped quotes and newlines; row numbers stay true', async () => {
    const csv =
      'customer_id,name,segment\n' +
      'c1,"Acme, Inc.","smb"\n' +
      '\n' +
      'c2,"The ""Best""\nCompany",mid\n' +
      'c3,Zeta,\n';
    const r = await parse('customers', csv);
    expect(r.issues).toEqual([]);
    expect(r.rows.map((row) => row.name)).toEqual(['Acme, Inc.', 'The "Best"\nCompany', 'Zeta']);
    expect(r.rowNumbers).toEqual([2, 4, 5]);
    expect(r.totalRows).toBe(3);
  });

  it('tab-separated files', async () => {
    const r = await parse('fx_rates', 'date\tcurrency\trate\n2024-01-01\tEUR\t1,0856\n');
    expect(r.format).toMatchObject({ delimiter: '\t', decimal: ',' });
    expect(r.rows).toEqual([{ date: day('2024-01-01'), currency: 'EUR', rate: 1.0856 }]);
  });

  it('a malformed quote is reported on its row and column', async () => {
    const r = await parse('customers', 'customer_id,name\nc1,"Acme" Inc\nc2,ok\n');
    expect(r.issues).toEqual([
      {
        file: 'customers.csv',
        row: 2,
        column: 'name',
        reason: 'malformed quoted field: text follows its closing quote',
      },
    ]);
    expect(r.rowNumbers).toEqual([3]);
  });

  it('reads the fixture file from disk and names it as given', async () => {
    const path = fileURLToPath(new URL('./fixtures/costs-fr.csv', import.meta.url));
    const r = await parseImportFile('costs', path, { timeZone: 'Europe/Paris' });
    expect(r.file).toBe(path);
    expect(r.issues).toEqual([]);
    expect(r.format).toEqual({ type: 'csv', delimiter: ';', decimal: ',', encoding: 'utf-8' });
    expect(r.rows).toEqual([
      {
        date: day('2024-01-31'),
        category: 'marketing',
        amount: 123450,
        currency: 'EUR',
        channel: 'Salon, Paris',
      },
      { date: day('2024-02-29'), category: 'rnd', amount: 4990, currency: 'EUR', channel: '' },
    ]);
    expect(r.rowNumbers).toEqual([2, 4]);
  });

  it('Windows-1252 files (non-UTF-8 bytes) are decoded as such', async () => {
    const bytes = Uint8Array.from([
      ...encode('customer_id,name\nc1,Caf'),
      0xe9, // é
      0x20,
      0x80, // €
      0x0a,
    ]);
    const r = await parseImportBuffer('customers', 'c.csv', bytes, { timeZone: 'UTC' });
    expect(r.format.encoding).toBe('windows-1252');
    expect(r.rows[0]?.name).toBe('Café €');
  });
});

describe('time zones', () => {
  const csv = 'date,currency,rate\n2024-01-31T23:30:00-05:00,EUR,1.1\n';

  it('a timestamp with an offset in a day column is the local date of the workspace', async () => {
    const utc = await parse('fx_rates', csv, { timeZone: 'UTC' });
    const newYork = await parse('fx_rates', csv, { timeZone: 'America/New_York' });
    expect(utc.rows[0]?.date).toBe(day('2024-02-01'));
    expect(newYork.rows[0]?.date).toBe(day('2024-01-31'));
  });

  it('instants without an offset are local times of the workspace zone', async () => {
    const r = await parse(
      'tickets',
      'ticket_id,created_at,resolved_at\nt1,2024-01-05T10:00:00,2024-01-05 10:00Z\nt2,2024-07-05,2024-07-05T10:00:00.250+02:00\n',
      { timeZone: 'Europe/Paris' },
    );
    expect(r.issues).toEqual([]);
    expect(r.rows.map((row) => [row.created_at, row.resolved_at])).toEqual([
      [Date.UTC(2024, 0, 5, 9), Date.UTC(2024, 0, 5, 10)],
      [Date.UTC(2024, 6, 4, 22), Date.UTC(2024, 6, 5, 8, 0, 0, 250)],
    ]);
  });

  it('rejects an unknown zone as a usage error', async () => {
    await expect(
      parse('cash', 'date,balance,currency\n', { timeZone: 'Mars/Olympus' }),
    ).rejects.toThrow(RangeError);
  });
});

describe('XLSX', () => {
  async function workbook(build: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    build(book.addWorksheet('Subscriptions'));
    book.addWorksheet('Other').addRow(['ignored']);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it('reads the first sheet: Date, formula, number, rich text and hyperlink cells', async () => {
    const data = await workbook((sheet) => {
      sheet.addRow([
        'subscription_id',
        'customer_id',
        'amount',
        'currency',
        'interval',
        'start_date',
        'plan',
        'quantity',
      ]);
      sheet.addRow([
        's1',
        { richText: [{ text: 'cus_' }, { text: '1', font: { bold: true } }] },
        { formula: 'B9*2', result: 99.8 },
        'USD',
        'month',
        new Date(Date.UTC(2024, 0, 15)),
        { text: 'Pro', hyperlink: 'https://example.com/pro' },
        3,
      ]);
      sheet.addRow([]);
      sheet.addRow([
        's2',
        'cus_2',
        1e-2,
        'EUR',
        'year',
        new Date(Date.UTC(2024, 1, 29, 23, 30)),
        null,
        0.1 + 0.2,
      ]);
    });
    const r = await parseImportBuffer('subscriptions', 'subs.xlsx', data, { timeZone: 'UTC' });
    expect(r.issues).toEqual([]);
    expect(r.format).toEqual({ type: 'xlsx', decimal: '.', sheet: 'Subscriptions' });
    expect(r.rowNumbers).toEqual([2, 4]);
    expect(
      r.rows.map((row) => [row.customer_id, row.amount, row.start_date, row.plan, row.quantity]),
    ).toEqual([
      ['cus_1', 9980, day('2024-01-15'), 'Pro', 3],
      ['cus_2', 1, day('2024-02-29'), null, 0.3],
    ]);
  });

  it('error cells are issues naming the cell; rows keep Excel numbers', async () => {
    const data = await workbook((sheet) => {
      sheet.addRow(['date', 'balance', 'currency']);
      sheet.addRow([
        new Date(Date.UTC(2024, 0, 31)),
        { formula: '1/0', result: { error: '#DIV/0!' } },
        'USD',
      ]);
      sheet.addRow([new Date(Date.UTC(2024, 1, 29)), { error: '#N/A' }, 'USD']);
    });
    const r = await parseImportBuffer('cash', 'cash.xlsx', data, { timeZone: 'UTC' });
    expect(r.issues).toEqual([
      {
        file: 'cash.xlsx',
        row: 2,
        column: 'balance',
        reason: 'cell B2 contains the error #DIV/0!',
      },
      { file: 'cash.xlsx', row: 3, column: 'balance', reason: 'cell B3 contains the error #N/A' },
    ]);
  });

  it('is recognized by its ZIP signature whatever the name (HTTP uploads)', async () => {
    const data = await workbook((sheet) => {
      sheet.addRow(['date', 'employees']);
      sheet.addRow(['2024-01-31', 12]);
    });
    const r = await parseImportBuffer('headcount', 'upload', data, { timeZone: 'UTC' });
    expect(r.format.type).toBe('xlsx');
    expect(r.rows).toEqual([
      { date: day('2024-01-31'), employees: 12, hires: null, departures: null },
    ]);
  });

  it('a corrupt workbook or an old .xls is one issue', async () => {
    const corrupt = await parseImportBuffer('cash', 'cash.xlsx', encode('not a zip'), {
      timeZone: 'UTC',
    });
    expect(corrupt.issues).toHaveLength(1);
    expect(corrupt.issues[0]?.reason).toMatch(/^cannot read the file as an XLSX workbook: /);
    const xls = await parseImportBuffer(
      'cash',
      'cash.xls',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]),
      {
        timeZone: 'UTC',
      },
    );
    expect(xls.issues[0]?.reason).toMatch(/old binary Excel \(\.xls\)/);
  });
});

/** Distinct rows that have at least one issue. */
const issueRows = (r: ParsedImport<ImportKind>): Set<number> => new Set(r.issues.map((i) => i.row));

describe('nothing is silently dropped (property tests)', () => {
  it('random bytes never throw, and rows + rejected = total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('x.csv', 'x.xlsx'),
        async (bytes, name) => {
          const r = await parseImportBuffer('subscriptions', name, bytes, {
            timeZone: 'Europe/Paris',
          });
          expect(r.rows.length + r.rejectedRows).toBe(r.totalRows);
          expect(r.rowNumbers).toHaveLength(r.rows.length);
          const flagged = issueRows(r);
          for (const row of r.rowNumbers) expect(flagged.has(row)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random text in any kind never throws', async () => {
    const kinds = fc.constantFrom(...IMPORT_KINDS);
    await fc.assert(
      fc.asyncProperty(kinds, fc.string({ maxLength: 300, unit: 'binary' }), async (kind, text) => {
        const r = await parseImportBuffer(kind, 'x.csv', encode(text), {
          timeZone: 'America/New_York',
        });
        expect(r.rows.length + r.rejectedRows).toBe(r.totalRows);
      }),
      { numRuns: 300 },
    );
  });

  it('random cell values: every data row is a valid row or has an issue of its own', async () => {
    const header = [
      'subscription_id',
      'customer_id',
      'amount',
      'currency',
      'interval',
      'start_date',
      'end_date',
      'quantity',
      'discount_percent',
      'interval_count',
    ];
    const good: Record<string, string[]> = {
      subscription_id: ['s1', 's2', 's3', ' s4 '],
      customer_id: ['c1', 'Cus 2'],
      amount: ['49.90', '0', '1,234.5', '100'],
      currency: ['USD', 'eur', 'JPY', 'KWD'],
      interval: ['month', 'YEAR', 'week'],
      start_date: ['2024-01-01', '2024-02-29T10:00:00Z', '2023-12-31'],
      end_date: ['', '2024-06-01', '2024-01-01'],
      quantity: ['', '1', '2.5'],
      discount_percent: ['', '0', '100'],
      interval_count: ['', '1', '12'],
    };
    const bad = [
      '',
      'x',
      '-1',
      '2024-02-30',
      '1e5',
      '"',
      '101',
      '49.999',
      'ZZZ',
      ' ',
      '\u00a0',
      '1 2',
    ];
    const cell = (column: string): fc.Arbitrary<string> =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...(good[column] as string[])) },
        { weight: 2, arbitrary: fc.constantFrom(...bad) },
        { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
      );
    const row = fc.tuple(...header.map(cell));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 40 }),
        fc.constantFrom(',', ';', '\t'),
        async (rows, delimiter) => {
          const csv = Papa.unparse([header, ...rows], { delimiter, newline: '\r\n' });
          const r = await parseImportBuffer('subscriptions', 'x.csv', encode(csv), {
            timeZone: 'Asia/Tokyo',
          });
          const nonBlank = rows.filter((cells) => cells.some((c) => c.trim() !== '')).length;
          expect(r.totalRows).toBe(nonBlank);
          const flagged = issueRows(r);
          expect(flagged.has(1)).toBe(false); // the header is fine
          for (const n of r.rowNumbers) expect(flagged.has(n)).toBe(false);
          expect(r.rows.length + flagged.size).toBe(r.totalRows);
          expect(r.rejectedRows).toBe(flagged.size);
          for (const parsed of r.rows) {
            expect(Number.isSafeInteger(parsed.amount)).toBe(true);
            expect(parsed.end_date === null || parsed.end_date >= parsed.start_date).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('CSV rows that do not fill the header are errors (issue 17 item 5)', () => {
  it('a row cut off before its last cells is reported, not imported without them', async () => {
    const r = await parse(
      'subscriptions',
      `${SUBS_HEADER}\ns1,c1,10,USD,month,2024-01-01,2024-06-30,1\ns2,c1,10,USD,month,2024-01-01\n`,
    );
    expect(r.issues).toEqual([
      {
        file: 'subscriptions.csv',
        row: 3,
        column: null,
        reason:
          'row has 6 cells but the header has 8: a cut-off row, or a line break in a value that is not in quotes',
      },
    ]);
    expect(r.rows.map((row) => row.subscription_id)).toEqual(['s1']);
    expect(r.rejectedRows).toBe(1);
  });

  it('a stray line break in an unquoted name imports no bogus customer', async () => {
    const r = await parse(
      'customers',
      'customer_id,name,country\nc1,Acme\nCorp,US\nc2,Beta Inc,DE\n',
    );
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([
      [2, null],
      [3, null],
    ]);
    expect(r.rows.map((row) => row.customer_id)).toEqual(['c2']);
  });

  it('a trailing unnamed column may be left out; a row with a trailing delimiter is fine', async () => {
    const r = await parse('customers', 'customer_id,name,\nc1,Acme\nc2,Beta,\n');
    expect(r.issues).toEqual([]);
    expect(r.rows.map((row) => row.name)).toEqual(['Acme', 'Beta']);
  });

  it('XLSX keeps reading absent trailing cells as empty', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('customers');
    sheet.addRow(['customer_id', 'name', 'country']);
    sheet.addRow(['c1', 'Acme']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const r = await parseImportBuffer('customers', 'customers.xlsx', data, { timeZone: 'UTC' });
    expect(r.issues).toEqual([]);
    expect(r.rows[0]?.country).toBeNull();
  });
});

describe('the email column holds email addresses (issue 17 item 10)', () => {
  it('accepts addresses and blanks, reports anything else with row and column', async () => {
    const r = await parse(
      'customers',
      'customer_id,email\nc1,ann@acme.com\nc2,\nc3,US\nc4,ann@acme\nc5,"a@x.com; b@x.com"\nc6, bob@beta.co.uk \n',
    );
    expect(r.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [4, 'email', 'email is not an email address: "US"'],
      [5, 'email', 'email is not an email address: "ann@acme"'],
      [6, 'email', 'email is not an email address: "a@x.com; b@x.com"'],
    ]);
    expect(r.rows.map((row) => row.email)).toEqual(['ann@acme.com', null, 'bob@beta.co.uk']);
  });
});

describe('files are read from disk a piece at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-ingest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Semicolons and decimal commas: the decimal vote opens the file a second time.
  const fixture = fileURLToPath(new URL('./fixtures/costs-fr.csv', import.meta.url));

  it('gives what the same bytes in memory give', async () => {
    const options = { timeZone: 'Europe/Paris' };
    const fromFile = await parseImportFile('costs', fixture, options);
    const fromBuffer = await parseImportBuffer('costs', fixture, readFileSync(fixture), options);
    expect(fromFile).toEqual(fromBuffer);

    const book = new ExcelJS.Workbook();
    book.addWorksheet('Cash').addRows([
      ['date', 'balance', 'currency'],
      [new Date(Date.UTC(2024, 0, 31)), 1234.5, 'EUR'],
    ]);
    const xlsx = join(dir, 'cash.xlsx');
    writeFileSync(xlsx, new Uint8Array(await book.xlsx.writeBuffer()));
    const workbook = await parseImportFile('cash', xlsx, { timeZone: 'UTC' });
    expect(workbook.issues).toEqual([]);
    expect(workbook).toEqual(
      await parseImportBuffer('cash', xlsx, readFileSync(xlsx), { timeZone: 'UTC' }),
    );
  });

  it('an empty file is reported as such', async () => {
    const path = join(dir, 'empty.csv');
    writeFileSync(path, '');
    const r = await parseImportFile('costs', path, { timeZone: 'UTC' });
    expect(r.issues).toEqual([
      {
        file: path,
        row: 1,
        column: null,
        reason: expect.stringMatching(/^the file is empty: expected a header row/),
      },
    ]);
  });

  it('closes the file whatever happens', async () => {
    const close = vi.spyOn(FileSource.prototype, 'close');
    const expectClosed = (times: number): void => {
      expect(close).toHaveBeenCalledTimes(times);
      for (const source of close.mock.contexts as FileSource[]) {
        expect(() => fstatSync(source.fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
      }
      close.mockClear();
    };
    try {
      // A write that fails (the database is full) while the rows are read.
      const failingWrite = { rows: 1, write: () => Promise.reject(new Error('disk full')) };
      await expect(
        parseImportFileInBatches('costs', fixture, { timeZone: 'UTC' }, failingWrite),
      ).rejects.toThrow('disk full');
      expectClosed(2); // the rows' reader and the decimal vote's
      await expect(parseImportFile('costs', fixture, { timeZone: 'Mars/Olympus' })).rejects.toThrow(
        RangeError,
      );
      expectClosed(1);
      const r = await parseImportFile('costs', fixture, { timeZone: 'UTC' });
      expect(r.issues).toEqual([]);
      expectClosed(2);
    } finally {
      close.mockRestore();
    }
  });
});
