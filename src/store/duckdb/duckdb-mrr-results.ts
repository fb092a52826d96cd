import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTransactionOn, type ResultsDialect, type ResultsSql } from '../mrr-results-sql.ts';

/**
 * The stored MRR results on DuckDB (statements in ../mrr-results-sql.ts). Each transaction
 * runs on a connection of its own, so bringing results up to date never interleaves with
 * an import's transaction on the store's main connection.
 */
export function duckDbResultsDialect(instance: DuckDBInstance): ResultsDialect {
  const texts = (param: string) => `unnest(from_json(${param}::VARCHAR, '["VARCHAR"]'))`;
  const withConnection = async <T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const connection = await instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  };
  return {
    textsOf: (param) => `SELECT ${texts(param)} AS value`,
    pairsOf: (first, second) => `SELECT ${texts(first)} AS a, ${texts(second)} AS b`,
    transaction: (work) =>
      retryOnConflict(() =>
        withConnection(async (c) => {
          await c.run('BEGIN TRANSACTION');
          try {
            const result = await work(onConnection(c));
            await c.run('COMMIT');
            return result;
          } catch (error) {
            // A failed COMMIT has ended the transaction already.
            await c.run('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }),
      ),
    sql: {
      query: (sql, params) => withConnection((c) => onConnection(c).query(sql, params)),
      change: (sql, params) => withConnection((c) => onConnection(c).change(sql, params)),
    },
    async begin() {
      const c = await instance.connect();
      // Per table, where each of its columns is in the rows: looked up once a transaction.
      const orders = new Map<string, Promise<number[]>>();
      return openTransactionOn(
        (statement) => c.run(statement),
        () => c.closeSync(),
        {
          sql: onConnection(c),
          async append(table, columns, rows) {
            const key = `${table}(${columns.join(',')})`;
            if (!orders.has(key)) orders.set(key, columnOrder(c, table, columns));
            await appendRows(c, table, await orders.get(key)!, rows);
          },
        },
      );
    },
  };
}

/**
 * Where each column of `table`, in the table's own order (the appender takes every column
 * in it), is among `columns`.
 */
async function columnOrder(
  c: DuckDBConnection,
  table: string,
  columns: readonly string[],
): Promise<number[]> {
  const described = await c.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE table_name = $1 ORDER BY column_index`,
    [table],
  );
  const order = described.getRows().map(([name]) => columns.indexOf(String(name)));
  if (order.length !== columns.length || order.some((i) => i < 0))
    throw new Error(`cannot append to ${table}: its columns are not ${columns.join(', ')}`);
  return order;
}

/**
 * Appends rows through DuckDB's appender, each row's values put in the table's column
 * order (`order`, from columnOrder). Numbers go in as BIGINT, texts as VARCHAR.
 */
async function appendRows(
  c: DuckDBConnection,
  table: string,
  order: readonly number[],
  rows: readonly (readonly (string | number)[])[],
): Promise<void> {
  const appender = await c.createAppender(table);
  try {
    for (const row of rows) {
      for (const i of order) {
        const value = row[i]!;
        if (typeof value === 'number') appender.appendBigInt(BigInt(value));
        else appender.appendVarchar(value);
      }
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

function onConnection(c: DuckDBConnection): ResultsSql {
  return {
    async query(sql, params) {
      const result = await c.runAndReadAll(sql, params as DuckDBValue[]);
      return result.getRowObjects();
    },
    async change(sql, params) {
      const result = await c.run(sql, params as DuckDBValue[]);
      return Number(result.rowsChanged);
    },
  };
}

/**
 * DuckDB lets two transactions that touch the same rows (two processes bringing results
 * up to date at once) race to commit, and fails the second with a conflict instead of
 * waiting: the whole transaction runs again, from a fresh snapshot, after a short wait.
 */
const CONFLICT = /conflict/i;
const CONFLICT_ATTEMPTS = 8;

export async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!CONFLICT.test(message) || attempt === CONFLICT_ATTEMPTS) throw error;
      const wait = 10 * 2 ** attempt;
      await sleep(wait + Math.floor(Math.random() * wait));
    }
  }
}
