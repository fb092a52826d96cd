import { setTimeout as sleep } from 'node:timers/promises';

/**
 * DuckDB lets one process at a time open a database file; a second one fails at once with
 * "Could not set lock on file … Conflicting lock is held". Both the server (which opens
 * the file per request) and the CLI open through this helper, so whichever comes second
 * waits a moment instead of failing.
 */
const LOCK_ERROR = /Could not set lock|Conflicting lock|database is locked/i;

export class StoreBusyError extends Error {}

export function isLockError(error: unknown): boolean {
  return LOCK_ERROR.test(error instanceof Error ? error.message : String(error));
}

export async function retryWhileLocked<T>(open: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 400)) {
    try {
      return await open();
    } catch (error) {
      if (!isLockError(error)) throw error;
      if (Date.now() + wait > deadline)
        throw new StoreBusyError(
          `the database is in use by another process for more than ${Math.round(timeoutMs / 1000)} s: ${(error as Error).message}`,
        );
      await sleep(wait + Math.floor(Math.random() * wait));
    }
  }
}
