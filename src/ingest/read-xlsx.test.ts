import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fieldText } from './records.ts';
import { cellValueText, columnLetters, naiveDateText, readXlsx } from './read-xlsx.ts';

async function records(build: (sheet: ExcelJS.Worksheet) => void) {
  const book = new ExcelJS.Workbook();
  build(book.addWorksheet('Data'));
  const result = await readXlsx(new Uint8Array(await book.xlsx.writeBuffer()), '.');
  if (!result.ok) throw new Error(result.reason);
  const out: { row: number; cells: string[]; problems: string[] }[] = [];
  const source = result.records;
  while (source.next()) {
    const cells: string[] = [];
    for (let i = 0; i < source.count; i++) cells.push(fieldText(source, i));
    out.push({
      row: source.row,
      cells,
      problems: source.problems.map((p) => `${p.field}: ${p.reason}`),
    });
  }
  return out;
}

describe('cell values to text', () => {
  it('names columns like Excel', () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('writes naive Excel dates as local ISO text, rounding float noise to the second', () => {
    expect(naiveDateText(new Date(Date.UTC(2024, 0, 15)))).toBe('2024-01-15');
    expect(naiveDateText(new Date(Date.UTC(2024, 0, 15, 9, 30, 5)))).toBe('2024-01-15T09:30:05');
    expect(naiveDateText(new Date(Date.UTC(2024, 0, 15, 23, 59, 59, 999)))).toBe('2024-01-16');
    expect(naiveDateText(new Date(NaN))).toBeNull();
  });

  it('converts each kind of value', () => {
    const text = (value: ExcelJS.CellValue, percent = false) =>
      cellValueText(value, 'C7', '.', percent);
    expect(text(null)).toEqual({ text: '' });
    expect(text('abc')).toEqual({ text: 'abc' });
    expect(text(49.9)).toEqual({ text: '49.9' });
    expect(text(1e-7)).toEqual({ text: '0.0000001' });
    expect(text(0.1, true)).toEqual({ text: '10' });
    expect(text(true)).toEqual({ text: 'TRUE' });
    expect(text({ richText: [{ text: 'a' }, { text: 'b' }] })).toEqual({ text: 'ab' });
    expect(text({ text: 'site', hyperlink: 'https://x' })).toEqual({ text: 'site' });
    expect(text({ formula: 'A1', result: new Date(Date.UTC(2024, 1, 29)) })).toEqual({
      text: '2024-02-29',
    });
    expect(text({ error: '#N/A' })).toEqual({ problem: 'cell C7 contains the error #N/A' });
    expect(text({ formula: 'A1' })).toEqual({
      problem: 'cell C7 has a formula without a saved result: open and save the file in Excel',
    });
    expect(cellValueText(1234.5, 'A1', ',')).toEqual({ text: '1234,5' });
  });
});

describe('readXlsx', () => {
  it('reads the first worksheet with Excel row numbers, skipping empty rows', async () => {
    const rows = await records((sheet) => {
      sheet.getCell('A1').value = 'id';
      sheet.getCell('B1').value = 'when';
      sheet.getCell('C1').value = 'n';
      sheet.getCell('A2').value = 'x';
      sheet.getCell('B2').value = new Date(Date.UTC(2024, 4, 1, 12));
      sheet.getCell('C2').value = { formula: 'B3*2', result: 4 };
      sheet.getCell('A5').value = 'y';
      sheet.getCell('C5').value = 0.25;
      sheet.getCell('C5').numFmt = '0%';
      sheet.getCell('A6').value = '   ';
    });
    expect(rows).toEqual([
      { row: 1, cells: ['id', 'when', 'n'], problems: [] },
      { row: 2, cells: ['x', '2024-05-01T12:00:00', '4'], problems: [] },
      { row: 5, cells: ['y', '', '25'], problems: [] },
    ]);
  });

  it('turns error cells into problems on their field', async () => {
    const rows = await records((sheet) => {
      sheet.addRow(['a', 'b']);
      sheet.addRow([{ error: '#REF!' }, 1]);
    });
    expect(rows[1]).toEqual({
      row: 2,
      cells: ['', '1'],
      problems: ['0: cell A2 contains the error #REF!'],
    });
  });

  it('reports a file that is not a workbook', async () => {
    const result = await readXlsx(new TextEncoder().encode('a,b\n1,2\n'), '.');
    expect(result.ok).toBe(false);
  });
});
