/**
 * The live engine as a client sees it (issue 12), on the benchmark workspace served by
 * `northstar serve` in its own process (answers computed on its worker threads):
 *
 * 1. the overview at `clients` keep-alive clients while usage events arrive at `rate`/s
 *    (one batch a second, as a client of the events API would send them): p50/p95/p99, how many answers were stale, and the
 *    event rate the server actually took;
 * 2. freshness: after one write for one customer (a one-row subscriptions import, as a
 *    webhook makes), the time until an overview answer's `as_of` covers the write — alone,
 *    and again while the events arrive (and, at first, the clients run).
 *
 * Whole-request figures (client clock, over HTTP). Prints `uptime` with the figures: on a
 * shared machine, read them with the load beside them.
 *
 *   npx tsx bench/live-load.ts [customers=100000] [seconds=20] [clients=50] [rate=10000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overviewMetricIds } from '../src/api/overview.ts';
import {
  percentile,
  request,
  sourceDatabase,
  startBenchServer,
  type BenchServer,
} from './api-load.ts';
import { eventBatch } from './event-batches.ts';
import { ROOT } from './serve-process.ts';

const customers = Number(process.argv[2] ?? '100000');
const seconds = Number(process.argv[3] ?? '20');
const clients = Number(process.argv[4] ?? '50');
const rate = Number(process.argv[5] ?? '10000');
const WORKSPACE = 'bench';
// What the dashboard asks for first (complete months compared; month-to-date on request).
const OVERVIEW = `/api/v1/metrics?metric=${overviewMetricIds().join(',')}&interval=month&compare=complete`;
/** Events are sent in batches this often (ms): `rate` events a second, one batch a second. */
const EVENT_TICK_MS = 1000;

const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

interface Overview {
  status: number;
  ms: number;
  stale: boolean;
  asOf: string;
}

/** The overview as a browser asks for it (gzip); which data it reflects is in its headers. */
async function overview(server: BenchServer, agent: http.Agent): Promise<Overview> {
  const r = await request(agent, `${server.url}${OVERVIEW}`, server.key, { gzip: true });
  const asOf = r.headers['x-northstar-as-of'];
  return {
    status: r.status,
    ms: r.ms,
    stale: r.headers['x-northstar-stale'] === 'true',
    asOf: typeof asOf === 'string' ? asOf : '',
  };
}

/** A customer of the workspace (the generated files name them), else a new one. */
function someCustomer(): string {
  const csv = join(ROOT, 'bench', 'data', String(customers), 'customers.csv');
  if (!existsSync(csv)) return 'cus_live_bench';
  const [, first] = execFileSync('head', ['-2', csv], { encoding: 'utf8' }).split('\n');
  return first!.split(',')[0]!;
}

