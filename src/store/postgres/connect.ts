import pg from 'pg';
import { MIGRATIONS } from './migrations.ts';

const INT8_OID = 20;
const DATE_OID = 1082;
const NUMERIC_OID = 1700;

/**
 * Type parsers of this store's pools only (the global `pg.types` stay untouched for any
 * other user of `pg` in the process). Queries cast to INTEGER / DOUBLE PRECISION / day
 * numbers themselves; these parsers are the safety net should a raw value slip through:
 * `pg` would otherwise return bigint and numeric as strings and a DATE as a JS Date at
 * *local* midnight, which shifts days in any zone west of UTC.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (text: string) => Number(text);
      if (oid === DATE_OID) return (text: string) => text;
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  /** Connections kept open; an import and a read each hold one. */
  readonly max?: number;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    types: TYPES,
    application_name: 'northstar',
  });
  // An idle client losing its server (restart, failover) must not crash the process;
  // the next checkout simply opens a new connection.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one client; rolls back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

/** Arbitrary but fixed: serializes concurrent migrations of the same database. */
const MIGRATION_LOCK = 7_402_114_520;

/**
 * Brings the schema up to date in one transaction. Several servers may start at once
 * against one database: the advisory lock lets the first migrate and the others then see
 * the new version.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, description TEXT NOT NULL,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const applied = await client.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migrations',
    );
    const current = applied.rows[0]?.v ?? 0;
    for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
    }
  });
}
