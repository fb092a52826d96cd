/**
 * vitest globalSetup: gives the PostgreSQL suites a server. CI exports DATABASE_URL_TEST
 * (scripts/pg-test-server.sh); on a developer machine with PostgreSQL installed but no URL
 * this starts a throwaway server the same way (initdb + pg_ctl, as the postgres user when
 * root, a free port of its own, fsync off) and stops it in teardown — but only when a
 * selected test file asks for PostgreSQL (calls `postgresTestUrl` or injects
 * `databaseUrlTest`), so running an unrelated file costs nothing. With no PostgreSQL at
 * all the suites are skipped, with a warning.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server for the PostgreSQL suites, or null when there is none (they skip). */
    databaseUrlTest: string | null;
  }
}

const PG_LIB = '/usr/lib/postgresql';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.DATABASE_URL_TEST;
  if (given) {
    project.provide('databaseUrlTest', given);
    return undefined;
  }
  if (!(await wantsPostgres(project))) {
    project.provide('databaseUrlTest', null);
    return undefined;
  }
  const bin = postgresBin();
  if (!bin && process.env.NORTHSTAR_TEST_REQUIRE_SERVICES === '1')
    throw new Error('NORTHSTAR_TEST_REQUIRE_SERVICES=1 but PostgreSQL is not installed');
  if (!bin) {
    console.warn(
      '\n[northstar] PostgreSQL not found (no DATABASE_URL_TEST, no /usr/lib/postgresql/*/bin/initdb): ' +
        'the PostgreSQL store suites are SKIPPED. Install postgresql or set DATABASE_URL_TEST.\n',
    );
    project.provide('databaseUrlTest', null);
    return undefined;
  }
  try {
    const server = await startServer(bin);
    project.provide('databaseUrlTest', server.url);
    return () => server.stop();
  } catch (error) {
    if (process.env.NORTHSTAR_TEST_REQUIRE_SERVICES === '1') throw error;
    // A broken local install should not block every other suite; CI passes a URL instead.
    console.warn(
      `\n[northstar] could not start a throwaway PostgreSQL from ${bin}: the PostgreSQL store suites are SKIPPED.\n${String(error)}\n`,
    );
    project.provide('databaseUrlTest', null);
    return undefined;
  }
}

/** CLI options whose next argument is a value, not a test file filter. */
const VALUE_OPTIONS = new Set([
  '-c',
  '--config',
  '-r',
  '--root',
  '--dir',
  '--reporter',
  '--outputFile',
  '-t',
  '--testNamePattern',
  '--project',
  '--pool',
  '--maxWorkers',
  '--environment',
  '--shard',
]);
const COMMANDS = new Set(['run', 'watch', 'dev', 'related']);

/** Whether any test file this run selects needs the server. In doubt, yes. */
async function wantsPostgres(project: TestProject): Promise<boolean> {
  const args = process.argv.slice(2);
  const filters = args.filter(
    (arg, i) => !arg.startsWith('-') && !COMMANDS.has(arg) && !VALUE_OPTIONS.has(args[i - 1] ?? ''),
  );
  try {
    const { testFiles } = await project.globTestFiles(filters);
    return testFiles.some((file) =>
      /postgresTestUrl|databaseUrlTest/.test(readFileSync(file, 'utf8')),
    );
  } catch {
    return true;
  }
}

/** The newest installed PostgreSQL's bin folder, or null. */
function postgresBin(): string | null {
  if (!existsSync(PG_LIB)) return null;
  const versions = readdirSync(PG_LIB)
    .filter((v) => existsSync(join(PG_LIB, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_LIB, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(bin: string): Promise<{ url: string; stop: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'northstar-pg-'));
  // initdb refuses to run as root: run the server as the postgres user, owning its folder.
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = join(bin, tool);
    if (asRoot)
      execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    else execFileSync(command, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  const data = join(root, 'data');
  const port = await freePort();
  try {
    run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(root, 'pg.log'),
      '-w',
      '-t',
      '30',
      '-o',
      // Parallel test files each open pools: allow more connections than the default 100.
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
