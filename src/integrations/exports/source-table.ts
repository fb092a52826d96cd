import { CsvRecords, notTextReason, readCsv } from '../../ingest/read-csv.ts';
import { readXlsx } from '../../ingest/read-xlsx.ts';
import type { RecordSource } from '../../ingest/records.ts';
import { fieldText } from '../../ingest/records.ts';
import { normalizeHeaderName, requiredCells, shortRowReason } from '../../ingest/validate.ts';
import type { ImportIssue } from '../../model/kinds.ts';

/**
 * A third-party export (CRM, form tool) read with the same CSV/XLSX readers as canonical
 * imports — encodings, delimiters, quoting, Excel cells — but kept as text under its own
 * headers, since its columns are not canonical yet.
 */
export interface SourceTable {
  readonly file: string;
  /** Header names as written (trimmed). */
  readonly header: readonly string[];
  readonly rows: readonly SourceRow[];
  /** Problems of the reader itself (a malformed quote, an Excel error cell). */
  readonly issues: readonly ImportIssue[];
}

export interface SourceRow {
  /** Spreadsheet row number (header = 1). */
  readonly row: number;
  readonly cells: readonly string[];
}

function isXlsx(fileName: string, data: Uint8Array): boolean {
  return (data[0] === 0x50 && data[1] === 0x4b) || /\.xls[xm]$/i.test(fileName);
}

export async function readSourceTable(fileName: string, data: Uint8Array): Promise<SourceTable> {
  /** A file that cannot be read at all: one issue on row 1, no header, no rows. */
  const unreadable = (reason: string): SourceTable => ({
    file: fileName,
    header: [],
    rows: [],
    issues: [{ file: fileName, row: 1, column: null, reason }],
  });
  let source: RecordSource;
  if (isXlsx(fileName, data)) {
    const workbook = await readXlsx(data, '.');
    if (!workbook.ok) return unreadable(workbook.reason);
    source = workbook.records;
  } else {
    const binary = notTextReason(data);
    if (binary !== null) return unreadable(`this is not a CSV or XLSX file (${binary})`);
    source = readCsv(data);
  }
  const issues: ImportIssue[] = [];
  if (!source.next()) return unreadable('the file is empty: expected a header row');
  const header: string[] = [];
  for (let i = 0; i < source.count; i++)
    header.push(
      fieldText(source, i)
        .replace(/^\ufeff/, '')
        .trim(),
    );
  const rows: SourceRow[] = [];
  // CSV rows must fill the header (XLSX leaves out trailing empty cells).
  const minCells = source instanceof CsvRecords ? requiredCells(header) : 0;
  while (source.next()) {
    if (source.count < minCells && source.problems.length === 0) {
      const reason = shortRowReason(source.count, header.length);
      issues.push({ file: fileName, row: source.row, column: null, reason });
    }
    const cells: string[] = [];
    for (let i = 0; i < source.count; i++) cells.push(fieldText(source, i));
    for (const p of source.problems) {
      issues.push({
        file: fileName,
        row: source.row,
        column: p.field >= 0 ? (header[p.field] ?? null) : null,
        reason: p.reason,
      });
    }
    rows.push({ row: source.row, cells });
  }
  return { file: fileName, header, rows, issues };
}

/** Field lookup by header name, case- and space-insensitive, trying aliases in order. */
export class Columns {
  private readonly index = new Map<string, number>();

  constructor(header: readonly string[]) {
    header.forEach((name, i) => {
      const key = Columns.key(name);
      if (!this.index.has(key)) this.index.set(key, i);
    });
  }

  static key(name: string): string {
    return normalizeHeaderName(name).replace(/[\s_\-./]+/g, ' ');
  }

  /** The header name (as given) of the first alias present, or null. */
  find(aliases: readonly string[]): number | null {
    for (const alias of aliases) {
      const i = this.index.get(Columns.key(alias));
      if (i !== undefined) return i;
    }
    return null;
  }
}
