/**
 * The integration commands as a user runs them (in-process: test/cli/run-cli.ts), a real DuckDB file, a local
 * Stripe double for `sync stripe`, real export files for `import-from` and `import --map`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeDouble } from '../../test/fixtures/integrations/stripe/double.ts';
import { openStore } from '../store/open.ts';
import { loadStripeState } from './stripe/state.ts';
import {
  customer,
  invoice,
  price,
  product,
  subscription,
} from '../../test/fixtures/integrations/stripe/objects.ts';
import { northstarOn } from '../../test/cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-integrations-cli-'));
const db = join(dir, 'test.duckdb');
const FIXTURES = 'test/fixtures/integrations';

const northstar = northstarOn(db);

const double = new StripeDouble({
  products: [product()],
  prices: [price()],
  coupons: [],
  customers: [customer()],
  subscriptions: [subscription()],
  invoices: [invoice()],
  credit_notes: [],
  refunds: [],
});
let base = '';
beforeAll(async () => {
  base = await double.start();
});
afterAll(async () => {
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('northstar integration commands', () => {
  it('sync stripe writes rows, shows progress on stderr and keeps its state in the database', async () => {
    const result = await northstar('sync', 'stripe', '--api-key', 'sk_test_x', '--api-base', base);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/synced 1 customers, 1 subscriptions, 1 invoices/);
    expect(result.stderr).toMatch(/stripe: Subscriptions 1 ✓/);
    expect(existsSync(`${db}.stripe-sync.json`)).toBe(false);
    const store = await openStore({ db });
    try {
      const state = await loadStripeState(store, 'default');
      expect(state.checkpoint).toBeNull();
      expect(state.lastCompletedAt).not.toBeNull();
    } finally {
      await store.close();
    }
    const metrics = await northstar(
      'metrics',
      '--format',
      'json',
      '--from',
      '2025-01',
      '--to',
      '2025-01',
    );
    expect(metrics.code, metrics.stderr).toBe(0);
    expect(JSON.parse(metrics.stdout).periods[0].metrics.mrr).toBe(49);
  });

  it('sync stripe needs a key', async () => {
    const result = await northstar('sync', 'stripe');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/STRIPE_API_KEY/);
  });

  it('import-from reports every bad row, exits 2 and writes nothing', async () => {
    const bad = await northstar(
      'import-from',
      'hubspot-deals',
      `${FIXTURES}/hubspot-deals-bad.csv`,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/hubspot-deals-bad\.csv:4 \[value\]: "lots" is not a number/);
    const good = await northstar(
      'import-from',
      'salesforce-opportunities',
      `${FIXTURES}/salesforce-opportunities.csv`,
    );
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/imported 6 funnel rows \(6 new, 0 updated\)/);
  });

  it('import --map maps a foreign file onto a canonical kind', async () => {
    const result = await northstar(
      'import',
      'subscriptions',
      `${FIXTURES}/subscriptions-export.csv`,
      '--map',
      `${FIXTURES}/subscriptions-export.map.json`,
      '--dry-run',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/3 subscriptions rows are valid/);
  });
});
