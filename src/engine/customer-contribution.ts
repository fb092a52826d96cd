import type { Day } from '../model/day.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { MrrInputs } from '../store/store.ts';
import type { Period } from '../model/period.ts';
import { CustomerRevenue } from './customer-revenue.ts';
import { PeriodIndex } from './period-index.ts';
import { MOVEMENT_TYPES, walkCustomerShares, type MovementType, type PeriodFacts } from './mrr.ts';

/**
 * The MRR engine's aggregates are sums over customers: every per-period figure except the
 * top-customers share is what each customer adds, and a customer's additions depend on its
 * own rows, the exchange rates and the period grid only. So one customer's share is the
 * engine run on that customer alone over the same grid, and the workspace's figures are
 * the exact (integer) sum of the shares: the unit incremental recompute replaces and a
 * shard of customers adds up. The same holds for seats and renewal terms, which come from
 * the customer's subscription rows alone (./customer-revenue.ts): they ride along.
 */
export interface CustomerContribution {
  /** Per additive series (CONTRIBUTION_SERIES order), the customer's value in each period. */
  readonly series: readonly Float64Array[];
  /** The monthly cohort of the customer's first payment, null if it never paid. */
  readonly cohort: CohortShare | null;
  /** The customer's movements (its ledger), oldest first. */
  readonly movements: readonly LedgerMovement[];
  /** The first day its MRR inputs change, null if they never do (where periods start). */
  readonly firstChangeDay: Day | null;
  /**
   * Every series is 0 in the periods before this one (absent: 0, nothing known). Most
   * customers start well after the first period: their leading zeros (two thirds of a full
   * recompute's values at 1M customers) need no look.
   */
  readonly firstPeriod?: number;
}

export interface CohortShare {
  /** Index of the cohort month among the computed months. */
  readonly month: number;
  readonly startMrr: number;
  /** [k] 1 when paying at the end of month cohort + k (k = 0 … months - month - 1). */
  readonly paying: readonly number[];
  /** [k] its MRR then. */
  readonly mrr: readonly number[];
}

export interface LedgerMovement {
  readonly day: Day;
  readonly type: MovementType;
  readonly amount: number;
  readonly before: number;
  readonly after: number;
}

type SeriesOf = (facts: PeriodFacts, revenue: CustomerRevenue) => Float64Array;

/**
 * Every additive per-period series of PeriodFacts (the top-customers pair is not
 * additive), then seats and renewal terms, by name.
 */
export const CONTRIBUTION_SERIES: readonly (readonly [string, SeriesOf])[] = [
  ['mrrStart', (f) => f.mrrStart],
  ['mrrEnd', (f) => f.mrrEnd],
  ...MOVEMENT_TYPES.map(
    (t, i) => [`movementMrr.${t}`, (f: PeriodFacts) => f.movementMrr[i]!] as const,
  ),
  ...MOVEMENT_TYPES.map(
    (t, i) => [`movementCustomers.${t}`, (f: PeriodFacts) => f.movementCustomers[i]!] as const,
  ),
  ['fxImpact', (f) => f.fxImpact],
  ['customersStart', (f) => f.customersStart],
  ['customersEnd', (f) => f.customersEnd],
  ['churnedFromStart', (f) => f.churnedFromStart],
  ['retainedMrr', (f) => f.retainedMrr],
  ['retainedMrrFloor', (f) => f.retainedMrrFloor],
  ['startingMrr', (f) => f.startingMrr],
  ['retainedMrr12', (f) => f.retainedMrr12],
  ['startingMrr12', (f) => f.startingMrr12],
  ['retainedMrrFloor12', (f) => f.retainedMrrFloor12],
  ['customers30', (f) => f.customers30],
  ['lost30', (f) => f.lost30],
  ['churned30', (f) => f.churned30],
  ['new30', (f) => f.new30],
  ['mrrSquares', (f) => f.mrrSquares],
  ['seatMillionths', (_, r) => r.seatMillionths],
  ['renewalsDue', (_, r) => r.renewalsDue],
  ['renewalsRenewed', (_, r) => r.renewalsRenewed],
];

export interface ContributionGrid {
  /** The first day of the computation: the earliest MRR change of any customer, if known. */
  readonly firstDay?: Day;
  /** The last day of history taken into account. */
  readonly lastDay: Day;
  readonly settings: WorkspaceSettings;
}

/** A contribution that outlives the walk's callback (whose arrays are reused). */
export function keptContribution(c: CustomerContribution): CustomerContribution {
  return {
    ...c,
    series: c.series.map((values) => values.slice()),
    cohort:
      c.cohort === null
        ? null
        : { ...c.cohort, paying: [...c.cohort.paying], mrr: [...c.cohort.mrr] },
  };
}

/**
 * Every customer's share of the inputs, in one walk (monthly periods, event-dated
 * movements): `each` receives the customer's index and share. Returns the periods and
 * months the shares are indexed by. A contribution's arrays are reused for the next
 * customer: `keptContribution` copies one to keep.
 */
export function customerContributions(
  inputs: MrrInputs,
  grid: ContributionGrid,
  each: (customer: number, contribution: CustomerContribution) => void,
): { periods: readonly Period[]; months: readonly Period[] } {
  const options = {
    interval: 'month' as const,
    mode: 'event' as const,
    lastDay: grid.lastDay,
    settings: grid.settings,
    ...(grid.firstDay === undefined ? {} : { firstDay: grid.firstDay }),
  };
  let revenue: CustomerRevenue | undefined;
  let index: PeriodIndex | undefined;
  return walkCustomerShares(inputs, options, (c, share, periods) => {
    revenue ??= new CustomerRevenue(inputs.subscriptions, periods, grid.settings, grid.lastDay);
    index ??= new PeriodIndex(periods);
    revenue.of(c);
    const m = share.cohortMonth;
    each(c, {
      series: CONTRIBUTION_SERIES.map(([, of]) => of(share.facts, revenue!)),
      cohort:
        m < 0
          ? null
          : {
              month: m,
              startMrr: share.cohortStartMrr,
              paying: share.cohortPaying,
              mrr: share.cohortMrr,
            },
      movements: share.movements.map(({ day, type, amount, before, after }) => ({
        day,
        type,
        amount,
        before,
        after,
      })),
      firstChangeDay: share.firstChangeDay,
      // Its MRR is 0 until its first change; its seats and terms until its first row starts.
      firstPeriod: Math.min(share.firstPeriod, periodFrom(index, revenue.firstStart)),
    });
  });
}

/** The first period on or after `day` (past the last period: their count; none: the same). */
function periodFrom(index: PeriodIndex, day: Day | null): number {
  if (day === null) return index.length;
  const period = index.of(day);
  if (period >= 0) return period;
  return day < index.periods[0]!.start ? 0 : index.length;
}
