/**
 * `npm run bench -- --subscription-periods <file.csv> [--database-url postgres://…]`: times
 * Northstar on a file of the mrr-playbook's shape beside our plain-SQL model on PostgreSQL
 * (bench/playbook.ts); `--playbook [sizes]` generates such files first (bench/data/).
 *
 * `npm run bench [-- 100000 1000000] [--engines duckdb,postgres] [--database-url postgres://…]`:
 * builds benchmark workspaces (36 months, ~4 subscription rows per customer), imports them
 * into each engine and times the import, a full recompute (movements + monthly metrics
 * + cohorts), MRR broken down by plan and by country, and a re-import of the same files
 * (every row an update). DuckDB gets a fresh file; PostgreSQL (DATABASE_URL or --database-url) gets
 * the workspace `bench_<customers>`, emptied before and after. Prints figures; asserts
 * nothing.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoDay } from '../src/model/day.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { Store } from '../src/store/store.ts';
import { shardedRecompute } from '../src/metrics/sharded-recompute.ts';
import { queryBreakdown, type MetricQuery } from '../src/metrics/query.ts';
import { METRICS } from '../src/metrics/registry.ts';
import { cohortRecords, metricsReport } from '../src/metrics/report.ts';
import { customerIndex, customerPage } from '../src/api/metrics-source.ts';
import { generateBenchWorkspace } from './generate.ts';
import { importInBatches } from './import-in-batches.ts';
import { benchSubscriptionPeriods } from './playbook.ts';
import { generateSubscriptionPeriods } from './subscription-periods.ts';

const ENGINES = ['duckdb', 'postgres'] as const;
type Engine = (typeof ENGINES)[number];

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    engines: { type: 'string' },
    engine: { type: 'string' },
    'database-url': { type: 'string' },
    'subscription-periods': { type: 'string' },
    playbook: { type: 'boolean' },
  },
});
const sizes = positionals.map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [100_000, 1_000_000];
const engineList = (flags.engines ?? flags.engine ?? 'duckdb').split(',').map((e) => e.trim());
for (const e of engineList)
  if (!(ENGINES as readonly string[]).includes(e))
    throw new Error(`unknown engine "${e}"; use ${ENGINES.join(', ')}`);
const SELECTED = engineList as Engine[];
const DATABASE_URL = flags['database-url'] ?? process.env.DATABASE_URL;

if (flags['subscription-periods'] !== undefined || flags.playbook) {
  const files = flags['subscription-periods'] ? [flags['subscription-periods']] : [];
  for (const customers of flags.playbook ? SIZES : []) {
    const file = join('bench', 'data', `subscription-periods-${customers}.csv`);
    mkdirSync(join('bench', 'data'), { recursive: true });
    if (!existsSync(file)) await generateSubscriptionPeriods(file, customers);
    files.push(file);
  }
  console.log(`Northstar beside a plain-SQL model — node ${process.version}`);
  for (const file of files) await benchSubscriptionPeriods(file, { databaseUrl: DATABASE_URL });
  process.exit(0);
}
if (SELECTED.includes('postgres') && !DATABASE_URL)
  throw new Error('--engines postgres needs DATABASE_URL or --database-url postgres://…');
const LAST_DAY = parseIsoDay('2025-12-31')!;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const seconds = (since: number) => (performance.now() - since) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * A full recompute as the CLI and server run it: the store read a shard of customers at a
 * time, shards computed on `threads` worker threads (one shard on the calling thread for a
 * small workspace) and merged; then the monthly report of every MRR metric and the cohorts.
 */
async function recompute(store: Store, workspace: string, threads: number) {
  const started = performance.now();
  // The process's CPU, every thread's (DuckDB's and the workers'): on a shared machine it
  // moves less than the wall time does.
  const cpuBefore = process.cpuUsage();
  const { mrr } = await shardedRecompute(
    store,
    workspace,
    {
      interval: 'month',
      mode: 'event',
      lastDay: LAST_DAY,
      settings: await store.workspace(workspace),
      subscriptionFacts: true,
    },
    { threads },
  );
  const report = metricsReport(mrr, METRICS);
  const cohorts = cohortRecords(mrr.cohorts, mrr.currency);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    total: seconds(started),
    cpu: (cpu.user + cpu.system) / 1e6,
    periods: report.periods.length,
    cohorts: cohorts.length,
    last: report.periods.at(-1)!,
  };
}

async function openEngine(engine: Engine, dir: string): Promise<Store> {
  if (engine === 'postgres') return openPostgresStore(DATABASE_URL!);
  const dbPath = join(dir, 'bench.duckdb');
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  return openDuckDbStore(dbPath);
}

