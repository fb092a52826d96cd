/**
 * The server and the CLI share one DuckDB file: while `northstar serve` answers requests,
 * CLI imports, key management and metrics keep working (no "database is locked").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixture, type DemoFixture } from '../fixtures/api/test-fixture.ts';
import { northstar, startServe, type RunningServer } from './serve.ts';

let fx: DemoFixture;
let server: RunningServer;

beforeAll(async () => {
  fx = await demoFixture({ customers: 60 });
  server = await startServe(fx.db, ['--no-web']);
});

afterAll(async () => {
  await server?.stop();
  fx?.cleanup();
});

async function api(path: string, key = fx.adminKey): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
}

describe('northstar serve beside the CLI', () => {
  it('binds to 127.0.0.1 by default and prints the first-run setup link', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toMatch(/#setup=/);
  });

  it('keeps the CLI working while the server answers requests', async () => {
    expect((await api('/metrics?metric=mrr')).status).toBe(200);
    // The customers index is computed on a compute worker, whose start-up (seconds under
    // load) must not eat the window in which the CLI runs beside the requests.
    expect((await api('/customers?q=late&limit=5')).status).toBe(200);
    const csv = join(fx.dir, 'late-customers.csv');
    writeFileSync(csv, 'customer_id,name\nlate-1,Late Arrival One\nlate-2,Late Arrival Two\n');

    // Keep the API busy for as long as the CLI runs.
    let running = true;
    const statuses: number[] = [];
    const poller = (async () => {
      while (running) {
        const res = await api('/customers?q=late&limit=5');
        statuses.push(res.status);
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const [imported, key, metrics] = await Promise.all([
      northstar(fx.db, 'import', 'customers', csv),
      northstar(fx.db, 'keys', 'create', '--role', 'viewer', '--quiet'),
      northstar(fx.db, 'metrics', '--metric', 'mrr', '--format', 'json'),
    ]).finally(() => {
      running = false;
    });
    await poller;

    for (const result of [imported, key, metrics]) {
      expect(result.stderr).not.toMatch(/lock/i);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.every((s) => s === 200)).toBe(true);

    // The server sees what the CLI wrote, on the next request.
    const found = (await (await api('/customers?q=late')).json()) as { total: number };
    expect(found.total).toBe(2);
    const viewer = key.stdout.trim();
    expect(viewer).toMatch(/^ns_[0-9a-f]{16}_/);
    expect((await api('/metrics?metric=mrr', viewer)).status).toBe(200);

    // The API's MRR equals the CLI's.
    const cli = JSON.parse(metrics.stdout) as { periods: { metrics: { mrr: number } }[] };
    const served = (await (await api('/metrics?metric=mrr')).json()) as typeof cli;
    expect(served.periods.at(-1)!.metrics.mrr).toBe(cli.periods.at(-1)!.metrics.mrr);

    // Revoking with the CLI locks the key out of the running server.
    const keyId = viewer.split('_')[1]!;
    expect((await northstar(fx.db, 'keys', 'revoke', keyId)).code).toBe(0);
    expect((await api('/metrics?metric=mrr', viewer)).status).toBe(401);
  });
});
