/**
 * Answers computed on worker threads (compute-pool.ts) over the server's DuckDB file: the
 * same answers as in the request thread, stale answers with their `as_of` after a write
 * until the fresh one lands, and a worker that dies answering a clean 500.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewMetricIds } from './overview.ts';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../test/fixtures/api/test-fixture.ts';

const OVERVIEW = `/api/v1/metrics?metric=${overviewMetricIds().join(',')}&interval=month&compare=true`;
const CRASHING = new URL('../../test/fixtures/api/crashing-compute-worker.ts', import.meta.url);
const HOARDING = new URL('../../test/fixtures/api/hoarding-compute-worker.ts', import.meta.url);
const RECORDING = new URL('../../test/fixtures/api/recording-compute-worker.ts', import.meta.url);
/** The jobs the recording worker counts, in its counters' order. */
const RECORDED = ['goals', 'alerts'] as const;

interface Answer {
  as_of: string;
  stale: boolean;
  periods: unknown[];
}

/** A customers.csv upload: a write through the API. */
function importCustomer(app: FastifyInstance, key: string, id: string) {
  const boundary = '----northstar-live-test';
  return app.inject({
    method: 'POST',
    url: '/api/v1/imports/customers',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload:
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="customers.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\ncustomer_id,name,country\n${id},Live Ltd,FR\r\n--${boundary}--\r\n`,
  });
}

