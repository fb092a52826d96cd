import type { BusinessFacts } from '../../engine/business.ts';
import { totalCosts } from '../../engine/finance.ts';
import {
  define,
  needs,
  MRR_SETTINGS,
  ratio,
  ratioOf,
  type MetricDefinition,
  type MetricInputs,
} from '../definition.ts';
import { customerChurnRate, EXPANSION, moved, movedCustomers, NEW } from './recurring.ts';

/** Revenue and unit economics: invoices, costs and headcount set beside MRR. */

const arpa = ({ facts, k }: MetricInputs) => ratio(facts.mrrEnd[k]!, facts.customersEnd[k]!);

/** Invoiced revenue of the period; null without invoices. */
export const revenueOf = (b: BusinessFacts | undefined, k: number) =>
  b?.revenue ? b.revenue.grossRevenue[k]! : null;

/** Sales + marketing costs of the period; null without costs (or in a segment they cannot be attributed to). */
const acquisitionCosts = (b: BusinessFacts | undefined, k: number) =>
  b?.costs ? b.costs.sales[k]! + b.costs.marketing[k]! : null;

export function grossMargin({ business: b, k }: MetricInputs): number | null {
  const revenue = revenueOf(b, k);
  if (revenue === null || !b?.costs) return null;
  return ratio(revenue - b.costs.cogs[k]!, revenue);
}

export function netMargin({ business: b, k }: MetricInputs): number | null {
  const revenue = revenueOf(b, k);
  if (revenue === null || !b?.costs) return null;
  return ratio(revenue - totalCosts(b.costs, k), revenue);
}

export function cac(inputs: MetricInputs): number | null {
  return ratioOf(
    acquisitionCosts(inputs.business, inputs.k),
    movedCustomers(inputs.facts, inputs.k, NEW),
  );
}

/** Customer churn rate as a monthly rate, whatever the period length: 1 − (1 − c)^(1/months). */
function monthlyChurn(inputs: MetricInputs): number | null {
  const churn = customerChurnRate(inputs);
  const months = inputs.business?.monthsPerPeriod[inputs.k];
  if (churn === null || months === undefined) return null;
  return months === 1 ? churn : 1 - Math.pow(1 - churn, 1 / months);
}

/** Months of churn history LTV averages over (one month's churn swings it several-fold). */
export const LTV_CHURN_MONTHS = 6;

/**
 * The mean monthly customer churn rate over the trailing LTV_CHURN_MONTHS months ending with
 * the period (periods without paying customers at their start have no rate and are left out).
 */
function trailingMonthlyChurn(inputs: MetricInputs): number | null {
  const months = inputs.business?.monthsPerPeriod;
  if (!months) return null;
  let covered = 0;
  let sum = 0;
  let rates = 0;
  for (let j = inputs.k; j >= 0 && covered < LTV_CHURN_MONTHS; j--) {
    covered += months[j]!;
    const churn = monthlyChurn({ ...inputs, k: j });
    if (churn === null) continue;
    sum += churn;
    rates += 1;
  }
  return rates === 0 ? null : sum / rates;
}

export function ltv(inputs: MetricInputs): number | null {
  const a = arpa(inputs);
  const margin = grossMargin(inputs);
  const churn = trailingMonthlyChurn(inputs);
  if (a === null || margin === null || churn === null) return null;
  return ratio(a * margin, churn);
}

const CHURN_SETTINGS = [
  ...MRR_SETTINGS,
  'churnWindow',
  'countJoinAndLeave',
  'churnDenominator',
] as const;

