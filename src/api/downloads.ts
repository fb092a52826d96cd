/**
 * CSV and XLSX downloads of the dashboard's tables: each is registered beside the JSON
 * route it copies (`/movements` → `/movements.csv`, `/movements.xlsx`) and built from the
 * same answer, so a download holds the numbers the page shows.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderCsv } from '../reports/csv.ts';
import { tableWorkbook, type DataTable } from '../reports/xlsx.ts';
import type { Api } from './context.ts';
import { withErrors } from './schemas.ts';
import { Type, type Static, type TSchema } from './typebox.ts';

export type { DataTable };

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const DOWNLOAD_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: XLSX } as const;
export type DownloadFormat = keyof typeof DOWNLOAD_TYPES;

type ColumnKind = DataTable['columns'][number]['kind'];

/** A table's columns from `{ id: kind }`, in the object's order. */
export function columnsOf(spec: Readonly<Record<string, ColumnKind>>): DataTable['columns'] {
  return Object.entries(spec).map(([id, kind]) => ({ id, kind }));
}

/** Each item as a row of the columns' fields (absent fields empty). */
export function rowsOf(
  columns: DataTable['columns'],
  items: readonly object[],
): (string | number | null)[][] {
  return items.map((item) =>
    columns.map(({ id }) => {
      const value = (item as Record<string, unknown>)[id];
      return typeof value === 'string' || typeof value === 'number' ? value : null;
    }),
  );
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

/** Sends a table as a CSV or XLSX attachment named after it. */
export async function sendTable(
  reply: FastifyReply,
  format: DownloadFormat,
  table: DataTable,
): Promise<FastifyReply> {
  const body =
    format === 'csv'
      ? `${renderCsv(
          table.columns.map((c) => c.id),
          table.rows,
        )}\n`
      : Buffer.from(await (await tableWorkbook(table)).xlsx.writeBuffer());
  return reply
    .type(DOWNLOAD_TYPES[format])
    .header('content-disposition', `attachment; filename="northstar-${table.name}.${format}"`)
    .send(body);
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
  ) => Promise<DataTable>,
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
