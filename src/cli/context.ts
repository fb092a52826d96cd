import { formatDay } from '../model/day.ts';
import { openStore } from '../store/open.ts';
import { retryWhileLocked } from '../store/lock-retry.ts';
export { todayIn } from '../model/today.ts';
import type { Store } from '../store/store.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';

/** Options every command accepts. */
export interface GlobalOptions {
  db?: string;
  /** PostgreSQL URL (`--database-url`, env DATABASE_URL); selects the server store. */
  databaseUrl?: string;
  workspace: string;
}

import { CliError } from './cli-error.ts';
export { CliError };

export async function withStore<T>(
  options: GlobalOptions,
  work: (store: Store, settings: WorkspaceSettings) => Promise<T>,
): Promise<T> {
  // The server may hold the DuckDB file for a moment (it opens it per request): wait for it.
  const store = await retryWhileLocked(() =>
    openStore({ db: options.db, databaseUrl: options.databaseUrl }),
  );
  try {
    return await work(store, await store.workspace(options.workspace));
  } finally {
    await store.close();
  }
}

export { formatDay };