/** One write for one customer: a one-row subscriptions import (a new add-on). */
async function writeOne(server: BenchServer, agent: http.Agent, n: number): Promise<number> {
  const boundary = '----northstar-live-bench';
  const row = `sub_live_${n}_${Date.now()},${someCustomer()},${10 + n}.00,USD,month,2025-12-01,Live add-on,1,1,0,,,`;
  const csv = `subscription_id,customer_id,amount,currency,interval,start_date,plan,interval_count,quantity,discount_percent,end_date,trial_end,canceled_at\n${row}\n`;
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="subscriptions.csv"\r\n` +
    `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  const r = await request(agent, `${server.url}/api/v1/imports/subscriptions`, server.key, {
    method: 'POST',
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
  if (r.status !== 200) throw new Error(`import answered ${r.status}: ${r.body}`);
  return Date.now();
}

/**
 * Seconds from a write until an overview answer's `as_of` covers it (polled every 50 ms).
 * While other writes keep coming (the events), answers stay `stale` (the data moved on
 * again), so only `as_of` is looked at.
 */
async function freshness(server: BenchServer, n: number): Promise<{ s: number; polls: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const wroteAt = await writeOne(server, agent, n);
    const covers = new Date(wroteAt).toISOString();
    for (let polls = 1; ; polls++) {
      const o = await overview(server, agent);
      if (o.status === 200 && o.asOf >= covers) return { s: (Date.now() - wroteAt) / 1000, polls };
      if (Date.now() - wroteAt > 600_000) throw new Error('no answer covered the write in 600 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    agent.destroy();
  }
}

/** Posts `rate` events a second in batches until `stop()`; reports what the server took. */
function eventStream(server: BenchServer) {
  if (rate <= 0) return async () => ({ perSecond: 0, errors: 0, batchP95: NaN });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const size = Math.max(1, Math.round((rate * EVENT_TICK_MS) / 1000));
  let running = true;
  let accepted = 0;
  let errors = 0;
  let batch = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    if (!running) return;
    const body = eventBatch(1_000_000 + batch++, size);
    const sent = request(agent, `${server.url}/api/v1/events`, server.key, {
      method: 'POST',
      body,
      contentType: 'application/x-ndjson',
    }).then(
      (r) => {
        latencies.push(r.ms);
        if (r.status === 200) accepted += (JSON.parse(r.body) as { accepted: number }).accepted;
        else errors++;
      },
      () => void errors++,
    );
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  }, EVENT_TICK_MS);
  return async () => {
    running = false;
    clearInterval(timer);
    const elapsed = (performance.now() - t0) / 1000;
    await Promise.all(inFlight);
    agent.destroy();
    latencies.sort((a, b) => a - b);
    return {
      perSecond: accepted / elapsed,
      errors,
      batchP95: percentile(latencies, 95),
    };
  };
}

async function overviewLoad(server: BenchServer) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let stale = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < end) {
          const o = await overview(server, agent);
          if (o.status !== 200) errors++;
          else {
            latencies.push(o.ms);
            if (o.stale) stale++;
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  return { latencies, stale, errors };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'northstar-live-bench-'));
  const server = await startBenchServer(await sourceDatabase(customers, work), WORKSPACE);
  try {
    console.log(`${customers.toLocaleString('en-US')} customers; ${load()}`);
    const cold = await overview(server, new http.Agent());
    console.log(
      `first overview (computed on a worker, nothing before it): ${cold.ms.toFixed(0)} ms`,
    );

    const quiet: number[] = [];
    for (let i = 0; i < 3; i++) quiet.push((await freshness(server, i)).s);
    console.log(
      `one write for one customer → overview whose as_of covers it (no other load): ${quiet.map((s) => s.toFixed(2)).join(', ')} s; ${load()}`,
    );

    const stopEvents = eventStream(server);
    const busyFreshness = (async () => {
      // Once the load is running: writes one second apart, each timed to its fresh answer.
      await new Promise((r) => setTimeout(r, Math.min(3000, (seconds * 1000) / 4)));
      const times: number[] = [];
      for (let i = 0; i < 2; i++) times.push((await freshness(server, 10 + i)).s);
      return times;
    })();
    const served = await overviewLoad(server);
    const { latencies } = served;
    console.log(
      `overview, ${clients} keep-alive clients, ${seconds} s, events offered at ${rate.toLocaleString('en-US')}/s: ` +
        `${latencies.length} answers (${served.stale} stale), ${served.errors} errors, ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  ${(latencies.length / seconds).toFixed(0)} req/s; ${load()}`,
    );
    const busy = await busyFreshness;
    const events = await stopEvents();
    console.log(
      `events taken: ${Math.round(events.perSecond).toLocaleString('en-US')}/s (${events.errors} failed batches, batch p95 ${events.batchP95.toFixed(0)} ms)`,
    );
    console.log(
      `one write for one customer → overview whose as_of covers it, while the events arrive: ${busy.map((s) => s.toFixed(2)).join(', ')} s; ${load()}`,
    );
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
