import ExcelJS from 'exceljs';
import type { MetricInfo, SeriesSet } from '../metrics/query.ts';
import { safeCellText } from './cell-text.ts';

function numberFormat(unit: string, currency: string): string {
  switch (unit) {
    case 'money':
      return `#,##0.00 "${currency}"`;
    case 'rate':
      return '0.0%';
    case 'ratio':
      return '0.00';
    case 'index':
      return '0.0000';
    default:
      return '#,##0.##';
  }
}

/**
 * One sheet of metric series (a row per period, a column per metric) as an Excel table,
 * each column formatted by unit; a second sheet keeps each metric's label and unit.
 */
export async function seriesWorkbook(
  series: SeriesSet,
  metrics: readonly MetricInfo[],
): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Northstar';
  const sheet = workbook.addWorksheet('Metrics', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
  });
  if (series.periods.length > 0) {
    sheet.addTable({
      name: 'Metrics',
      ref: 'A1',
      headerRow: true,
      style: { theme: 'TableStyleLight9', showRowStripes: true },
      columns: [
        { name: 'period', filterButton: true },
        { name: 'start' },
        { name: 'end' },
        ...metrics.map((m) => ({ name: m.id })),
      ],
      rows: series.periods.map((p, i) => [
        safeCellText(p.label),
        safeCellText(p.start),
        safeCellText(p.end),
        ...metrics.map((m) => series.values[m.id]?.[i] ?? null),
      ]),
    });
  }
  metrics.forEach((m, i) => {
    const column = sheet.getColumn(4 + i);
    column.numFmt = numberFormat(m.unit, series.currency);
    column.width = Math.max(12, m.id.length + 2);
  });
  sheet.getColumn(1).width = 10;
  sheet.getColumn(2).width = 12;
  sheet.getColumn(3).width = 12;
  const about = workbook.addWorksheet('Definitions');
  about.addRow(['metric', 'label', 'unit', 'currency']);
  for (const m of metrics)
    about.addRow(
      [m.id, m.label, m.unit, m.unit === 'money' ? series.currency : ''].map(safeCellText),
    );
  return workbook;
}

export async function writeSeriesXlsx(
  path: string,
  series: SeriesSet,
  metrics: readonly MetricInfo[],
): Promise<void> {
  const workbook = await seriesWorkbook(series, metrics);
  await workbook.xlsx.writeFile(path);
}

/** A column of a downloaded table: text, an ISO date, or a number in a metric unit. */
export interface TableColumn {
  readonly id: string;
  readonly kind: 'text' | 'date' | MetricInfo['unit'];
}

/** A table as the dashboard shows it, for a CSV or XLSX download. */
export interface DataTable {
  /** Sheet and file name: letters, digits and underscores. */
  readonly name: string;
  /** Currency of the money columns. */
  readonly currency: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** One sheet holding the table as an Excel table, each number column formatted by its unit. */
export async function tableWorkbook(table: DataTable): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Northstar';
  const sheet = workbook.addWorksheet(table.name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
  });
  const cell = (v: string | number | null) => (typeof v === 'string' ? safeCellText(v) : v);
  // An Excel table needs at least one row: an empty one keeps only the header.
  if (table.rows.length === 0) sheet.addRow(table.columns.map((c) => c.id));
  else
    sheet.addTable({
      name: table.name,
      ref: 'A1',
      headerRow: true,
      style: { theme: 'TableStyleLight9', showRowStripes: true },
      columns: table.columns.map((c) => ({ name: c.id, filterButton: true })),
      rows: table.rows.map((row) => row.map(cell)),
    });
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    if (c.kind !== 'text' && c.kind !== 'date')
      column.numFmt = numberFormat(c.kind, table.currency);
    column.width = Math.max(12, c.id.length + 2);
  });
  return workbook;
}
