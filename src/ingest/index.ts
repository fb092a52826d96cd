import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ImportIssue, ImportKind, RowOfKind } from '../model/kinds.ts';
import { IMPORT_KINDS, KIND_SPECS } from '../model/kinds.ts';
import type { ByteSource } from './byte-source.ts';
import { bufferSource, openFileSource } from './byte-source.ts';
import type { DecimalSeparator } from './numbers.ts';
import { decideDecimal } from './numbers.ts';
import type { TextEncodingName } from './read-csv.ts';
import { notTextReason, readCsv } from './read-csv.ts';
import type { RecordSource } from './records.ts';
import { fieldText } from './records.ts';
import type { ImportColumns } from './columns.ts';
import { ColumnsSink } from './columns.ts';
import { zoneClock } from './time.ts';
import type { HeaderMapping } from './validate.ts';
import { Validator, mapHeader, voteDecimal } from './validate.ts';

/**
 * CSV / XLSX imports of the canonical kinds (SPEC.md §4): read, validate against
 * KIND_SPECS, and report every problem with its row, column and reason. Nothing is written
 * here: a caller imports `rows` only when `issues` is empty (imports are atomic).
 */

export interface ImportOptions {
  /** IANA zone of the workspace; dates without a time are local dates there. */
  timeZone: string;
  /** Decimal separator of number cells; 'auto' (default) decides per file (see README). */
  decimal?: '.' | ',' | 'auto';
  /** Called about every 50,000 rows and at the end; rowsTotal is an estimate until the end. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

export interface ImportFormat {
  type: 'csv' | 'xlsx';
  /** CSV only. */
  delimiter?: string;
  decimal: '.' | ',';
  /** CSV only: the text encoding found (UTF-8 unless the bytes say otherwise). */
  encoding?: TextEncodingName;
  /** XLSX only: the name of the worksheet read (the first one). */
  sheet?: string;
}

export interface ParsedImport<K extends ImportKind> {
  kind: K;
  /** The name used in issues (the path as the user gave it). */
  file: string;
  /** Valid rows, in file order. */
  rows: RowOfKind[K][];
  /** Spreadsheet row number of each valid row (header = row 1). */
  rowNumbers: number[];
  /** Every problem found (capped at 10,000 plus one summary issue). */
  issues: ImportIssue[];
  /** Data rows read (excluding the header and blank lines). */
  totalRows: number;
  /** Data rows not in `rows` (each has an issue, or the header has one): rows + rejected = total. */
  rejectedRows: number;
  format: ImportFormat;
}

const PROGRESS_EVERY = 50_000;
/**
 * Rows validated between turns of the event loop. A batch's write
 * is several DuckDB statements, and each goes on only when the reader yields: every 50,000
 * rows the reader mostly waited for writes that had waited for it, and a 1M-customer
 * import (4.2M rows) took 16.6-18.0 s; every 2,000 it took 13.8-14.5 s.
 */
const ROWS_PER_STEP = 2_000;
/** Rows read to decide between decimal comma and point (see decideDecimal). */
const DECIMAL_SAMPLE_ROWS = 100_000;

/**
 * Opens the bytes of an import. `parse` opens them once to read the rows and once more to
 * vote on the decimal separator; a file is then read a piece at a time, never whole.
 */
type OpenBytes = () => ByteSource;

export async function parseImportFile<K extends ImportKind>(
  kind: K,
  path: string,
  options: ImportOptions,
): Promise<ParsedImport<K>> {
  return parse(kind, path, () => openFileSource(path), options, undefined);
}

type FileType = 'csv' | 'xlsx' | 'xls';

function fileType(fileName: string, data: Uint8Array): FileType {
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx'; // ZIP
  if (data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) return 'xls'; // OLE2
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
  if (lower.endsWith('.xls')) return 'xls';
  return 'csv';
}

/** A parsed import whose valid rows are columns (see ImportColumns) rather than row objects. */
export interface ParsedImportColumns<K extends ImportKind> extends Omit<
  ParsedImport<K>,
  'rows' | 'rowNumbers'
> {
  columns: ImportColumns<K>;
}

/**
 * `parseImportFile` for bulk imports: the same validation and issues, the valid rows as
 * columns (no row objects: several times less memory and garbage on million-row files).
 */
export async function parseImportFileColumns<K extends ImportKind>(
  kind: K,
  path: string,
  options: ImportOptions,
): Promise<ParsedImportColumns<K>> {
  return parseColumns(kind, path, () => openFileSource(path), options);
}

