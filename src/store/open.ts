import { ConfigError } from '../model/errors.ts';
import type { SharedStore, Store } from './store.ts';
import { DEFAULT_DUCKDB_MEMORY, duckDbSize, openDuckDbStore } from './duckdb/duckdb-store.ts';

export const DEFAULT_DB_PATH = './northstar.duckdb';

export interface OpenStoreOptions {
  /** DuckDB file (`--db`). */
  db?: string | undefined;
  /** PostgreSQL server (`--database-url postgres://…`). */
  databaseUrl?: string | undefined;
}

/**
 * Opens the store a user pointed at. An explicit flag wins over the environment:
 * `--database-url`, then `--db`, then DATABASE_URL (PostgreSQL), then NORTHSTAR_DB, else
 * ./northstar.duckdb. NORTHSTAR_DUCKDB_MEMORY sets DuckDB's memory limit (default 256MB).
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const url =
    options.databaseUrl ?? (options.db === undefined ? process.env.DATABASE_URL : undefined);
  if (url) return openPostgres(url);
  return openDuckDbStore(
    options.db ?? process.env.NORTHSTAR_DB ?? DEFAULT_DB_PATH,
    duckDbMemoryLimit(),
  );
}

function duckDbMemoryLimit(): string {
  const limit = process.env.NORTHSTAR_DUCKDB_MEMORY;
  return limit ? duckDbSize(limit, 'NORTHSTAR_DUCKDB_MEMORY') : DEFAULT_DUCKDB_MEMORY;
}

/**
 * A PostgreSQL store for a server process to share between its requests: one pool of
 * `connections`, the schema migrated once here.
 */
export function openSharedStore(databaseUrl: string, connections = 10): Promise<SharedStore> {
  return openPostgres(databaseUrl, connections);
}

async function openPostgres(url: string, connections?: number): Promise<SharedStore> {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new ConfigError(
      `database URL must start with postgres:// or postgresql://; got "${url}"`,
    );
  // Loaded on demand: the embedded default never pays for the PostgreSQL client.
  const { openPostgresStore } = await import('./postgres/postgres-store.ts');
  return openPostgresStore(url, connections === undefined ? {} : { max: connections });
}
