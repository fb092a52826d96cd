import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../model/day.ts';
import type {
  CashRow,
  CostRow,
  CustomerRow,
  EventRow,
  FunnelRow,
  FxRateRow,
  HeadcountRow,
  ImportKind,
  InvoiceRow,
  RowOfKind,
  SubscriptionRow,
  SurveyRow,
  TicketRow,
} from '../model/kinds.ts';
import { KIND_SPECS } from '../model/kinds.ts';
import type { ArrayRecord } from './records.ts';
import { ArrayRecords } from './records.ts';
import { zoneClock } from './time.ts';
import type { ValidationResult } from './validate.ts';
import { Validator, mapHeader, normalizeHeaderName, voteDecimal } from './validate.ts';

const day = (iso: string): number => parseIsoDay(iso) as number;

/** Validates in-memory records (row 1 = header) the way index.ts does. */
function validate<K extends ImportKind>(
  kind: K,
  lines: (string[] | ArrayRecord)[],
  options: { maxIssues?: number; limit?: number } = {},
): ValidationResult<K> {
  const records = lines.map((line, i) =>
    Array.isArray(line) ? { row: i + 1, cells: line, problems: [] } : line,
  );
  const source = new ArrayRecords(records);
  source.next();
  const names = [...source.overrides] as string[];
  const validator = new Validator<K>(KIND_SPECS[kind], source, mapHeader(KIND_SPECS[kind], names), {
    file: 'f',
    context: { decimal: '.', clock: zoneClock('UTC') },
    headerRow: source.row,
    maxIssues: options.maxIssues,
  });
  while (validator.run(options.limit ?? 1000));
  return validator.finish();
}

describe('mapHeader', () => {
  it('normalizes names', () => {
    expect(normalizeHeaderName('\ufeff Customer_ID ')).toBe('customer_id');
  });

  it('maps spec columns to fields, ignores unnamed columns, keeps extras for customers', () => {
    const mapping = mapHeader(KIND_SPECS.customers, ['Name', 'customer_id', '', 'tier']);
    expect(mapping.fieldOf.slice(0, 2)).toEqual([1, 0]);
    expect(mapping.extras).toEqual([{ name: 'tier', field: 3 }]);
    expect(mapping.used).toEqual([true, true, false, true]);
    expect(mapping.fatal).toBe(false);
  });

  it('flags missing required columns and duplicates as fatal', () => {
    const mapping = mapHeader(KIND_SPECS.cash, ['date', 'DATE', 'currency']);
    expect(mapping.issues).toEqual([
      { column: 'date', reason: 'duplicate column date: columns 1 and 2 have the same name' },
      { column: 'balance', reason: 'missing required column balance' },
    ]);
    expect(mapping.fatal).toBe(true);
  });
});

describe('voteDecimal', () => {
  it('counts decimal-comma and decimal-point cells of the given fields', () => {
    const source = new ArrayRecords([
      { row: 2, cells: ['49,90', '1.234,5', 'x'], problems: [] },
      { row: 3, cells: ['12', '  0,5 ', '1.5'], problems: [] },
    ]);
    expect(voteDecimal(source, [0, 1], 100)).toEqual({ comma: 3, dot: 0 });
  });
});

