/**
 * CSV and XLSX downloads of the dashboard's tables: each is registered beside the JSON
 * route it copies (`/movements` → `/movements.csv`, `/movements.xlsx`) and built from the
 * same answer, so a download holds the numbers the page shows.
 */
import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvLine, type CsvCell } from '../reports/csv.ts';
import { tableXlsx, XLSX_MAX_ROWS } from '../reports/table-xlsx.ts';
import type { DataTable } from '../reports/xlsx.ts';
import type { Api } from './context.ts';
import { ApiError } from './errors.ts';
import { withErrors } from './schemas.ts';
import { Type, type Static, type TSchema } from './typebox.ts';

export type { DataTable };

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const DOWNLOAD_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: XLSX } as const;
export type DownloadFormat = keyof typeof DOWNLOAD_TYPES;

type ColumnKind = DataTable['columns'][number]['kind'];

/**
 * A table too long to hold as arrays (the movements feed has 4.29M rows at 1M
 * customers): its rows are made as they are sent.
 */
export interface StreamedTable extends Omit<DataTable, 'rows'> {
  readonly rowCount: number;
  readonly rows: Iterable<readonly CsvCell[]>;
}

/** CSV lines sent at a time before the thread lets other requests run. */
const LINES_PER_SLICE = 10_000;

/** A table's columns from `{ id: kind }`, in the object's order. */
export function columnsOf(spec: Readonly<Record<string, ColumnKind>>): DataTable['columns'] {
  return Object.entries(spec).map(([id, kind]) => ({ id, kind }));
}

/** The item as a row of the columns' fields (absent fields empty). */
export function rowOf(columns: DataTable['columns'], item: object): CsvCell[] {
  return columns.map(({ id }) => {
    const value = (item as Record<string, unknown>)[id];
    return typeof value === 'string' || typeof value === 'number' ? value : null;
  });
}

/** Each item as a row of the columns' fields (absent fields empty). */
export function rowsOf(columns: DataTable['columns'], items: readonly object[]): CsvCell[][] {
  return items.map((item) => rowOf(columns, item));
}

/** An `attachment` response in one of the download formats. */
export function downloadResponse(format: DownloadFormat, description: string) {
  return withErrors(
    {
      200: Type.Unsafe<unknown>({
        description,
        content: { [DOWNLOAD_TYPES[format]]: { schema: { type: 'string', format: 'binary' } } },
      }),
    },
    [400, 401, 403, 404, 422],
  );
}

/**
 * Sends a table as a CSV or XLSX attachment named after it, without holding up the
 * requests that come meanwhile: the CSV streams out a slice of lines at a time (the whole
 * movements feed at 1M customers, 300 MB, took the server's thread 20 s in one piece);
 * the XLSX is built on a worker thread, and a table longer than a sheet is refused.
 */
export async function sendTable(
  reply: FastifyReply,
  format: DownloadFormat,
  table: DataTable | StreamedTable,
): Promise<FastifyReply> {
  const rowCount = 'rowCount' in table ? table.rowCount : table.rows.length;
  if (format === 'xlsx' && rowCount > XLSX_MAX_ROWS)
    throw new ApiError(
      422,
      'too_many_rows',
      `the table has ${rowCount.toLocaleString('en-US')} rows and an XLSX sheet holds ${XLSX_MAX_ROWS.toLocaleString('en-US')}: download it as CSV, or narrow it`,
      { rows: rowCount, limit: XLSX_MAX_ROWS },
    );
  const { rows, ...shape } = table;
  const body =
    format === 'csv'
      ? Readable.from(
          csvSlices(
            table.columns.map((c) => c.id),
            rows,
          ),
        )
      : Buffer.from(await tableXlsx(shape, rows));
  return reply
    .type(DOWNLOAD_TYPES[format])
    .header('content-disposition', `attachment; filename="northstar-${table.name}.${format}"`)
    .send(body);
}

/** The CSV document in slices of lines, letting other work run between slices. */
async function* csvSlices(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
): AsyncGenerator<string> {
  let text = csvLine(header);
  let lines = 0;
  for (const row of rows) {
    text += '\n' + csvLine(row);
    if (++lines === LINES_PER_SLICE) {
      yield text;
      text = '';
      lines = 0;
      await yieldToEventLoop();
    }
  }
  yield text + '\n';
}

/**
 * `${path}.csv` and `${path}.xlsx` for a table built from the request's query (the JSON
 * route's query, less its paging).
 */
export function tableDownloads<Q extends TSchema, P extends TSchema>(
  app: Api,
  path: string,
  options: {
    summary: string;
    tags: string[];
    querystring: Q;
    params?: P;
    /** Formats to add (default both; a route may already serve one its own way). */
    formats?: readonly DownloadFormat[];
  },
  build: (
    request: FastifyRequest<{ Querystring: Static<Q>; Params: Static<P> }>,
  ) => Promise<DataTable | StreamedTable>,
): void {
  for (const format of options.formats ?? (['csv', 'xlsx'] as const))
    app.get(
      `${path}.${format}`,
      {
        schema: {
          tags: options.tags,
          summary: `${options.summary} (${format.toUpperCase()})`,
          produces: [DOWNLOAD_TYPES[format]],
          querystring: options.querystring,
          ...(options.params ? { params: options.params } : {}),
          response: downloadResponse(format, `the table as a ${format.toUpperCase()} file`),
        },
      },
      async (request, reply) =>
        sendTable(
          reply,
          format,
          await build(
            request as unknown as FastifyRequest<{ Querystring: Static<Q>; Params: Static<P> }>,
          ),
        ),
    );
}
