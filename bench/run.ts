/**
 * `npm run bench [-- 100000 1000000]`: builds benchmark workspaces (36 months, ~4
 * subscription rows per customer), imports them into a fresh DuckDB file and times a full
 * recompute (movements + monthly metrics + cohorts). Prints figures; asserts nothing.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseIsoDay } from '../src/model/day.ts';
import type { ImportKind } from '../src/model/kinds.ts';
import { DEFAULT_SETTINGS } from '../src/model/workspace.ts';
import { parseImportFile } from '../src/ingest/index.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { computeMrr } from '../src/engine/mrr.ts';
import { METRICS } from '../src/metrics/registry.ts';
import { cohortRecords, metricsReport } from '../src/metrics/report.ts';
import { generateBenchWorkspace } from './generate.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [100_000, 1_000_000];
const WORKSPACE = 'bench';
const LAST_DAY = parseIsoDay('2025-12-31')!;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const seconds = (since: number) => (performance.now() - since) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function importFile(store: Store, kind: ImportKind, path: string) {
  const started = performance.now();
  const parsed = await parseImportFile(kind, path, { timeZone: 'UTC' });
  if (parsed.issues.length > 0)
    throw new Error(
      `${path}: ${parsed.issues.length} issues, first: ${JSON.stringify(parsed.issues[0])}`,
    );
  const parseSeconds = seconds(started);
  await store.upsert(WORKSPACE, kind, parsed.rows);
  const total = seconds(started);
  return { rows: parsed.rows.length, parseSeconds, total };
}

async function recompute(store: Store) {
  const started = performance.now();
  const inputs = await store.readMrrInputs(WORKSPACE);
  const readSeconds = seconds(started);
  const mrr = computeMrr(inputs, {
    interval: 'month',
    mode: 'event',
    lastDay: LAST_DAY,
    settings: DEFAULT_SETTINGS,
  });
  const report = metricsReport(mrr, METRICS);
  const cohorts = cohortRecords(mrr.cohorts, mrr.currency);
  return {
    readSeconds,
    total: seconds(started),
    periods: report.periods.length,
    cohorts: cohorts.length,
    last: report.periods.at(-1)!,
  };
}

console.log(
  `Northstar benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
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
  const dbPath = join(dir, 'bench.duckdb');
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const store = await openDuckDbStore(dbPath);
  try {
    const c = await importFile(store, 'customers', join(dir, 'customers.csv'));
    const s = await importFile(store, 'subscriptions', join(dir, 'subscriptions.csv'));
    if (existsSync(join(dir, 'fx_rates.csv')))
      await importFile(store, 'fx_rates', join(dir, 'fx_rates.csv'));
    console.log(`\n[${fmt(customers)} customers]`);
    console.log(
      `  import customers      ${fmt(c.rows).padStart(10)} rows  ${c.total.toFixed(2)} s  ${fmt(c.rows / c.total)} rows/s (parse+validate ${c.parseSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  import subscriptions  ${fmt(s.rows).padStart(10)} rows  ${s.total.toFixed(2)} s  ${fmt(s.rows / s.total)} rows/s (parse+validate ${s.parseSeconds.toFixed(2)} s)`,
    );
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await recompute(store));
    const best = runs.reduce((a, b) => (a.total < b.total ? a : b));
    console.log(
      `  full recompute        ${best.total.toFixed(2)} s best of 3 (read ${best.readSeconds.toFixed(2)} s; runs ${runs.map((r) => r.total.toFixed(2)).join(', ')}); ${best.periods} monthly periods, ${best.cohorts} cohorts`,
    );
    console.log(
      `  last period ${best.last.period}: mrr ${fmt(best.last.metrics.mrr ?? 0)}, customers ${fmt(best.last.metrics.customers ?? 0)}`,
    );
  } finally {
    await store.close();
  }
  console.log(`  peak RSS so far       ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
}
clearInterval(sampler);
