import type pg from 'pg';
import { createPool } from './connect.ts';

/**
 * The server's current snapshot (`xmin:xmax:in-progress xids`) as the identity of the
 * committed data. Only transactions that write get a transaction id, and a commit either
 * removes its id from the in-progress list or moves xmin; one that started since moves
 * xmax. So any write committed between two readings changes it, and reads never do. It
 * covers the whole server (writes to other databases change it too): a cache keyed on it
 * is sometimes dropped early, never kept too long.
 *
 * Asked once or twice per request, so it has a connection of its own (never queued
 * behind long reads), and callers that arrive while a reading is in flight share the next
 * one: every caller gets a reading taken after it asked, and under load one round trip
 * answers them all.
 */
export class DataVersion {
  private readonly pool: pg.Pool;
  /** The reading in flight. */
  private current: Promise<string> | null = null;
  /** The reading that starts once the current one ends, shared by everyone waiting for it. */
  private pending: Promise<string> | null = null;

  constructor(url: string) {
    this.pool = createPool(url, { max: 1 });
  }

  read(): Promise<string> {
    if (this.pending) return this.pending;
    if (!this.current) return this.launch();
    // The reading in flight may predate this call: wait for the one after it.
    this.pending = this.current
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.launch();
      });
    return this.pending;
  }

  private launch(): Promise<string> {
    const reading = this.pool
      .query<{ v: string }>('SELECT pg_current_snapshot()::TEXT AS v')
      .then((result) => result.rows[0]!.v)
      .finally(() => {
        if (this.current === reading) this.current = null;
      });
    this.current = reading;
    return reading;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