function importLine(label: string, r: Awaited<ReturnType<typeof importInBatches>>): string {
  return `  import ${label.padEnd(14)} ${fmt(r.rows).padStart(10)} rows  ${r.seconds.toFixed(2)} s  ${fmt(r.rows / r.seconds)} rows/s (parsed, validated and written in batches; \`npm run bench:import\` times the phases apart)`;
}

console.log(
  `Northstar benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}, engines ${SELECTED.join(', ')}`,
);
/** Breakdowns and segments of MRR, timed once each after the full recomputes. */
const BREAKDOWNS: [string, Omit<MetricQuery, 'workspaceId'> & { by: string }][] = [
  ['mrr --by plan', { metrics: ['mrr'], by: 'plan' }],
  ['mrr --by country', { metrics: ['mrr'], by: 'country' }],
  [
    'mrr plan=Pro --by country',
    { metrics: ['mrr'], by: 'country', segment: [{ attribute: 'plan', values: ['Pro'] }] },
  ],
];

for (const customers of SIZES) {
  const dir = join('bench', 'data', String(customers));
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'subscriptions.csv'))) {
    const started = performance.now();
    const files = await generateBenchWorkspace(dir, customers);
    console.log(
      `\n[${fmt(customers)} customers] generated ${fmt(files.subscriptionRowCount)} subscription rows in ${seconds(started).toFixed(1)} s`,
    );
  }
  for (const engine of SELECTED) {
    const workspace = engine === 'postgres' ? `bench_${customers}` : 'bench';
    const store = await openEngine(engine, dir);
    try {
      if (engine === 'postgres') await store.clearWorkspace(workspace);
      const c = await importInBatches(store, workspace, 'customers', join(dir, 'customers.csv'));
      const s = await importInBatches(
        store,
        workspace,
        'subscriptions',
        join(dir, 'subscriptions.csv'),
      );
      if (existsSync(join(dir, 'fx_rates.csv')))
        await importInBatches(store, workspace, 'fx_rates', join(dir, 'fx_rates.csv'));
      console.log(`\n[${fmt(customers)} customers, ${engine}]`);
      console.log(importLine('customers', c));
      console.log(importLine('subscriptions', s));
      let best = null;
      for (const threads of [availableParallelism(), 1]) {
        const runs = [];
        for (let i = 0; i < 3; i++) runs.push(await recompute(store, workspace, threads));
        best = runs.reduce((a, b) => (a.total < b.total ? a : b));
        console.log(
          `  full recompute        ${best.total.toFixed(2)} s best of 3 on ${threads} thread(s), ${best.cpu.toFixed(2)} s of CPU (runs ${runs.map((r) => r.total.toFixed(2)).join(', ')}; load ${loadavg()[0]!.toFixed(1)}); ${best.periods} monthly periods, ${best.cohorts} cohorts${threads > 1 ? '; the first run starts the worker threads, the next reuse them as a server does' : ''}`,
        );
      }
      console.log(
        `  last period ${best!.last.period}: mrr ${fmt(best!.last.metrics.mrr ?? 0)}, customers ${fmt(best!.last.metrics.customers ?? 0)}`,
      );
      for (const [label, query] of BREAKDOWNS) {
        const started = performance.now();
        const answer = await queryBreakdown(store, { workspaceId: workspace, ...query });
        console.log(
          `  ${label.padEnd(25)} ${seconds(started).toFixed(2)} s, ${answer.series.length} series (in process, as \`northstar metrics\` queries it; load ${loadavg()[0]!.toFixed(1)})`,
        );
      }
      const listed = performance.now();
      const list = await customerIndex(store, workspace);
      console.log(
        `  customers list            ${seconds(listed).toFixed(2)} s, ${fmt(list.ids.length)} customers' summaries: MRR today, plan, first paid, last churn, attributes (in process, the index the Customers page sorts and filters)`,
      );
      const opened = performance.now();
      const middle = list.ids[Math.floor(list.ids.length / 2)];
      if (middle !== undefined) {
        const page = await customerPage(store, workspace, middle, list.today);
        console.log(
          `  one customer's page       ${seconds(opened).toFixed(3)} s, ${page.lines.length} line(s), ${page.movements.length} movement(s) (in process, its rows alone)`,
        );
      }
      const again = [
        await importInBatches(store, workspace, 'customers', join(dir, 'customers.csv')),
        await importInBatches(store, workspace, 'subscriptions', join(dir, 'subscriptions.csv')),
      ];
      console.log(
        `  re-import (all rows again, as updates): customers ${again[0]!.seconds.toFixed(2)} s, subscriptions ${again[1]!.seconds.toFixed(2)} s (parse and write)`,
      );
      if (engine === 'postgres') await store.clearWorkspace(workspace);
    } finally {
      await store.close();
    }
    console.log(`  peak RSS so far       ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  }
}
clearInterval(sampler);
