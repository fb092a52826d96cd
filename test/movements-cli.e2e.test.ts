/**
 * Drill-down and breakdowns from the command line, as a user runs them: `northstar
 * movements --period … --type …` lists the customers behind a movement metric and they add
 * up to `northstar metrics`' value; `metrics --by plan` (usage lines included) adds up to MRR.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'northstar-movements-'));
const db = join(dir, 'test.duckdb');

async function northstarJson<T>(...args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', '--db', db, ...args, '--format', 'json'],
    { maxBuffer: 64 * 2 ** 20 },
  );
  return JSON.parse(stdout) as T;
}

interface Report {
  periods: { period: string; metrics: Record<string, number | null> }[];
  series?: { value: string; periods: Report['periods'] }[];
}

const cents = (major: number) => Math.round(major * 100);

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    'src/cli/main.ts',
    '--db',
    db,
    'demo',
    '--customers',
    '120',
    '--seed',
    '5',
  ]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('northstar movements --period', () => {
  it('lists the customers and source rows behind each movement type, adding up to the metric', async () => {
    const types = {
      new: 'new_mrr',
      expansion: 'expansion_mrr',
      churn: 'churned_mrr',
      fx: 'fx_impact_mrr',
    };
    const report = await northstarJson<Report>(
      'metrics',
      '--metric',
      Object.values(types).join(','),
    );
    const { period, metrics } = report.periods.at(-2)!;
    for (const [type, id] of Object.entries(types)) {
      const drill = await northstarJson<{
        value: number;
        contributors: {
          customer_id: string;
          name: string | null;
          amount: number;
          sources: unknown[];
        }[];
      }>('movements', '--period', period, '--type', type);
      expect(drill.value, `${type} ${period}`).toBe(metrics[id]);
      expect(drill.contributors.reduce((a, c) => a + cents(c.amount), 0)).toBe(cents(drill.value));
      if (type !== 'fx')
        for (const c of drill.contributors) expect(c.sources.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('metrics --by plan adds up to MRR in every period', async () => {
    const total = await northstarJson<Report>('metrics', '--metric', 'mrr');
    const byPlan = await northstarJson<Report>('metrics', '--metric', 'mrr', '--by', 'plan');
    expect(byPlan.series!.map((s) => s.value)).toContain('API usage');
    // A plan's series starts with its own first revenue: match periods by label.
    for (const p of total.periods) {
      const sum = byPlan.series!.reduce((a, s) => {
        const same = s.periods.find((q) => q.period === p.period);
        return a + cents(same?.metrics.mrr ?? 0);
      }, 0);
      expect(sum, p.period).toBe(cents(p.metrics.mrr!));
    }
  }, 120_000);
});
