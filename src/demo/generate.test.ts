import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { minorDigits } from '../model/currency.ts';
import { addMonths, dayFromParts, parseIsoDay, partsFromDay, type Day } from '../model/day.ts';
import { IMPORT_KINDS, KIND_SPECS, type ImportKind } from '../model/kinds.ts';
import { parseMinorUnits } from '../model/money.ts';
import { demoProblems } from './check.ts';
import { demoToCsv, demoWindow, generateDemo, type DemoData } from './generate.ts';

const END = dayFromParts(2025, 12, 31);
const demo = generateDemo({ customers: 300, seed: 42, end: END });

/** Rows grouped by customer_id (Map.groupBy needs Node 21). */
function byCustomer<T extends { customer_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.customer_id);
    if (list === undefined) map.set(row.customer_id, [row]);
    else list.push(row);
  }
  return map;
}

describe('generateDemo', () => {
  it('is deterministic: the same seed and end give the same data', () => {
    const again = generateDemo({ customers: 300, seed: 42, end: END });
    expect(again).toEqual(demo);
    expect(demoToCsv(again)).toEqual(demoToCsv(demo));
    const other = generateDemo({ customers: 300, seed: 43, end: END });
    expect(other.subscriptions).not.toEqual(demo.subscriptions);
  });

  it('produces rows that satisfy every kind spec and the cross-kind rules', () => {
    expect(demoProblems(demo, END)).toEqual([]);
    for (const kind of IMPORT_KINDS) expect(demo[kind].length, kind).toBeGreaterThan(0);
  });

  it('is valid for other sizes, seeds, partial months and short windows', () => {
    const cases = [
      { customers: 1, seed: 1, end: dayFromParts(2024, 2, 29) },
      { customers: 40, seed: 7, end: dayFromParts(2025, 6, 15), months: 12 },
      { customers: 120, seed: 99, end: dayFromParts(2024, 3, 31), months: 3 },
      { customers: 500, seed: 2024, end: dayFromParts(2026, 1, 1) },
    ];
    for (const options of cases) {
      const data = generateDemo(options);
      expect(data.customers).toHaveLength(options.customers);
      expect(demoProblems(data, options.end, options.months), JSON.stringify(options)).toEqual([]);
    }
  });

  it('covers 36 months ending on `end`', () => {
    const window = demoWindow(END);
    expect(window.start).toBe(dayFromParts(2023, 1, 1));
    expect(demo.fx_rates[0]?.date).toBe(window.start);
    expect(demo.fx_rates.at(-1)?.date).toBe(END);
    expect(demo.fx_rates).toHaveLength(END - window.start + 1);
    expect(demo.cash).toHaveLength(36);
    expect(demo.headcount).toHaveLength(36);
  });

  it('has the features of a real SaaS history', () => {
    const subs = demo.subscriptions;
    const intervals = new Set(subs.map((s) => `${s.interval}/${s.interval_count}`));
    expect(intervals).toContain('month/1');
    expect(intervals).toContain('year/1');
    expect(intervals).toContain('quarter/1');
    expect(subs.some((s) => s.quantity > 1)).toBe(true);
    // Trials: about 30% of customers, some never convert.
    const trials = subs.filter((s) => s.trial_end !== null);
    expect(trials.length / demo.customers.length).toBeGreaterThan(0.2);
    expect(trials.length / demo.customers.length).toBeLessThan(0.4);
    expect(trials.some((s) => s.end_date !== null && s.end_date <= (s.trial_end ?? 0))).toBe(true);
    // Discounts, and discounts ending into a full-price row the same day.
    const discounted = subs.filter((s) => s.discount_percent > 0);
    expect(discounted.length).toBeGreaterThan(5);
    const byStart = new Map(subs.map((s) => [`${s.customer_id}@${s.start_date}`, s]));
    expect(
      discounted.some((s) => {
        const next =
          s.end_date === null ? undefined : byStart.get(`${s.customer_id}@${s.end_date}`);
        return next !== undefined && next.discount_percent === 0 && next.plan === s.plan;
      }),
    ).toBe(true);
    // Cancellations at the end of the paid period, asked for earlier.
    const canceled = subs.filter((s) => s.canceled_at !== null && s.end_date !== null);
    expect(canceled.some((s) => (s.end_date ?? 0) - (s.canceled_at ?? 0) > 3)).toBe(true);
    // Reactivations: a customer with a gap between two subscriptions.
    const perCustomer = byCustomer(subs);
    let reactivated = 0;
    let concurrent = 0;
    for (const rows of perCustomer.values()) {
      const sorted = [...rows].sort((a, b) => a.start_date - b.start_date);
      let coveredUntil = -Infinity;
      let gap = false;
      sorted.forEach((s, i) => {
        if (i > 0 && s.start_date > coveredUntil) gap = true;
        if (i > 0 && s.start_date < coveredUntil) concurrent++;
        coveredUntil = Math.max(coveredUntil, s.end_date ?? Infinity);
      });
      if (gap) reactivated++;
    }
    expect(reactivated).toBeGreaterThan(2);
    expect(concurrent).toBeGreaterThan(2); // add-ons next to the main plan
    // Two currencies, EUR for about a fifth of the customers.
    const eurCustomers = new Set(
      subs.filter((s) => s.currency === 'EUR').map((s) => s.customer_id),
    );
    expect(new Set(subs.map((s) => s.currency))).toEqual(new Set(['USD', 'EUR']));
    expect(eurCustomers.size / demo.customers.length).toBeGreaterThan(0.12);
    expect(eurCustomers.size / demo.customers.length).toBeLessThan(0.3);
    // Invoice line types and statuses.
    const types = new Set(demo.invoices.map((i) => i.type));
    expect(types).toEqual(new Set(['subscription', 'usage', 'one_time']));
    const statuses = new Set(demo.invoices.map((i) => i.status));
    for (const s of ['paid', 'open', 'void', 'uncollectible', 'refunded'])
      expect(statuses).toContain(s);
    expect(demo.invoices.some((i) => i.tax > 0 && i.currency === 'EUR')).toBe(true);
    // Marketing costs by channel; every cost category.
    expect(new Set(demo.costs.map((c) => c.category))).toEqual(
      new Set(['sales', 'marketing', 'cogs', 'rnd', 'ga', 'other']),
    );
    expect(new Set(demo.costs.map((c) => c.channel))).toEqual(
      new Set(['', 'paid_search', 'outbound', 'partner']),
    );
    // Funnel stages, and customer stages that name real customers.
    expect(new Set(demo.funnel.map((f) => f.stage))).toEqual(
      new Set(['visitor', 'lead', 'signup', 'trial', 'opportunity', 'customer']),
    );
    const customerStages = demo.funnel.filter((f) => f.stage === 'customer');
    expect(customerStages.every((f) => f.customer_id !== null)).toBe(true);
    expect(new Set(customerStages.map((f) => f.customer_id)).size).toBe(customerStages.length);
    expect(new Set(demo.events.map((e) => e.event))).toContain('activated');
    expect(demo.events.length).toBeLessThan(200_000);
    expect(new Set(demo.surveys.map((s) => s.kind))).toEqual(new Set(['nps', 'csat']));
    expect(demo.customers.every((c) => typeof c.attributes['industry'] === 'string')).toBe(true);
  });

  it('invoices follow the subscription rows', () => {
    const subsByCustomer = byCustomer(demo.subscriptions);
    for (const inv of demo.invoices) {
      if (inv.type !== 'subscription') continue;
      const rows = subsByCustomer.get(inv.customer_id) ?? [];
      const row = rows.find(
        (s) =>
          s.plan === inv.plan &&
          s.quantity === inv.quantity &&
          (s.trial_end ?? s.start_date) <= (inv.period_start ?? 0) &&
          (s.end_date === null || (inv.period_start ?? 0) < s.end_date),
      );
      expect(row, `${inv.invoice_id}/${inv.line_id}`).toBeDefined();
      if (row === undefined) continue;
      expect(inv.discount).toBe(Math.round((inv.amount * row.discount_percent) / 100));
      expect(inv.amount).toBeLessThanOrEqual(row.amount * row.quantity);
    }
  });

  it('grows like a SaaS company: rising MRR, sensible churn and runway', () => {
    const mrrOn = (day: Day): number =>
      demo.subscriptions
        .filter((s) => s.start_date <= day && (s.end_date === null || day < s.end_date))
        .filter((s) => s.trial_end === null || day >= s.trial_end)
        .reduce((sum, s) => {
          const months = { day: 12 / 365, week: 12 / 52, month: 1, quarter: 3, year: 12 }[
            s.interval
          ];
          return (
            sum +
            (s.amount * s.quantity * (1 - s.discount_percent / 100)) / (months * s.interval_count)
          );
        }, 0);
    const yearAgo = mrrOn(addMonths(END, -12));
    expect(mrrOn(END)).toBeGreaterThan(1.5 * yearAgo);
    const last = demo.cash.at(-1)?.balance ?? 0;
    const threeBefore = demo.cash.at(-4)?.balance ?? 0;
    const runway = last / ((threeBefore - last) / 3);
    expect(runway).toBeGreaterThan(14);
    expect(runway).toBeLessThan(24);
    const signupsPerYear = [2023, 2024, 2025].map(
      (y) => demo.customers.filter((c) => partsFromDay(c.created_at ?? 0).year === y).length,
    );
    expect(signupsPerYear[2] ?? 0).toBeGreaterThan(signupsPerYear[0] ?? 0);
  });
});

