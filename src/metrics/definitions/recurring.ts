import type { PeriodFacts } from '../../engine/mrr.ts';
import type { DefinitionSwitches } from '../../model/workspace.ts';
import {
  define,
  MRR_SETTINGS,
  ratio,
  switchesOf,
  type MetricDefinition,
  type MetricInputs,
} from '../definition.ts';

export const [NEW, EXPANSION, CONTRACTION, CHURNED, REACTIVATION] = [0, 1, 2, 3, 4] as const;
export const moved = (f: PeriodFacts, k: number, type: number) => f.movementMrr[type]![k]!;
export const movedCustomers = (f: PeriodFacts, k: number, type: number) =>
  f.movementCustomers[type]![k]!;
export const netNew = (f: PeriodFacts, k: number) =>
  moved(f, k, NEW) +
  moved(f, k, REACTIVATION) +
  moved(f, k, EXPANSION) -
  moved(f, k, CONTRACTION) -
  moved(f, k, CHURNED);

/**
 * Reactivation is its own movement by default; a profile may fold it into new or expansion
 * MRR. Net new MRR and every total stay the same either way.
 */
function movedAs(inputs: MetricInputs, type: typeof NEW | typeof EXPANSION | typeof REACTIVATION) {
  const { facts, k } = inputs;
  const treatment = switchesOf(inputs).reactivation;
  const own = moved(facts, k, type);
  if (type === REACTIVATION) return treatment === 'own' ? own : 0;
  const folded =
    (type === NEW && treatment === 'new') || (type === EXPANSION && treatment === 'expansion');
  return folded ? own + moved(facts, k, REACTIVATION) : own;
}

function customersAs(inputs: MetricInputs, type: typeof NEW | typeof REACTIVATION) {
  const { facts, k } = inputs;
  const treatment = switchesOf(inputs).reactivation;
  if (type === REACTIVATION) return treatment === 'own' ? movedCustomers(facts, k, type) : 0;
  return (
    movedCustomers(facts, k, NEW) +
    (treatment === 'new' ? movedCustomers(facts, k, REACTIVATION) : 0)
  );
}

/** Customer churn rate under the workspace's window and join-and-leave switches. */
export function customerChurnRate(inputs: MetricInputs): number | null {
  const { facts: f, k } = inputs;
  const { churnWindow, countJoinAndLeave, churnDenominator } = switchesOf(inputs);
  const plusNew = churnDenominator === 'start_plus_new';
  if (churnWindow === 'rolling_30_days')
    return ratio(
      countJoinAndLeave ? f.churned30[k]! : f.lost30[k]!,
      f.customers30[k]! + (plusNew ? f.new30[k]! : 0),
    );
  return ratio(
    countJoinAndLeave ? movedCustomers(f, k, CHURNED) : f.churnedFromStart[k]!,
    f.customersStart[k]! + (plusNew ? movedCustomers(f, k, NEW) : 0),
  );
}

function churnRateFormula(s: DefinitionSwitches): string {
  const rolling = s.churnWindow === 'rolling_30_days';
  const window = rolling ? 'the 30 days ending on the last day of the period' : 'the period';
  const newOnes = rolling ? 'customers new in those 30 days' : 'customers new in the period';
  const base = rolling
    ? "customers paying 30 days before the period's last day"
    : 'customers paying at the start of the period';
  const denominator = s.churnDenominator === 'start_plus_new' ? `(${base} + ${newOnes})` : base;
  return s.countJoinAndLeave
    ? `Distinct customers who churned during ${window} (including those who joined and left within it) ÷ ${denominator}.`
    : `${base[0]!.toUpperCase()}${base.slice(1)} who churned during ${window} ÷ ${denominator}. A customer who joins and leaves within ${window} is not in the numerator.`;
}

function mrrFormula(s: DefinitionSwitches): string {
  const discounts = {
    all: 'less discounts',
    forever:
      "less discounts lasting forever (a once or repeating discount does not count: this workspace's definitions)",
    none: "before subscription discounts (this workspace's definitions)",
  }[s.discounts];
  const usage = s.usageInMrr
    ? 'usage lines at their last completed period'
    : "metered usage excluded (this workspace's definitions)";
  const partial =
    s.partialPeriods === 'billing_period'
      ? ' An invoice service period of part of a month is scaled to the days of the calendar month it starts in.'
      : '';
  const refunds = s.refundsReduceMrr ? '' : ' A refunded invoice line still counts.';
  const free =
    s.freeCustomers === 'active'
      ? ' A customer whose lines are all discounted to 0 stays a customer at MRR 0 (contraction, not churn).'
      : '';
  return `Monthly recurring revenue at the end of the period: each active paid subscription line normalized to one month (month ×1/interval_count, quarter ÷3, year ÷12, week ×52/12, day ×365/12), times quantity, ${discounts}, excluding tax, one-time charges and free trials; ${usage}; converted at the day's exchange rate; each customer's total rounded to the minor unit.${partial}${refunds}${free}`;
}

/** What the join-and-leave and reactivation-window switches add to new MRR's formula. */
function newMrrNote(s: DefinitionSwitches): string {
  const window =
    s.reactivationWindowDays === null
      ? ''
      : ` A customer returning more than ${s.reactivationWindowDays} days after churning counts as new.`;
  const ignored =
    s.joinAndLeaveMovements === 'ignore'
      ? ' A customer who joins and leaves within one period has neither a new nor a churn movement.'
      : '';
  return `${window}${ignored}`;
}

