/**
 * Decimal numbers as spreadsheets export them: "49.90", "-3", "1 234,50", "1.234,50",
 * "1,234.50". The grammar is strict so that a separator is never silently misread: a
 * thousands separator must be followed by exactly three digits, so "49,90" is not a number
 * when the decimal separator is "." (rather than 4990).
 */

export type DecimalSeparator = '.' | ',';

const DOT = 46;
const COMMA = 44;
const PLUS = 43;
const MINUS = 45;
const UNICODE_MINUS = 0x2212;

/** Characters that may separate groups of thousands (besides the other decimal mark). */
function isGroupSpace(c: number): boolean {
  return (
    c === 32 || // space
    c === 0xa0 || // no-break space (French Excel)
    c === 0x202f || // narrow no-break space (French locale since 2020)
    c === 0x2009 || // thin space
    c === 39 || // apostrophe (Swiss)
    c === 0x2019 // right single quotation mark (Swiss, typographic)
  );
}

/**
 * Fast path for plain numbers: an optional sign, ASCII digits and at most one decimal
 * separator, 15 significant digits at most. Returns NaN when the text is not that simple
 * (the caller then uses `canonicalNumber`).
 */
export function plainNumber(s: string, a: number, b: number, sep: number): number {
  let i = a;
  let negative = false;
  const first = s.charCodeAt(i);
  if (first === MINUS) {
    negative = true;
    i++;
  } else if (first === PLUS) {
    i++;
  }
  if (i === b || b - i > 16) return NaN;
  let mantissa = 0;
  let scale = 1;
  let sawSep = false;
  let digits = 0;
  for (; i < b; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (sawSep) scale *= 10;
    } else if (d === sep - 48 && !sawSep) {
      sawSep = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  // mantissa < 10^15 is exact; one division rounds once, exactly like Number("…").
  const value = sawSep ? mantissa / scale : mantissa;
  return negative ? -value : value;
}

/**
 * Fast path for money: a plain amount (see `plainNumber`) with at most `minorDigits`
 * decimals, as integer minor units. NaN for anything else (the caller then uses the
 * general parser, which also explains the problem).
 */
export function plainMinorUnits(
  s: string,
  a: number,
  b: number,
  sep: number,
  minorDigits: number,
): number {
  let i = a;
  let negative = false;
  const first = s.charCodeAt(i);
  if (first === MINUS) {
    negative = true;
    i++;
  } else if (first === PLUS) {
    i++;
  }
  if (i === b || b - i > 16) return NaN;
  let value = 0;
  let decimals = -1; // -1: no separator seen yet
  let digits = 0;
  for (; i < b; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      value = value * 10 + d;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (d === sep - 48 && decimals < 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || decimals > minorDigits) return NaN;
  for (let k = decimals < 0 ? 0 : decimals; k < minorDigits; k++) value *= 10;
  if (!Number.isSafeInteger(value)) return NaN;
  return negative ? -value : value;
}

/**
 * The strict general grammar: optional sign (+, -, or U+2212), an integer part whose
 * thousands may be separated by the other mark, spaces, no-break spaces or apostrophes
 * (each separator followed by exactly three digits), then optionally the decimal
 * separator and digits. Returns the canonical text ("-1234.5") or null.
 */
export function canonicalNumber(s: string, a: number, b: number, sep: number): string | null {
  let i = a;
  let sign = '';
  const first = s.charCodeAt(i);
  if (first === MINUS || first === UNICODE_MINUS) {
    sign = '-';
    i++;
  } else if (first === PLUS) {
    i++;
  }
  let integer = '';
  let groupStart = i;
  let inGroup = 0;
  let grouped = false;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      inGroup++;
    } else if (c === sep) {
      break;
    } else if (c === DOT || c === COMMA || isGroupSpace(c)) {
      if (inGroup === 0 || (grouped ? inGroup !== 3 : inGroup > 3)) return null;
      grouped = true;
      integer += s.slice(groupStart, i);
      groupStart = i + 1;
      inGroup = 0;
    } else {
      return null;
    }
  }
  if (grouped && inGroup !== 3) return null;
  integer += s.slice(groupStart, i);
  let fraction = '';
  if (i < b) {
    // s[i] is the decimal separator
    for (let j = i + 1; j < b; j++) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) return null;
    }
    fraction = s.slice(i + 1, b);
  }
  if (integer === '' && fraction === '') return null;
  return fraction === '' ? sign + integer : `${sign}${integer || '0'}.${fraction}`;
}

/** What one cell says about the file's decimal separator. */
export const EVIDENCE_NONE = 0;
export const EVIDENCE_COMMA = 1;
export const EVIDENCE_DOT = 2;

/**
 * Classifies a number cell: "49,90", "1 234,50", "1.234,50" are decimal-comma evidence;
 * "49.90", "1,234.50" are decimal-point evidence; "1.234", "1,234" (one separator followed
 * by exactly three digits) and integers are no evidence.
 */
export function decimalEvidence(s: string, a: number, b: number): number {
  let lastComma = -1;
  let lastDot = -1;
  let commas = 0;
  let dots = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === COMMA) {
      lastComma = i;
      commas++;
    } else if (c === DOT) {
      lastDot = i;
      dots++;
    } else if (!((c >= 48 && c <= 57) || c === MINUS || c === PLUS || isGroupSpace(c))) {
      return EVIDENCE_NONE; // not a number: says nothing
    }
  }
  if (commas > 0 && dots > 0) return lastComma > lastDot ? EVIDENCE_COMMA : EVIDENCE_DOT;
  if (commas > 0) {
    if (commas > 1) return EVIDENCE_DOT; // 1,234,567: commas group thousands
    return b - lastComma - 1 === 3 ? EVIDENCE_NONE : EVIDENCE_COMMA;
  }
  if (dots > 0) {
    if (dots > 1) return EVIDENCE_COMMA; // 1.234.567: dots group thousands
    return b - lastDot - 1 === 3 ? EVIDENCE_NONE : EVIDENCE_DOT;
  }
  return EVIDENCE_NONE;
}

/** Counts of evidence gathered over a file's number cells. */
export interface DecimalVotes {
  comma: number;
  dot: number;
}

/** A comma only when some cell needs it and no cell uses a point as decimal separator. */
export function decideDecimal(votes: DecimalVotes): DecimalSeparator {
  return votes.comma > 0 && votes.dot === 0 ? ',' : '.';
}

/**
 * A number as text without exponent, rounded to 15 significant digits the way Excel shows
 * it (so binary noise such as 0.30000000000000004 disappears).
 */
export function plainNumberText(n: number, decimal: DecimalSeparator = '.'): string {
  let text = String(Number(n.toPrecision(15)));
  const e = text.indexOf('e');
  if (e >= 0) {
    const exponent = Number(text.slice(e + 1));
    let mantissa = text.slice(0, e);
    let sign = '';
    if (mantissa.startsWith('-')) {
      sign = '-';
      mantissa = mantissa.slice(1);
    }
    const point = mantissa.indexOf('.');
    const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
    const position = (point < 0 ? mantissa.length : point) + exponent; // digits before the point
    if (position <= 0) text = `${sign}0.${'0'.repeat(-position)}${digits}`;
    else if (position >= digits.length) text = sign + digits + '0'.repeat(position - digits.length);
    else text = `${sign}${digits.slice(0, position)}.${digits.slice(position)}`;
  }
  return decimal === ',' ? text.replace('.', ',') : text;
}
