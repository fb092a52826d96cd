/**
 * Whether a slow request holds up the others (issue 12: a request never waits for a
 * computation it did not ask for). Serves a copy of the benchmark workspace
 * (bench/data/<customers>/bench.duckdb, built by `npm run bench -- <customers>`) from
 * `northstar serve` as its own process, waits `settle` seconds for its start-up warm-up,
 * then asks each of the dashboard's whole-workspace requests in turn, once each, with
 * empty caches for it. While one runs, a client asks `/health` (answered without the
 * database) every 50 ms: its worst wait is how long that request held the thread that
 * answers everyone. A request that repeats an earlier one's computation (the next page of
 * the customers list) shows what a page turn costs. Prints, per request, its own time (whole request, as a client sees
 * it) and /health's p50 and worst wait meanwhile.
 *
 *   npx tsx bench/blocked-requests.ts [customers=1000000] [settle=150]
 */
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, serveDatabase } from './serve-process.ts';

const customers = Number(process.argv[2] ?? 1_000_000);
const settleSeconds = Number(process.argv[3] ?? 150);
const WORKSPACE = 'bench';

/** The requests measured: the dashboard's pages and downloads that read the whole workspace. */
const REQUESTS: readonly { path: string; body?: unknown }[] = [
  { path: '/metrics?metric=mrr,arr&segment=country%3DFR' },
  { path: '/movements?limit=50' },
  { path: '/cohorts' },
  { path: '/retention' },
  { path: '/metrics.csv?metric=mrr&by=country' },
  { path: '/customers?limit=50' },
  // The next page: the index is computed (cached per data version); the list is filtered and ordered again.
  { path: '/customers?limit=50&offset=50' },
  { path: '/customers?limit=50&segment=country%3DDE&sort=name' },
  { path: '/metrics/churned_mrr/contributors?period=2025-06' },
  { path: '/scenario', body: { window: 6 } },
  { path: '/forecast?metric=new_mrr&horizon=6' },
  { path: '/risk?limit=20' },
  // Downloads: the whole feed (4.29M rows, ~300 MB of CSV), a type of it as XLSX, the list.
  { path: '/movements.csv' },
  { path: '/movements.xlsx?type=churned' },
  { path: '/customers.csv' },
];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const source = join(ROOT, 'bench', 'data', String(customers), 'bench.duckdb');
  if (!existsSync(source))
    throw new Error(`no ${source}: build it with \`npm run bench -- ${customers}\``);
  const dir = mkdtempSync(join(tmpdir(), 'northstar-blocked-bench-'));
  const db = join(dir, 'bench.duckdb');
  copyFileSync(source, db);
  const server = await serveDatabase(dir, db, WORKSPACE, { web: false });
  const api = `${server.url}/api/v1`;
  const headers = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
  try {
    console.log(
      `Requests beside /health — ${customers.toLocaleString('en-US')} customers, node ${process.version}; waiting ${settleSeconds} s for the start-up warm-up`,
    );
    await sleep(settleSeconds * 1000);
    console.log(
      `${'request'.padEnd(56)} ${'status'.padStart(6)} ${'seconds'.padStart(8)}   /health waits: ${'p50'.padStart(6)} ${'max'.padStart(8)}   load`,
    );
    for (const { path, body } of REQUESTS) {
      let done = false;
      const started = performance.now();
      const asked = fetch(`${api}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (response) => {
        await response.arrayBuffer();
        done = true;
        return { status: response.status, seconds: (performance.now() - started) / 1000 };
      });
      const waits: number[] = [];
      while (!done) {
        const t = performance.now();
        await (await fetch(`${api}/health`)).arrayBuffer();
        waits.push(performance.now() - t);
        await sleep(50);
      }
      const { status, seconds } = await asked;
      waits.sort((a, b) => a - b);
      const p50 = waits[Math.floor(waits.length / 2)] ?? 0;
      const max = waits.at(-1) ?? 0;
      console.log(
        `${`${body === undefined ? 'GET' : 'POST'} ${path}`.padEnd(56)} ${String(status).padStart(6)} ${seconds.toFixed(2).padStart(8)}   ${''.padStart(14)}${p50.toFixed(0).padStart(6)} ${max.toFixed(0).padStart(8)} ms   ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
