import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { ResultsDialect, ResultsSql } from '../mrr-results-sql.ts';

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
      withConnection(async (c) => {
        await c.run('BEGIN TRANSACTION');
        try {
          const result = await work(onConnection(c));
          await c.run('COMMIT');
          return result;
        } catch (error) {
          await c.run('ROLLBACK');
          throw error;
        }
      }),
    sql: {
      query: (sql, params) => withConnection((c) => onConnection(c).query(sql, params)),
      change: (sql, params) => withConnection((c) => onConnection(c).change(sql, params)),
    },
  };
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