const REACTIVATION_NOTE: Record<DefinitionSwitches['reactivation'], string> = {
  own: '',
  new: " Under this workspace's definitions reactivations are counted here as new.",
  expansion: " Under this workspace's definitions reactivations are counted here as expansion.",
};

/** MRR, movements, customers and retention: computed from the MRR engine's facts. */
export const RECURRING_METRICS: readonly MetricDefinition[] = [
  define({
    id: 'mrr',
    label: 'MRR',
    unit: 'money',
    direction: 'up',
    formula:
      "Monthly recurring revenue at the end of the period: each active paid subscription line normalized to one month (month ×1/interval_count, quarter ÷3, year ÷12, week ×52/12, day ×365/12), times quantity, less discounts, excluding tax, one-time charges and free trials; usage lines at their last completed period; converted at the day's exchange rate; each customer's total rounded to the minor unit.",
    compute: ({ facts, k }) => facts.mrrEnd[k]!,
    settings: MRR_SETTINGS,
    formulaFor: mrrFormula,
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
    compute: (inputs) => movedAs(inputs, NEW),
    settings: [...MRR_SETTINGS, 'reactivation'],
    formulaFor: (s) =>
      `Sum of MRR gained by customers going from 0 to a positive MRR for the first time ever, on the day it happens.${REACTIVATION_NOTE[s.reactivation === 'new' ? 'new' : 'own']}${newMrrNote(s)}`,
  }),
  define({
    id: 'expansion_mrr',
    label: 'Expansion MRR',
    unit: 'money',
    direction: 'up',
    formula:
      "Sum of increases of paying customers' MRR (x → y with y > x > 0): upgrades, more seats, a discount ending.",
    compute: (inputs) => movedAs(inputs, EXPANSION),
    settings: [...MRR_SETTINGS, 'reactivation'],
    formulaFor: (s) =>
      `Sum of increases of paying customers' MRR (x → y with y > x > 0): upgrades, more seats, a discount ending.${REACTIVATION_NOTE[s.reactivation === 'expansion' ? 'expansion' : 'own']}`,
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
    settings: MRR_SETTINGS,
    formulaFor: (s) =>
      `Sum of the MRR of customers going to 0 (${s.churnTiming === 'immediate' ? "on the day a cancellation is made, under this workspace's definitions" : 'by default at the end of their last paid service period'}). A positive magnitude.${s.freeCustomers === 'active' ? ' A paying customer discounted to 0 is a contraction, not a churn.' : ''}${s.joinAndLeaveMovements === 'ignore' ? ' A customer who joins and leaves within one period is not counted.' : ''}`,
  }),
  define({
    id: 'reactivation_mrr',
    label: 'Reactivation MRR',
    unit: 'money',
    direction: 'up',
    formula:
      'Sum of MRR of customers going from 0 back to a positive MRR after having paid before.',
    compute: (inputs) => movedAs(inputs, REACTIVATION),
    settings: [...MRR_SETTINGS, 'reactivation'],
    formulaFor: (s) =>
      s.reactivation === 'own'
        ? 'Sum of MRR of customers going from 0 back to a positive MRR after having paid before.'
        : `0 under this workspace's definitions: customers coming back after having paid before are counted as ${s.reactivation} MRR.`,
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
    compute: (inputs) => customersAs(inputs, NEW),
    settings: [...MRR_SETTINGS, 'reactivation'],
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
    compute: (inputs) => customersAs(inputs, REACTIVATION),
    settings: [...MRR_SETTINGS, 'reactivation'],
  }),
  define({
    id: 'customer_churn_rate',
    label: 'Customer churn rate',
    unit: 'rate',
    direction: 'down',
    formula:
      'Customers paying at the start of the period who churned during it ÷ customers paying at the start. A customer who joins and leaves within the period is not in the numerator.',
    compute: customerChurnRate,
    settings: [...MRR_SETTINGS, 'churnWindow', 'countJoinAndLeave', 'churnDenominator'],
    formulaFor: churnRateFormula,
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
    notComparedToDate: 'year_anchor',
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
    id: 'grr_t12m',
    label: 'Gross revenue retention (trailing 12 months)',
    unit: 'rate',
    direction: 'up',
    formula:
      'Σ over customers paying twelve months before the end of the period of min(MRR at the end, MRR twelve months earlier) ÷ their MRR twelve months earlier. At most 100%.',
    compute: ({ facts, k }) => ratio(facts.retainedMrrFloor12[k]!, facts.startingMrr12[k]!),
    notComparedToDate: 'year_anchor',
  }),
  define({
    id: 'arr_growth_rate_yoy',
    label: 'ARR growth (year over year)',
    unit: 'rate',
    direction: 'up',
    formula:
      '(MRR at the end of the period − MRR twelve months earlier) ÷ MRR twelve months earlier: the year-over-year growth of recurring revenue (ARR grows at the same rate).',
    compute: ({ facts, k }) =>
      ratio(facts.mrrEnd[k]! - facts.startingMrr12[k]!, facts.startingMrr12[k]!),
    notComparedToDate: 'year_anchor',
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
