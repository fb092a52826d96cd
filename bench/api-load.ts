/**
 * Load benchmark of the API (issue 4: overview p95 ≤ 100 ms at 50 concurrent clients on the
 * 1M-customer workspace; issue 17: a PostgreSQL server within 2x of DuckDB's throughput).
 * Serves the benchmark workspace (built by `npm run bench`; else a generated demo workspace
 * of that many customers) from `northstar serve` as its own process, once per engine:
 * DuckDB on a copy of the file, PostgreSQL on a fresh database of the server at
 * DATABASE_URL / --database-url holding a copy of the workspace. Then `clients` keep-alive
 * clients request, for `seconds` each, the dashboard's overview
 * (`/api/v1/metrics?metric=<overview KPIs>&compare=complete`, gzip as a browser asks) and
 * `/api/v1/me`. Prints the cold first overview, p50/p95/p99 and requests/s per engine side
 * by side.
 *
 *   npx tsx bench/api-load.ts [customers=1000000] [seconds=20] [clients=50]
 *     [--engines duckdb,postgres] [--database-url postgres://…]
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { overviewMetricIds } from '../src/api/overview.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../src/model/kinds.ts';
import { openStore } from '../src/store/open.ts';
import { copyIntoPostgres } from '../src/store/postgres/copy-workspace.ts';
import { WORKSPACE_COLLECTIONS } from '../src/cli/commands/copy.ts';
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
  headers: http.IncomingHttpHeaders;
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
            headers: res.headers,
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

const WORKSPACE = 'bench';

/** The benchmark DuckDB file of `customers`, or a generated demo workspace of that size. */
export async function sourceDatabase(customers: number, dir: string): Promise<string> {
  const built = join(ROOT, 'bench', 'data', String(customers), 'bench.duckdb');
  if (existsSync(built)) return built;
  console.log(
    `${built} is missing (\`npm run bench -- ${customers}\` builds it): generating a demo workspace of ${customers} customers …`,
  );
  const db = join(dir, 'source.duckdb');
  const store = await openStore({ db });
  try {
    const data = generateDemo({ customers, seed: 17, end: Math.floor(Date.now() / 86_400_000) });
    for (const kind of IMPORT_KINDS)
      await store.upsert(WORKSPACE, kind, data[kind] as RowOfKind[ImportKind][]);
  } finally {
    await store.close();
  }
  return db;
}

/** A fresh database on the server at `serverUrl`, holding a copy of the source workspace. */
async function postgresCopy(
  source: string,
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `northstar_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const from = await openStore({ db: source });
  try {
    await copyIntoPostgres(from, url.toString(), WORKSPACE, {
      collections: WORKSPACE_COLLECTIONS,
      replace: false,
    });
  } finally {
    await from.close();
  }
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

interface Figures {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(
  server: BenchServer,
  path: string,
  clients: number,
  seconds: number,
  gzip: boolean,
): Promise<Figures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < end) {
          const r = await request(agent, `${server.url}${path}`, server.key, { gzip });
          if (r.status === 200) latencies.push(r.ms);
          else errors++;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function main(): Promise<void> {
  const { values: flags, positionals } = parseArgs({
    allowPositionals: true,
    options: { engines: { type: 'string' }, 'database-url': { type: 'string' } },
  });
  const customers = Number(positionals[0] ?? '1000000');
  const seconds = Number(positionals[1] ?? '20');
  const clients = Number(positionals[2] ?? '50');
  const engines = (flags.engines ?? 'duckdb').split(',').map((e) => e.trim());
  const databaseUrl = flags['database-url'] ?? process.env.DATABASE_URL;
  if (engines.includes('postgres') && !databaseUrl)
    throw new Error('--engines postgres needs DATABASE_URL or --database-url postgres://…');
  const work = mkdtempSync(join(tmpdir(), 'northstar-api-bench-src-'));
  const routes = [
    {
      name: 'overview (gzip)',
      path: `/api/v1/metrics?metric=${overviewMetricIds().join(',')}&interval=month&compare=complete`,
      gzip: true,
    },
    { name: '/me', path: '/api/v1/me', gzip: false },
  ];
  const results: Record<string, Record<string, Figures | string>> = {};
  try {
    const source = await sourceDatabase(customers, work);
    for (const engine of engines) {
      let server: BenchServer;
      let drop: () => Promise<void> = async () => undefined;
      if (engine === 'postgres') {
        console.log(`[postgres] copying the workspace into a fresh database …`);
        const copy = await postgresCopy(source, databaseUrl!);
        drop = copy.drop;
        const dir = mkdtempSync(join(tmpdir(), 'northstar-api-bench-'));
        server = await serveDatabase(dir, '', WORKSPACE, { web: false, databaseUrl: copy.url });
      } else if (engine === 'duckdb') {
        server = await startBenchServer(source, WORKSPACE);
      } else throw new Error(`unknown engine "${engine}"; use duckdb, postgres`);
      const row: Record<string, Figures | string> = {};
      try {
        const cold = await request(new http.Agent(), `${server.url}${routes[0]!.path}`, server.key);
        if (cold.status !== 200) throw new Error(`overview answered ${cold.status}: ${cold.body}`);
        row.cold = `${cold.ms.toFixed(0)} ms`;
        console.log(`[${engine}] cold overview (computed from the database): ${row.cold}`);
        for (const route of routes) {
          const f = await load(server, route.path, clients, seconds, route.gzip);
          row[route.name] = f;
          console.log(
            `[${engine}] ${route.name}, ${clients} keep-alive clients, ${seconds} s: ${f.requests} requests, ${f.errors} errors, ` +
              `p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  ${f.perSecond.toFixed(0)} req/s`,
          );
        }
      } finally {
        await server.stop();
        await drop();
      }
      results[engine] = row;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `\n${customers.toLocaleString('en-US')} customers, ${clients} clients, ${seconds} s per route (target: overview p95 ≤ 100 ms; PostgreSQL within 2x of DuckDB's req/s)`,
  );
  console.log(
    [
      'route',
      ...engines.map((e) => `${e} req/s · p95`),
      ...(engines.length === 2 ? [`${engines[0]}/${engines[1]}`] : []),
    ].join(' | '),
  );
  for (const route of routes) {
    const cells = engines.map((e) => {
      const f = results[e]?.[route.name];
      return typeof f === 'object' ? `${f.perSecond.toFixed(0)} · ${f.p95.toFixed(1)} ms` : '-';
    });
    const [a, b] = engines.map((e) => results[e]?.[route.name]);
    const ratio =
      typeof a === 'object' && typeof b === 'object'
        ? [`${(a.perSecond / b.perSecond).toFixed(2)}x`]
        : [];
    console.log([route.name, ...cells, ...ratio].join(' | '));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
