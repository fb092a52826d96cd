/**
 * For tests: throwaway databases on the PostgreSQL test server (test/setup/postgres.ts),
 * one per test, so test files run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The test server's URL, or null (with a warning) when PostgreSQL suites must skip. */
export function postgresTestUrl(suite: string): string | null {
  const url = inject('databaseUrlTest') ?? process.env.DATABASE_URL_TEST ?? null;
  if (!url) console.warn(`[northstar] ${suite}: SKIPPED, no PostgreSQL test server`);
  return url;
}

export class TestDatabases {
  private readonly created: string[] = [];

  constructor(private readonly serverUrl: string) {}

  /** Creates an empty database and returns its URL. */
  async create(): Promise<string> {
    const name = `northstar_test_${randomBytes(6).toString('hex')}`;
    await this.admin(`CREATE DATABASE ${name}`);
    this.created.push(name);
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** Drops every database this instance created (connections still open are cut). */
  async dropAll(): Promise<void> {
    for (const name of this.created.splice(0)) {
      await this.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
