import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../model/day.ts';
import type { ColumnSpec } from '../model/kinds.ts';
import type { CellContext, CellValue } from './cells.ts';
import {
  CellError,
  currencyCode,
  currencyDigits,
  currencyIndex,
  makeCellParser,
  makeMoneyParser,
  parseCurrency,
} from './cells.ts';
import { zoneClock } from './time.ts';

const utc: CellContext = { decimal: '.', clock: zoneClock('UTC') };
const col = (
  name: string,
  type: ColumnSpec['type'],
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({
  name,
  type,
  required: false,
  ...extra,
});

/** Parses a whole string with the column's parser; errors become their reason. */
function parser(spec: ColumnSpec, ctx: CellContext = utc): (text: string) => CellValue | string {
  const parse = makeCellParser(spec, ctx);
  return (text) => {
    const value = parse(text, 0, text.length);
    return value instanceof CellError ? `error: ${value.reason}` : value;
  };
}

describe('text and currency', () => {
  it('text returns the (already trimmed) slice, sharing repeated values', () => {
    const parse = makeCellParser(col('plan', 'text'), utc);
    const line = 'pro,pro';
    const first = parse(line, 0, 3);
    const second = parse(line, 4, 7);
    expect(first).toBe('pro');
    expect(second).toBe('pro');
  });

  it('currency: any case, must be a known ISO 4217 code', () => {
    expect(parseCurrency('usd', 0, 3)).toBe('USD');
    expect(parseCurrency('x,Jpy', 2, 5)).toBe('JPY');
    const bad = parseCurrency('XYZ', 0, 3);
    expect(bad).toBeInstanceOf(CellError);
    expect((bad as CellError).reason).toBe('unknown currency code "XYZ"');
    expect((parseCurrency('US Dollar', 0, 9) as CellError).reason).toBe(
      'unknown currency code "US Dollar"',
    );
    expect(currencyIndex('kwd', 0, 3)).toBeGreaterThanOrEqual(0);
    expect(currencyDigits(currencyIndex('KWD', 0, 3))).toBe(3);
    expect(currencyDigits(currencyIndex('JPY', 0, 3))).toBe(0);
    expect(currencyCode(currencyIndex('eur', 0, 3))).toBe('EUR');
    expect(currencyIndex('E1R', 0, 3)).toBe(-1);
  });
});

describe('enum', () => {
  const status = parser(col('status', 'enum', { values: ['paid', 'open', 'void'] }));
  it('is case-insensitive and names the allowed values', () => {
    expect(status('PAID')).toBe('paid');
    expect(status('Open')).toBe('open');
    expect(status('pending')).toBe('error: status must be one of paid, open, void; got "pending"');
    expect(status('pai')).toBe('error: status must be one of paid, open, void; got "pai"');
  });
});

describe('numbers', () => {
  it('int: whole numbers with min/max/nonNegative', () => {
    const count = parser(col('interval_count', 'int', { min: 1 }));
    expect(count('3')).toBe(3);
    expect(count('3.0')).toBe(3);
    expect(count('0')).toBe('error: interval_count must be at least 1: 0');
    expect(count('1.5')).toBe('error: interval_count must be a whole number: 1.5');
    expect(count('99999999999999999999')).toBe('error: "99999999999999999999" is too large');
    expect(count('two')).toBe('error: "two" is not a number');
  });

  it('decimal: ranges, grouping, exponent, and a hint on the wrong separator', () => {
    const percent = parser(col('discount_percent', 'decimal', { min: 0, max: 100 }));
    expect(percent('12.5')).toBe(12.5);
    expect(percent('150')).toBe('error: discount_percent must be at most 100: 150');
    expect(percent('-1')).toBe('error: discount_percent must be at least 0: -1');
    const quantity = parser(col('quantity', 'decimal', { nonNegative: true }));
    expect(quantity('-2')).toBe('error: quantity must not be negative: -2');
    expect(quantity('1,000.5')).toBe(1000.5);
    expect(quantity('2,5')).toBe('error: "2,5" is not a number (the decimal separator is ".")');
    expect(quantity('-0')).toBe(0);
    expect(Object.is(quantity('-0'), -0)).toBe(false);
    const rate = parser(col('rate', 'decimal'));
    expect(rate('1.5e-7')).toBe(1.5e-7);
    const commaRate = parser(col('rate', 'decimal'), { ...utc, decimal: ',' });
    expect(commaRate('1,0856')).toBe(1.0856);
    expect(commaRate('1 085,6')).toBe(1085.6);
    expect(commaRate('1.5')).toBe('error: "1.5" is not a number (the decimal separator is ",")');
  });
});

describe('money', () => {
  const amount = makeMoneyParser(col('amount', 'money', { nonNegative: true }), utc);
  const money = (text: string, currency: string, digits: number): number | string => {
    const value = amount(text, 0, text.length, currency, digits);
    return value instanceof CellError ? `error: ${value.reason}` : value;
  };

  it('uses the digits of the row currency', () => {
    expect(money('49.90', 'USD', 2)).toBe(4990);
    expect(money('49.900', 'USD', 2)).toBe(4990);
    expect(money('1,234.5', 'USD', 2)).toBe(123450);
    expect(money('4900', 'JPY', 0)).toBe(4900);
    expect(money('49.5', 'JPY', 0)).toBe('error: "49.5" has decimals but JPY has no minor unit');
    expect(money('1.234', 'KWD', 3)).toBe(1234);
    expect(money('1.2345', 'KWD', 3)).toBe('error: "1.2345" has more than 3 decimals for KWD');
    expect(money('0.001', 'USD', 2)).toBe('error: "0.001" has more than 2 decimals for USD');
  });

  it('enforces nonNegative and reports non-numbers and overflow', () => {
    expect(money('-5.00', 'USD', 2)).toBe('error: amount must not be negative: -5.00');
    expect(money('$5', 'USD', 2)).toBe('error: "$5" is not a number');
    expect(money('49,90', 'USD', 2)).toBe(
      'error: "49,90" is not a number (the decimal separator is ".")',
    );
    expect(money('999,999,999,999,999,999', 'USD', 2)).toBe(
      'error: "999,999,999,999,999,999" is too large',
    );
    const balance = makeMoneyParser(col('balance', 'money'), { ...utc, decimal: ',' });
    expect(balance('-1 234,5', 0, 8, 'EUR', 2)).toBe(-123450);
  });
});

describe('dates', () => {
  const day = (iso: string): number => parseIsoDay(iso) as number;

  it('day: plain dates, local timestamps, timestamps with offsets in the workspace zone', () => {
    const utcDay = parser(col('date', 'day'));
    const nyDay = parser(col('date', 'day'), { ...utc, clock: zoneClock('America/New_York') });
    expect(utcDay('2024-02-29')).toBe(day('2024-02-29'));
    expect(utcDay('2024-01-31T23:30:00-05:00')).toBe(day('2024-02-01'));
    expect(nyDay('2024-01-31T23:30:00-05:00')).toBe(day('2024-01-31'));
    expect(nyDay('2024-01-31T23:30:00')).toBe(day('2024-01-31')); // no offset: already local
    expect(nyDay('2024-02-01T03:00:00Z')).toBe(day('2024-01-31'));
    expect(utcDay('2024-02-30')).toBe('error: impossible date "2024-02-30"');
    expect(utcDay('05/01/2024')).toBe(
      'error: unparseable date "05/01/2024": expected ISO 8601 (YYYY-MM-DD)',
    );
    expect(utcDay('2024-01-05T25:00')).toBe('error: impossible date "2024-01-05T25:00"');
  });

  it('instant: offsets are exact, local times use the zone', () => {
    const paris = parser(col('occurred_at', 'instant'), {
      ...utc,
      clock: zoneClock('Europe/Paris'),
    });
    expect(paris('2024-01-05T10:00:00Z')).toBe(Date.UTC(2024, 0, 5, 10));
    expect(paris('2024-01-05T10:00:00+03:00')).toBe(Date.UTC(2024, 0, 5, 7));
    expect(paris('2024-01-05T10:00:00')).toBe(Date.UTC(2024, 0, 5, 9));
    expect(paris('2024-01-05 10:00')).toBe(Date.UTC(2024, 0, 5, 9));
    expect(paris('2024-07-05')).toBe(Date.UTC(2024, 6, 4, 22)); // local midnight, summer time
    expect(paris('2024-03-31T02:30:00')).toBe(Date.UTC(2024, 2, 31, 1, 30)); // skipped hour → 03:30 CEST
    expect(paris('1700000000')).toMatch(
      /^error: unparseable timestamp "1700000000": expected ISO 8601/,
    );
    expect(paris('2024-02-30T10:00:00Z')).toBe(
      'error: impossible date or time "2024-02-30T10:00:00Z"',
    );
  });
});

describe('makeCellParser', () => {
  it('refuses money columns (they need the row currency)', () => {
    expect(() => makeCellParser(col('amount', 'money'), utc)).toThrow(/makeMoneyParser/);
  });
});
