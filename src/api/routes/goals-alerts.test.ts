import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../../test/fixtures/api/test-fixture.ts';

let fx: DemoFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await demoFixture({ customers: 40 });
  app = await fixtureServer(fx);
});

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  key: string = fx.adminKey,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

const year = new Date().getUTCFullYear();

describe('goals', () => {
  it('creates, lists, paces and deletes goals; viewers only read', async () => {
    const goal = {
      id: 'mrr-target',
      name: 'Reach the MRR target',
      kind: 'money',
      metric: 'mrr',
      start: `${year}-01-01`,
      due: `${year}-12-31`,
      baseline: 1000,
      target: 1_000_000,
    };
    expect((await call('POST', '/api/v1/goals', goal, fx.viewerKey)).statusCode).toBe(403);
    const created = await call('POST', '/api/v1/goals', goal);
    expect(created.statusCode, created.body).toBe(201);
    const tasks = await call('POST', '/api/v1/goals', {
      name: 'Launch checklist',
      kind: 'tasks',
      start: `${year}-01-01`,
      due: `${year}-12-31`,
      tasks: [
        { title: 'pricing page', done: true },
        { title: 'billing', done: false },
      ],
    });
    expect(tasks.statusCode, tasks.body).toBe(201);
    const tasksId = tasks.json<{ id: string }>().id;

    const list = (await call('GET', '/api/v1/goals', undefined, fx.viewerKey)).json<{
      items: { id: string }[];
    }>();
    expect(list.items.map((g) => g.id).sort()).toEqual(['mrr-target', tasksId].sort());
    const status = await call('GET', '/api/v1/goals/status', undefined, fx.viewerKey);
    expect(status.statusCode, status.body).toBe(200);
    const items = status.json<{
      items: { id: string; progress: number; status: string; current: number | null }[];
    }>().items;
    const mrr = items.find((g) => g.id === 'mrr-target')!;
    expect(mrr.current).toBeGreaterThan(0);
    expect(['on_track', 'at_risk', 'off_track']).toContain(mrr.status);
    expect(items.find((g) => g.id === tasksId)!.progress).toBeCloseTo(0.5, 6);

    expect((await call('POST', '/api/v1/goals', { ...goal, metric: 'nope' })).statusCode).toBe(400);
    expect(
      (await call('POST', '/api/v1/goals', { ...goal, due: `${year - 1}-01-01` })).statusCode,
    ).toBe(400);
    expect((await call('POST', '/api/v1/goals', { ...goal, kind: 'dream' })).statusCode).toBe(400);
    expect((await call('DELETE', `/api/v1/goals/${tasksId}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/goals/${tasksId}`)).statusCode).toBe(404);
  });

  it('edits a goal in place; viewers cannot, an unknown id is 404, a bad edit changes nothing', async () => {
    const body = {
      name: 'ARR $1M',
      kind: 'money',
      metric: 'arr',
      start: `${year}-01-01`,
      due: `${year}-12-31`,
      target: 1_000_000,
    };
    expect((await call('POST', '/api/v1/goals', { ...body, id: 'edit-me' })).statusCode).toBe(201);
    const edit = { ...body, name: 'ARR $2M', target: 2_000_000 };
    expect((await call('PUT', '/api/v1/goals/edit-me', edit, fx.viewerKey)).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/goals/nobody', edit)).statusCode).toBe(404);
    const bad = await call('PUT', '/api/v1/goals/edit-me', { ...edit, start: `${year + 1}-01-01` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/before start/);
    const unchanged = (await call('GET', '/api/v1/goals')).json<{
      items: { id: string; name: string }[];
    }>();
    expect(unchanged.items.find((g) => g.id === 'edit-me')?.name).toBe('ARR $1M');
    const edited = await call('PUT', '/api/v1/goals/edit-me', edit);
    expect(edited.statusCode, edited.body).toBe(200);
    const stored = (await call('GET', '/api/v1/goals')).json<{
      items: { id: string; name: string; target: number }[];
    }>();
    expect(stored.items.find((g) => g.id === 'edit-me')).toMatchObject({
      name: 'ARR $2M',
      target: 2_000_000,
    });
    // With no baseline set, the status takes it from history before the start.
    const status = (await call('GET', '/api/v1/goals/status')).json<{
      items: { id: string; baselineFrom: string | null; period: string | null }[];
    }>();
    const g = status.items.find((s) => s.id === 'edit-me')!;
    expect(g.baselineFrom).toBe('history');
    expect(g.period).not.toBeNull();
    expect((await call('DELETE', '/api/v1/goals/edit-me')).statusCode).toBe(204);
  });
});

describe('alerts', () => {
  it('saves rules, masks webhook secrets, and evaluates them after an import', async () => {
    const rule = {
      id: 'mrr-floor',
      name: 'MRR above zero',
      kind: 'threshold',
      metric: 'mrr',
      op: 'above',
      value: 0,
      channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'hush' }],
    };
    expect((await call('POST', '/api/v1/alerts/rules', rule, fx.viewerKey)).statusCode).toBe(403);
    const saved = await call('POST', '/api/v1/alerts/rules', rule);
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.body).not.toContain('hush');
    const listed = (await call('GET', '/api/v1/alerts/rules')).json<{
      items: { id: string; channels: { secret?: string }[] }[];
    }>();
    expect(listed.items[0]!.channels[0]!.secret).toBe('********');
    // Sending the masked secret back keeps the stored one.
    const resaved = await call('POST', '/api/v1/alerts/rules', {
      ...rule,
      name: 'renamed',
      channels: listed.items[0]!.channels.map((c) => ({ ...c })),
    });
    expect(resaved.statusCode, resaved.body).toBe(201);
    expect((await call('POST', '/api/v1/alerts/rules', { ...rule, kind: 'nope' })).statusCode).toBe(
      400,
    );
    expect(
      (await call('POST', '/api/v1/alerts/rules', { ...rule, metric: 'nope' })).statusCode,
    ).toBe(400);

    // An import triggers the evaluation; the webhook is unreachable: logged, never fatal.
    const boundary = '----ns';
    const upload = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: {
        authorization: `Bearer ${fx.adminKey}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\ncustomer_id,name\nalert-1,Alert Co\r\n--${boundary}--\r\n`,
    });
    expect(upload.statusCode, upload.body).toBe(200);
    await app.background.idle();
    const events = (await call('GET', '/api/v1/alerts/events', undefined, fx.viewerKey)).json<{
      items: { ruleId: string; type: string; deliveries?: { ok: boolean }[] }[];
    }>();
    expect(events.items[0]).toMatchObject({ ruleId: 'mrr-floor', type: 'fired' });
    expect(events.items[0]!.deliveries?.[0]?.ok).toBe(false);

    expect((await call('DELETE', '/api/v1/alerts/rules/mrr-floor')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/v1/alerts/rules/mrr-floor')).statusCode).toBe(404);
  });
});

