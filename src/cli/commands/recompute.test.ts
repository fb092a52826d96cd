/** `northstar recompute` stores every customer's MRR; the metrics read from it are the same. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { saveSchedule } from '../../reports/service.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-recompute-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('recomputes and stores the results; metrics then come from them, unchanged', async () => {
  const db = join(dir, 'northstar.duckdb');
  const day = () => new Date().toISOString().slice(0, 10);
  const started = day();
  expect((await runNorthstar('--db', db, 'demo', '--customers', '30')).code).toBe(0);
  const before = await runNorthstar('--db', db, 'metrics', '--format', 'json');
  const recompute = await runNorthstar('--db', db, 'recompute');
  expect(recompute.code).toBe(0);
  expect(recompute.stdout).toMatch(
    /^recomputed \d+ customers, \d+ months \(\d{4}-\d{2} to \d{4}-\d{2}, through \d{4}-\d{2}-\d{2}\) in \d+\.\d\d s\n$/,
  );
  const store = await openDuckDbStore(db);
  try {
    expect(await store.readMrrResults('default')).not.toBeNull();
  } finally {
    await store.close();
  }
  const after = await runNorthstar('--db', db, 'metrics', '--format', 'json');
  // Across midnight the two runs report different days: nothing to compare then.
  if (day() === started) expect(after.stdout).toBe(before.stdout);
}, 180_000);

/** A demo workspace whose stored results other settings have made stale. */
async function staleResults(name: string): Promise<string> {
  const db = join(dir, name);
  expect((await runNorthstar('--db', db, 'demo', '--customers', '30')).code).toBe(0);
  expect((await runNorthstar('--db', db, 'recompute')).code).toBe(0);
  // Other settings make the stored results stale: the next answer recomputes them all.
  expect((await runNorthstar('--db', db, 'workspace', '--churn-timing', 'immediate')).code).toBe(0);
  return db;
}

it('metrics says so when answering needs a full recompute of the stored results', async () => {
  const db = await staleResults('settings.duckdb');
  const day = () => new Date().toISOString().slice(0, 10);
  const started = day();
  const stale = await runNorthstar('--db', db, 'metrics', '--format', 'json', '--metric', 'mrr');
  expect(stale.code).toBe(0);
  expect(stale.stderr).toContain('recomputing every customer once');
  expect(stale.stderr).toMatch(/^ {2}0 of \d+ customers$/m);
  const kept = await runNorthstar('--db', db, 'metrics', '--format', 'json', '--metric', 'mrr');
  // Across midnight the results are of an earlier day again: nothing to compare then.
  if (day() !== started) return;
  expect(kept.stderr).toBe('');
  expect(kept.stdout).toBe(stale.stdout);
}, 180_000);

it('export says so too', async () => {
  const db = await staleResults('export.duckdb');
  const out = join(dir, 'metrics.xlsx');
  const exported = await runNorthstar('--db', db, 'export', '--metric', 'mrr', '--out', out);
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stderr).toContain('recomputing every customer once');
}, 180_000);

it('goals, alerts, the digest and forecasts say so too, before their answers', async () => {
  const db = await staleResults('services.duckdb');
  const timings = ['immediate', 'period_end'];
  const rule = ['alerts', 'add', '--metric', 'mrr', '--below', '1', '--name', 'MRR gone'];
  expect((await runNorthstar('--db', db, ...rule)).code).toBe(0);
  const commands = [
    ['goals', 'list'],
    ['alerts', 'check', '--dry-run'],
    ['report', 'send', '--print'],
    ['forecast', '--metric', 'mrr'],
  ];
  for (const [i, command] of commands.entries()) {
    // Each command finds the results stale (other settings again), recomputes them once.
    if (i > 0) {
      const timing = ['workspace', '--churn-timing', timings[i % 2]!];
      expect((await runNorthstar('--db', db, ...timing)).code).toBe(0);
    }
    const stale = await runNorthstar('--db', db, ...command);
    expect(stale.code, `${command.join(' ')}: ${stale.stderr}`).toBe(0);
    expect(stale.stderr, command.join(' ')).toContain('recomputing every customer once');
  }
}, 300_000);

it('report run-due says so too when a digest is due, and recomputes nothing when none is', async () => {
  const db = await staleResults('run-due.duckdb');
  const idle = await runNorthstar('--db', db, 'report', 'run-due');
  expect(idle.code, idle.stderr).toBe(0);
  expect(idle.stdout).toContain('Nothing due.');
  expect(idle.stderr).toBe('');
  // A weekly digest created a fortnight ago, to a webhook nobody listens at.
  const store = await openDuckDbStore(db);
  try {
    await saveSchedule(store, 'default', {
      id: 'weekly',
      cron: '0 8 * * 1',
      timeZone: 'UTC',
      channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/digest', secret: 'whsec_test' }],
      createdAt: new Date(Date.now() - 14 * 86_400_000).toISOString(),
      lastRunAt: null,
    });
  } finally {
    await store.close();
  }
  const due = await runNorthstar('--db', db, 'report', 'run-due');
  expect(due.code, due.stderr).toBe(0);
  expect(due.stderr).toContain('recomputing every customer once');
  expect(due.stdout).toMatch(/^weekly: (sent|FAILED) webhook/m);
}, 300_000);
