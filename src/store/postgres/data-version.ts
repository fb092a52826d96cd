import type pg from 'pg';
import { createPool } from './connect.ts';

/**
 * The database's data version: a counter that every write statement moves inside its own
 * transaction (triggers of migration 4), so it changes exactly when a write commits, never
 * on reads, and not for writes to other databases of the same server.
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
      .query<{ v: string }>('SELECT v::TEXT AS v FROM data_version WHERE id = 1')
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
