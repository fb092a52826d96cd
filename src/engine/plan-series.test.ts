import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import { NONE, USAGE } from '../model/segment-value.ts';
import { FOLLOWS_CUSTOMER_PLAN } from '../store/store.ts';
import { columnPlans, hasPlans, linePlanCodes, planSeriesInputs, plansOn } from './plan-series.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';
import { PlanHistory } from './segments.ts';

const DAY0 = 19_000;

/** Few customers, starts, amounts and plans: rows that tie on start and on monthly amount. */
const rowArb = fc
  .record({
    customer: fc.integer({ min: 0, max: 2 }),
    start: fc.integer({ min: 0, max: 6 }),
    length: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    amount: fc.constantFrom(0, 1000, 2000),
    plan: fc.constantFrom('Basic', 'Pro', 'Team', null),
  })
  .map((r): SubscriptionRow => ({
    subscription_id: '',
    customer_id: `c${r.customer}`,
    amount: r.amount,
    currency: 'USD',
    interval: 'month',
    interval_count: 1,
    start_date: DAY0 + r.start,
    plan: r.plan,
    quantity: 1,
    discount_percent: 0,
    discount_duration: 'forever',
    end_date: r.length === null ? null : DAY0 + r.start + r.length,
    trial_end: null,
    canceled_at: null,
  }));

const line = (customer: string, plan: string | null, type: 'subscription' | 'usage') =>
  ({
    invoice_id: `i-${customer}-${plan}-${type}`,
    customer_id: customer,
    issued_at: DAY0 + 4,
    amount: 500,
    discount: 0,
    currency: 'USD',
    type,
    status: 'paid',
    paid_at: DAY0 + 4,
    period_start: DAY0 + 4,
    period_end: DAY0 + 34,
    plan,
  }) as InvoiceRow;

describe('plans on the columns', () => {
  it("a customer's plan on any day is PlanHistory's, whatever order the rows come in", () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 10 }),
        fc.integer({ min: -1, max: 14 }),
        (rows, offset) => {
          const inputs = mrrInputsFromRows(rows, [], [], null, undefined, false, true);
          if (!hasPlans(inputs)) throw new Error('no plans read');
          const fromColumns = columnPlans(inputs);
          const day = DAY0 + offset;
          const listed = plansOn(inputs, day);
          const reversed = new PlanHistory([...rows].reverse());
          const history = new PlanHistory(rows);
          for (const customer of ['c0', 'c1', 'c2', 'c9']) {
            const plan = history.planOn(customer, day);
            expect(reversed.planOn(customer, day)).toBe(plan);
            // A row without a plan is read as NONE, which matches as a missing plan does.
            expect(fromColumns.planOn(customer, day) ?? NONE).toBe(plan ?? NONE);
          }
          // The customers list's column: the plan, null for none.
          inputs.customerIds.forEach((id, c) =>
            expect(listed[c], id).toBe(history.planOn(id, day)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a line without a plan takes its customer’s on the day it was issued', () => {
    const [row] = fc.sample(rowArb, { numRuns: 1, seed: 1 });
    // Basic until day 10, Pro from then: a line issued on day 4 is Basic's, whatever its period.
    const rows = [
      { ...row!, customer_id: 'c0', plan: 'Basic', start_date: DAY0, end_date: DAY0 + 10 },
      { ...row!, customer_id: 'c0', plan: 'Pro', start_date: DAY0 + 10, end_date: null },
    ];
    const invoices = [
      line('c0', null, 'subscription'),
      line('c0', null, 'usage'),
      line('c0', 'API', 'subscription'),
      line('c1', null, 'subscription'),
    ];
    const inputs = mrrInputsFromRows(rows, invoices, [], null, undefined, false, true);
    if (!hasPlans(inputs)) throw new Error('no plans read');
    expect(inputs.plans).toEqual(['API', 'Basic', NONE, 'Pro', USAGE].sort());
    expect([...inputs.invoiceLines.plan!]).toContain(FOLLOWS_CUSTOMER_PLAN);
    const codes = linePlanCodes(inputs);
    const plansOf = (customer: string) =>
      [...codes]
        .filter((_, i) => inputs.invoiceLines.customer[i] === inputs.customerIds.indexOf(customer))
        .map((c) => inputs.plans[c])
        .sort();
    // Its own plan, USAGE for the usage line, and the customer's plan that day for the other.
    expect(plansOf('c0')).toEqual(['API', 'Basic', USAGE]);
    // c1 has no subscription row: its line is in the NONE series.
    expect(plansOf('c1')).toEqual([NONE]);
  });

  it("a series' inputs are its plan's rows, over the rows of the plans before it", () => {
    const rows = fc.sample(rowArb, { numRuns: 30, seed: 7 });
    const inputs = mrrInputsFromRows(rows, [], [], null, undefined, false, true);
    if (!hasPlans(inputs)) throw new Error('no plans read');
    const lines = linePlanCodes(inputs);
    let before = 0;
    inputs.plans.forEach((plan, code) => {
      const series = planSeriesInputs(inputs, lines, code);
      const own = rows.filter((r) => (r.plan ?? NONE) === plan).length;
      expect(series.inputs.subscriptions.length).toBe(own);
      expect(series.baseline.subscriptions.length).toBe(before);
      expect(series.inputs.customerIds).toBe(inputs.customerIds);
      before += own;
    });
    expect(before).toBe(rows.length);
  });
});