describe('at-risk alert rules', () => {
  it('are created through the API with their thresholds checked', async () => {
    const rule = {
      id: 'big-at-risk',
      name: 'Big customer at risk',
      kind: 'at_risk',
      minMrr: 500,
      probability: 0.6,
      horizonDays: 60,
    };
    const saved = await call('POST', '/api/v1/alerts/rules', rule);
    expect(saved.statusCode, saved.body).toBe(201);
    const listed = (await call('GET', '/api/v1/alerts/rules')).json<{
      items: { id: string; kind: string; minMrr?: number }[];
    }>();
    expect(listed.items.find((r) => r.id === 'big-at-risk')).toMatchObject({
      kind: 'at_risk',
      minMrr: 500,
    });
    for (const bad of [
      { probability: 0 },
      { probability: 1.5 },
      { minMrr: -1 },
      { horizonDays: 0 },
    ])
      expect((await call('POST', '/api/v1/alerts/rules', { ...rule, ...bad })).statusCode).toBe(
        400,
      );
    expect((await call('DELETE', '/api/v1/alerts/rules/big-at-risk')).statusCode).toBeLessThan(300);
  });
});

describe('impossible dates are 400s, and nothing is stored', () => {
  it('a goal due on 2027-02-30 or starting in month 13 is refused', async () => {
    const before = (await call('GET', '/api/v1/goals')).json<{ items: unknown[] }>().items;
    const goal = { name: 'Feb 30', kind: 'boolean', start: '2026-01-01', due: '2027-02-30' };
    const due = await call('POST', '/api/v1/goals', goal);
    expect(due.statusCode).toBe(400);
    expect(due.json<{ error: { message: string } }>().error.message).toBe(
      '"2027-02-30" is not a date (2027-02 has 28 days)',
    );
    const start = await call('POST', '/api/v1/goals', {
      ...goal,
      start: '2026-13-01',
      due: '2027-01-01',
    });
    expect(start.statusCode).toBe(400);
    expect(start.body).toContain('there is no month 13');
    expect((await call('GET', '/api/v1/goals')).json<{ items: unknown[] }>().items).toEqual(before);
  });

  it('the alert history refuses an impossible since', async () => {
    const since = encodeURIComponent('2027-02-30T00:00:00Z');
    expect((await call('GET', `/api/v1/alerts/events?since=${since}`)).statusCode).toBe(400);
  });
});
