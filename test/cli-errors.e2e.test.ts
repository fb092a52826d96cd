/**
 * Ordinary mistakes get one or two lines that say what went wrong and what to do, a
 * documented exit code (README, "Exit codes") and no stack trace; the database is unchanged.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/failure.ts';
import { northstarOn, type CliResult } from './cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-cli-errors-'));
const db = join(dir, 'errors.duckdb');
const northstar = northstarOn(db);

/** What a user sees: a `northstar:` line (and at most one more), no stack trace. */
function expectShortMessage(result: CliResult, code: number, pattern: RegExp, lines = 2): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(lines);
}

async function snapshot(): Promise<string> {
  const result = await northstar('metrics', '--format', 'json', '--to', '2026-06');
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

let before = '';
beforeAll(async () => {
  const customers = join(dir, 'customers.csv');
  writeFileSync(customers, 'customer_id,name\nc1,One\n');
  const subscriptions = join(dir, 'subscriptions.csv');
  writeFileSync(
    subscriptions,
    'subscription_id,customer_id,amount,currency,interval,start_date\ns1,c1,49.00,USD,month,2026-01-01\n',
  );
  for (const [kind, file] of [
    ['customers', customers],
    ['subscriptions', subscriptions],
  ] as const)
    expect((await northstar('import', kind, file)).code).toBe(0);
  before = await snapshot();
});

afterAll(async () => {
  expect(await snapshot()).toBe(before);
  rmSync(dir, { recursive: true, force: true });
});

describe('errors a person can act on', () => {
  it('a missing file: names it, says to check the path, exit 66', async () => {
    const result = await northstar('import', 'customers', 'nope.csv');
    expectShortMessage(result, EXIT.noInput, /^northstar: cannot open nope\.csv: no such file/);
    expect(result.stderr).toContain('Check the path');
  });

  it('a file that is not a database: names it, says what --db needs, exit 66, file untouched', async () => {
    const notADatabase = join(dir, 'notes.duckdb');
    writeFileSync(notADatabase, 'meeting notes, not a database\n');
    const result = await northstarOn(notADatabase)('metrics');
    expectShortMessage(result, EXIT.noInput, /cannot use the database: .*notes\.duckdb/);
    expect(result.stderr).toContain('--db');
    expect(readFileSync(notADatabase, 'utf8')).toBe('meeting notes, not a database\n');
  });

  it('a setting that cannot be used: names it and what it must be, exit 1', async () => {
    const previous = process.env.NORTHSTAR_DUCKDB_MEMORY;
    process.env.NORTHSTAR_DUCKDB_MEMORY = 'lots';
    try {
      expectShortMessage(
        await northstar('metrics'),
        EXIT.failed,
        /^northstar: NORTHSTAR_DUCKDB_MEMORY must be a size such as 512MB or 2GB; got "lots"/,
      );
    } finally {
      if (previous === undefined) delete process.env.NORTHSTAR_DUCKDB_MEMORY;
      else process.env.NORTHSTAR_DUCKDB_MEMORY = previous;
    }
    expectShortMessage(
      await northstar('--database-url', 'mysql://db.internal/northstar', 'metrics'),
      EXIT.failed,
      /^northstar: database URL must start with postgres:\/\/ or postgresql:\/\//,
    );
  });

  it('an unknown option or command: says which, points at --help, exit 64', async () => {
    // commander's own wording, its suggestion, and where the options are listed.
    expectShortMessage(
      await northstar('metrics', '--formt', 'json'),
      EXIT.usage,
      /unknown option '--formt'\n\(Did you mean --format\?\)\n.*--help/,
      3,
    );
    const misspelt = await northstar('metrcis');
    expect(misspelt.code).toBe(EXIT.usage);
    expect(misspelt.stderr).toMatch(/unknown command 'metrcis'\n\(Did you mean metrics\?\)/);
  });

  it('a busy port: says so and how to pick another, exit 69', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await northstar('serve', '--port', String(port), '--no-web');
      expectShortMessage(result, EXIT.unavailable, new RegExp(`port ${port} .*already in use`));
      expect(result.stderr).toContain('--port');
    } finally {
      taken.close();
    }
  });

  it('an unreachable PostgreSQL server: says where and what to check, exit 69', async () => {
    const result = await northstar(
      '--database-url',
      'postgres://nobody@127.0.0.1:1/none',
      'metrics',
    );
    expectShortMessage(
      result,
      EXIT.unavailable,
      /cannot connect to 127\.0\.0\.1:1: connection refused/,
    );
    expect(result.stderr).toContain('DATABASE_URL');
  });

  it('a reader that stops early (northstar metrics | head): ends quietly, exit 0', async () => {
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', '--db', db, 'metrics', '--format', 'json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Closed before the command writes a byte: its first write finds the pipe closed.
    cli.stdout!.destroy();
    let stderr = '';
    cli.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => cli.once('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a database locked by another process: waits, then says so, exit 69', async () => {
    // Another process holds the DuckDB file (as a long command would) for longer than the wait.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const instance = await DuckDBInstance.create(${JSON.stringify(db)});
         await instance.connect();
         process.stdout.write('holding\\n');
         setTimeout(() => {}, 600_000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((done, fail) => {
        holder.stdout!.once('data', () => done());
        holder.once('exit', (code) => fail(new Error(`the lock holder exited with ${code}`)));
      });
      const result = await northstar('metrics');
      expectShortMessage(result, EXIT.unavailable, /database is in use by another process/);
      expect(result.stderr).toContain('try again');
    } finally {
      holder.kill();
    }
  }, 180_000);
});
