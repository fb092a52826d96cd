import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { onWorkersInOrder } from '../model/ordered-workers.ts';
import type { CsvCell } from './csv.ts';
import type { DataTable } from './xlsx.ts';

/** The most rows a sheet holds below its header row (Excel's limit is 1,048,576 in all). */
export const XLSX_MAX_ROWS = 1_048_575;

/** Rows turned to JSON at a time before the thread lets others run. */
const ROWS_PER_SLICE = 10_000;

/** What the main thread sends an XLSX worker (./xlsx-worker.ts). */
export interface XlsxTask {
  readonly table: Omit<DataTable, 'rows'>;
  /** The rows as JSON arrays, a slice each. */
  readonly rowsJson: readonly string[];
}

/**
 * The table as an XLSX file, built on a worker thread: ExcelJS took 13.7 s of a server's
 * thread for 200,000 rows, and every other request waited. The rows cross as JSON made a
 * slice at a time (a structured clone of them all is one long copy on this thread).
 */
export async function tableXlsx(
  table: Omit<DataTable, 'rows'>,
  rows: Iterable<readonly CsvCell[]>,
): Promise<Uint8Array> {
  const rowsJson: string[] = [];
  let slice: (readonly CsvCell[])[] = [];
  for (const row of rows) {
    slice.push(row);
    if (slice.length === ROWS_PER_SLICE) {
      rowsJson.push(JSON.stringify(slice));
      slice = [];
      await yieldToEventLoop();
    }
  }
  if (slice.length > 0) rowsJson.push(JSON.stringify(slice));
  async function* task(): AsyncGenerator<XlsxTask> {
    yield { table, rowsJson };
  }
  for await (const { reply } of onWorkersInOrder<XlsxTask, Uint8Array>(
    import.meta.url,
    'xlsx-worker',
    task(),
    1,
  ))
    return reply;
  throw new Error('the XLSX worker gave no answer');
}
