import type { ColumnSpec, ColumnType } from '../model/kinds.ts';
import { isKnownCurrency, minorDigits } from '../model/currency.ts';
import { dayFromParts } from '../model/day.ts';
import { parseMinorUnits } from '../model/money.ts';
import { Interner } from './hashing.ts';
import type { DecimalSeparator } from './numbers.ts';
import { canonicalNumber, plainMinorUnits, plainNumber } from './numbers.ts';
import type { ZoneClock } from './time.ts';
import { ISO_IMPOSSIBLE, ISO_OK, isoParts, scanIso, scanPlainDay, wallMs } from './time.ts';

/**
 * One parser per column type. A parser reads the trimmed, non-empty text s[a, b) (a slice
 * of the file text, so most cells never become strings of their own) and returns the
 * value or a CellError whose reason names the value and the rule. Parsers are built once
 * per file and column; nothing here allocates on the success path except text values.
 */

export type CellValue = string | number | null;

export class CellError {
  constructor(readonly reason: string) {}
}

export type CellParser = (s: string, a: number, b: number) => CellValue | CellError;

/** Money needs the row's currency: its code (for messages) and minor-unit digits. */
export type MoneyParser = (
  s: string,
  a: number,
  b: number,
  currency: string,
  digits: number,
) => number | CellError;

export interface CellContext {
  readonly decimal: DecimalSeparator;
  readonly clock: ZoneClock;
}

const quote = (s: string, a: number, b: number): string => `"${s.slice(a, b)}"`;