describe('demoToCsv', () => {
  const csv = demoToCsv(demo);

  it('writes every kind with the exact spec columns and re-parses to the same values', () => {
    for (const kind of IMPORT_KINDS) {
      const parsed = Papa.parse<Record<string, string>>(csv[kind], {
        header: true,
        skipEmptyLines: true,
      });
      expect(parsed.errors, kind).toEqual([]);
      const names = KIND_SPECS[kind].columns.map((c) => c.name);
      expect(parsed.meta.fields?.slice(0, names.length), kind).toEqual(names);
      expect(parsed.data, kind).toHaveLength(demo[kind].length);
      checkCells(kind, parsed.data, demo);
    }
  });

  it('adds customers’ custom attributes as extra columns', () => {
    const header = csv.customers.split('\n')[0];
    expect(header).toBe('customer_id,name,email,created_at,country,segment,channel,industry');
  });

  it('quotes cells with commas and formats money with the currency digits', () => {
    expect(csv.surveys).toMatch(/"[^"]*,[^"]*"/);
    const line = csv.subscriptions.split('\n')[1] ?? '';
    expect(line).toMatch(
      /^sub_\d+_\d+,cus_\d+,\d+\.\d{2},(USD|EUR),(month|quarter|year),\d{4}-\d{2}-\d{2},/,
    );
    expect(csv.events.split('\n')[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,/);
  });
});

function checkCells(
  kind: ImportKind,
  parsed: readonly Record<string, string>[],
  data: DemoData,
): void {
  const rows = data[kind] as unknown as Record<string, unknown>[];
  const columns = KIND_SPECS[kind].columns;
  for (let i = 0; i < rows.length; i += Math.max(1, Math.floor(rows.length / 500))) {
    const row = rows[i] ?? {};
    const cells = parsed[i] ?? {};
    for (const col of columns) {
      const text = cells[col.name] ?? '';
      const value = row[col.name];
      const where = `${kind}[${i}].${col.name} "${text}"`;
      if (value === null) {
        expect(text, where).toBe('');
        continue;
      }
      switch (col.type) {
        case 'day':
          expect(parseIsoDay(text), where).toBe(value);
          break;
        case 'instant':
          expect(Date.parse(text), where).toBe(value);
          break;
        case 'money': {
          const currency = String(row['currency']);
          expect(parseMinorUnits(text, minorDigits(currency)), where).toBe(value);
          break;
        }
        case 'int':
        case 'decimal':
          expect(Number(text), where).toBe(value);
          break;
        default:
          expect(text, where).toBe(value);
      }
    }
  }
}