describe('answers computed on worker threads', () => {
  let fx: DemoFixture;
  let inThread: FastifyInstance;
  let workers: FastifyInstance;
  let crashing: FastifyInstance;
  let hoarding: FastifyInstance;
  let recording: FastifyInstance;
  const crashes = new Int32Array(new SharedArrayBuffer(4));
  const starts = new Int32Array(new SharedArrayBuffer(4));
  const hoard = new Int32Array(new SharedArrayBuffer(4));
  const recorded = new Int32Array(new SharedArrayBuffer(4 * RECORDED.length));

  beforeAll(async () => {
    fx = await demoFixture({ customers: 40 });
    // No background warm-up or file watching: every computation here is one a request asked for.
    const quiet = { warmUpDelayMs: 600_000, watchDataMs: 0 };
    inThread = await fixtureServer(fx, quiet);
    workers = await fixtureServer(fx, {
      ...quiet,
      computeWorkers: { source: { kind: 'duckdb', path: fx.db } },
    });
    /** A server with one compute worker of a test module, handed `data`. */
    const oneWorker = (module: URL, data: Record<string, unknown>) =>
      fixtureServer(fx, {
        ...quiet,
        computeWorkers: { source: { kind: 'duckdb', path: fx.db }, size: 1, module, data },
      });
    crashing = await oneWorker(CRASHING, { crashes: crashes.buffer });
    hoarding = await oneWorker(HOARDING, { starts: starts.buffer, hoard: hoard.buffer });
    recording = await oneWorker(RECORDING, { counts: recorded.buffer, names: [...RECORDED] });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([
      inThread?.close(),
      workers?.close(),
      crashing?.close(),
      hoarding?.close(),
      recording?.close(),
    ]);
    fx?.cleanup();
  });

  const get = (app: FastifyInstance, url: string): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${fx.adminKey}` } });

  it('a worker computes the same answer as the request thread', async () => {
    const [local, remote] = await Promise.all([get(inThread, OVERVIEW), get(workers, OVERVIEW)]);
    expect(local.statusCode, local.body).toBe(200);
    expect(remote.statusCode, remote.body).toBe(200);
    expect(remote.json<Answer>().periods).toEqual(local.json<Answer>().periods);
    expect(remote.json<Answer>().periods.length).toBeGreaterThan(0);
    for (const url of ['/api/v1/benchmarks', '/api/v1/segments', '/api/v1/insights?metric=mrr']) {
      const [a, b] = await Promise.all([get(inThread, url), get(workers, url)]);
      expect(b.statusCode, `${url}: ${b.body}`).toBe(a.statusCode);
      expect(b.json(), url).toEqual(a.json());
      // Which data the answer reflects, in its headers.
      expect(new Date(b.headers['x-northstar-as-of'] as string).toISOString(), url).toBe(
        b.headers['x-northstar-as-of'],
      );
      expect(b.headers['x-northstar-stale'], url).toBe('false');
    }
  }, 120_000);

  it('after a write: the last answer at once, stale with its as_of; then the fresh one', async () => {
    const before = (await get(workers, OVERVIEW)).json<Answer>();
    expect(before.stale).toBe(false);
    const imported = await importCustomer(workers, fx.adminKey, 'cus_live');
    expect(imported.statusCode, imported.body).toBe(200);
    const wroteAt = new Date().toISOString();

    const during = await get(workers, OVERVIEW);
    expect(during.statusCode).toBe(200);
    expect(during.headers['x-northstar-stale']).toBe('true');
    expect(during.headers['x-northstar-as-of']).toBe(before.as_of);
    expect(during.json<Answer>()).toMatchObject({ stale: true, as_of: before.as_of });

    // The recompute that request started lands on the worker; then the answer is fresh.
    await expect
      .poll(async () => (await get(workers, OVERVIEW)).json<Answer>().stale, {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(false);
    const after = (await get(workers, OVERVIEW)).json<Answer>();
    expect(after.as_of >= wroteAt).toBe(true);
    const customers = await get(workers, '/api/v1/customers?q=cus_live');
    expect(customers.json<{ total: number }>().total).toBe(1);
  }, 120_000);

  it('concurrent identical requests share one computation on the workers', async () => {
    await importCustomer(workers, fx.adminKey, 'cus_burst');
    const query = '/api/v1/metrics?metric=mrr,arr,customers&interval=quarter';
    const before = workers.cacheStats();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(workers, query)));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    expect(new Set(answers.map((a) => a.json<Answer>().as_of)).size).toBe(1);
    const after = workers.cacheStats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.shared - before.shared).toBe(9);
  }, 120_000);

  it('a worker that dies: a clean 500 with the request id; the last answer is kept', async () => {
    Atomics.store(crashes, 0, 1);
    const failed = await get(crashing, OVERVIEW);
    expect(failed.statusCode).toBe(500);
    const error = failed.json<{ error: { code: string; message: string; request_id: string } }>()
      .error;
    expect(error.code).toBe('internal');
    expect(error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(error.request_id);
    expect(error.message).not.toContain('exit code');

    // A new worker takes over: the same request computes.
    const good = await get(crashing, OVERVIEW);
    expect(good.statusCode, good.body).toBe(200);
    const answer = good.json<Answer>();

    // After a write, the recompute's worker dies in the background: the answer stays.
    await importCustomer(crashing, fx.adminKey, 'cus_crash');
    Atomics.store(crashes, 0, 1);
    const stale = await get(crashing, OVERVIEW);
    expect(stale.statusCode).toBe(200);
    expect(stale.json<Answer>()).toMatchObject({ stale: true, as_of: answer.as_of });
    await expect.poll(() => Atomics.load(crashes, 0), { timeout: 60_000 }).toBe(0);
    // The next requests start another recompute, which lands.
    await expect
      .poll(async () => (await get(crashing, OVERVIEW)).json<Answer>().stale, {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(false);
  }, 180_000);

  it('a worker that a job leaves holding much memory retires: a fresh one takes the next job', async () => {
    const metric = (id: string) => get(hoarding, `/api/v1/metrics?metric=${id}&interval=month`);
    // Light jobs: one worker answers them all.
    for (const id of ['mrr', 'arr']) expect((await metric(id)).statusCode).toBe(200);
    expect(Atomics.load(starts, 0)).toBe(1);
    // A job that leaves 300 MiB behind: the worker retires after it, and stops.
    Atomics.store(hoard, 0, 1);
    expect((await metric('customers')).statusCode).toBe(200);
    Atomics.store(hoard, 0, 0);
    // A later job is a fresh worker's (the retirement message may come just after the
    // answer, and the job after it then goes to the retiring worker: each asks another year).
    let year = 2000;
    await expect
      .poll(
        async () => {
          expect((await metric(`arpa,mrr&from=${year++}-01`)).statusCode).toBe(200);
          return Atomics.load(starts, 0);
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(2);
  }, 120_000);

  // Last: the goal and the alert rule it saves would add jobs to the tests above.
  it("goals' status and the alert rules after a write run on a worker, as in the request thread", async () => {
    const count = (name: (typeof RECORDED)[number]) =>
      Atomics.load(recorded, RECORDED.indexOf(name));
    const admin = (method: 'POST', url: string, payload: object) =>
      recording.inject({
        method,
        url,
        payload,
        headers: { authorization: `Bearer ${fx.adminKey}` },
      });
    const goal = await admin('POST', '/api/v1/goals', {
      id: 'worker-goal',
      name: 'MRR up',
      kind: 'money',
      metric: 'mrr',
      start: '2026-01-01',
      due: '2026-12-31',
      target: 1_000_000,
    });
    expect(goal.statusCode, goal.body).toBe(201);
    const status = await get(recording, '/api/v1/goals/status');
    expect(status.statusCode, status.body).toBe(200);
    expect(count('goals')).toBe(1);
    // The same statuses as the server that computes in its own thread.
    expect(status.json()).toEqual((await get(inThread, '/api/v1/goals/status')).json());

    const rule = await admin('POST', '/api/v1/alerts/rules', {
      id: 'worker-rule',
      name: 'MRR above zero',
      kind: 'threshold',
      metric: 'mrr',
      op: 'above',
      value: 0,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const before = count('alerts');
    expect((await importCustomer(recording, fx.adminKey, 'cus_alerted')).statusCode).toBe(200);
    await recording.background.idle();
    expect(count('alerts')).toBeGreaterThan(before);
    // The worker recorded what it found: the rule fired.
    const events = (await get(recording, '/api/v1/alerts/events')).json<{
      items: { ruleId: string; type: string }[];
    }>();
    expect(events.items.filter((e) => e.ruleId === 'worker-rule').map((e) => e.type)).toEqual([
      'fired',
    ]);
  }, 180_000);
});