export async function parseImportBufferColumns<K extends ImportKind>(
  kind: K,
  fileName: string,
  data: Uint8Array,
  options: ImportOptions,
): Promise<ParsedImportColumns<K>> {
  return parseColumns(kind, fileName, () => bufferSource(data), options);
}

async function parseColumns<K extends ImportKind>(
  kind: K,
  fileName: string,
  open: OpenBytes,
  options: ImportOptions,
): Promise<ParsedImportColumns<K>> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`unknown import kind ${JSON.stringify(kind)}`);
  }
  const sink = new ColumnsSink<K>(KIND_SPECS[kind] as (typeof KIND_SPECS)[K] & { kind: K });
  const parsed = await parse(kind, fileName, open, options, sink as ColumnsSink<ImportKind>);
  return {
    kind: parsed.kind,
    file: parsed.file,
    columns: sink.finish(),
    issues: parsed.issues,
    totalRows: parsed.totalRows,
    rejectedRows: parsed.rejectedRows,
    format: parsed.format,
  };
}

/** Rows per batch a file import writes while it reads the rest (a few MB of columns). */
export const IMPORT_BATCH_ROWS = 100_000;

/** Where `parseImportFileInBatches` sends the valid rows. */
export interface ImportBatches<K extends ImportKind> {
  /** Rows per batch (the last may have fewer). */
  readonly rows: number;
  /**
   * Takes one batch; the next comes while it runs (the file is read meanwhile), never two
   * at once. Batches stop at the file's first issue: nothing of such a file may be kept.
   */
  write(columns: ImportColumns<K>): Promise<void>;
}

/** A parsed import whose valid rows went to `ImportBatches.write`. */
export type ParsedImportSummary<K extends ImportKind> = Omit<
  ParsedImport<K>,
  'rows' | 'rowNumbers'
>;

/**
 * `parseImportFileColumns` that hands the valid rows out in batches as it reads, so a store
 * writes one batch while the next is parsed, and memory holds one batch, not the file.
 * The caller keeps the batches only if the summary has no issues (one transaction).
 */
export async function parseImportFileInBatches<K extends ImportKind>(
  kind: K,
  path: string,
  options: ImportOptions,
  batches: ImportBatches<K>,
): Promise<ParsedImportSummary<K>> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`unknown import kind ${JSON.stringify(kind)}`);
  }
  const sink = new ColumnsSink<K>(KIND_SPECS[kind] as (typeof KIND_SPECS)[K] & { kind: K });
  const parsed = await parse(
    kind,
    path,
    () => openFileSource(path),
    options,
    sink as ColumnsSink<ImportKind>,
    batches as unknown as ImportBatches<ImportKind>,
  );
  return {
    kind: parsed.kind,
    file: parsed.file,
    issues: parsed.issues,
    totalRows: parsed.totalRows,
    rejectedRows: parsed.rejectedRows,
    format: parsed.format,
  };
}

export async function parseImportBuffer<K extends ImportKind>(
  kind: K,
  fileName: string,
  data: Uint8Array,
  options: ImportOptions,
): Promise<ParsedImport<K>> {
  return parse(kind, fileName, () => bufferSource(data), options, undefined);
}

/** Reads the import through `open`, and closes what it opened whatever happens. */
async function parse<K extends ImportKind>(
  kind: K,
  fileName: string,
  open: OpenBytes,
  options: ImportOptions,
  sink: ColumnsSink<ImportKind> | undefined,
  batches?: ImportBatches<ImportKind>,
): Promise<ParsedImport<K>> {
  const bytes = open();
  try {
    return await parseBytes(kind, fileName, bytes, open, options, sink, batches);
  } finally {
    bytes.close();
  }
}

