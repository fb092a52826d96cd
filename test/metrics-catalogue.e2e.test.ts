/**
 * The whole metric catalogue on the demo company, as a user runs it: every id of issue 3
 * has a value in the last complete month; a workspace without an import says which file a
 * metric needs instead of printing a zero.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_CONVERSIONS } from '../src/metrics/definitions/funnel.ts';
import { STAGE_PRESETS } from '../src/metrics/presets.ts';
import { METRICS } from '../src/metrics/registry.ts';
import { northstarOn } from './cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-catalogue-'));
const db = join(dir, 'catalogue.duckdb');

const northstar = northstarOn(db);

async function json<T>(...args: string[]): Promise<T> {
  const result = await northstar(...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface Period {
  period: string;
  metrics: Record<string, number | null>;
  comparisons?: Record<string, { previous: number | null; good: boolean | null }>;
}
interface Report {
  periods: Period[];
  missing?: Record<string, string>;
  preset?: string;
}

/** Issue 3's catalogue, beyond the MRR metrics (every registry metric is checked too). */
const ISSUE_3_IDS = [
  'gross_revenue',
  'average_order_value',
  'expansion_revenue',
  'arpu',
  'cac',
  'ltv',
  'ltv_simple',
  'ltv_to_cac',
  'cac_payback_months',
  'revenue_per_employee',
  'gross_margin',
  'net_margin',
  'burn_rate',
  'gross_burn',
  'runway_months',
  'burn_multiple',
  'rule_of_40',
  'dso',
  'renewal_rate',
  ...STANDARD_CONVERSIONS.map(([from, to]) => `conversion_${from}_to_${to}`),
  'sales_cycle_days',
  'activation_rate',
  'time_to_activation_days',
  'dau',
  'mau',
  'stickiness',
  'adoption_report_created',
  'adoption_export_created',
  'usage_rate',
  'nps',
  'csat',
  'first_response_time_hours',
  'first_response_time_hours_mean',
  'resolution_time_hours',
  'resolution_time_hours_mean',
  'employee_turnover',
];

const ON_REQUEST = ISSUE_3_IDS.filter((id) => !METRICS.some((m) => m.id === id));

let report: Report;
let onRequest: Report;

beforeAll(async () => {
  // `demo` builds the database and exits: it serves only with --serve.
  const demo = await northstar('demo', '--customers', '120', '--seed', '7');
  expect(demo.code, demo.stderr).toBe(0);
  report = await json<Report>('metrics', '--format', 'json');
  onRequest = await json<Report>('metrics', '--format', 'json', '--metric', ON_REQUEST.join(','));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the metric catalogue on the demo workspace', () => {
  it('has every id with a value in the last complete month, and nothing missing', () => {
    const last = { ...report.periods.at(-2)!.metrics, ...onRequest.periods.at(-2)!.metrics };
    const ids = [...new Set([...METRICS.map((m) => m.id), ...ISSUE_3_IDS])];
    for (const id of ids) expect(last, id).toHaveProperty(id);
    expect(report.missing).toEqual({});
    expect(onRequest.missing).toEqual({});
    // Burn multiple is not defined when net new ARR is not positive (documented in its formula).
    const undefinedHere = (id: string) => id === 'burn_multiple' && (last.net_new_mrr ?? 0) <= 0;
    const nulls = ids.filter((id) => last[id] === null && !undefinedHere(id));
    expect(nulls, `null in ${report.periods.at(-2)!.period}`).toEqual([]);
  });

  it('carries comparisons in JSON only with --compare', async () => {
    expect(report.periods[0]).not.toHaveProperty('comparisons');
    const compared = await json<Report>(
      'metrics',
      '--format',
      'json',
      '--compare',
      '--metric',
      'mrr,cac',
    );
    const last = compared.periods.at(-2)!;
    expect(Object.keys(last.comparisons!)).toEqual(['mrr', 'cac']);
    expect(last.comparisons!.mrr!.previous).toBe(compared.periods.at(-3)!.metrics.mrr);
  });

  it('selects a stage preset, combined with --by', async () => {
    const growth = STAGE_PRESETS.find((p) => p.id === 'growth')!;
    const byPlan = await json<{ preset: string; series: { value: string; periods: Period[] }[] }>(
      'metrics',
      '--format',
      'json',
      '--preset',
      'growth',
      '--by',
      'segment',
    );
    expect(byPlan.preset).toBe('growth');
    expect(byPlan.series.length).toBeGreaterThan(1);
    for (const s of byPlan.series)
      expect(Object.keys(s.periods.at(-1)!.metrics)).toEqual([...growth.metrics]);
    const presets = await json<{ presets: { id: string; metrics: { id: string }[] }[] }>(
      'presets',
      '--format',
      'json',
    );
    expect(presets.presets.map((p) => p.id)).toEqual(['early', 'growth', 'mature']);
    const unknown = await northstar('metrics', '--preset', 'seed');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('early, growth, mature');
  });

  it('explains a metric with the imported data it used, as text and JSON', async () => {
    const e = await json<{ id: string; data: Record<string, number>; missing: string | null }>(
      'explain',
      'cac',
      '--format',
      'json',
    );
    expect(e.id).toBe('cac');
    expect(e.data.costs).toBeGreaterThan(0);
    expect(e.missing).toBeNull();
    const text = await northstar('explain', 'gross_margin');
    expect(text.stdout).toMatch(/costs\s+\d+ rows/);
    expect(text.stdout).toContain('missing: nothing');
  });

  it('prints the benchmarks as JSON, each figure with its source', async () => {
    const b = await json<{
      benchmarks: { metric: string; source: { year: number }; stale: boolean }[];
    }>('benchmarks', '--format', 'json', '--all');
    expect(b.benchmarks.length).toBeGreaterThan(5);
    for (const x of b.benchmarks) expect(x.source.year).toBeGreaterThan(2000);
  });

  it('says which file a metric needs when its input is absent, instead of a zero', async () => {
    const file = join(dir, 'subscriptions.csv');
    writeFileSync(
      file,
      'subscription_id,customer_id,amount,currency,interval,start_date\ns1,c1,100.00,USD,month,2024-01-01\n',
    );
    const imported = await northstar('--workspace', 'bare', 'import', 'subscriptions', file);
    expect(imported.code, imported.stderr).toBe(0);
    const bare = await json<Report>(
      '--workspace',
      'bare',
      'metrics',
      '--format',
      'json',
      '--metric',
      'mrr,cac,runway_months',
    );
    expect(bare.missing).toEqual({
      cac: 'needs costs.csv (sales, marketing)',
      runway_months: 'needs cash.csv',
    });
    expect(bare.periods.at(-1)!.metrics).toMatchObject({
      mrr: 100,
      cac: null,
      runway_months: null,
    });
    const table = await northstar('--workspace', 'bare', 'metrics', '--metric', 'mrr,cac');
    expect(table.stdout).toContain('cac: needs costs.csv (sales, marketing)');
    const explained = await json<{ missing: string; data: Record<string, number> }>(
      '--workspace',
      'bare',
      'explain',
      'cac',
      '--format',
      'json',
    );
    expect(explained.missing).toBe('needs costs.csv (sales, marketing)');
    expect(explained.data).toMatchObject({ subscriptions: 1, costs: 0 });
  });
});
