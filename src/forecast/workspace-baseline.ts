import type { Day } from '../model/day.ts';
import { minorDigits } from '../model/currency.ts';
import { MOVEMENT_TYPES } from '../engine/mrr.ts';
import { totalCosts } from '../engine/finance.ts';
import { computeWorkspaceFacts, computeWorkspaceSeries } from '../metrics/service.ts';
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

const type = (name: (typeof MOVEMENT_TYPES)[number]) => MOVEMENT_TYPES.indexOf(name);

/**
 * The scenario baseline from the workspace's own data: today's MRR, customers and cash;
 * the last `window` months' new business and costs per month, and their expansion,
 * contraction and churn rates pooled over the window (Σ movement ÷ Σ MRR at month starts).
 */
export async function workspaceBaseline(
  store: Store,
  workspaceId: string,
  options: BaselineOptions,
): Promise<ScenarioBaseline> {
  const window = options.window ?? 3;
  const request = {
    workspaceId,
    interval: 'month' as const,
    mode: 'event' as const,
    to: options.to,
    kinds: ['costs', 'cash'] as const,
  };
  const counts = await store.counts(workspaceId);
  if (counts.subscriptions + counts.invoices === 0)
    throw new ScenarioError('the workspace has no MRR to project: import subscriptions first');
  const { mrr, business } = await computeWorkspaceFacts(store, request);
  const f = mrr.facts;
  const n = mrr.periods.length;
  const last = n - 1;
  if (n === 0 || f.mrrEnd[last]! === 0)
    throw new ScenarioError('the workspace has no MRR to project: import subscriptions first');
  const ks = Array.from({ length: Math.min(window, n) }, (_, i) => last - i);
  const digits = 10 ** minorDigits(mrr.currency);
  const major = (minor: number) => minor / digits;
  const sum = (at: (k: number) => number) => ks.reduce((s, k) => s + at(k), 0);
  const mean = (at: (k: number) => number) => sum(at) / ks.length;
  const rate = (num: (k: number) => number, den: (k: number) => number) => {
    const d = sum(den);
    return d === 0 ? 0 : sum(num) / d;
  };
  const moved = (name: (typeof MOVEMENT_TYPES)[number]) => (k: number) =>
    f.movementMrr[type(name)]![k]!;
  const movedCustomers = (name: (typeof MOVEMENT_TYPES)[number]) => (k: number) =>
    f.movementCustomers[type(name)]![k]!;
  const start = (k: number) => f.mrrStart[k]!;

  const costs = business.costs;
  const cash = business.cash;
  const monthCosts = (k: number) => (costs ? totalCosts(costs, k) : 0);
  // Months where cash is known at both ends calibrate the flow the projection does not model.
  const cashMonths = cash ? ks.filter((k) => cash.start[k] !== null && cash.end[k] !== null) : [];
  const otherCashFlow =
    cashMonths.length === 0
      ? 0
      : cashMonths.reduce(
          (s, k) => s + (cash!.end[k]! - cash!.start[k]!) - (f.mrrEnd[k]! - monthCosts(k)),
          0,
        ) / cashMonths.length;

  let planMrr: Record<string, number> | undefined;
  if (options.plans) {
    planMrr = {};
    for (const series of await computeWorkspaceSeries(store, { ...request, kinds: [] }, 'plan')) {
      const value = series.facts.mrr.facts.mrrEnd.at(-1) ?? 0;
      if (value > 0) planMrr[series.value] = major(value);
    }
  }

  return {
    asOf: mrr.periods[last]!.label,
    currency: mrr.currency,
    window: ks.length,
    mrr: major(f.mrrEnd[last]!),
    customers: f.customersEnd[last]!,
    newMrr: major(mean((k) => moved('new')(k) + moved('reactivation')(k))),
    newCustomers: mean((k) => movedCustomers('new')(k) + movedCustomers('reactivation')(k)),
    expansionRate: rate(moved('expansion'), start),
    contractionRate: rate(moved('contraction'), start),
    churnRate: rate(moved('churned'), start),
    customerChurnRate: rate(
      (k) => f.churnedFromStart[k]!,
      (k) => f.customersStart[k]!,
    ),
    costs: costs ? major(mean(monthCosts)) : null,
    cash: cash && cash.end[last] !== null ? major(cash.end[last]!) : null,
    otherCashFlow: major(otherCashFlow),
    ...(planMrr ? { planMrr } : {}),
  };
}