export function parseText(s: string, a: number, b: number): string {
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Text with repeated values shared (see Interner): one parser per column and file. */
function makeTextParser(): CellParser {
  const interner = new Interner();
  return (s, a, b) => (interner.active ? interner.intern(s, a, b) : parseText(s, a, b));
}

/**
 * One address as mail software writes it: no spaces, one @, a dotted domain. Lists
 * ("a@x.com; b@x.com") and display names ("Ann <a@x.com>") are refused, not guessed at.
 */
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;".]+$/;

function makeEmailParser(col: ColumnSpec): CellParser {
  const text = makeTextParser();
  return (s, a, b) => {
    const value = text(s, a, b);
    if (typeof value === 'string' && EMAIL.test(value)) return value;
    return new CellError(`${col.name} is not an email address: ${quote(s, a, b)}`);
  };
}

// --- currency ---------------------------------------------------------------------------

/**
 * Currency codes are three letters: they index a table of 26^3 entries, filled on first
 * sight with the code (or null when unknown) and its minor-unit digits.
 */
const currencyCodes: (string | null | undefined)[] = [];
const currencyMinorDigits = new Int8Array(26 * 26 * 26);

function letter(c: number): number {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return -1;
}

/** Index of a known currency code in s[a, b) (any case), or -1. */
export function currencyIndex(s: string, a: number, b: number): number {
  if (b - a !== 3) return -1;
  const l0 = letter(s.charCodeAt(a));
  const l1 = letter(s.charCodeAt(a + 1));
  const l2 = letter(s.charCodeAt(a + 2));
  if (l0 < 0 || l1 < 0 || l2 < 0) return -1;
  const index = l0 * 676 + l1 * 26 + l2;
  let code = currencyCodes[index];
  if (code === undefined) {
    const upper = s.slice(a, b).toUpperCase();
    code = isKnownCurrency(upper) ? upper : null;
    currencyCodes[index] = code;
    if (code !== null) currencyMinorDigits[index] = minorDigits(code);
  }
  return code === null ? -1 : index;
}

export function currencyCode(index: number): string {
  return currencyCodes[index] as string;
}

export function currencyDigits(index: number): number {
  return currencyMinorDigits[index] as number;
}

export function unknownCurrency(s: string, a: number, b: number): CellError {
  return new CellError(`unknown currency code ${quote(s, a, b)}`);
}

export function parseCurrency(s: string, a: number, b: number): string | CellError {
  const index = currencyIndex(s, a, b);
  return index < 0 ? unknownCurrency(s, a, b) : currencyCode(index);
}

// --- enum -------------------------------------------------------------------------------

function makeEnumParser(col: ColumnSpec): CellParser {
  const values = col.values ?? [];
  const message = `${col.name} must be one of ${values.join(', ')}; got `;
  return (s, a, b) => {
    const length = b - a;
    for (let v = 0; v < values.length; v++) {
      const value = values[v] as string;
      if (value.length !== length) continue;
      let i = 0;
      for (; i < length; i++) {
        let c = s.charCodeAt(a + i);
        if (c >= 65 && c <= 90) c += 32; // ASCII upper to lower; values are lower-case
        if (c !== value.charCodeAt(i)) break;
      }
      if (i === length) return value;
    }
    return new CellError(message + quote(s, a, b));
  };
}

// --- dates ------------------------------------------------------------------------------

function makeDayParser(ctx: CellContext): CellParser {
  const clock = ctx.clock;
  return (s, a, b) => {
    const plain = scanPlainDay(s, a, b);
    if (plain !== null) {
      return Number.isNaN(plain) ? new CellError(`impossible date ${quote(s, a, b)}`) : plain;
    }
    const code = scanIso(s, a, b);
    if (code === ISO_OK) {
      const p = isoParts;
      if (!p.hasOffset) return dayFromParts(p.year, p.month, p.day); // already a local date
      return clock.dayOf(wallMs(p) - p.offsetMinutes * 60_000);
    }
    if (code === ISO_IMPOSSIBLE) return new CellError(`impossible date ${quote(s, a, b)}`);
    return new CellError(`unparseable date ${quote(s, a, b)}: expected ISO 8601 (YYYY-MM-DD)`);
  };
}

function makeInstantParser(ctx: CellContext): CellParser {
  const clock = ctx.clock;
  return (s, a, b) => {
    const code = scanIso(s, a, b);
    if (code === ISO_OK) {
      const p = isoParts;
      const wall = wallMs(p);
      return p.hasOffset ? wall - p.offsetMinutes * 60_000 : clock.instantOf(wall);
    }
    if (code === ISO_IMPOSSIBLE) return new CellError(`impossible date or time ${quote(s, a, b)}`);
    return new CellError(
      `unparseable timestamp ${quote(s, a, b)}: expected ISO 8601 ` +
        '(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, optionally with Z or an offset such as +02:00)',
    );
  };
}

// --- numbers ----------------------------------------------------------------------------

function notANumber(s: string, a: number, b: number, decimal: DecimalSeparator): CellError {
  const other = decimal === '.' ? ',' : '.';
  const hint = s.slice(a, b).includes(other) ? ` (the decimal separator is "${decimal}")` : '';
  return new CellError(`${quote(s, a, b)} is not a number${hint}`);
}

/** Range rules shared by int, decimal and money columns; null when the value is fine. */
function rangeError(
  col: ColumnSpec,
  value: number,
  s: string,
  a: number,
  b: number,
): CellError | null {
  if (col.nonNegative && value < 0) {
    return new CellError(`${col.name} must not be negative: ${s.slice(a, b)}`);
  }
  if (col.min !== undefined && value < col.min) {
    return new CellError(`${col.name} must be at least ${col.min}: ${s.slice(a, b)}`);
  }
  if (col.max !== undefined && value > col.max) {
    return new CellError(`${col.name} must be at most ${col.max}: ${s.slice(a, b)}`);
  }
  return null;
}

function makeNumberParser(col: ColumnSpec, ctx: CellContext, integer: boolean): CellParser {
  const decimal = ctx.decimal;
  const sep = decimal.charCodeAt(0);
  const checked = col.nonNegative === true || col.min !== undefined || col.max !== undefined;
  return (s, a, b) => {
    let value = plainNumber(s, a, b, sep);
    if (Number.isNaN(value)) {
      const canonical = canonicalNumber(s, a, b, sep);
      if (canonical !== null) value = Number(canonical);
      else if (
        !integer &&
        decimal === '.' &&
        /^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$/.test(s.slice(a, b))
      )
        value = Number(s.slice(a, b)); // 1.5e-7, as some tools write small rates
      else return notANumber(s, a, b, decimal);
      if (!Number.isFinite(value)) return new CellError(`${quote(s, a, b)} is too large`);
    }
    if (integer && !Number.isSafeInteger(value)) {
      return new CellError(
        Number.isInteger(value)
          ? `${quote(s, a, b)} is too large`
          : `${col.name} must be a whole number: ${s.slice(a, b)}`,
      );
    }
    if (checked) {
      const error = rangeError(col, value, s, a, b);
      if (error !== null) return error;
    }
    return value === 0 ? 0 : value; // no -0
  };
}

export function makeMoneyParser(col: ColumnSpec, ctx: CellContext): MoneyParser {
  const sep = ctx.decimal.charCodeAt(0);
  const decimal = ctx.decimal;
  return (s, a, b, currency, digits) => {
    let minor = plainMinorUnits(s, a, b, sep, digits);
    if (Number.isNaN(minor)) {
      const canonical = canonicalNumber(s, a, b, sep);
      if (canonical === null) return notANumber(s, a, b, decimal);
      const point = canonical.indexOf('.');
      const fraction = point < 0 ? '' : canonical.slice(point + 1).replace(/0+$/, '');
      if (fraction.length > digits) {
        return new CellError(
          digits === 0
            ? `${quote(s, a, b)} has decimals but ${currency} has no minor unit`
            : `${quote(s, a, b)} has more than ${digits} decimals for ${currency}`,
        );
      }
      const parsed = parseMinorUnits(canonical, digits, '.');
      if (typeof parsed === 'string') {
        return new CellError(parsed.replace(`"${canonical}"`, quote(s, a, b)));
      }
      minor = parsed;
    }
    if (col.nonNegative && minor < 0) {
      return new CellError(`${col.name} must not be negative: ${s.slice(a, b)}`);
    }
    return minor === 0 ? 0 : minor;
  };
}

/** The parser of a non-money column. */
export function makeCellParser(col: ColumnSpec, ctx: CellContext): CellParser {
  const type: ColumnType = col.type;
  switch (type) {
    case 'text':
      return col.email === true ? makeEmailParser(col) : makeTextParser();
    case 'currency':
      return parseCurrency;
    case 'enum':
      return makeEnumParser(col);
    case 'day':
      return makeDayParser(ctx);
    case 'instant':
      return makeInstantParser(ctx);
    case 'int':
      return makeNumberParser(col, ctx, true);
    case 'decimal':
      return makeNumberParser(col, ctx, false);
    case 'money':
      throw new Error(`money column ${col.name} needs makeMoneyParser`);
  }
}
