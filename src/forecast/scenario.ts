import { monthsAfter } from './series.ts';

/**
 * What-if scenarios: a month-by-month projection of MRR, ARR, customers, cash and runway
 * from the workspace's recent averages (the baseline), and the same projection with the
 * user's changes, side by side. Money is in major units of the reporting currency; rates
 * are monthly fractions (0.02 = 2% a month).
 *
 * The projection, month t = 1 … horizon (MRR₀, customers₀ and cash₀ are today's):
 *   churned_t     = MRR_{t−1} × churn rate           (likewise contraction and expansion)
 *   new_t         = new MRR × (1 + new growth)^t    (new business grows from the recent average)
 *   MRR_t         = MRR_{t−1} − churned_t − contraction_t + expansion_t + new_t
 *   customers_t   = customers_{t−1} × (1 − customer churn rate) + new customers × (1 + g)^t
 *   collections_t = MRR_t                            (a month collects its closing MRR)
 *   net burn_t    = costs_t − collections_t − other cash flow
 *   cash_t        = cash_{t−1} − net burn_t
 *   runway_t      = cash_t ÷ net burn_t              (null when not burning)
 * A price change re-rates today's MRR (the base) and the new business from month 1;
 * it leaves churn as it is (add a churn change to model customers reacting to it).
 */

/** A change to a rate or an amount: relative to the baseline (−0.2 = 20% lower) or a new value. */
export type Change =
  | { readonly kind: 'relative'; readonly value: number }
  | { readonly kind: 'set'; readonly value: number };

export interface ScenarioBaseline {
  /** Last month of history the averages end with (`YYYY-MM`); month 1 is the one after. */
  readonly asOf: string;
  readonly currency: string;
  /** How many months the averages span. */
  readonly window: number;
  readonly mrr: number;
  readonly customers: number;
  /** New and reactivation MRR per month. */
  readonly newMrr: number;
  readonly newCustomers: number;
  /** Expansion MRR ÷ MRR at the start of the month. */
  readonly expansionRate: number;
  readonly contractionRate: number;
  /** Churned MRR ÷ MRR at the start of the month. */
  readonly churnRate: number;
  /** Customers lost ÷ customers at the start of the month. */
  readonly customerChurnRate: number;
  /** All costs per month; null when the workspace has none (then 0 in the projection). */
  readonly costs: number | null;
  /** Cash balance today; null when unknown (then no cash or runway is projected). */
  readonly cash: number | null;
  /**
   * Average monthly cash flow the projection does not model (one-time revenue, taxes,
   * collection timing, financing): actual cash change − (MRR − costs). Keeps the baseline's
   * burn equal to the recent actual burn.
   */
  readonly otherCashFlow: number;
  /** MRR today per plan, for per-plan price changes (lines without a plan under "(none)"). */
  readonly planMrr?: Readonly<Record<string, number>> | undefined;
}

export interface ScenarioChanges {
  readonly churn?: Change | undefined;
  readonly expansion?: Change | undefined;
  readonly contraction?: Change | undefined;
  /** Level of new business (MRR and customers): relative, or a new MRR amount per month. */
  readonly newBusiness?: Change | undefined;
  /** Monthly compounding growth of new business (0.05 = 5% more each month). */
  readonly newGrowth?: number | undefined;
  /** Price change of every plan (0.1 = +10%). */
  readonly price?: number | undefined;
  /** Price change by plan; overrides `price` for the plans it names. */
  readonly planPrices?: Readonly<Record<string, number>> | undefined;
  /** Monthly costs: relative, or a new amount per month. */
  readonly costs?: Change | undefined;
}

/** The numbers a projection runs on, after the changes are applied. */
export interface ScenarioAssumptions {
  readonly startMrr: number;
  readonly startCustomers: number;
  readonly newMrr: number;
  readonly newCustomers: number;
  readonly newGrowth: number;
  readonly expansionRate: number;
  readonly contractionRate: number;
  readonly churnRate: number;
  readonly customerChurnRate: number;
  readonly costs: number;
  readonly cash: number | null;
  readonly otherCashFlow: number;
  /** Factor today's MRR and new business were re-rated by (1 = no price change). */
  readonly priceFactor: number;
}

export interface ScenarioMonth {
  readonly period: string;
  readonly mrr: number;
  readonly arr: number;
  readonly customers: number;
  readonly new_mrr: number;
  readonly expansion_mrr: number;
  readonly contraction_mrr: number;
  readonly churned_mrr: number;
  readonly collections: number;
  readonly costs: number;
  readonly net_burn: number;
  readonly cash: number | null;
  readonly runway_months: number | null;
}

