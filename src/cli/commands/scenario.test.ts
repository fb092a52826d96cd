/**
 * `northstar scenario`, `northstar pricing` and `northstar webhooks` as a user runs them, on a
 * small DuckDB file whose figures are worked out by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d, subscription } from '../../engine/test-rows.ts';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

let dir: string;
let db: string;

const northstar = (...args: string[]) => runNorthstar('--db', db, ...args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-scenario-'));
  db = join(dir, 'test.duckdb');
  const store = await openDuckDbStore(db);
  await store.upsert('default', 'subscriptions', [
    subscription('c1', 100_000, '2024-01-01', { plan: 'pro' }),
    subscription('c2', 50_000, '2024-02-01', { plan: 'basic' }),
    subscription('c3', 30_000, '2024-03-01', { plan: 'basic', end_date: d('2024-05-01') }),
    subscription('c4', 20_000, '2024-05-15', { plan: 'basic' }),
  ]);
  await store.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface ScenarioJson {
  as_of: string;
  baseline: { months: { period: string; mrr: number }[] };
  scenario: { months: { period: string; mrr: number }[] };
}

describe('northstar scenario', () => {
  it('projects the baseline and a price change side by side (JSON)', async () => {
    const { code, stdout, stderr } = await northstar(
      'scenario',
      '--price',
      '+10%',
      '--to',
      '2024-06',
      '--horizon',
      '2',
      '--format',
      'json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ScenarioJson;
    expect(json.as_of).toBe('2024-06');
    // Churn 300 / 5,300 of starting MRR, new business 200 / 3 a month (April–June).
    const churn = 300 / 5_300;
    const base1 = 1_700 * (1 - churn) + 200 / 3;
    expect(json.baseline.months[0]!.mrr).toBeCloseTo(base1, 4);
    expect(json.scenario.months[0]!.mrr).toBeCloseTo(1_870 * (1 - churn) + (1.1 * 200) / 3, 4);
    expect(json.scenario.months.map((m) => m.period)).toEqual(['2024-07', '2024-08']);
  });

  it('says what is wrong with a change', async () => {
    const { code, stderr } = await northstar('scenario', '--churn', 'less', '--to', '2024-06');
    expect(code).toBe(1);
    expect(stderr).toMatch(/--churn "less" is not a change/);
  });
});

describe('northstar pricing', () => {
  it('compares upfront annual at 10% off with the current base', async () => {
    const { code, stdout } = await northstar(
      'pricing',
      '--model',
      'annual',
      '--discount',
      '10%',
      '--to',
      '2024-06',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      customers: number;
      models: { name: string; totals: { mrr_first: number; cash_first_month: number } }[];
    };
    expect(json.customers).toBe(3);
    expect(json.models.map((m) => m.name)).toEqual(['current', 'annual']);
    expect(json.models[0]!.totals.mrr_first).toBe(1_700);
    expect(json.models[1]!.totals.cash_first_month).toBeCloseTo(1_700 * 12 * 0.9, 6);
  });
});

describe('northstar webhooks', () => {
  it('adds, lists and refuses unknown events', async () => {
    const bad = await northstar('webhooks', 'add', '--url', 'http://x', '--events', 'foo');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown event "foo"/);
    const added = await northstar(
      'webhooks',
      'add',
      '--url',
      'http://127.0.0.1:9/hook',
      '--events',
      'movement.created',
      '--format',
      'json',
    );
    expect(added.code).toBe(0);
    const { id, secret } = JSON.parse(added.stdout) as { id: string; secret: string };
    const list = await northstar('webhooks', 'list', '--format', 'json');
    const listed = JSON.parse(list.stdout) as { id: string; secret: string }[];
    expect(listed.map((s) => s.id)).toEqual([id]);
    expect(listed[0]!.secret).not.toBe(secret);
  });
});
