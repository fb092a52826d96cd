/**
 * Load benchmark of the overview API (issue 4: p95 ≤ 100 ms at 50 concurrent clients on
 * the 1M-customer workspace). Starts `northstar serve` as its own process on a copy of the
 * benchmark database (built by `npm run bench`), then 50 keep-alive clients request the
 * dashboard's overview (`/api/v1/metrics?metric=<overview KPIs>&compare=true`) for a fixed
 * time. Prints the cold first request, p50/p95/p99 and requests/s.
 *
 *   npx tsx bench/api-load.ts [customers=1000000] [seconds=20] [clients=50]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newApiKey } from '../src/auth/keys.ts';
import { openStore } from '../src/store/open.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The overview's KPI cards and MRR chart series, as the dashboard asks for them. */
export const OVERVIEW_METRICS = [
  'mrr',
  'arr',
  'net_new_mrr',
  'customers',
  'arpa',
  'customer_churn_rate',
  'gross_mrr_churn_rate',
  'nrr',
  'quick_ratio',
  'new_mrr',
  'expansion_mrr',
  'reactivation_mrr',
  'contraction_mrr',
  'churned_mrr',
];

export interface BenchServer {
  url: string;
  key: string;
  stop(): Promise<void>;
}

/** Copies `source` (or starts empty), adds an admin key, and serves it from its own process. */
export async function startBenchServer(
  source: string | null,
  workspace: string,
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-api-bench-'));
  const db = join(dir, 'bench.duckdb');
  if (source) copyFileSync(source, db);
  const store = await openStore({ db });
  const admin = await newApiKey({ workspaceId: workspace, role: 'admin', label: 'bench' });
  try {
    await store.workspace(workspace);
    await store.createApiKey(admin.record);
  } finally {
    await store.close();
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      '--db',
      db,
      '--workspace',
      workspace,
      'serve',
      '--port',
      '0',
      '--no-web',
      '--rate-limit',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NORTHSTAR_LOG: '0' } },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /serving (http:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    key: admin.token,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
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
  const path = `/api/v1/metrics?metric=${OVERVIEW_METRICS.join(',')}&interval=month&compare=true`;
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
