import type { Period } from '../model/period.ts';
import type { CustomerMrr } from './customer-mrr.ts';
import { CONTRIBUTION_SERIES, type CustomerContribution } from './customer-contribution.ts';
import type { MrrFacts, PeriodFacts } from './mrr.ts';
import { MOVEMENT_TYPES } from './mrr.ts';
import { ExactSums } from './exact-sums.ts';
import { squareOf } from './exact-square.ts';
import { SEAT_SCALE } from './revenue.ts';
import type { SubscriptionFacts } from './shards.ts';

/**
 * The sum of customer contributions (see customer-contribution.ts): what the MRR engine
 * reports, kept as exact integers so one customer's old share can be taken out and its new
 * one put in with no drift.
 */
export interface MrrSums {
  /** [series][period], CONTRIBUTION_SERIES order. */
  readonly series: ExactSums[];
  readonly cohortSize: ExactSums;
  readonly cohortStartMrr: ExactSums;
  /** [cohort][k] customers paying k months later, and their MRR. */
  readonly cohortPaying: ExactSums[];
  readonly cohortMrr: ExactSums[];
  /**
   * Per period, how many customers end it at each positive MRR: the multiset the
   * top-customers share ranks, which adds and subtracts like the sums.
   */
  readonly endMrrCounts: Map<number, number>[];
}

export function emptySums(periods: number, months: number): MrrSums {
  return {
    series: CONTRIBUTION_SERIES.map(() => new ExactSums(periods)),
    cohortSize: new ExactSums(months),
    cohortStartMrr: new ExactSums(months),
    cohortPaying: Array.from({ length: months }, (_, m) => new ExactSums(months - m)),
    cohortMrr: Array.from({ length: months }, (_, m) => new ExactSums(months - m)),
    endMrrCounts: Array.from({ length: periods }, () => new Map<number, number>()),
  };
}

export const MRR_END = CONTRIBUTION_SERIES.findIndex(([name]) => name === 'mrrEnd');
export const MRR_SQUARES = CONTRIBUTION_SERIES.findIndex(([name]) => name === 'mrrSquares');
/** Adds (`sign` 1) or takes out (`sign` -1) one customer's contribution, in place. */
export function addContribution(
  sums: MrrSums,
  contribution: CustomerContribution,
  sign: 1 | -1,
): void {
  contribution.series.forEach((values, i) => {
    if (i !== MRR_SQUARES) sums.series[i]!.addEach(values, sign);
  });
  const endMrr = contribution.series[MRR_END]!;
  // A customer's square is its end MRR squared, taken exactly from that MRR: the stored
  // square is a float, rounded once a customer's MRR passes ~94.9M minor units.
  const squares = sums.series[MRR_SQUARES]!;
  for (let k = 0; k < endMrr.length; k++) {
    const value = endMrr[k]!;
    if (value <= 0) continue;
    const square = squareOf(value);
    squares.add(k, typeof square === 'number' ? sign * square : BigInt(sign) * square);
  }
  for (let k = 0; k < endMrr.length; k++)
    if (endMrr[k]! > 0) addCount(sums.endMrrCounts[k]!, endMrr[k]!, sign);
  addCohort(sums, contribution, sign);
}

/** Adds (`sign` 1) or takes out (`sign` -1) the cohort part of a customer's contribution. */
export function addCohort(sums: MrrSums, contribution: CustomerContribution, sign: 1 | -1): void {
  const cohort = contribution.cohort;
  if (cohort === null) return;
  const m = cohort.month;
  sums.cohortSize.add(m, sign);
  sums.cohortStartMrr.add(m, sign * cohort.startMrr);
  sums.cohortPaying[m]!.addEach(cohort.paying, sign);
  sums.cohortMrr[m]!.addEach(cohort.mrr, sign);
}

/** Adds sums of other customers (over the same periods) to `sums`, in place. */
export function addSums(sums: MrrSums, other: MrrSums): void {
  sums.series.forEach((values, i) => values.addSums(other.series[i]!));
  sums.cohortSize.addSums(other.cohortSize);
  sums.cohortStartMrr.addSums(other.cohortStartMrr);
  sums.cohortPaying.forEach((values, m) => values.addSums(other.cohortPaying[m]!));
  sums.cohortMrr.forEach((values, m) => values.addSums(other.cohortMrr[m]!));
  sums.endMrrCounts.forEach((counts, k) => {
    for (const [value, count] of other.endMrrCounts[k]!) addCount(counts, value, count);
  });
}

