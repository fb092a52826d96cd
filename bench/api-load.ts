/**
 * Load benchmark of the overview API (issue 4: p95 ≤ 100 ms at 50 concurrent clients on
 * the 1M-customer workspace). Starts `northstar serve` as its own process on a copy of the
 * benchmark database (built by `npm run bench`), then 50 keep-alive clients request the
 * dashboard's overview (`/api/v1/metrics?metric=<overview KPIs>&compare=true`) for a fixed
 * time. Prints the cold first request, p50/p95/p99 and requests/s.
 *
 *   npx tsx bench/api-load.ts [customers=1000000] [seconds=20] [clients=50]
 */
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { overviewMetricIds } from '../src/api/overview.ts';
import { ROOT, serveDatabase, type ServedDatabase } from './serve-process.ts';

export type BenchServer = ServedDatabase;

/** Copies `source` (or starts empty), adds an admin key, and serves it from its own process. */
export async function startBenchServer(
  source: string | null,
  workspace: string,
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-api-bench-'));
  const db = join(dir, 'bench.duckdb');
  if (source) copyFileSync(source, db);
  return serveDatabase(dir, db, workspace, { web: false });
}

export interface Sample {
  status: number;
  ms: number;
  body: string;
}

export function request(
  agent: http.Agent,
  url: string,
  key: string,
  init: { method?: string; body?: string; contentType?: string; gzip?: boolean } = {},
): Promise<Sample> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${key}`,
          ...(init.gzip ? { 'accept-encoding': 'gzip' } : {}),
          ...(init.body !== undefined
            ? {
                'content-type': init.contentType ?? 'application/json',
                'content-length': Buffer.byteLength(init.body),
              }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - t0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? '1000000');
  const seconds = Number(process.argv[3] ?? '20');
  const clients = Number(process.argv[4] ?? '50');
  const source = join(ROOT, 'bench', 'data', String(customers), 'bench.duckdb');
  if (!existsSync(source))
    throw new Error(`${source} is missing: build it with \`npm run bench -- ${customers}\``);
  console.log(`Starting the server on a copy of ${source} …`);
  const server = await startBenchServer(source, 'bench');
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const path = `/api/v1/metrics?metric=${overviewMetricIds().join(',')}&interval=month&compare=true`;
  try {
    const cold = await request(agent, `${server.url}${path}`, server.key);
    if (cold.status !== 200) throw new Error(`overview answered ${cold.status}: ${cold.body}`);
    const periods = (JSON.parse(cold.body) as { periods: unknown[] }).periods.length;
    console.log(
      `cold overview (computed from the database): ${cold.ms.toFixed(0)} ms, ${periods} periods, ${(cold.body.length / 1024).toFixed(0)} kB`,
    );
    // As a browser asks (gzip), then as a plain client (identity): both are reported.
    for (const gzip of [false, true]) {
      const latencies: number[] = [];
      let errors = 0;
      const end = performance.now() + seconds * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < end) {
            const r = await request(agent, `${server.url}${path}`, server.key, { gzip });
            if (r.status === 200) latencies.push(r.ms);
            else errors++;
          }
        }),
      );
      const elapsed = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      const f = (v: number) => `${v.toFixed(1)} ms`;
      console.log(
        `overview, ${gzip ? 'gzip (as a browser asks)' : 'uncompressed'}, ${clients} concurrent keep-alive clients, ${elapsed.toFixed(1)} s: ${latencies.length} requests, ${errors} errors`,
      );
      console.log(
        `  p50 ${f(percentile(latencies, 50))}  p95 ${f(percentile(latencies, 95))}  p99 ${f(percentile(latencies, 99))}  max ${f(latencies.at(-1) ?? NaN)}  ${(latencies.length / elapsed).toFixed(0)} req/s  (target p95 ≤ 100 ms)`,
      );
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
