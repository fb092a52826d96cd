/**
 * The CLI as a user runs it (in-process: test/cli/run-cli.ts), a real DuckDB file, real files
 * to import.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../src/metrics/registry.ts';
import { northstarOn } from './cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-cli-'));
const db = join(dir, 'test.duckdb');

const northstar = northstarOn(db);

interface MetricsJson {
  currency: string;
  interval: string;
  periods: { period: string; start: string; end: string; metrics: Record<string, unknown> }[];
}

async function metricsJson(...args: string[]): Promise<MetricsJson> {
  const result = await northstar('metrics', '--format', 'json', ...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as MetricsJson;
}

beforeAll(async () => {
  const result = await northstar('demo', '--customers', '120', '--seed', '7');
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/MRR/);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('northstar CLI', () => {
  it('prints every registry metric in the JSON output, in the documented shape', async () => {
    const report = await metricsJson();
    expect(report.currency).toBe('USD');
    expect(report.interval).toBe('month');
    expect(report.periods.length).toBeGreaterThanOrEqual(36);
    const last = report.periods.at(-1)!;
    expect(last.period).toMatch(/^\d{4}-\d{2}$/);
    expect(last.start).toMatch(/^\d{4}-\d{2}-01$/);
    for (const metric of METRICS) expect(last.metrics).toHaveProperty(metric.id);
    expect(typeof last.metrics.mrr).toBe('number');
    expect(last.metrics.arr).toBeCloseTo((last.metrics.mrr as number) * 12, 6);
  });

  it('rejects a malformed CSV with file, row, column and reason, and changes nothing', async () => {
    const before = await metricsJson();
    const file = join(dir, 'bad-subscriptions.csv');
    writeFileSync(
      file,
      [
        'subscription_id,customer_id,amount,currency,interval,start_date,end_date,quantity',
        'new-1,c-new,100.00,USD,month,2025-01-01,,1',
        'new-2,c-new,50.00,XYZ,month,2025-01-01,,1',
        'new-3,c-new,50.00,USD,month,2025-03-01,2025-02-01,1',
        'new-4,c-new,50.00,USD,month,2025-13-45,,1',
        'new-5,c-new,50.00,USD,month,2025-01-01,,-2',
        '',
      ].join('\r\n'),
    );
    const result = await northstar('import', 'subscriptions', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing was imported');
    expect(result.stderr).toMatch(/bad-subscriptions\.csv:3 \[currency\]/);
    expect(result.stderr).toMatch(/bad-subscriptions\.csv:4 \[end_date\]/);
    expect(result.stderr).toMatch(/bad-subscriptions\.csv:5 \[start_date\]/);
    expect(result.stderr).toMatch(/bad-subscriptions\.csv:6 \[quantity\]/);
    const after = await metricsJson();
    expect(after).toEqual(before);
  });

  it('imports a French spreadsheet export (BOM, semicolons, quoted delimiter, CRLF) and re-imports idempotently', async () => {
    const file = join(dir, 'fr-customers.csv');
    writeFileSync(file, '\uFEFFcustomer_id;name;country\r\nfr-1;"Dupont; Fils";FR\r\n\r\n');
    const first = await northstar('import', 'customers', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('1 new');
    const again = await northstar('import', 'customers', file);
    expect(again.stdout).toContain('0 new, 1 updated');
  });

  it('agrees between event and snapshot modes on MRR at month ends', async () => {
    const event = await metricsJson('--metric', 'mrr', '--mode', 'event');
    const snapshot = await metricsJson('--metric', 'mrr', '--mode', 'snapshot');
    // The current month is partial; complete months end on their last day in both modes.
    const complete = (r: MetricsJson) => r.periods.slice(0, -1).map((p) => p.metrics.mrr);
    expect(complete(snapshot)).toEqual(complete(event));
  });

  it('checks alert rules after an import, once per condition', async () => {
    const added = await northstar(
      'alerts',
      'add',
      '--name',
      'MRR above 1',
      '--metric',
      'mrr',
      '--above',
      '1',
    );
    expect(added.code, added.stderr).toBe(0);
    const file = join(dir, 'one-customer.csv');
    writeFileSync(file, 'customer_id,name\nalert-1,Alert Co\n');
    const first = await northstar('import', 'customers', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/alert fired: mrr is \$[\d,.]+ in \d{4}-\d{2} \(above \$1\.00\)/);
    const again = await northstar('import', 'customers', file);
    expect(again.stdout).not.toContain('alert fired');
  });
});
