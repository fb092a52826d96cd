import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../model/workspace.ts';
import { d, subscription as sub } from '../../test/fixtures/engine/test-rows.ts';
import { payingContributions } from './contributors.ts';
import { computeMrr } from './mrr.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';

/**
 * c1 pays $50 from 5 to 20 February only, and has a free line (100% off) from January on:
 * a paid spell that joins and leaves within one month, then a free customer.
 */
function joinLeaveThenFree(settings: Partial<WorkspaceSettings>) {
  const rows = [
    sub('c1', 5000, '2024-02-05', { end_date: d('2024-02-20') }),
    sub('c1', 1000, '2024-01-01', { discount_percent: 100 }),
  ];
  return computeMrr(mrrInputsFromRows(rows, []), {
    interval: 'month',
    mode: 'event',
    firstDay: d('2024-01-01'),
    lastDay: d('2024-04-30'),
    settings: { ...DEFAULT_SETTINGS, freeCustomers: 'active', ...settings },
  });
}

describe('paying contributions', () => {
  it('count a free customer only when the engine counts it as having paid', () => {
    const march = 2;
    const counted = joinLeaveThenFree({ joinAndLeaveMovements: 'count' });
    expect(counted.periods[march]!.label).toBe('2024-03');
    expect(counted.facts.customersEnd[march]).toBe(1);
    expect(payingContributions(counted, march, 'count')).toHaveLength(1);
    expect(counted.customers.firstPaidDay(0)).toBe(d('2024-02-05'));

    // ProfitWell's switch: the February spell is ignored, so c1 never paid and its free
    // line alone does not make it a customer, in the metric and in its drill-down alike.
    const ignored = joinLeaveThenFree({ joinAndLeaveMovements: 'ignore' });
    expect(ignored.facts.customersEnd[march]).toBe(0);
    expect(payingContributions(ignored, march, 'count')).toEqual([]);
    expect(ignored.customers.firstPaidDay(0)).toBeNull();
    expect(ignored.customers.activeAtZero(0, d('2024-03-31'))).toBe(false);
  });
});