export const REVENUE_METRICS: readonly MetricDefinition[] = [
  define({
    id: 'gross_revenue',
    label: 'Gross revenue',
    unit: 'money',
    direction: 'up',
    formula:
      'Invoiced amount of the lines issued in the period (all line types: subscription, usage, one-time), excluding tax, less line discounts, net of refunds (refunded and void lines do not count), converted at the rate of the issue day.',
    inputs: ['invoices', 'fx_rates'],
    requires: [needs('invoices')],
    settings: ['currency', 'timeZone'],
    compute: ({ business, k }) => revenueOf(business, k),
  }),
  define({
    id: 'average_order_value',
    label: 'Average order value',
    unit: 'money',
    direction: 'up',
    formula:
      'Gross revenue of the period ÷ distinct invoices issued in the period with status paid.',
    inputs: ['invoices', 'fx_rates'],
    requires: [needs('invoices', 'paid invoices')],
    settings: ['currency', 'timeZone'],
    compute: ({ business: b, k }) =>
      b?.revenue ? ratio(b.revenue.grossRevenue[k]!, b.revenue.paidInvoices[k]!) : null,
  }),
  define({
    id: 'expansion_revenue',
    label: 'Expansion revenue',
    unit: 'money',
    direction: 'up',
    formula:
      "Expansion MRR over the period: the increases of paying customers' MRR (see expansion_mrr).",
    settings: MRR_SETTINGS,
    compute: ({ facts, k }) => moved(facts, k, EXPANSION),
  }),
  define({
    id: 'arpu',
    label: 'ARPU',
    unit: 'money',
    direction: 'up',
    formula:
      'Average revenue per user: MRR at the end of the period ÷ active users (distinct users with an event in the 30 days ending on its last day) when events are imported; else ÷ seats (Σ quantity of paid subscription lines in force); else equal to ARPA.',
    inputs: ['events', 'subscriptions'],
    settings: MRR_SETTINGS,
    compute: (inputs) => {
      const { business: b, facts, k } = inputs;
      if (b?.engagement) return ratio(facts.mrrEnd[k]!, b.engagement.mau[k]!);
      if (b?.seats) return ratio(facts.mrrEnd[k]!, b.seats[k]!);
      return arpa(inputs);
    },
  }),
  define({
    id: 'cac',
    label: 'Customer acquisition cost',
    unit: 'money',
    direction: 'down',
    formula:
      'Sales + marketing costs of the period ÷ new customers of the period (blended). Per channel with --segment channel=<name> or --by channel: only the costs carrying that channel and the customers acquired through it.',
    inputs: ['costs', 'fx_rates'],
    requires: [needs('costs', 'sales, marketing')],
    settings: ['currency', 'timeZone'],
    compute: cac,
  }),
  define({
    id: 'ltv',
    label: 'Customer lifetime value',
    unit: 'money',
    direction: 'up',
    formula: `ARPA × gross margin ÷ the mean monthly customer churn rate over the trailing ${LTV_CHURN_MONTHS} months ending with the period (for periods other than months, each churn rate converted to a monthly one: 1 − (1 − rate)^(1/months)). Null when nobody churned in those months.`,
    inputs: ['invoices', 'costs', 'fx_rates'],
    requires: [needs('invoices'), needs('costs', 'cogs')],
    settings: CHURN_SETTINGS,
    compute: ltv,
    notComparedToDate: 'trailing_average',
  }),
  define({
    id: 'ltv_simple',
    label: 'Customer lifetime value (simple)',
    unit: 'money',
    direction: 'up',
    formula: `ARPA × average customer lifetime in months, the lifetime being 1 ÷ the mean monthly customer churn rate over the trailing ${LTV_CHURN_MONTHS} months (as for ltv); no margin. Shown beside ltv.`,
    settings: CHURN_SETTINGS,
    compute: (inputs) => ratioOf(arpa(inputs), trailingMonthlyChurn(inputs)),
    notComparedToDate: 'trailing_average',
  }),
  define({
    id: 'ltv_to_cac',
    label: 'LTV to CAC',
    unit: 'ratio',
    direction: 'up',
    formula: 'ltv ÷ cac of the period.',
    inputs: ['invoices', 'costs', 'fx_rates'],
    requires: [needs('invoices'), needs('costs', 'sales, marketing, cogs')],
    settings: CHURN_SETTINGS,
    compute: (inputs) => ratioOf(ltv(inputs), cac(inputs)),
    notComparedToDate: 'trailing_average',
  }),
  define({
    id: 'cac_payback_months',
    label: 'CAC payback',
    unit: 'months',
    direction: 'down',
    formula:
      'cac ÷ (ARPA of the new customers × gross margin), ARPA of new customers being new MRR ÷ new customers of the period: the months of gross profit that pay back acquiring a customer.',
    inputs: ['invoices', 'costs', 'fx_rates'],
    requires: [needs('invoices'), needs('costs', 'sales, marketing, cogs')],
    settings: MRR_SETTINGS,
    compute: (inputs) => {
      const { facts, k } = inputs;
      const newArpa = ratio(moved(facts, k, NEW), movedCustomers(facts, k, NEW));
      const margin = grossMargin(inputs);
      return newArpa === null || margin === null ? null : ratioOf(cac(inputs), newArpa * margin);
    },
  }),
  define({
    id: 'revenue_per_employee',
    label: 'Revenue per employee',
    unit: 'money',
    direction: 'up',
    formula:
      'ARR at the end of the period ÷ employees on its last day (the latest headcount row on or before it).',
    inputs: ['headcount'],
    requires: [needs('headcount', 'employees')],
    settings: MRR_SETTINGS,
    compute: ({ facts, business: b, k }) =>
      ratioOf(facts.mrrEnd[k]! * 12, b?.headcount ? b.headcount.end[k]! : null),
  }),
  define({
    id: 'renewal_rate',
    label: 'Renewal rate',
    unit: 'rate',
    direction: 'up',
    formula:
      'Subscription terms that reached their end in the period and continued ÷ all terms that reached their end. A term ends at each billing boundary of a paid line (start + k × interval); it continued when the line runs on or another paid line of the customer is in force that day.',
    inputs: ['subscriptions'],
    requires: [needs('subscriptions')],
    settings: ['churnTiming'],
    compute: ({ business: b, k }) =>
      b?.renewals ? ratio(b.renewals.renewed[k]!, b.renewals.due[k]!) : null,
  }),
];
