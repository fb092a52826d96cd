import { formatDay, type Day } from '../model/day.ts';
import { minorDigits } from '../model/currency.ts';
import { queryBreakdown, queryMetrics } from '../metrics/query.ts';
import type { Store } from '../store/store.ts';
import type { ScenarioBaseline } from './scenario.ts';
import { ScenarioError } from './scenario.ts';

export interface BaselineOptions {
  /** Last day of history (the end of the last complete month). */
  readonly to: Day;
  /** Months the averages span (default 3). */
  readonly window?: number;
  /** Also the MRR of each plan today (for per-plan price changes). */
  readonly plans?: boolean;
}

/** The registry's metrics the baseline is made of (money in major units, as the report shows them). */
const BASELINE_METRICS = [
  'mrr',
  'customers',
  'new_mrr',
  'reactivation_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'new_customers',
  'reactivated_customers',
  'customer_churn_rate',
  'gross_burn',
  // Reads the cash balances (the calibration of the flows the projection leaves out).
  'burn_rate',
];

/**
 * The scenario baseline from the workspace's own data, every figure a registry metric under
 * the workspace's settings (churn window, reactivation treatment…): today's MRR, customers
 * and cash; the last `window` months' new business and costs per month; their expansion,
 * contraction and churn MRR pooled over the window (Σ movement ÷ Σ MRR at month starts);
 * and the mean of their customer churn rates.
 */
export async function workspaceBaseline(
  store: Store,
  workspaceId: string,
  options: BaselineOptions,
): Promise<ScenarioBaseline> {
  const window = options.window ?? 3;
  const counts = await store.counts(workspaceId);
  if (counts.subscriptions + counts.invoices === 0)
    throw new ScenarioError('the workspace has no MRR to project: import subscriptions first');
  const query = { workspaceId, interval: 'month' as const, to: formatDay(options.to) };
  const answer = await queryMetrics(store, { ...query, metrics: BASELINE_METRICS });
  const { periods } = answer.report;
  const n = periods.length;
  const last = n - 1;
  const value = (id: string, k: number) => (k < 0 ? null : (periods[k]!.metrics[id] ?? null));
  const at = (id: string) => (k: number) => value(id, k) ?? 0;
  if (n === 0 || at('mrr')(last) === 0)
    throw new ScenarioError('the workspace has no MRR to project: import subscriptions first');
  const ks = Array.from({ length: Math.min(window, n) }, (_, i) => last - i);
  const sum = (of: (k: number) => number) => ks.reduce((s, k) => s + of(k), 0);
  const mean = (of: (k: number) => number) => sum(of) / ks.length;
  const start = (k: number) => at('mrr')(k - 1);
  const rate = (id: string) => {
    const d = sum(start);
    return d === 0 ? 0 : sum(at(id)) / d;
  };
  const churnRates = ks.flatMap((k) => {
    const r = value('customer_churn_rate', k);
    return r === null ? [] : [r];
  });

  const hasCosts = answer.report.missing.gross_burn === undefined;
  const monthCosts = at('gross_burn');
  const { cash } = answer.facts.business;
  const digits = 10 ** minorDigits(answer.report.currency);
  // Months where cash is known at both ends calibrate the flow the projection does not model.
  const cashMonths = cash ? ks.filter((k) => cash.start[k] !== null && cash.end[k] !== null) : [];
  const otherCashFlow =
    cashMonths.length === 0
      ? 0
      : cashMonths.reduce(
          (s, k) => s + (cash!.end[k]! - cash!.start[k]!) / digits - (at('mrr')(k) - monthCosts(k)),
          0,
        ) / cashMonths.length;

  let planMrr: Record<string, number> | undefined;
  if (options.plans) {
    planMrr = {};
    const byPlan = await queryBreakdown(store, { ...query, metrics: ['mrr'], by: 'plan' });
    for (const series of byPlan.series) {
      const mrr = series.report.periods.at(-1)?.metrics.mrr ?? 0;
      if (mrr !== null && mrr > 0) planMrr[series.value] = mrr;
    }
  }

  return {
    asOf: periods[last]!.period,
    currency: answer.report.currency,
    window: ks.length,
    mrr: at('mrr')(last),
    customers: at('customers')(last),
    newMrr: mean((k) => at('new_mrr')(k) + at('reactivation_mrr')(k)),
    newCustomers: mean((k) => at('new_customers')(k) + at('reactivated_customers')(k)),
    expansionRate: rate('expansion_mrr'),
    contractionRate: rate('contraction_mrr'),
    churnRate: rate('churned_mrr'),
    customerChurnRate:
      churnRates.length === 0 ? 0 : churnRates.reduce((s, r) => s + r, 0) / churnRates.length,
    costs: hasCosts ? mean(monthCosts) : null,
    cash: cash && cash.end[last] !== null ? cash.end[last]! / digits : null,
    otherCashFlow,
    ...(planMrr ? { planMrr } : {}),
  };
}
