import { Buffer } from 'node:buffer';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import type { DecimalSeparator } from './numbers.ts';
import { plainNumberText } from './numbers.ts';
import type { ArrayRecord, ReaderProblem } from './records.ts';
import { ArrayRecords } from './records.ts';

/**
 * XLSX → records: the first worksheet, cells converted to the text a CSV export of the same
 * sheet would hold, with Excel's row numbers. Dates become ISO text (Excel dates have no
 * zone: their UTC components are the local date/time the user typed), numbers plain decimal
 * text, formulas their saved result; error cells become problems naming the cell.
 */

export type XlsxResult =
  | { readonly ok: true; readonly records: ArrayRecords; readonly sheet: string }
  | { readonly ok: false; readonly reason: string };

/** Excel column letters: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A naive Excel date as local ISO text: `YYYY-MM-DD`, or with `THH:MM:SS` when it has a time. */
export function naiveDateText(date: Date): string | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  const d = new Date(Math.round(ms / 1000) * 1000); // Excel stores times as fractions of days
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad(h)}:${pad(m)}:${pad(s)}`;
}

type Converted = { text: string } | { problem: string };

/** The text of one cell value, or a problem with it. */
export function cellValueText(
  value: CellValue,
  address: string,
  decimal: DecimalSeparator,
  percent = false,
): Converted {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { problem: `cell ${address} holds no finite number` };
    return { text: plainNumberText(percent ? value * 100 : value, decimal) };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    const text = naiveDateText(value);
    return text === null ? { problem: `cell ${address} holds an invalid date` } : { text };
  }
  if ('error' in value) return { problem: `cell ${address} contains the error ${value.error}` };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined) {
      return {
        problem: `cell ${address} has a formula without a saved result: open and save the file in Excel`,
      };
    }
    return cellValueText(value.result, address, decimal, percent);
  }
  if ('hyperlink' in value) {
    // The displayed text; exceljs may give it as rich text.
    const text: unknown = value.text;
    if (typeof text === 'string') return { text };
    if (typeof text === 'object' && text !== null && 'richText' in text) {
      return cellValueText(text as CellValue, address, decimal);
    }
    return { text: value.hyperlink };
  }
  return { problem: `cell ${address} holds a value of an unsupported kind` };
}

/** Loads a workbook and converts its first worksheet to records. */
export async function readXlsx(data: Uint8Array, decimal: DecimalSeparator): Promise<XlsxResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `cannot read the file as an XLSX workbook: ${message}` };
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return { ok: false, reason: 'the workbook has no worksheet' };
  const records: ArrayRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const problems: ReaderProblem[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      // A cell shown as 10% holds 0.1: import what the user sees, as a CSV export would.
      const percent = (cell.numFmt ?? '').includes('%');
      const converted = cellValueText(
        cell.value,
        `${columnLetters(column)}${rowNumber}`,
        decimal,
        percent,
      );
      while (cells.length < column - 1) cells.push('');
      if ('text' in converted) {
        cells[column - 1] = converted.text;
      } else {
        cells[column - 1] = '';
        problems.push({ field: column - 1, reason: converted.problem });
      }
    });
    while (cells.length > 0 && (cells[cells.length - 1] as string).trim() === '') {
      if (problems.some((p) => p.field === cells.length - 1)) break;
      cells.pop();
    }
    records.push({ row: rowNumber, cells, problems });
  });
  return { ok: true, records: new ArrayRecords(records), sheet: sheet.name };
}
