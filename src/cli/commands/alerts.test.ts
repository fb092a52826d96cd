/** `northstar alerts add` as the README writes it (issue 13). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRules } from '../../alerts/service.ts';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-alerts-'));
  db = join(dir, 'test.duckdb');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alerts = (...args: string[]) => runNorthstar('--db', db, 'alerts', ...args);

async function rules() {
  const store = await openDuckDbStore(db);
  try {
    return await listRules(store, 'default');
  } finally {
    await store.close();
  }
}

describe('alerts add', () => {
  it("the README's example works: the name defaults to the condition, and no channel is a warning", async () => {
    const run = await alerts('add', '--metric', 'mrr', '--down', '5%');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Saved rule "mrr-down-5-over-1-period-s": mrr down 5% over 1 period(s).',
    );
    expect(run.stderr).toContain('rule "mrr-down-5-over-1-period-s" notifies nobody');
    expect(run.stderr).toContain(
      '--email <addresses>, --slack <url> or --webhook <url> --secret <key>',
    );
    const saved = (await rules()).find((r) => r.id === 'mrr-down-5-over-1-period-s');
    expect(saved?.name).toBe('mrr down 5% over 1 period(s)');
  });

  it('a rule with a channel and a name saves without a warning', async () => {
    const run = await alerts(
      'add',
      '--name',
      'CAC high',
      '--metric',
      'cac',
      '--above',
      '500',
      '--slack',
      'https://hooks.slack.com/services/T/B/X',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Saved rule "cac-high"');
    expect(run.stderr).toBe('');
  });
});
