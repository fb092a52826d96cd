/**
 * `npm run bench:import [-- 100000 1000000]`: subscription import speed into DuckDB, the
 * way a user meets it and in-process. For each size (the bench workspaces of bench/run.ts,
 * generated when missing) and a fresh DuckDB file holding the customers:
 *
 * - whole command: `node bin/northstar.js import subscriptions <file>` timed from spawn to
 *   exit (start-up, parse, validation, unknown-customer check, write, alert check); needs
 *   `npm run build:cli` first;
 * - in-process: batches written while the file is read (as the command does), and the file
 *   parsed whole then written in one go (its two phases timed apart).
 *
 * Prints figures and the load average; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseImportFileColumns } from '../src/ingest/index.ts';
import { upsertColumns } from '../src/ingest/columns.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { generateBenchWorkspace } from './generate.ts';
import { importInBatches } from './import-in-batches.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [100_000, 1_000_000];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const since = (t: number) => (performance.now() - t) / 1000;

if (!existsSync(join('bin', 'northstar.js')) || !existsSync(join('dist', 'cli', 'main.js')))
  throw new Error('run `npm run build:cli` first: the whole-command figure runs the built CLI');

/** A fresh DuckDB file with the workspace's customers imported. */
async function freshDatabase(dir: string): Promise<string> {
  const path = join(dir, 'import-bench.duckdb');
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const store = await openDuckDbStore(path);
  try {
    const customers = await parseImportFileColumns('customers', join(dir, 'customers.csv'), {
      timeZone: 'UTC',
    });
    await upsertColumns(store, 'default', 'customers', customers.columns);
  } finally {
    await store.close();
  }
  return path;
}

/**
 * DuckDB's memory limit for the whole-file write: the file's rows are staged at once, which
 * at 4M rows does not fit the default 256MB (the command writes batches, which do).
 */
const WHOLE_FILE_MEMORY = '4GB';

async function inProcess(dir: string, file: string, how: 'whole' | 'batches') {
  const path = await freshDatabase(dir);
  const store = await openDuckDbStore(path, how === 'whole' ? WHOLE_FILE_MEMORY : undefined);
  try {
    if (how === 'batches') {
      const { seconds } = await importInBatches(store, 'default', 'subscriptions', file);
      return { seconds, parseSeconds: NaN, writeSeconds: NaN };
    }
    const started = performance.now();
    const parsed = await parseImportFileColumns('subscriptions', file, { timeZone: 'UTC' });
    const parseSeconds = since(started);
    if (parsed.issues.length > 0) throw new Error(`${file}: ${parsed.issues[0]!.reason}`);
    const written = performance.now();
    await upsertColumns(store, 'default', 'subscriptions', parsed.columns);
    return { seconds: since(started), parseSeconds, writeSeconds: since(written) };
  } finally {
    await store.close();
  }
}

console.log(`Subscription import into DuckDB — node ${process.version}`);
for (const customers of SIZES) {
  const dir = join('bench', 'data', String(customers));
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'subscriptions.csv'))) await generateBenchWorkspace(dir, customers);
  const file = join(dir, 'subscriptions.csv');

  const db = await freshDatabase(dir);
  const loadBefore = load();
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ['bin/northstar.js', '--db', db, 'import', 'subscriptions', file],
    { encoding: 'utf8' },
  );
  const commandSeconds = since(started);
  if (run.status !== 0) throw new Error(`the import failed: ${run.stderr}`);
  const rows = Number(/imported (\d+) subscriptions rows/.exec(run.stdout)?.[1] ?? NaN);

  // In-process, both ways: the file parsed whole then written (upsertColumns), and written
  // in batches while it is read (what the command does).
  const whole = await inProcess(dir, file, 'whole');
  const batched = await inProcess(dir, file, 'batches');
  console.log(
    `\n[${fmt(customers)} customers, ${fmt(rows)} subscription rows] load average before: ${loadBefore}, after: ${load()}`,
  );
  console.log(
    `  whole command                 ${commandSeconds.toFixed(2)} s  ${fmt(rows / commandSeconds)} rows/s`,
  );
  console.log(
    `  in-process, batches           ${batched.seconds.toFixed(2)} s  ${fmt(rows / batched.seconds)} rows/s`,
  );
  console.log(
    `  in-process, parse then write  ${whole.seconds.toFixed(2)} s  ${fmt(rows / whole.seconds)} rows/s (parse + validate ${whole.parseSeconds.toFixed(2)} s = ${fmt(rows / whole.parseSeconds)} rows/s, write ${whole.writeSeconds.toFixed(2)} s = ${fmt(rows / whole.writeSeconds)} rows/s)`,
  );
  rmSync(db, { force: true });
}
