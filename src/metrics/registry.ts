import type { PeriodFacts } from '../engine/mrr.ts';

/** What a value measures; money values are minor units until a surface formats them. */
export type MetricUnit = 'money' | 'count' | 'rate' | 'ratio' | 'index';
/** Whether a higher value is good news (`up`), bad news (`down`) or neither. */
export type MetricDirection = 'up' | 'down' | 'neutral';

export interface MetricInputs {
  readonly facts: PeriodFacts;
  /** Period index. */
  readonly k: number;
}

export interface MetricDefinition {
  readonly id: string;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly direction: MetricDirection;
  /** The formula in words, shown by every surface. */
  readonly formula: string;
  /** Value for one period; null when undefined (a ratio over zero). */
  readonly compute: (inputs: MetricInputs) => number | null;
}

/** A ratio whose denominator is zero is not defined: null, never 0 or Infinity. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

const [NEW, EXPANSION, CONTRACTION, CHURNED, REACTIVATION] = [0, 1, 2, 3, 4] as const;
const moved = (f: PeriodFacts, k: number, type: number) => f.movementMrr[type]![k]!;
const movedCustomers = (f: PeriodFacts, k: number, type: number) => f.movementCustomers[type]![k]!;
const netNew = (f: PeriodFacts, k: number) =>
  moved(f, k, NEW) +
  moved(f, k, REACTIVATION) +
  moved(f, k, EXPANSION) -
  moved(f, k, CONTRACTION) -
  moved(f, k, CHURNED);

const define = (d: MetricDefinition): MetricDefinition => d;

/** Every metric Northstar computes, in display order. The one place formulas live. */
export const METRICS: readonly MetricDefinition[] = [
  define({
    id: 'mrr',
    label: 'MRR',
    unit: 'money',
    direction: 'up',
    formula:
      "Monthly recurring revenue at the end of the period: each active paid subscription line normalized to one month (month ×1/interval_count, quarter ÷3, year ÷12, week ×52/12, day ×365/12), times quantity, less discounts, excluding tax, one-time charges and free trials; usage lines at their last completed period; converted at the day's exchange rate; each customer's total rounded to the minor unit.",
    compute: ({ facts, k }) => facts.mrrEnd[k]!,
  }),
  define({
    id: 'arr',
    label: 'ARR',
    unit: 'money',
    direction: 'up',
    formula: 'Annual run rate: MRR at the end of the period × 12.',
    compute: ({ facts, k }) => facts.mrrEnd[k]! * 12,
  }),
  define({
    id: 'new_mrr',
    label: 'New MRR',
    unit: 'money',
    direction: 'up',
    formula:
      'Sum of MRR gained by customers going from 0 to a positive MRR for the first time ever, on the day it happens.',
    compute: ({ facts, k }) => moved(facts, k, NEW),
  }),
  define({
    id: 'expansion_mrr',
    label: 'Expansion MRR',
    unit: 'money',
    direction: 'up',
    formula:
      "Sum of increases of paying customers' MRR (x → y with y > x > 0): upgrades, more seats, a discount ending.",
    compute: ({ facts, k }) => moved(facts, k, EXPANSION),
  }),
  define({
    id: 'contraction_mrr',
    label: 'Contraction MRR',
    unit: 'money',
    direction: 'down',
    formula:
      "Sum of decreases of customers' MRR that stay positive (x → y with 0 < y < x): downgrades, fewer seats, a discount added, one of several subscriptions cancelled. A positive magnitude.",
    compute: ({ facts, k }) => moved(facts, k, CONTRACTION),
  }),
  define({
    id: 'churned_mrr',
    label: 'Churned MRR',
    unit: 'money',
    direction: 'down',
    formula:
      'Sum of the MRR of customers going to 0 (by default at the end of their last paid service period). A positive magnitude.',
    compute: ({ facts, k }) => moved(facts, k, CHURNED),
  }),
  define({
    id: 'reactivation_mrr',
    label: 'Reactivation MRR',
    unit: 'money',
    direction: 'up',
    formula:
      'Sum of MRR of customers going from 0 back to a positive MRR after having paid before.',
    compute: ({ facts, k }) => moved(facts, k, REACTIVATION),
  }),
  define({
    id: 'net_new_mrr',
    label: 'Net new MRR',
    unit: 'money',
    direction: 'up',
    formula:
      'new + reactivation + expansion − contraction − churned MRR. With fx_impact_mrr it accounts exactly for the change in MRR over the period.',
    compute: ({ facts, k }) => netNew(facts, k),
  }),
  define({
    id: 'fx_impact_mrr',
    label: 'FX impact on MRR',
    unit: 'money',
    direction: 'neutral',
    formula:
      'Change in reporting-currency MRR caused only by exchange rates moving (never a movement): MRR end − MRR start − net new MRR.',
    compute: ({ facts, k }) => facts.fxImpact[k]!,
  }),
  define({
    id: 'mrr_growth_rate',
    label: 'MRR growth rate',
    unit: 'rate',
    direction: 'up',
    formula: '(MRR at the end − MRR at the start) ÷ MRR at the start of the period.',
    compute: ({ facts, k }) => ratio(facts.mrrEnd[k]! - facts.mrrStart[k]!, facts.mrrStart[k]!),
  }),
  define({
    id: 'customers',
    label: 'Paying customers',
    unit: 'count',
    direction: 'up',
    formula: 'Customers with MRR > 0 at the end of the period.',
    compute: ({ facts, k }) => facts.customersEnd[k]!,
  }),
  define({
    id: 'new_customers',
    label: 'New customers',
    unit: 'count',
    direction: 'up',
    formula: 'Distinct customers with a new-MRR movement in the period (first payment ever).',
    compute: ({ facts, k }) => movedCustomers(facts, k, NEW),
  }),
  define({
    id: 'churned_customers',
    label: 'Churned customers',
    unit: 'count',
    direction: 'down',
    formula: 'Distinct customers with a churn movement (MRR to 0) in the period.',
    compute: ({ facts, k }) => movedCustomers(facts, k, CHURNED),
  }),
  define({
    id: 'reactivated_customers',
    label: 'Reactivated customers',
    unit: 'count',
    direction: 'up',
    formula:
      'Distinct customers with a reactivation movement (back from 0 after having paid before) in the period.',
    compute: ({ facts, k }) => movedCustomers(facts, k, REACTIVATION),
  }),
  define({
    id: 'customer_churn_rate',
    label: 'Customer churn rate',
    unit: 'rate',
    direction: 'down',
    formula:
      'Customers paying at the start of the period who churned during it ÷ customers paying at the start. A customer who joins and leaves within the period is not in the numerator.',
    compute: ({ facts, k }) => ratio(facts.churnedFromStart[k]!, facts.customersStart[k]!),
  }),
  define({
    id: 'customer_retention_rate',
    label: 'Customer retention rate',
    unit: 'rate',
    direction: 'up',
    formula:
      '(Customers at the end − new customers − reactivated customers) ÷ customers at the start.',
    compute: ({ facts, k }) =>
      ratio(
        facts.customersEnd[k]! -
          movedCustomers(facts, k, NEW) -
          movedCustomers(facts, k, REACTIVATION),
        facts.customersStart[k]!,
      ),
  }),
  define({
    id: 'gross_mrr_churn_rate',
    label: 'Gross MRR churn rate',
    unit: 'rate',
    direction: 'down',
    formula: '(Churned MRR + contraction MRR) ÷ MRR at the start of the period.',
    compute: ({ facts, k }) =>
      ratio(moved(facts, k, CHURNED) + moved(facts, k, CONTRACTION), facts.mrrStart[k]!),
  }),
  define({
    id: 'net_mrr_churn_rate',
    label: 'Net MRR churn rate',
    unit: 'rate',
    direction: 'down',
    formula:
      '(Churned + contraction − expansion − reactivation MRR) ÷ MRR at the start of the period. Negative when expansion outgrows losses.',
    compute: ({ facts, k }) =>
      ratio(
        moved(facts, k, CHURNED) +
          moved(facts, k, CONTRACTION) -
          moved(facts, k, EXPANSION) -
          moved(facts, k, REACTIVATION),
        facts.mrrStart[k]!,
      ),
  }),
  define({
    id: 'nrr',
    label: 'Net revenue retention',
    unit: 'rate',
    direction: 'up',
    formula:
      'MRR at the end of the period of the customers paying at its start ÷ their MRR at the start (expansion counts, new customers do not).',
    compute: ({ facts, k }) => ratio(facts.retainedMrr[k]!, facts.startingMrr[k]!),
  }),
  define({
    id: 'nrr_t12m',
    label: 'Net revenue retention (trailing 12 months)',
    unit: 'rate',
    direction: 'up',
    formula:
      'MRR at the end of the period of the customers paying twelve months earlier ÷ their MRR twelve months earlier.',
    compute: ({ facts, k }) => ratio(facts.retainedMrr12[k]!, facts.startingMrr12[k]!),
  }),
  define({
    id: 'grr',
    label: 'Gross revenue retention',
    unit: 'rate',
    direction: 'up',
    formula:
      'As NRR without expansion: Σ over customers paying at the start of min(MRR at end, MRR at start) ÷ their MRR at the start. At most 100%.',
    compute: ({ facts, k }) => ratio(facts.retainedMrrFloor[k]!, facts.startingMrr[k]!),
  }),
  define({
    id: 'quick_ratio',
    label: 'SaaS quick ratio',
    unit: 'ratio',
    direction: 'up',
    formula: '(New + expansion + reactivation MRR) ÷ (churned + contraction MRR).',
    compute: ({ facts, k }) =>
      ratio(
        moved(facts, k, NEW) + moved(facts, k, EXPANSION) + moved(facts, k, REACTIVATION),
        moved(facts, k, CHURNED) + moved(facts, k, CONTRACTION),
      ),
  }),
  define({
    id: 'arpa',
    label: 'ARPA',
    unit: 'money',
    direction: 'up',
    formula: 'Average revenue per account: MRR ÷ paying customers at the end of the period.',
    compute: ({ facts, k }) => ratio(facts.mrrEnd[k]!, facts.customersEnd[k]!),
  }),
  define({
    id: 'customer_concentration',
    label: 'Customer concentration (top 20%)',
    unit: 'rate',
    direction: 'down',
    formula:
      'Share of MRR from the top 20% of paying customers (rounded up to whole customers) at the end of the period.',
    compute: ({ facts, k }) => ratio(facts.topCustomersMrr[k]!, facts.mrrEnd[k]!),
  }),
  define({
    id: 'customer_concentration_hhi',
    label: 'Customer concentration (HHI)',
    unit: 'index',
    direction: 'down',
    formula:
      "Herfindahl-Hirschman index of customers' MRR shares at the end of the period: Σ (customer MRR ÷ total MRR)², from 1/customers (even) to 1 (one customer).",
    compute: ({ facts, k }) => {
      const total = facts.mrrEnd[k]!;
      return total === 0 ? null : facts.mrrSquares[k]! / (total * total);
    },
  }),
];

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));

export function metricById(id: string): MetricDefinition | undefined {
  return BY_ID.get(id);
}
