/**
 * `npm run bench:incremental [-- 100000 1000000]`: on the benchmark workspace (bench/generate.ts,
 * 36 months, DuckDB file), times a full recompute (the engine alone, and `northstar
 * recompute`, which also stores every customer's share), then one customer's webhook: the
 * write of one subscription row and the incremental update that brings the stored results
 * up to date (that customer recomputed, the sums adjusted), against what a full recompute
 * costs after the same write. Prints figures with the machine's load; asserts nothing.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseImportFileColumns } from '../src/ingest/index.ts';
import { upsertColumns } from '../src/ingest/columns.ts';
import type { ImportKind, SubscriptionRow } from '../src/model/kinds.ts';
import { computeMrr } from '../src/engine/mrr.ts';
import { currentMrrResults, recomputeMrrResults } from '../src/metrics/stored-mrr.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { BENCH_END, generateBenchWorkspace } from './generate.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [100_000];
const WS = 'bench';
const WEBHOOKS = 5;

const seconds = (since: number) => (performance.now() - since) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function importFile(store: Store, kind: ImportKind, path: string): Promise<number> {
  const parsed = await parseImportFileColumns(kind, path, { timeZone: 'UTC' });
  if (parsed.issues.length > 0) throw new Error(`${path}: ${parsed.issues.length} issues`);
  await upsertColumns(store, WS, kind, parsed.columns);
  return parsed.columns.length;
}

/** The engine alone over every customer, as a process without stored results computes it. */
async function engineRecompute(store: Store): Promise<number> {
  const started = performance.now();
  const settings = await store.workspace(WS);
  const inputs = await store.readMrrInputs(WS, { delinquencyDays: settings.delinquencyDays });
  computeMrr(inputs, { interval: 'month', mode: 'event', lastDay: BENCH_END, settings });
  return seconds(started);
}

console.log(`Incremental recompute — node ${process.version}, load ${load()}`);
for (const customers of SIZES) {
  const dir = join('bench', 'data', String(customers));
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'subscriptions.csv'))) await generateBenchWorkspace(dir, customers);
  const path = join(dir, 'incremental.duckdb');
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const store = await openDuckDbStore(path);
  try {
    const rows = await importFile(store, 'subscriptions', join(dir, 'subscriptions.csv'));
    await importFile(store, 'fx_rates', join(dir, 'fx_rates.csv'));
    console.log(`\n[${fmt(customers)} customers, ${fmt(rows)} subscription rows, DuckDB]`);

    const engine = await engineRecompute(store);
    console.log(`  full recompute, engine only (read + compute)     ${engine.toFixed(2)} s`);
    let started = performance.now();
    const full = await recomputeMrrResults(store, WS, BENCH_END);
    console.log(
      `  northstar recompute (every share computed, stored) ${seconds(started).toFixed(2)} s, ${fmt(full.recomputed)} customers`,
    );
    started = performance.now();
    await currentMrrResults(store, WS, BENCH_END);
    console.log(
      `  stored results read back (a restart)              ${seconds(started).toFixed(3)} s`,
    );

    const subscriptions = await store.readRows(WS, 'subscriptions');
    const writes: number[] = [];
    const applies: number[] = [];
    for (let i = 0; i < WEBHOOKS; i++) {
      const row: SubscriptionRow =
        subscriptions[Math.floor(((i + 0.5) * subscriptions.length) / WEBHOOKS)]!;
      started = performance.now();
      await store.upsert(WS, 'subscriptions', [{ ...row, quantity: row.quantity + 1 }]);
      writes.push(seconds(started));
      started = performance.now();
      const result = await currentMrrResults(store, WS, BENCH_END);
      applies.push(seconds(started));
      if (result?.source !== 'incremental' || result.recomputed !== 1)
        throw new Error(`expected one customer recomputed, got ${JSON.stringify(result?.source)}`);
    }
    const afterWrite = await engineRecompute(store);
    console.log(
      `  one customer's webhook: write ${(median(writes) * 1000).toFixed(0)} ms, incremental update ${(median(applies) * 1000).toFixed(0)} ms (median of ${WEBHOOKS}; runs ${applies.map((a) => (a * 1000).toFixed(0)).join(', ')} ms)`,
    );
    console.log(
      `  the same write, full recompute instead            ${afterWrite.toFixed(2)} s (${(afterWrite / median(applies)).toFixed(0)}x the incremental update)`,
    );
    console.log(`  load ${load()}, peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`);
  } finally {
    await store.close();
  }
}
