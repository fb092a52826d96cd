import { minorDigits } from '../model/currency.ts';
import { formatDay } from '../model/day.ts';
import {
  IMPORT_KINDS,
  KIND_SPECS,
  type ColumnSpec,
  type CustomerRow,
  type ImportKind,
  type Instant,
} from '../model/kinds.ts';
import type { DemoData } from './generate.ts';

/**
 * The demo as importable CSV files: one text per kind with exactly the columns of
 * KIND_SPECS (in its order), `YYYY-MM-DD` dates, ISO 8601 UTC instants, money in major
 * units with the currency's digits ("49.90"), empty cells for nulls, RFC 4180 quoting,
 * `\n` line ends. Customers' custom attributes become extra columns after the standard ones.
 */

/** Minor units as a decimal in major units: 4990 USD -> "49.90", 500 JPY -> "500". */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const fraction = String(abs - whole * scale).padStart(digits, '0');
  return `${sign}${whole}.${fraction}`;
}

/** An instant as ISO 8601 UTC, without milliseconds when they are zero. */
export function formatInstant(instant: Instant): string {
  const iso = new Date(instant).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function formatDecimal(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Quotes a cell when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatValue(value: unknown, column: ColumnSpec, row: Record<string, unknown>): string {
  if (value === null || value === undefined) return '';
  switch (column.type) {
    case 'day':
      return formatDay(value as number);
    case 'instant':
      return formatInstant(value as number);
    case 'money':
      return formatMinor(value as number, String(row['currency']));
    case 'int':
    case 'decimal':
      return formatDecimal(value as number);
    default:
      return String(value);
  }
}

/** One kind's rows as a CSV text with a header line. */
export function rowsToCsv(
  kind: ImportKind,
  rows: readonly object[],
  extraColumns: readonly string[] = [],
): string {
  const columns = KIND_SPECS[kind].columns;
  const lines = [[...columns.map((c) => c.name), ...extraColumns].map(csvCell).join(',')];
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    const cells = columns.map((c) => csvCell(formatValue(record[c.name], c, record)));
    if (extraColumns.length > 0) {
      const attributes = (record['attributes'] ?? {}) as Record<string, string>;
      for (const name of extraColumns) cells.push(csvCell(attributes[name] ?? ''));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Custom attribute names of the customers, sorted, minus any that clash with a standard column. */
export function attributeColumns(customers: readonly CustomerRow[]): string[] {
  const standard = new Set(KIND_SPECS.customers.columns.map((c) => c.name));
  const names = new Set<string>();
  for (const c of customers) for (const name of Object.keys(c.attributes)) names.add(name);
  return [...names].filter((n) => !standard.has(n)).sort();
}

export function demoToCsv(data: DemoData): Record<ImportKind, string> {
  const out = {} as Record<ImportKind, string>;
  for (const kind of IMPORT_KINDS) {
    out[kind] =
      kind === 'customers'
        ? rowsToCsv(kind, data.customers, attributeColumns(data.customers))
        : rowsToCsv(kind, data[kind]);
  }
  return out;
}
