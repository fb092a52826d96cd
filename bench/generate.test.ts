import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIsoDay, type Day } from '../src/model/day.ts';
import { KIND_SPECS, SUBSCRIPTION_INTERVALS } from '../src/model/kinds.ts';
import { parseMinorUnits } from '../src/model/money.ts';
import { BENCH_END, BENCH_START, generateBenchWorkspace } from './generate.ts';

const root = mkdtempSync(join(tmpdir(), 'northstar-bench-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CUSTOMERS = 20_000;
const files = await generateBenchWorkspace(join(root, 'a'), CUSTOMERS, 7);
const parse = (path: string): { fields: string[]; rows: Record<string, string>[] } => {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
};
const customers = parse(files.customersCsv);
const subscriptions = parse(files.subscriptionsCsv);
const fx = parse(files.fxRatesCsv);

const day = (text: string | undefined): Day | null =>
  text === undefined || text === '' ? null : parseIsoDay(text);

describe('generateBenchWorkspace', () => {
  it('writes the spec columns and reports what it wrote', () => {
    const names = (kind: 'customers' | 'subscriptions' | 'fx_rates'): string[] =>
      KIND_SPECS[kind].columns.map((c) => c.name).sort();
    expect([...customers.fields].sort()).toEqual(names('customers'));
    expect([...subscriptions.fields].sort()).toEqual(names('subscriptions'));
    expect([...fx.fields].sort()).toEqual(names('fx_rates'));
    expect(customers.rows).toHaveLength(CUSTOMERS);
    expect(files.customerCount).toBe(CUSTOMERS);
    expect(subscriptions.rows).toHaveLength(files.subscriptionRowCount);
    expect(fx.rows).toHaveLength(BENCH_END - BENCH_START + 1);
  });

  it('writes valid rows: unique ids, known customers, consistent dates', () => {
    const customerIds = new Set(customers.rows.map((c) => c.customer_id));
    expect(customerIds.size).toBe(CUSTOMERS);
    const subscriptionIds = new Set<string>();
    const problems: string[] = [];
    for (const s of subscriptions.rows) {
      const id = s.subscription_id ?? '';
      if (subscriptionIds.has(id)) problems.push(`${id} duplicated`);
      subscriptionIds.add(id);
      if (!customerIds.has(s.customer_id ?? '')) problems.push(`${id} unknown customer`);
      const start = day(s.start_date);
      const end = day(s.end_date);
      const trialEnd = day(s.trial_end);
      const canceledAt = day(s.canceled_at);
      if (start === null || start < BENCH_START || start > BENCH_END) problems.push(`${id} start`);
      if (start !== null && end !== null && end < start) problems.push(`${id} ends before start`);
      if (start !== null && trialEnd !== null && trialEnd <= start) problems.push(`${id} trial`);
      if (canceledAt !== null && (canceledAt > BENCH_END || end === null || canceledAt > end)) {
        problems.push(`${id} canceled_at`);
      }
      if (!SUBSCRIPTION_INTERVALS.includes(s.interval as never)) problems.push(`${id} interval`);
      const amount = parseMinorUnits(s.amount ?? '', 2);
      if (typeof amount !== 'number' || amount <= 0) problems.push(`${id} amount`);
      if (!['USD', 'EUR'].includes(s.currency ?? '')) problems.push(`${id} currency`);
      if (!(Number(s.quantity) >= 1) || !(Number(s.discount_percent) >= 0))
        problems.push(`${id} qty`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    for (const c of customers.rows) {
      const created = day(c.created_at);
      expect(created !== null && created >= BENCH_START && created <= BENCH_END).toBe(true);
    }
  });

  it('has about 4 rows per customer with changes, churn, reactivations and add-ons', () => {
    const perCustomer = files.subscriptionRowCount / CUSTOMERS;
    expect(perCustomer).toBeGreaterThan(3.5);
    expect(perCustomer).toBeLessThan(4.8);
    const eur = subscriptions.rows.filter((s) => s.currency === 'EUR').length;
    expect(eur / subscriptions.rows.length).toBeGreaterThan(0.07);
    expect(eur / subscriptions.rows.length).toBeLessThan(0.13);
    expect(new Set(subscriptions.rows.map((s) => s.interval))).toEqual(
      new Set(['month', 'quarter', 'year']),
    );
    const count = (test: (s: Record<string, string>) => boolean): number =>
      subscriptions.rows.filter(test).length;
    expect(count((s) => s.trial_end !== '')).toBeGreaterThan(CUSTOMERS * 0.15);
    expect(count((s) => s.canceled_at !== '')).toBeGreaterThan(CUSTOMERS * 0.1);
    expect(count((s) => s.discount_percent !== '0')).toBeGreaterThan(CUSTOMERS * 0.05);
    expect(count((s) => Number(s.quantity) > 1)).toBeGreaterThan(CUSTOMERS * 0.1);
    let reactivated = 0;
    let concurrent = 0;
    let current = '';
    let coveredUntil = -Infinity;
    for (const s of subscriptions.rows) {
      const start = day(s.start_date) ?? 0;
      if (s.customer_id !== current) {
        current = s.customer_id ?? '';
        coveredUntil = -Infinity;
      } else if (start > coveredUntil) reactivated++;
      else if (start < coveredUntil && s.plan === 'Analytics add-on') concurrent++;
      coveredUntil = Math.max(coveredUntil, day(s.end_date) ?? Infinity);
    }
    expect(reactivated).toBeGreaterThan(CUSTOMERS * 0.02);
    expect(concurrent).toBeGreaterThan(CUSTOMERS * 0.03);
  });

  it('is deterministic for a seed', async () => {
    const again = await generateBenchWorkspace(join(root, 'b'), CUSTOMERS, 7);
    expect(readFileSync(again.subscriptionsCsv, 'utf8')).toBe(
      readFileSync(files.subscriptionsCsv, 'utf8'),
    );
    expect(readFileSync(again.customersCsv, 'utf8')).toBe(readFileSync(files.customersCsv, 'utf8'));
    const small = await generateBenchWorkspace(join(root, 'c'), 1000, 7);
    const other = await generateBenchWorkspace(join(root, 'd'), 1000, 8);
    expect(readFileSync(other.subscriptionsCsv, 'utf8')).not.toBe(
      readFileSync(small.subscriptionsCsv, 'utf8'),
    );
  });
});
