import type { Store } from './store.ts';
import { openDuckDbStore } from './duckdb/duckdb-store.ts';

export const DEFAULT_DB_PATH = './northstar.duckdb';

/** Opens the store a user pointed at: `--db` / `NORTHSTAR_DB`, else ./northstar.duckdb. */
export async function openStore(options: { db?: string | undefined } = {}): Promise<Store> {
  return openDuckDbStore(options.db ?? process.env.NORTHSTAR_DB ?? DEFAULT_DB_PATH);
}