async function parseBytes<K extends ImportKind>(
  kind: K,
  fileName: string,
  bytes: ByteSource,
  open: OpenBytes,
  options: ImportOptions,
  sink: ColumnsSink<ImportKind> | undefined,
  batches: ImportBatches<ImportKind> | undefined,
): Promise<ParsedImport<K>> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`unknown import kind ${JSON.stringify(kind)}`);
  }
  const spec = KIND_SPECS[kind];
  const clock = zoneClock(options.timeZone); // RangeError for an unknown zone
  const wanted = options.decimal ?? 'auto';
  const type = fileType(fileName, bytes.read(0, 4));

  const failed = (format: ImportFormat, row: number, reason: string): ParsedImport<K> => ({
    kind,
    file: fileName,
    rows: [],
    rowNumbers: [],
    issues: [{ file: fileName, row, column: null, reason }],
    totalRows: 0,
    rejectedRows: 0,
    format,
  });

  if (type === 'xls') {
    return failed(
      { type: 'xlsx', decimal: '.' },
      1,
      'this is an old binary Excel (.xls) workbook: save it as .xlsx or CSV (UTF-8) and import that',
    );
  }

  let source: RecordSource;
  let format: ImportFormat;
  let decimal: DecimalSeparator;
  if (type === 'xlsx') {
    decimal = wanted === ',' ? ',' : '.';
    format = { type: 'xlsx', decimal };
    // Loaded when a workbook comes: exceljs takes about a second to load, which every CSV
    // import would otherwise pay.
    const { readXlsx } = await import('./read-xlsx.ts');
    // exceljs reads a workbook from one buffer: the file's whole bytes.
    const workbook = await readXlsx(bytes.read(0, bytes.length), decimal);
    if (!workbook.ok) return failed(format, 1, workbook.reason);
    source = workbook.records;
    format.sheet = workbook.sheet;
  } else {
    const binary = notTextReason(bytes);
    if (binary !== null) {
      return failed(
        { type: 'csv', decimal: '.' },
        1,
        `this is not a CSV or XLSX file (${binary}): export the sheet as CSV (UTF-8) or XLSX and import that`,
      );
    }
    const csv = readCsv(bytes);
    source = csv;
    decimal = wanted === 'auto' ? '.' : wanted;
    format = { type: 'csv', delimiter: csv.delimiter, decimal, encoding: csv.encoding };
  }

  if (!source.next()) {
    const required = spec.columns.filter((c) => c.required).map((c) => c.name);
    return failed(
      format,
      1,
      `the file is empty: expected a header row naming the columns (${required.join(', ')})`,
    );
  }
  const headerRow = source.row;
  const names: string[] = [];
  for (let i = 0; i < source.count; i++) names.push(fieldText(source, i));
  const header = mapHeader(spec, names);

  if (type === 'csv' && wanted === 'auto' && format.delimiter !== ',') {
    // A second reader from the top of the file (`source` goes on from the header), on a
    // source of its own.
    const vote = open();
    try {
      decimal = decideDecimal(
        voteDecimal(skipHeader(readCsv(vote)), numberFields(spec, header), DECIMAL_SAMPLE_ROWS),
      );
    } finally {
      vote.close();
    }
    format.decimal = decimal;
  }

  const validator = new Validator<K>(spec, source, header, {
    file: fileName,
    context: { decimal, clock },
    headerRow,
    requireEveryCell: type === 'csv',
    ...(sink === undefined ? {} : { sink }),
  });
  const progress = validator.result;
  // Batches go out while the file is still being read (one write at a time), and only as
  // long as the file is clean: once it has an issue nothing will be committed.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (atLeast: number): Promise<void> => {
    if (batches === undefined || sink === undefined || progress.issues.length > 0) return;
    if (sink.size < atLeast || sink.size === 0) return;
    const columns = sink.take();
    await writing;
    writing = batches.write(columns);
    // Awaited at the next batch or at the end; meanwhile a failure must not go unhandled.
    writing.catch(() => undefined);
  };
  let reportAt = PROGRESS_EVERY;
  for (;;) {
    const more = validator.run(Math.min(ROWS_PER_STEP, batches?.rows ?? ROWS_PER_STEP));
    await flush(batches?.rows ?? Infinity);
    if (!more) break;
    if (options.onProgress !== undefined && progress.totalRows >= reportAt) {
      reportAt = progress.totalRows + PROGRESS_EVERY;
      const done = progress.totalRows;
      const fraction = source.progress();
      options.onProgress(done, fraction > 0 ? Math.max(done, Math.round(done / fraction)) : done);
    }
    await yieldToEventLoop();
  }
  const result = validator.finish();
  await flush(0);
  await writing;
  options.onProgress?.(result.totalRows, result.totalRows);
  return {
    kind,
    file: fileName,
    rows: result.rows,
    rowNumbers: result.rowNumbers,
    issues: result.issues,
    totalRows: result.totalRows,
    rejectedRows: result.rejectedRows,
    format,
  };
}

function skipHeader(source: RecordSource): RecordSource {
  source.next();
  return source;
}

/** Fields of the money and decimal columns: where a decimal separator can show. */
function numberFields(spec: (typeof KIND_SPECS)[ImportKind], header: HeaderMapping): number[] {
  const fields: number[] = [];
  spec.columns.forEach((col, i) => {
    const field = header.fieldOf[i] ?? -1;
    if (field >= 0 && (col.type === 'money' || col.type === 'decimal')) fields.push(field);
  });
  return fields;
}

export { MAX_ISSUES } from './validate.ts';
export type { TextEncodingName } from './read-csv.ts';
