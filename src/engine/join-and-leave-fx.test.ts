import { describe, expect, it } from 'vitest';
import type { FxRateRow } from '../model/kinds.ts';
import { DEFAULT_SETTINGS } from '../model/workspace.ts';
import { d, subscription as sub } from '../../test/fixtures/engine/test-rows.ts';
import { fxContributions } from './contributors.ts';
import { computeMrr } from './mrr.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';

/**
 * c1 has a tiny EUR line (0.9 euro cents a month) from 10 January: 0 US cents at 0.5, 1 cent
 * at 0.6. The rate is 0.6 from 28 February to 9 March, so on the grid points of 28 February
 * and 1 March the customer is at 1 cent (fx), and back at 0 on 15 March (fx again), when a
 * $10 line starts that ends on 20 March: a spell that joins and leaves within Q1.
 */
function tinyEurThenJoinAndLeave(joinAndLeaveMovements: 'count' | 'ignore') {
  const fx: FxRateRow[] = [
    { date: d('2022-12-01'), currency: 'EUR', rate: 0.5 },
    { date: d('2023-02-28'), currency: 'EUR', rate: 0.6 },
    { date: d('2023-03-10'), currency: 'EUR', rate: 0.5 },
  ];
  const rows = [
    sub('c1', 1, '2023-01-10', { currency: 'EUR', discount_percent: 10 }),
    sub('c1', 1000, '2023-03-15', { end_date: d('2023-03-20') }),
  ];
  return computeMrr(mrrInputsFromRows(rows, [], fx), {
    interval: 'quarter',
    mode: 'event',
    lastDay: d('2023-06-30'),
    settings: { ...DEFAULT_SETTINGS, joinAndLeaveMovements },
    collectMovements: true,
  });
}

describe('join-and-leave movements ignored', () => {
  it('keep the fx of the line in force before the ignored spell (the MRR identity holds)', () => {
    const q1 = 0;
    const counted = tinyEurThenJoinAndLeave('count');
    expect(counted.periods[q1]!.label).toBe('2023-Q1');
    expect(counted.facts.mrrEnd[q1]).toBe(0);
    expect(counted.facts.fxImpact[q1]).toBe(0); // +1 cent on 28 February, -1 on 15 March
    expect(counted.facts.movementMrr[0]![q1]).toBe(1000);
    expect(counted.facts.movementMrr[3]![q1]).toBe(1000);

    // The spell from 15 to 20 March is ignored; the cent the rate took away on 15 March is
    // still fx (it was counted as 1 here, with no movement and MRR 0 at both ends).
    const ignored = tinyEurThenJoinAndLeave('ignore');
    expect(ignored.facts.mrrStart[q1]).toBe(0);
    expect(ignored.facts.mrrEnd[q1]).toBe(0);
    expect(ignored.facts.fxImpact[q1]).toBe(0);
    for (const type of ignored.facts.movementMrr) expect(type[q1]).toBe(0);
    expect(ignored.movements).toEqual([]);
    // The drill-down agrees: the customer's fx is its MRR change less its movements.
    expect(fxContributions(ignored, q1).reduce((a, c) => a + c.amount, 0)).toBe(
      ignored.facts.fxImpact[q1],
    );
  });
});
