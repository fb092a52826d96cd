import { partsFromDay, type Day } from '../model/day.ts';
import type { Goal } from '../goals/types.ts';

/**
 * The demo company's goals for the year containing `today`: the README's "ARR $1M" and a
 * churn ceiling (lower is better), with no baseline set, so both take it from the demo's
 * history at the start of the year, as a goal created on 1 January would.
 */
export function demoGoals(today: Day): Goal[] {
  const { year } = partsFromDay(today);
  const dates = { start: `${year}-01-01`, due: `${year}-12-31` };
  return [
    { id: 'arr-1m', name: 'ARR $1M', kind: 'money', metric: 'arr', target: 1_000_000, ...dates },
    {
      id: 'churn-under-3',
      name: 'Customer churn under 3%',
      kind: 'rate',
      metric: 'customer_churn_rate',
      target: 0.03,
      ...dates,
    },
  ];
}
