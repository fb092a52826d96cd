/** A leading `=`, `+`, `-`, `@`, tab or carriage return makes a spreadsheet read a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain numbers (`-12`, `+3.5`) are read as numbers, never formulas: they stay as they are. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A text cell as spreadsheets should show it: text that a spreadsheet would run as a
 * formula (`=HYPERLINK(…)`, `@SUM(…)`, CSV injection) gets a leading apostrophe, which
 * Excel, LibreOffice and Google Sheets show as text. Quoting a CSV field does not stop
 * them. Numbers are not text cells: write them as numbers and they stay numbers.
 */
export function safeCellText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
