/** Near-miss metric ids get a suggestion on every command that takes one (issue 13). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runNorthstar } from '../../../test/cli/run-cli.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-suggest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('explain and metrics suggest the metric meant', async () => {
  const db = join(dir, 'test.duckdb');
  const explain = await runNorthstar('--db', db, 'explain', 'mmr');
  expect(explain.code).toBe(1);
  expect(explain.stderr).toContain('unknown metric "mmr" (did you mean mrr?)');
  const metrics = await runNorthstar('--db', db, 'metrics', '--metric', 'custmer_churn_rate');
  expect(metrics.code).toBe(1);
  expect(metrics.stderr).toContain(
    'unknown metric "custmer_churn_rate" (did you mean customer_churn_rate?)',
  );
});
