import type pg from 'pg';
import { openTransactionOn, type ResultsDialect, type ResultsSql } from '../mrr-results-sql.ts';
import { inTransaction } from './connect.ts';

/**
 * The stored MRR results on PostgreSQL (statements in ../mrr-results-sql.ts). JSON array
 * parameters become rows with `jsonb_array_elements_text`, in code-point order like every
 * key here (`COLLATE "C"`).
 */
export function postgresResultsDialect(pool: pg.Pool): ResultsDialect {
  return {
    textsOf: (param) => `SELECT jsonb_array_elements_text(${param}::jsonb) COLLATE "C" AS value`,
    pairsOf: (first, second) =>
      `SELECT x.value COLLATE "C" AS a, y.value AS b
       FROM jsonb_array_elements_text(${first}::jsonb) WITH ORDINALITY x(value, n)
       JOIN jsonb_array_elements_text(${second}::jsonb) WITH ORDINALITY y(value, n) USING (n)`,
    transaction: (work) => inTransaction(pool, (client) => work(onClient(client))),
    sql: onClient(pool),
    async begin() {
      const client = await pool.connect();
      return openTransactionOn(
        (statement) => client.query(statement),
        () => client.release(),
        // Insert statements of many rows each: PostgreSQL has no appender to go faster.
        { sql: onClient(client), append: null },
      );
    },
  };
}

function onClient(client: pg.Pool | pg.PoolClient): ResultsSql {
  return {
    async query(sql, params) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as Record<string, unknown>[];
    },
    async change(sql, params) {
      const result = await client.query(sql, params as unknown[]);
      return result.rowCount ?? 0;
    },
  };
}