describe('Validator', () => {
  it('produces one typed row per kind (KIND_SPECS agrees with the row interfaces)', () => {
    const t = Date.UTC(2024, 0, 5, 10);
    const cases: { [K in ImportKind]: [string[], string[], RowOfKind[K]] } = {
      customers: [
        ['customer_id', 'email', 'created_at', 'industry'],
        ['c1', 'a@b.c', '2024-01-05', 'saas'],
        {
          customer_id: 'c1',
          name: null,
          email: 'a@b.c',
          created_at: day('2024-01-05'),
          country: null,
          segment: null,
          channel: null,
          attributes: { industry: 'saas' },
        } satisfies CustomerRow,
      ],
      subscriptions: [
        [
          'subscription_id',
          'customer_id',
          'amount',
          'currency',
          'interval',
          'start_date',
          'interval_count',
          'trial_end',
        ],
        ['s1', 'c1', '120', 'EUR', 'year', '2024-01-05', '2', '2024-02-05'],
        {
          subscription_id: 's1',
          customer_id: 'c1',
          amount: 12000,
          currency: 'EUR',
          interval: 'year',
          interval_count: 2,
          start_date: day('2024-01-05'),
          plan: null,
          quantity: 1,
          discount_percent: 0,
          end_date: null,
          trial_end: day('2024-02-05'),
          canceled_at: null,
          discount_duration: 'forever',
        } satisfies SubscriptionRow,
      ],
      invoices: [
        [
          'invoice_id',
          'customer_id',
          'issued_at',
          'amount',
          'currency',
          'tax',
          'status',
          'paid_at',
        ],
        ['i1', 'c1', '2024-01-05', '100', 'USD', '20', 'open', ''],
        {
          invoice_id: 'i1',
          line_id: '',
          customer_id: 'c1',
          issued_at: day('2024-01-05'),
          amount: 10000,
          currency: 'USD',
          status: 'open',
          type: 'one_time',
          plan: null,
          quantity: 1,
          tax: 2000,
          discount: 0,
          period_start: null,
          period_end: null,
          paid_at: null,
        } satisfies InvoiceRow,
      ],
      costs: [
        ['date', 'category', 'amount', 'currency', 'channel'],
        ['2024-01-31', 'GA', '-10', 'USD', 'rent'],
        {
          date: day('2024-01-31'),
          category: 'ga',
          amount: -1000,
          currency: 'USD',
          channel: 'rent',
        } satisfies CostRow,
      ],
      cash: [
        ['date', 'balance', 'currency'],
        ['2024-01-31', '5', 'JPY'],
        { date: day('2024-01-31'), balance: 5, currency: 'JPY' } satisfies CashRow,
      ],
      headcount: [
        ['date', 'employees', 'hires'],
        ['2024-01-31', '12.5', '2'],
        {
          date: day('2024-01-31'),
          employees: 12.5,
          hires: 2,
          departures: null,
        } satisfies HeadcountRow,
      ],
      funnel: [
        ['id', 'stage', 'occurred_at', 'value'],
        ['l1', 'lead', '2024-01-05T10:00:00Z', '3.5'],
        {
          id: 'l1',
          stage: 'lead',
          occurred_at: t,
          channel: null,
          customer_id: null,
          value: 3.5,
        } satisfies FunnelRow,
      ],
      events: [
        ['occurred_at', 'customer_id', 'user_id', 'event'],
        ['2024-01-05T10:00:00Z', 'c1', 'u1', 'login'],
        {
          occurred_at: t,
          customer_id: 'c1',
          user_id: 'u1',
          event: 'login',
          quantity: 1,
        } satisfies EventRow,
      ],
      surveys: [
        ['response_id', 'kind', 'score', 'submitted_at', 'comment'],
        ['r1', 'NPS', '9', '2024-01-05T10:00:00Z', ' great '],
        {
          response_id: 'r1',
          kind: 'nps',
          score: 9,
          submitted_at: t,
          customer_id: null,
          comment: 'great',
        } satisfies SurveyRow,
      ],
      tickets: [
        ['ticket_id', 'created_at', 'channel'],
        ['t1', '2024-01-05T10:00:00Z', 'email'],
        {
          ticket_id: 't1',
          created_at: t,
          customer_id: null,
          first_response_at: null,
          resolved_at: null,
          channel: 'email',
        } satisfies TicketRow,
      ],
      fx_rates: [
        ['date', 'currency', 'rate'],
        ['2024-01-31', 'eur', '1.0856'],
        { date: day('2024-01-31'), currency: 'EUR', rate: 1.0856 } satisfies FxRateRow,
      ],
    };
    for (const [kind, [header, cells, expected]] of Object.entries(cases)) {
      const result = validate(kind as ImportKind, [header, cells]);
      expect(result.issues, kind).toEqual([]);
      expect(result.rows, kind).toEqual([expected]);
      expect(Object.keys(result.rows[0] as object).sort(), kind).toEqual(
        Object.keys(expected).sort(),
      );
    }
  });

  it('reports reader problems of used columns, ignores those of ignored columns', () => {
    const result = validate('cash', [
      ['date', 'balance', 'currency', 'note'],
      {
        row: 2,
        cells: ['2024-01-31', '', 'USD', ''],
        problems: [{ field: 1, reason: 'cell B2 contains the error #N/A' }],
      },
      {
        row: 3,
        cells: ['2024-02-29', '1', 'USD', ''],
        problems: [{ field: 3, reason: 'cell D3 contains the error #REF!' }],
      },
      {
        row: 4,
        cells: ['2024-03-31', '1', 'USD', '', 'x'],
        problems: [{ field: -1, reason: 'odd row' }],
      },
    ]);
    expect(result.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [2, 'balance', 'cell B2 contains the error #N/A'],
      [4, null, 'odd row'],
      [4, null, 'row has 5 cells but the header has 4'],
    ]);
    expect(result.rows.map((r) => r.date)).toEqual([day('2024-02-29')]);
  });

  it('fewer cells than the header are empty cells', () => {
    const result = validate('headcount', [
      ['date', 'employees', 'hires'],
      ['2024-01-31', '3'],
    ]);
    expect(result.rows).toEqual([
      { date: day('2024-01-31'), employees: 3, hires: null, departures: null },
    ]);
  });

  it('a missing required column is reported once, not on every row', () => {
    const result = validate('cash', [
      ['date', 'currency'],
      ['2024-01-31', 'USD'],
      ['2024-02-29', 'USD'],
    ]);
    expect(result.issues).toEqual([
      { file: 'f', row: 1, column: 'balance', reason: 'missing required column balance' },
    ]);
    expect(result).toMatchObject({ totalRows: 2, rejectedRows: 2, rows: [] });
  });

  it('cell problems are still reported when the header is fatal', () => {
    const result = validate('cash', [
      ['date', 'currency'],
      ['yesterday', 'USD'],
    ]);
    expect(result.issues.map((i) => i.reason)).toEqual([
      'missing required column balance',
      'unparseable date "yesterday": expected ISO 8601 (YYYY-MM-DD)',
    ]);
  });

  it('duplicate keys on day and instant columns compare values, not text', () => {
    const fx = validate('fx_rates', [
      ['date', 'currency', 'rate'],
      ['2024-01-31', 'EUR', '1.1'],
      ['2024-01-31T12:00:00', 'eur', '1.2'],
    ]);
    expect(fx.issues.map((i) => i.reason)).toEqual([
      'duplicate date "2024-01-31T12:00:00", currency "eur": already on row 2',
    ]);
    const events = validate('events', [
      ['occurred_at', 'customer_id', 'user_id', 'event'],
      ['2024-01-05T10:00:00Z', 'c1', 'u1', 'login'],
      ['2024-01-05T11:00:00+01:00', 'c1', 'u1', 'login'],
      ['2024-01-05T10:00:00Z', 'c1', 'u2', 'login'],
    ]);
    expect(events.issues.map((i) => [i.row, i.column])).toEqual([[3, 'occurred_at']]);
  });

  it('a row that fails still claims its key (the later duplicate is reported)', () => {
    const result = validate('tickets', [
      ['ticket_id', 'created_at'],
      ['t1', 'soon'],
      ['t1', '2024-01-01'],
    ]);
    expect(result.issues.map((i) => [i.row, i.reason])).toEqual([
      [
        2,
        'unparseable timestamp "soon": expected ISO 8601 (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, optionally with Z or an offset such as +02:00)',
      ],
      [3, 'duplicate ticket_id "t1": already on row 2'],
    ]);
  });

  it('caps issues and summarizes the rest', () => {
    const lines: string[][] = [['date', 'employees']];
    for (let i = 0; i < 7; i++) lines.push(['bad', '1']);
    const result = validate('headcount', lines, { maxIssues: 3, limit: 2 });
    expect(result.issues).toHaveLength(4);
    expect(result.issues[3]).toEqual({
      file: 'f',
      row: 5,
      column: null,
      reason: '4 more issues not listed (only the first 3 are); the first of them is on row 5',
    });
    expect(result.totalRows).toBe(7);
  });
});
