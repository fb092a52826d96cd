import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../cli/format.ts';
import { safeCellText } from './cell-text.ts';
import { seriesWorkbook } from './xlsx.ts';

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];

describe('formula-leading text in spreadsheets (CSV injection)', () => {
  it('prefixes text a spreadsheet would run, and leaves other text and plain numbers alone', () => {
    expect(safeCellText('=1+1')).toBe("'=1+1");
    expect(safeCellText('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(safeCellText('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(safeCellText('+41 22 000')).toBe("'+41 22 000");
    expect(safeCellText('-2+3')).toBe("'-2+3");
    expect(safeCellText('\tcmd')).toBe("'\tcmd");
    expect(safeCellText('\rcmd')).toBe("'\rcmd");
    expect(safeCellText('-12.5')).toBe('-12.5');
    expect(safeCellText('+3')).toBe('+3');
    expect(safeCellText('Acme = best')).toBe('Acme = best');
    expect(safeCellText('')).toBe('');
  });

  it('never lets a text cell start a formula (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORMULA_START, ''), fc.string(), (lead, rest) => {
        const out = safeCellText(lead + rest);
        const plainNumber = /^[+-]?\d+(\.\d+)?$/.test(lead + rest);
        expect(plainNumber || !FORMULA_START.includes(out[0] ?? '')).toBe(true);
        if (!FORMULA_START.includes((lead + rest)[0] ?? '')) expect(out).toBe(lead + rest);
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it('CSV: text cells escaped (and still quoted where needed), numbers written as numbers', () => {
    const csv = renderCsv(
      ['customer_id', 'amount', 'note'],
      [
        ['=1+1', -49.5, '@SUM(1,2)'],
        ['cus_1', -0.25, '=HYPERLINK("http://evil","click")'],
        ['-7', 12, null],
      ],
    );
    expect(csv.split('\n')).toEqual([
      'customer_id,amount,note',
      '\'=1+1,-49.5,"\'@SUM(1,2)"',
      'cus_1,-0.25,"\'=HYPERLINK(""http://evil"",""click"")"',
      '-7,12,',
    ]);
  });

  it('XLSX: text cells escaped, numbers (negative ones too) stay numeric cells', async () => {
    const workbook = await seriesWorkbook(
      {
        currency: 'USD',
        interval: 'month',
        periods: [{ label: '=2+2', start: '2026-01-01', end: '@A1' }],
        values: { mrr: [-1250.5] },
      },
      [{ id: 'mrr', label: '=cmd|"/c calc"!A1', unit: 'money', direction: 'up' }],
    );
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(await workbook.xlsx.writeBuffer());
    const row = read.getWorksheet('Metrics')!.getRow(2);
    expect(row.getCell(1).value).toBe("'=2+2");
    expect(row.getCell(2).value).toBe('2026-01-01');
    expect(row.getCell(3).value).toBe("'@A1");
    expect(row.getCell(4).value).toBe(-1250.5);
    expect(row.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(read.getWorksheet('Definitions')!.getRow(2).getCell(2).value).toBe(
      '\'=cmd|"/c calc"!A1',
    );
  });
});