export interface ScenarioSummary {
  readonly mrr_end: number;
  readonly arr_end: number;
  readonly customers_end: number;
  readonly cash_end: number | null;
  readonly runway_end: number | null;
  /** First month whose closing cash is below zero, within the horizon. */
  readonly cash_out: string | null;
}

export interface ScenarioProjection {
  readonly assumptions: ScenarioAssumptions;
  readonly months: readonly ScenarioMonth[];
  readonly summary: ScenarioSummary;
}

export interface ScenarioComparison {
  readonly as_of: string;
  readonly currency: string;
  readonly horizon: number;
  readonly baseline: ScenarioProjection;
  readonly scenario: ScenarioProjection;
  /** Scenario − baseline at the end of the horizon. */
  readonly difference: {
    readonly mrr_end: number;
    readonly arr_end: number;
    readonly customers_end: number;
    readonly cash_end: number | null;
  };
}

export class ScenarioError extends Error {}

/** Applies a change to a baseline value; a relative change of −100% gives 0, never less. */
export function applyChange(value: number, change: Change | undefined): number {
  if (!change) return value;
  if (change.kind === 'set') return change.value;
  return Math.max(0, value * (1 + change.value));
}

/** The factor a price change multiplies today's MRR by (per plan when plans are given). */
export function priceFactor(baseline: ScenarioBaseline, changes: ScenarioChanges): number {
  const overall = changes.price ?? 0;
  const perPlan = changes.planPrices ?? {};
  if (Object.keys(perPlan).length === 0) return 1 + overall;
  const plans = baseline.planMrr;
  if (!plans)
    throw new ScenarioError('a per-plan price change needs the MRR of each plan in the baseline');
  const unknown = Object.keys(perPlan).filter((p) => !(p in plans));
  if (unknown.length > 0)
    throw new ScenarioError(
      `no MRR on plan ${unknown.map((p) => `"${p}"`).join(', ')}; plans with MRR: ${Object.keys(
        plans,
      )
        .filter((p) => p !== '')
        .join(', ')}`,
    );
  const total = Object.values(plans).reduce((sum, v) => sum + v, 0);
  if (total === 0) return 1 + overall;
  let repriced = 0;
  for (const [plan, mrr] of Object.entries(plans))
    repriced += mrr * (1 + (perPlan[plan] ?? overall));
  return repriced / total;
}

export function assumptionsOf(
  baseline: ScenarioBaseline,
  changes: ScenarioChanges = {},
): ScenarioAssumptions {
  const factor = priceFactor(baseline, changes);
  if (factor < 0) throw new ScenarioError('a price change cannot take prices below zero');
  const newMrr = applyChange(baseline.newMrr, changes.newBusiness);
  // Customers follow the level of new business; a set amount scales them by the same ratio.
  const newScale = baseline.newMrr > 0 ? newMrr / baseline.newMrr : 1;
  const churnRate = applyChange(baseline.churnRate, changes.churn);
  const churnScale = baseline.churnRate > 0 ? churnRate / baseline.churnRate : null;
  const customerChurnRate = !changes.churn
    ? baseline.customerChurnRate
    : changes.churn.kind === 'set' || churnScale === null
      ? applyChange(baseline.customerChurnRate, changes.churn)
      : baseline.customerChurnRate * churnScale;
  const assumptions: ScenarioAssumptions = {
    startMrr: baseline.mrr * factor,
    startCustomers: baseline.customers,
    newMrr: newMrr * factor,
    newCustomers: baseline.newCustomers * newScale,
    newGrowth: changes.newGrowth ?? 0,
    expansionRate: applyChange(baseline.expansionRate, changes.expansion),
    contractionRate: applyChange(baseline.contractionRate, changes.contraction),
    churnRate,
    customerChurnRate,
    costs: applyChange(baseline.costs ?? 0, changes.costs),
    cash: baseline.cash,
    otherCashFlow: baseline.otherCashFlow,
    priceFactor: factor,
  };
  for (const key of ['churnRate', 'customerChurnRate', 'contractionRate'] as const)
    if (assumptions[key] > 1)
      throw new ScenarioError(`${key} of ${assumptions[key]} is above 100% a month`);
  if (assumptions.newGrowth <= -1)
    throw new ScenarioError('new-business growth must be above −100% a month');
  return assumptions;
}

