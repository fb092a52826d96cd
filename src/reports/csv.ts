import { safeCellText } from './cell-text.ts';

/**
 * RFC 4180 CSV: fields with a comma, quote or newline are quoted; text that a spreadsheet
 * would run as a formula is escaped (numbers stay numbers).
 */
export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const field = (value: string | number | null) => {
    const text =
      value === null ? '' : typeof value === 'number' ? String(value) : safeCellText(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n');
}