/** Adds `count` customers ending at `value` to a multiset (a value none end at is absent). */
function addCount(counts: Map<number, number>, value: number, count: number): void {
  const next = (counts.get(value) ?? 0) + count;
  if (next === 0) counts.delete(value);
  else counts.set(value, next);
}

export interface SumsShape {
  readonly currency: string;
  readonly periods: readonly Period[];
  readonly months: readonly Period[];
  /** Share of paying customers the top-customers figures cover (the engine's default 0.2). */
  readonly concentrationShare?: number;
}

/**
 * The MRR facts the sums stand for (monthly periods, event-dated movements), without the
 * per-customer parts: no movement log and no per-customer MRR book (those need the rows).
 */
export function factsFromSums(sums: MrrSums, shape: SumsShape): MrrFacts {
  const n = shape.periods.length;
  const series = (name: string) => {
    const i = CONTRIBUTION_SERIES.findIndex(([s]) => s === name);
    return Float64Array.from(sums.series[i]!.values(), Number);
  };
  const share = shape.concentrationShare ?? 0.2;
  const topCustomersMrr = new Float64Array(n);
  const topCustomersCount = new Float64Array(n);
  sums.endMrrCounts.forEach((counts, k) => {
    let paying = 0;
    for (const count of counts.values()) paying += count;
    const top = Math.ceil(paying * share);
    topCustomersCount[k] = top;
    topCustomersMrr[k] = sumOfLargestCounted(counts, top);
  });
  const facts: PeriodFacts = {
    mrrStart: series('mrrStart'),
    mrrEnd: series('mrrEnd'),
    movementMrr: MOVEMENT_TYPES.map((t) => series(`movementMrr.${t}`)),
    movementCustomers: MOVEMENT_TYPES.map((t) => series(`movementCustomers.${t}`)),
    fxImpact: series('fxImpact'),
    customersStart: series('customersStart'),
    customersEnd: series('customersEnd'),
    churnedFromStart: series('churnedFromStart'),
    retainedMrr: series('retainedMrr'),
    retainedMrrFloor: series('retainedMrrFloor'),
    startingMrr: series('startingMrr'),
    retainedMrr12: series('retainedMrr12'),
    startingMrr12: series('startingMrr12'),
    retainedMrrFloor12: series('retainedMrrFloor12'),
    customers30: series('customers30'),
    lost30: series('lost30'),
    churned30: series('churned30'),
    new30: series('new30'),
    mrrSquares: series('mrrSquares'),
    topCustomersMrr,
    topCustomersCount,
  };
  const numbers = (values: ExactSums) => values.values().map(Number);
  return {
    currency: shape.currency,
    interval: 'month',
    mode: 'event',
    periods: shape.periods,
    facts,
    cohorts: {
      months: shape.months,
      size: numbers(sums.cohortSize),
      startMrr: numbers(sums.cohortStartMrr),
      customers: sums.cohortPaying.map(numbers),
      mrr: sums.cohortMrr.map(numbers),
    },
    movements: null,
    customerIds: [],
    customers: unreadCustomerMrr(shape.currency),
  };
}

/**
 * Seats and renewal terms per period as the sums stand for them: the figures the engine
 * counts over the subscription rows (revenue.ts), summed customer by customer.
 */
export function subscriptionFactsFromSums(sums: MrrSums): SubscriptionFacts {
  const series = (name: string) =>
    sums.series[CONTRIBUTION_SERIES.findIndex(([s]) => s === name)]!.values().map(Number);
  return {
    renewals: {
      due: Float64Array.from(series('renewalsDue')),
      renewed: Float64Array.from(series('renewalsRenewed')),
    },
    seats: series('seatMillionths').map((millionths) => millionths / SEAT_SCALE),
  };
}

/** Σ of the `top` largest values of a value → count multiset. */
function sumOfLargestCounted(counts: ReadonlyMap<number, number>, top: number): number {
  const values = [...counts.keys()].sort((a, b) => b - a);
  let left = top;
  let sum = 0n;
  for (const value of values) {
    if (left <= 0) break;
    const taken = Math.min(left, counts.get(value)!);
    sum += BigInt(value) * BigInt(taken);
    left -= taken;
  }
  return Number(sum);
}

/** Facts from stored sums carry no per-customer book: asking it is a caller's bug, said loudly. */
function unreadCustomerMrr(currency: string): CustomerMrr {
  const fail = (): never => {
    throw new Error(
      'per-customer MRR is not part of stored MRR results; ask with `movements: true` for it',
    );
  };
  return {
    currency,
    customerIds: [],
    indexOf: fail,
    mrrOn: fail,
    history: fail,
    firstPaidDay: fail,
    lastChurnDay: fail,
    activeAtZero: fail,
    factor: fail,
  };
}
