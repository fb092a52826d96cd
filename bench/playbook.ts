/**
 * Northstar beside our plain-SQL model (bench/sql-model.ts) on one subscription-periods
 * file (the mrr-playbook's shape): the whole commands a user runs, start-up included
 * (`northstar import subscriptions`, `northstar metrics --format json`, every metric), the
 * same query in process (read + compute, no start-up, no printing), `northstar recompute`
 * and the metrics command again on the results it keeps, and the SQL model on
 * PostgreSQL; then checks that the model's MRR and customer count equal Northstar's in
 * every month. Called by `npm run bench -- --subscription-periods <file.csv>` or
 * `npm run bench -- --playbook [sizes]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { queryMetrics } from '../src/metrics/query.ts';
import { loadPeriods, runSqlModel } from './sql-model.ts';
import { subscriptionsFromPeriods } from './subscription-periods.ts';

interface CliRun {
  readonly seconds: number;
  readonly stdout: string;
  /** Peak resident memory of the command (GNU time's maximum RSS), when measured. */
  readonly peakRssMiB: number | null;
}

/** GNU time, to read a command's peak memory (Linux); absent elsewhere. */
const GNU_TIME = '/usr/bin/time';

/** The CLI as a user runs it: compiled when built (`npm run build:cli`), else through tsx. */
function cli(args: readonly string[]): CliRun & { how: string } {
  const compiled = existsSync(join('dist', 'cli', 'main.js'));
  const command = compiled
    ? ['bin/northstar.js', ...args]
    : ['--import', 'tsx', 'src/cli/main.ts', ...args];
  const timed = existsSync(GNU_TIME);
  const started = performance.now();
  const run = timed
    ? spawnSync(GNU_TIME, ['-f', 'peak-rss-kib %M', process.execPath, ...command], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawnSync(process.execPath, command, {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
  const seconds = (performance.now() - started) / 1000;
  let peakRssMiB: number | null = null;
  if (timed) {
    const lines = (run.stderr ?? '').trimEnd().split('\n');
    const rss = /^peak-rss-kib (\d+)$/.exec(lines.at(-1) ?? '');
    if (rss) {
      peakRssMiB = Number(rss[1]) / 1024;
      lines.pop();
    }
    // A recompute's progress lines, shown only once it is over, would sit among the figures.
    const said = lines.filter((line) => !/^ {2}\d+ of \d+ customers$/.test(line));
    if (said.join('').trim() !== '') process.stderr.write(said.join('\n') + '\n');
  }
  if (run.status !== 0) throw new Error(`northstar ${args.join(' ')} exited ${run.status}`);
  return {
    seconds,
    stdout: run.stdout,
    peakRssMiB,
    how: compiled ? 'compiled CLI' : 'tsx (not built)',
  };
}

/** `; peak RSS … MiB` of the runs that measured it, or nothing. */
function rssText(runs: readonly (number | null)[]): string {
  const measured = runs.filter((r): r is number => r !== null);
  return measured.length > 0 ? `; peak RSS ${Math.max(...measured).toFixed(0)} MiB` : '';
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export async function benchSubscriptionPeriods(
  periodsCsv: string,
  options: { readonly databaseUrl?: string | undefined; readonly runs?: number },
): Promise<void> {
  const runs = options.runs ?? 3;
  const dir = join('bench', 'data', `periods-${basename(periodsCsv, '.csv')}`);
  mkdirSync(dir, { recursive: true });
  const subscriptionsCsv = join(dir, 'subscriptions.csv');
  const { rows } = await subscriptionsFromPeriods(periodsCsv, subscriptionsCsv);
  const db = join(dir, 'northstar.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  console.log(`\n[${periodsCsv}: ${rows.toLocaleString('en-US')} subscription periods]`);
  console.log(`  load average before: ${load()} (1, 5, 15 min; ${availableParallelism()} cores)`);

  const imported = cli(['--db', db, 'import', 'subscriptions', subscriptionsCsv]);
  console.log(
    `  northstar import subscriptions   ${imported.seconds.toFixed(2)} s  whole command, ${imported.how}, start-up included`,
  );

  // The months both sides report: through the month of the latest start (the SQL model's too).
  let lastMonth: string | null = null;
  if (options.databaseUrl) lastMonth = await loadPeriods(options.databaseUrl, periodsCsv);
  const to = lastMonth ? ['--to', lastMonth] : [];

  const whole: number[] = [];
  const rss: (number | null)[] = [];
  let json = '';
  for (let i = 0; i < runs; i++) {
    const run = cli(['--db', db, 'metrics', '--format', 'json', ...to]);
    whole.push(run.seconds);
    rss.push(run.peakRssMiB);
    json = run.stdout;
  }
  console.log(
    `  northstar metrics --format json  ${Math.min(...whole).toFixed(2)} s  best of ${runs} (${whole.map((s) => s.toFixed(2)).join(', ')}), whole command, every metric, start-up and printing included${rssText(rss)}`,
  );

  const store = await openDuckDbStore(db);
  const inProcess: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await queryMetrics(store, {
        workspaceId: 'default',
        ...(lastMonth ? { to: lastMonth } : {}),
      });
      inProcess.push((performance.now() - started) / 1000);
    }
  } finally {
    await store.close();
  }
  console.log(
    `  queryMetrics in process          ${Math.min(...inProcess).toFixed(2)} s  best of ${runs} (${inProcess.map((s) => s.toFixed(2)).join(', ')}), read + compute of every metric, no start-up, no printing`,
  );

  // A workspace that keeps per-customer results (what `northstar serve` and `northstar
  // recompute` start): every metric through today comes from the stored sums, no row read.
  const recompute = cli(['--db', db, 'recompute']);
  console.log(
    `  northstar recompute              ${recompute.seconds.toFixed(2)} s  whole command: every customer's share computed and stored${rssText([recompute.peakRssMiB])}`,
  );
  const kept: number[] = [];
  const keptRss: (number | null)[] = [];
  for (let i = 0; i < runs; i++) {
    const run = cli(['--db', db, 'metrics', '--format', 'json']);
    kept.push(run.seconds);
    keptRss.push(run.peakRssMiB);
  }
  console.log(
    `  the same, results kept           ${Math.min(...kept).toFixed(2)} s  best of ${runs} (${kept.map((s) => s.toFixed(2)).join(', ')}), whole command, every metric through today from the stored results${rssText(keptRss)}`,
  );

  if (!options.databaseUrl) {
    console.log('  SQL model: skipped (give --database-url or DATABASE_URL)');
    return;
  }
  const model = await runSqlModel(options.databaseUrl, lastMonth!);
  const best = Math.min(...whole);
  console.log(
    `  plain-SQL model on PostgreSQL    ${model.seconds.toFixed(2)} s  (${model.months.length} months; SQL model ÷ whole northstar command = ${(model.seconds / best).toFixed(1)} from the rows, ${(model.seconds / Math.min(...kept)).toFixed(1)} with results kept)`,
  );
  console.log(`  load average after: ${load()}`);
  checkAgreement(json, model.months);
}

interface ReportJson {
  periods: { period: string; metrics: Record<string, number | null> }[];
}

/** MRR and paying customers of every month the SQL model reports, against Northstar's. */
function checkAgreement(json: string, months: Awaited<ReturnType<typeof runSqlModel>>['months']) {
  const report = JSON.parse(json) as ReportJson;
  const ours = new Map(report.periods.map((p) => [p.period, p.metrics]));
  const differences: string[] = [];
  for (const m of months) {
    const metrics = ours.get(m.month);
    const mrrCents = Math.round((metrics?.mrr ?? 0) * 100);
    const customers = metrics?.customers ?? 0;
    if (mrrCents !== m.mrrCents || customers !== m.customers)
      differences.push(
        `${m.month}: northstar mrr ${mrrCents / 100}, customers ${customers}; SQL ${m.mrrCents / 100}, ${m.customers}`,
      );
  }
  console.log(
    differences.length === 0
      ? `  MRR and customers agree in all ${months.length} months`
      : `  DISAGREE in ${differences.length} of ${months.length} months, first: ${differences.slice(0, 3).join('; ')}`,
  );
}
