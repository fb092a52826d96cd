/**
 * `northstar metrics` on a running month (issue 14): the table sets it beside the same days
 * of the previous month and says which; JSON is the query path's report. Known history:
 * test/fixtures/same-days-history.ts (December 2024 through the 6th).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryMetrics } from '../../metrics/query.ts';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';
import { loadSameDaysHistory, NOW, THROUGH } from '../../../test/fixtures/same-days-history.ts';

let dir: string;
let db: string;
let core: Awaited<ReturnType<typeof queryMetrics>>['report'];
const METRICS = ['mrr', 'new_mrr', 'ltv'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-mtd-cli-'));
  db = join(dir, 'mtd.duckdb');
  const store = await openDuckDbStore(db);
  try {
    await loadSameDaysHistory(store, 'default');
    const query = {
      workspaceId: 'default',
      metrics: METRICS,
      compare: true,
      to: THROUGH,
      now: NOW,
    };
    core = (await queryMetrics(store, query)).report;
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metrics = (...args: string[]) =>
  runNorthstar('--db', db, 'metrics', '--metric', METRICS.join(','), '--to', THROUGH, ...args);

describe('northstar metrics on a running month', () => {
  it('compares month-to-date with 1–6 November in the table and says why ltv is not', async () => {
    const { code, stdout, stderr } = await metrics();
    expect(code, stderr).toBe(0);
    const header = stdout.split('\n').find((line) => line.includes('metric'))!;
    expect(header).toContain('2024-12 month-to-date');
    expect(header).toMatch(/vs 1\s?–\s?6 Nov/);
    // MRR $220 against $195 on 6 November: +12.8%; new MRR $40 against $50: −20.0%.
    expect(stdout).toMatch(/mrr .*\+12\.8% ✓/);
    expect(stdout).toMatch(/new_mrr .*−20\.0% ✗/);
    expect(stdout).toContain(
      '2024-12 is month-to-date (through 2024-12-06): compared with the same days of 2024-11 (2024-11-01 – 2024-11-06), not with a year ago.',
    );
    expect(stdout).toMatch(/— ltv: not compared, it averages whole months/);
  });

  it('gives in JSON the query path’s report, the days compared included', async () => {
    const { code, stdout, stderr } = await metrics('--format', 'json', '--compare');
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as typeof core;
    expect(json.periods).toEqual(core.periods);
    expect(json.periods.at(-1)!.comparison_period).toEqual({
      period: '2024-11',
      from: '2024-11-01',
      through: '2024-11-06',
    });
  });
});
