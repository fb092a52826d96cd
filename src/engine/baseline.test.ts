import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../model/workspace.ts';
import { computeMrr } from './mrr.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';
import { seriesInputsFromRows } from '../../test/fixtures/engine/plan-series-rows.ts';
import { d, subscription } from '../../test/fixtures/engine/test-rows.ts';

/**
 * The demo's missing cent (issue 11): a customer on Business (2 × 2,990.00 a year) and the
 * Analytics add-on (490.00 a year) has MRR 498.333… + 40.833… = 539.1666… → 539.17, but
 * rounding each plan's part on its own gives 498.33 + 40.83 = 539.16. Valued on top of the
 * series before it, the Business series gets 539.17 − 40.83 = 498.34: the plans add up.
 */
describe('a breakdown series valued on a baseline', () => {
  const business = subscription('c', 299_000, '2026-01-01', {
    plan: 'Business',
    interval: 'year',
    quantity: 2,
  });
  const addOn = subscription('c', 49_000, '2026-01-01', { plan: 'Add-on', interval: 'year' });
  const all = { subscriptions: [business, addOn], invoices: [] };
  const none = { subscriptions: [], invoices: [] };
  const options = {
    interval: 'month' as const,
    mode: 'event' as const,
    lastDay: d('2026-03-31'),
    settings: DEFAULT_SETTINGS,
  };
  const mrrOf = (series: {
    inputs: Parameters<typeof computeMrr>[0];
    baseline: Parameters<typeof computeMrr>[0];
  }) => computeMrr(series.inputs, { ...options, baseline: series.baseline }).facts.mrrEnd.at(-1);

  it('adds up to the customer’s once-rounded MRR', () => {
    const total = computeMrr(mrrInputsFromRows([business, addOn]), options).facts.mrrEnd.at(-1);
    expect(total).toBe(53_917);
    const first = mrrOf(
      seriesInputsFromRows({ subscriptions: [addOn], invoices: [] }, none, all, [], null),
    );
    const second = mrrOf(
      seriesInputsFromRows(
        { subscriptions: [business], invoices: [] },
        { subscriptions: [addOn], invoices: [] },
        all,
        [],
        null,
      ),
    );
    expect([first, second]).toEqual([4_083, 49_834]);
    // Alone, the Business line rounds to 498.33: the cent the plain split loses.
    expect(computeMrr(mrrInputsFromRows([business]), options).facts.mrrEnd.at(-1)).toBe(49_833);
  });
});
