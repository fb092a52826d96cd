/**
 * A download never holds up the server: a long CSV goes out a slice at a time, made as
 * it is sent; an XLSX longer than a sheet is refused, not built. (The dashboard's own
 * downloads are compared with their pages in routes/downloads.test.ts.)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MAX_ROWS } from '../reports/table-xlsx.ts';
import { sendTable, type StreamedTable } from './downloads.ts';
import { ApiError, errorBody } from './errors.ts';

/** Rows of ~60 bytes: far more than the sockets between client and server buffer. */
const ROWS = XLSX_MAX_ROWS + 1;
let made = 0;

function longTable(): StreamedTable {
  made = 0;
  function* rows() {
    for (let i = 0; i < ROWS; i++) {
      made++;
      yield [`cus_${String(i).padStart(8, '0')}`, 'a customer, "quoted"', i / 100];
    }
  }
  return {
    name: 'long',
    currency: 'EUR',
    columns: [
      { id: 'customer', kind: 'text' },
      { id: 'name', kind: 'text' },
      { id: 'amount', kind: 'money' },
    ],
    rowCount: ROWS,
    rows: rows(),
  };
}

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  // As the server answers an ApiError (src/api/server.ts).
  app.setErrorHandler((error, _request, reply) =>
    error instanceof ApiError
      ? reply.code(error.statusCode).send(errorBody(error.code, error.message, error.extra))
      : reply.code(500).send(errorBody('internal', String(error))),
  );
  app.get('/long.csv', (_request, reply) => sendTable(reply, 'csv', longTable()));
  app.get('/long.xlsx', (_request, reply) => sendTable(reply, 'xlsx', longTable()));
  app.get('/ping', () => ({ ok: true, made }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(() => app.close());

describe('downloads of long tables', () => {
  it('streams a CSV, answering other requests before its last row is made', async () => {
    const response = await fetch(`${base}/long.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // While the client has not read on, the server answers another request, and has made
    // only the rows the sockets hold: the table was not built before the first byte left.
    const ping = (await (await fetch(`${base}/ping`)).json()) as { made: number };
    expect(ping.made).toBeGreaterThan(0);
    expect(ping.made).toBeLessThan(ROWS);

    const decoder = new TextDecoder();
    let text = decoder.decode(first.value, { stream: true });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += decoder.decode(chunk.value, { stream: true });
    text += decoder.decode();
    const lines = text.split('\n');
    expect(lines).toHaveLength(ROWS + 2);
    expect(lines[0]).toBe('customer,name,amount');
    expect(lines[1]).toBe('cus_00000000,"a customer, ""quoted""",0');
    expect(lines[ROWS]).toBe(
      `cus_${String(ROWS - 1).padStart(8, '0')},"a customer, ""quoted""",${(ROWS - 1) / 100}`,
    );
    expect(lines[ROWS + 1]).toBe('');
  }, 180_000);

  it('refuses an XLSX longer than a sheet, naming the limit, before making a row', async () => {
    const response = await fetch(`${base}/long.xlsx`);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: {
        code: 'too_many_rows',
        message:
          'the table has 1,048,576 rows and an XLSX sheet holds 1,048,575: download it as CSV, or narrow it',
        rows: 1_048_576,
        limit: 1_048_575,
      },
    });
    expect(made).toBe(0);
  }, 60_000);
});