export function project(
  assumptions: ScenarioAssumptions,
  asOf: string,
  horizon: number,
): ScenarioProjection {
  const a = assumptions;
  let mrr = a.startMrr;
  let customers = a.startCustomers;
  let cash = a.cash;
  const months: ScenarioMonth[] = monthsAfter(asOf, horizon).map((period, i) => {
    const t = i + 1;
    const growth = (1 + a.newGrowth) ** t;
    const churned = mrr * a.churnRate;
    const contraction = mrr * a.contractionRate;
    const expansion = mrr * a.expansionRate;
    const added = a.newMrr * growth;
    mrr = mrr - churned - contraction + expansion + added;
    customers = customers * (1 - a.customerChurnRate) + a.newCustomers * growth;
    const netBurn = a.costs - mrr - a.otherCashFlow;
    cash = cash === null ? null : cash - netBurn;
    return {
      period,
      mrr,
      arr: mrr * 12,
      customers,
      new_mrr: added,
      expansion_mrr: expansion,
      contraction_mrr: contraction,
      churned_mrr: churned,
      collections: mrr,
      costs: a.costs,
      net_burn: netBurn,
      cash,
      runway_months: cash === null || netBurn <= 0 ? null : Math.max(0, cash) / netBurn,
    };
  });
  const last = months.at(-1);
  return {
    assumptions,
    months,
    summary: {
      mrr_end: last?.mrr ?? a.startMrr,
      arr_end: (last?.mrr ?? a.startMrr) * 12,
      customers_end: last?.customers ?? a.startCustomers,
      cash_end: last ? last.cash : a.cash,
      runway_end: last?.runway_months ?? null,
      cash_out: months.find((m) => m.cash !== null && m.cash < 0)?.period ?? null,
    },
  };
}

/** The baseline and the scenario projected over the same months. */
export function compareScenario(
  baseline: ScenarioBaseline,
  changes: ScenarioChanges,
  horizon: number,
): ScenarioComparison {
  const base = project(assumptionsOf(baseline), baseline.asOf, horizon);
  const scenario = project(assumptionsOf(baseline, changes), baseline.asOf, horizon);
  const b = base.summary;
  const s = scenario.summary;
  return {
    as_of: baseline.asOf,
    currency: baseline.currency,
    horizon,
    baseline: base,
    scenario,
    difference: {
      mrr_end: s.mrr_end - b.mrr_end,
      arr_end: s.arr_end - b.arr_end,
      customers_end: s.customers_end - b.customers_end,
      cash_end: s.cash_end === null || b.cash_end === null ? null : s.cash_end - b.cash_end,
    },
  };
}

/**
 * Parses a change as the CLI writes it: `-20%` or `+0.5%` (relative to the baseline),
 * `=1.5%` (a new monthly rate) for rates; `=12000` (a new amount) for amounts.
 */
export function parseChange(text: string, flag: string, kind: 'rate' | 'amount'): Change {
  const trimmed = text.trim();
  const set = trimmed.startsWith('=');
  const body = set ? trimmed.slice(1).trim() : trimmed;
  const match = /^([+-]?\d+(?:\.\d+)?)(%?)$/.exec(body);
  if (!match)
    throw new ScenarioError(
      `${flag} "${text}" is not a change: write -20% (relative to the baseline) or =${kind === 'rate' ? '1.5%' : '12000'} (a new ${kind === 'rate' ? 'monthly rate' : 'monthly amount'})`,
    );
  const number = Number(match[1]);
  const percent = match[2] === '%';
  if (set) {
    if (number < 0) throw new ScenarioError(`${flag} "${text}": a new value cannot be negative`);
    if (kind === 'rate') return { kind: 'set', value: percent ? number / 100 : number };
    if (percent) throw new ScenarioError(`${flag} "${text}": a new amount is not a percentage`);
    return { kind: 'set', value: number };
  }
  if (!percent)
    throw new ScenarioError(
      `${flag} "${text}": a relative change is a percentage (e.g. -20%); use =${text} for a new value`,
    );
  return { kind: 'relative', value: number / 100 };
}

/** `+10%` → 0.1; `-5%` → −0.05. */
export function parsePercent(text: string, flag: string): number {
  const match = /^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (!match) throw new ScenarioError(`${flag} "${text}" is not a percentage such as +10% or -5%`);
  return Number(match[1]) / 100;
}

/** `starter=+10%,pro=+5%` → { starter: 0.1, pro: 0.05 }. */
export function parsePlanPrices(text: string, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const at = part.lastIndexOf('=');
    if (at <= 0) throw new ScenarioError(`${flag} "${part}" is not plan=change (e.g. pro=+10%)`);
    out[part.slice(0, at).trim()] = parsePercent(part.slice(at + 1), flag);
  }
  return out;
}
