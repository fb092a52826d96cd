import { safeCellText } from './cell-text.ts';

/** A CSV cell: text, a number, or empty. */
export type CsvCell = string | number | null;

/**
 * One RFC 4180 CSV line, without its line break: fields with a comma, quote or newline
 * are quoted; text that a spreadsheet would run as a formula is escaped (numbers stay
 * numbers).
 */
export function csvLine(values: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const text =
      value === null ? '' : typeof value === 'number' ? String(value) : safeCellText(value);
    if (i > 0) line += ',';
    line += /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return line;
}

/** A whole CSV document: the header line, then a line per row. */
export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
): string {
  return [header, ...rows].map(csvLine).join('\n');
}
