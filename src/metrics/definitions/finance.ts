import { netBurn, runwayMonths, totalCosts } from '../../engine/finance.ts';
import {
  define,
  needs,
  MRR_SETTINGS,
  ratio,
  ratioOf,
  type MetricDefinition,
  type MetricInputs,
} from '../definition.ts';
import { grossMargin, netMargin } from './revenue.ts';
import { netNew } from './recurring.ts';

/** Finance: margins from invoices and costs; burn, runway and efficiency from cash. */

const FINANCE_SETTINGS = ['currency', 'timeZone'] as const;

/** Net burn over the whole period (cash at its start − cash at its end). */
function periodBurn({ business: b, k }: MetricInputs): number | null {
  return b?.cash ? netBurn(b.cash.start[k]!, b.cash.end[k]!) : null;
}

function arrGrowthYoy({ facts, k }: MetricInputs): number | null {
  return ratio(facts.mrrEnd[k]! - facts.startingMrr12[k]!, facts.startingMrr12[k]!);
}

export const FINANCE_METRICS: readonly MetricDefinition[] = [
  define({
    id: 'gross_margin',
    label: 'Gross margin',
    unit: 'rate',
    direction: 'up',
    formula:
      '(Gross revenue − cogs costs) ÷ gross revenue of the period (revenue = invoiced amount excluding tax, net of refunds).',
    inputs: ['invoices', 'costs', 'fx_rates'],
    requires: [needs('invoices'), needs('costs', 'cogs')],
    settings: FINANCE_SETTINGS,
    compute: grossMargin,
  }),
  define({
    id: 'net_margin',
    label: 'Net margin',
    unit: 'rate',
    direction: 'up',
    formula: '(Gross revenue − all costs of every category) ÷ gross revenue of the period.',
    inputs: ['invoices', 'costs', 'fx_rates'],
    requires: [needs('invoices'), needs('costs')],
    settings: FINANCE_SETTINGS,
    compute: netMargin,
  }),
  define({
    id: 'burn_rate',
    label: 'Net burn rate',
    unit: 'money',
    direction: 'down',
    formula:
      'Cash at the start − cash at the end of the period, per month (÷ the months the period spans; a month is 1): positive when burning. Cash on a day is the latest balance dated on or before it, per currency.',
    inputs: ['cash', 'fx_rates'],
    requires: [needs('cash')],
    settings: FINANCE_SETTINGS,
    compute: (inputs) =>
      ratioOf(periodBurn(inputs), inputs.business?.monthsPerPeriod[inputs.k] ?? null),
  }),
  define({
    id: 'gross_burn',
    label: 'Gross burn',
    unit: 'money',
    direction: 'down',
    formula: 'All costs of the period, per month (÷ the months the period spans; a month is 1).',
    inputs: ['costs', 'fx_rates'],
    requires: [needs('costs')],
    settings: FINANCE_SETTINGS,
    compute: ({ business: b, k }) =>
      b?.costs ? ratio(totalCosts(b.costs, k), b.monthsPerPeriod[k]!) : null,
  }),
  define({
    id: 'runway_months',
    label: 'Runway',
    unit: 'months',
    direction: 'up',
    formula:
      'Cash at the end of the period ÷ average net monthly burn of the last 3 months ((cash 3 months earlier − cash now) ÷ 3). Null when not burning.',
    inputs: ['cash', 'fx_rates'],
    requires: [needs('cash')],
    settings: FINANCE_SETTINGS,
    compute: ({ business: b, k }) =>
      b?.cash ? runwayMonths(b.cash.end[k]!, b.cash.threeMonthsBefore[k]!) : null,
  }),
  define({
    id: 'burn_multiple',
    label: 'Burn multiple',
    unit: 'ratio',
    direction: 'down',
    formula:
      'Net burn of the period (cash at start − cash at end) ÷ net new ARR of the period (net new MRR × 12). Null when net new ARR is zero or negative (the ratio says nothing then); negative when cash grew.',
    inputs: ['cash', 'fx_rates'],
    requires: [needs('cash')],
    settings: [...FINANCE_SETTINGS, ...MRR_SETTINGS],
    compute: (inputs) => {
      const netNewArr = netNew(inputs.facts, inputs.k) * 12;
      return netNewArr <= 0 ? null : ratioOf(periodBurn(inputs), netNewArr);
    },
  }),
  define({
    id: 'rule_of_40',
    label: 'Rule of 40',
    unit: 'points',
    direction: 'up',
    formula:
      'Revenue growth rate year over year (arr_growth_rate_yoy) + profit margin (net_margin), in percentage points: 40 or more is the rule.',
    inputs: ['invoices', 'costs', 'fx_rates'],
    requires: [needs('invoices'), needs('costs')],
    settings: [...FINANCE_SETTINGS, ...MRR_SETTINGS],
    compute: (inputs) => {
      const growth = arrGrowthYoy(inputs);
      const margin = netMargin(inputs);
      return growth === null || margin === null ? null : (growth + margin) * 100;
    },
    notComparedToDate: 'year_anchor',
  }),
  define({
    id: 'dso',
    label: 'Days sales outstanding',
    unit: 'days',
    direction: 'down',
    formula:
      'Average days from invoice issue to payment, over the invoices paid in the period (an invoice with several lines counts once).',
    inputs: ['invoices'],
    requires: [needs('invoices', 'paid_at')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => (b?.dso ? b.dso[k]! : null),
  }),
  define({
    id: 'employee_turnover',
    label: 'Employee turnover',
    unit: 'rate',
    direction: 'down',
    formula:
      'Departures recorded in the period ÷ average employees (mean of the headcount at its start and at its end).',
    inputs: ['headcount'],
    requires: [needs('headcount', 'employees, departures')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => {
      if (!b?.headcount) return null;
      const end = b.headcount.end[k]!;
      const start = b.headcount.start[k] ?? end;
      return start === null || end === null
        ? null
        : ratio(b.headcount.departures[k]!, (start + end) / 2);
    },
  }),
];
