import { addMonths, type Day } from '../model/day.ts';
import { periodsBetween, type Interval, type Period } from '../model/period.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { MrrInputs } from '../store/store.ts';
import { FxTable } from './fx.ts';
import { ExactSums } from './exact-sums.ts';
import { squareOf } from './exact-square.ts';
import { PeriodIndex } from './period-index.ts';
import { FirstAtLeastTable } from './first-at-least-table.ts';
import { buildTimelines, type Timelines } from './timeline.ts';
import { sumOfLargestAcross } from './select.ts';
import { customerMrr, entryValue, fixedValues, type CustomerMrr } from './customer-mrr.ts';

export const MOVEMENT_TYPES = [
  'new',
  'expansion',
  'contraction',
  'churned',
  'reactivation',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];
const NEW = 0;
const EXPANSION = 1;
const CONTRACTION = 2;
const CHURNED = 3;
const REACTIVATION = 4;

/** `event` dates each movement on the day MRR changes; `snapshot` compares period ends. */
export type MovementMode = 'event' | 'snapshot';

export interface MrrOptions {
  readonly interval: Interval;
  readonly mode: MovementMode;
  /** First day to compute from (defaults to the first day any MRR changes). */
  readonly firstDay?: Day;
  /** Last day of history to take into account (usually today in the reporting zone). */
  readonly lastDay: Day;
  readonly settings: WorkspaceSettings;
  /** Keep the per-customer movement log (for `northstar movements`). */
  readonly collectMovements?: boolean;
  /** Share of customers whose MRR share `customer_concentration` reports (default 0.2). */
  readonly concentrationShare?: number;
  /**
   * Revenue of the same customers counted before these inputs (the earlier series of a
   * breakdown that splits customers, `--by plan`): each customer's value is then
   * round(baseline + inputs) − round(baseline), so consecutive series add up to the
   * customer's once-rounded MRR to the minor unit. Shares `customerIds` and `currencies`.
   */
  readonly baseline?: MrrInputs;
}

/** Per-period aggregates in reporting-currency minor units (arrays indexed by period). */
export interface PeriodFacts {
  readonly mrrStart: Float64Array;
  readonly mrrEnd: Float64Array;
  /** Movement sums by type (MOVEMENT_TYPES order), positive magnitudes. */
  readonly movementMrr: readonly Float64Array[];
  /** Distinct customers with a movement of each type. */
  readonly movementCustomers: readonly Float64Array[];
  readonly fxImpact: Float64Array;
  readonly customersStart: Float64Array;
  readonly customersEnd: Float64Array;
  /** Customers paying at the start who churned during the period. */
  readonly churnedFromStart: Float64Array;
  /** MRR at the end of the customers paying at the start, and their MRR at the start. */
  readonly retainedMrr: Float64Array;
  readonly retainedMrrFloor: Float64Array;
  readonly startingMrr: Float64Array;
  /** The same against the day twelve months before the period's end. */
  readonly retainedMrr12: Float64Array;
  readonly startingMrr12: Float64Array;
  /** Σ min(MRR at end, MRR twelve months earlier) of those customers: trailing-12-month GRR. */
  readonly retainedMrrFloor12: Float64Array;
  /** Customers paying 30 days before the period's last day (rolling 30-day churn). */
  readonly customers30: Float64Array;
  /** Of those, the ones not paying on the last day. */
  readonly lost30: Float64Array;
  /** Distinct customers with a churn movement in the 30 days ending on the period's last day. */
  readonly churned30: Float64Array;
  /** Distinct customers with a new movement in those 30 days (Stripe's churn denominator). */
  readonly new30: Float64Array;
  /** Σ (customer MRR)² at the end: with mrrEnd it gives the Herfindahl-Hirschman index. */
  readonly mrrSquares: Float64Array;
  /** MRR of the top `concentrationShare` of paying customers at the end. */
  readonly topCustomersMrr: Float64Array;
  readonly topCustomersCount: Float64Array;
}

export interface Movement {
  readonly customer: number;
  readonly day: Day;
  readonly type: MovementType;
  /** Positive magnitude of the change, minor units. */
  readonly amount: number;
  readonly before: number;
  readonly after: number;
}

/** Monthly cohorts by month of first payment: customers and MRR still there k months later. */
export interface Cohorts {
  readonly months: readonly Period[];
  readonly size: readonly number[];
  readonly startMrr: readonly number[];
  /** [cohort][k] customers paying at the end of month cohort + k. */
  readonly customers: readonly number[][];
  /** [cohort][k] their MRR at the end of month cohort + k. */
  readonly mrr: readonly number[][];
}

export interface MrrFacts {
  readonly currency: string;
  readonly interval: Interval;
  readonly mode: MovementMode;
  readonly periods: readonly Period[];
  readonly facts: PeriodFacts;
  readonly cohorts: Cohorts;
  readonly movements: readonly Movement[] | null;
  readonly customerIds: readonly string[];
  /** Each customer's MRR on any day of the computed range (FX included). */
  readonly customers: CustomerMrr;
}

/**
 * The MRR engine: one pass over every customer's timeline computes the movements, the
 * per-period aggregates behind every MRR and retention metric, and the cohorts.
 * Values are valued per customer and rounded to the minor unit once, so every aggregate
 * is an exact integer sum and mrr(end) - mrr(start) = net new MRR + fx impact holds to the cent.
 * It is one shard (computeMrrShard) merged alone: a sharded run (src/engine/shards.ts)
 * merges many through the same code.
 */
export function computeMrr(inputs: MrrInputs, options: MrrOptions): MrrFacts {
  return mergeMrrShards([computeMrrShard(inputs, options)], options);
}

/**
 * The MRR facts of one range of customers before merging: per-period integer sums that
 * merge by addition, and the per-customer parts (timelines, end values, movements). Plain
 * data and typed arrays only, so a worker thread can send it (`fx` is then null and is
 * rebuilt from `currencies` and `fxRates`).
 */
export interface MrrShard {
  /** The shard's periods: from `options.firstDay` (or its own first change) to the last day. */
  readonly periods: readonly Period[];
  readonly months: readonly Period[];
  /** The first day any of its customers' MRR changes; null when none does. */
  readonly firstEntryDay: Day | null;
  /** Every field but the top-customer ones, which merging computes from `endValues`. */
  readonly facts: PeriodFacts;
  /** Σ (customer MRR)² at each period's end, exactly (it passes 2^53 at a million customers). */
  readonly squares: readonly bigint[];
  /** Per period, the MRR of each customer paying at its end. */
  readonly endValues: readonly Float64Array[];
  /**
   * Each customer's first paid day as the engine counts it, -1 if never: a paid spell that
   * the join-and-leave switch ignores is not paying, so it neither starts a cohort nor
   * makes a later free spell count as a customer.
   */
  readonly firstPaidDays: Int32Array;
  /** Each customer's last churn day (event mode; -1 if none, and in snapshot mode). */
  readonly lastChurnDays: Int32Array;
  readonly cohorts: Cohorts;
  readonly movements: Movement[] | null;
  readonly customerIds: readonly string[];
  readonly currencies: readonly string[];
  readonly fxRates: MrrInputs['fxRates'];
  readonly timelines: Timelines;
  readonly fixed: Float64Array;
  /** The exchange-rate table's days, and the table itself while in the thread that made it. */
  readonly fxDays: readonly [Day, Day];
  readonly fx: FxTable | null;
}

/** One range of customers (any MrrInputs) through the engine's walk, unmerged. */
export function computeMrrShard(inputs: MrrInputs, options: MrrOptions): MrrShard {
  const { timelines, fx, fixed, periods, months, firstEntryDay, fxDays, walker } = prepareWalk(
    inputs,
    options,
  );
  for (let c = 0; c < timelines.customerCount; c++) walker.walkCustomer(c);
  return {
    periods,
    months,
    firstEntryDay,
    ...walker.finish(),
    cohorts: walker.cohorts(),
    movements: walker.movements,
    customerIds: inputs.customerIds,
    currencies: inputs.currencies,
    fxRates: inputs.fxRates,
    timelines,
    fixed,
    fxDays,
    fx,
  };
}

/** The engine set up for a walk over `inputs`' customers (computeMrrShard, walkCustomerShares). */
function prepareWalk(inputs: MrrInputs, options: MrrOptions) {
  const { settings, interval, lastDay } = options;
  const timelines = buildTimelines(inputs, settings, lastDay, options.baseline ?? null);
  const firstEntryDay = timelines.day.length > 0 ? minOf(timelines.day) : lastDay;
  const firstDay = Math.min(options.firstDay ?? firstEntryDay, firstEntryDay, lastDay);
  const periods = periodsBetween(firstDay, lastDay, interval);
  const months = periodsBetween(firstDay, lastDay, 'month');
  const grid = evaluationGrid(periods, months);
  const fxDays = [grid.days[0]!, grid.days[grid.days.length - 1]!] as const;
  const fx = new FxTable(inputs.currencies, settings.currency, inputs.fxRates, ...fxDays);
  const fixed = fixedValues(timelines, fx);
  const walker = new Walker(timelines, fx, fixed, periods, months, grid, options);
  return {
    timelines,
    fx,
    fixed,
    periods,
    months,
    firstEntryDay: timelines.day.length > 0 ? firstEntryDay : null,
    fxDays,
    walker,
  };
}

/**
 * Shards of consecutive customer ranges (in customer order) to the facts of all their
 * customers, exactly as one shard of every customer would give: sums add, the periods
 * before the first change of any customer are dropped, and the top customers are chosen
 * among every shard's end values. `options.firstDay` is the caller's first day (the
 * shards may have been computed from an earlier one).
 */
export function mergeMrrShards(shards: readonly MrrShard[], options: MrrOptions): MrrFacts {
  const { settings, interval, mode, lastDay } = options;
  const entryDays = shards.flatMap((s) => (s.firstEntryDay === null ? [] : [s.firstEntryDay]));
  const firstEntryDay = entryDays.length > 0 ? Math.min(...entryDays) : lastDay;
  const firstDay = Math.min(options.firstDay ?? firstEntryDay, firstEntryDay, lastDay);
  const periods = periodsBetween(firstDay, lastDay, interval);
  const months = periodsBetween(firstDay, lastDay, 'month');
  for (const s of shards)
    if (s.periods.length < periods.length || s.months.length < months.length)
      throw new Error('a shard was computed from a later first day than the merge');
  const n = periods.length;
  // One shard from the merge's own first day: its facts are the result, nothing is copied.
  const merged =
    shards.length === 1 &&
    shards[0]!.periods.length === n &&
    shards[0]!.months.length === months.length;
  const facts = merged ? shards[0]!.facts : sumFacts(shards, n);
  const squares = sumSquares(shards, n);
  for (let k = 0; k < n; k++) facts.mrrSquares[k] = Number(squares[k]!);
  topCustomers(shards, n, facts, options.concentrationShare ?? 0.2);
  let movements: Movement[] | null = null;
  if (shards.every((s) => s.movements !== null)) {
    movements = merged ? shards[0]!.movements : [];
    if (!merged)
      for (let i = 0, offset = 0; i < shards.length; offset += shards[i]!.customerIds.length, i++)
        for (const m of shards[i]!.movements!)
          movements!.push({ ...m, customer: m.customer + offset });
  }
  const customerIds = merged
    ? shards[0]!.customerIds
    : ([] as string[]).concat(...shards.map((s) => s.customerIds));
  return {
    currency: settings.currency,
    interval,
    mode,
    periods,
    facts,
    cohorts: merged ? shards[0]!.cohorts : sumCohorts(shards, months),
    movements,
    customerIds,
    customers: shardedCustomerMrr(shards, customerIds, settings.currency),
  };
}

/** The shards' period sums over the merged periods (each shard's last `n` periods). */
function sumFacts(shards: readonly MrrShard[], n: number): PeriodFacts {
  const array = () => new Float64Array(n);
  const out: PeriodFacts = {
    ...Object.fromEntries(PERIOD_FIELDS.map((field) => [field, array()])),
    movementMrr: MOVEMENT_TYPES.map(array),
    movementCustomers: MOVEMENT_TYPES.map(array),
  } as unknown as PeriodFacts;
  const add = (to: Float64Array, from: Float64Array) => {
    const skip = from.length - n;
    for (let k = 0; k < n; k++) to[k]! += from[k + skip]!;
  };
  for (const s of shards) {
    for (const field of PERIOD_FIELDS) add(out[field], s.facts[field]);
    for (let t = 0; t < MOVEMENT_TYPES.length; t++) {
      add(out.movementMrr[t]!, s.facts.movementMrr[t]!);
      add(out.movementCustomers[t]!, s.facts.movementCustomers[t]!);
    }
  }
  return out;
}

/** The PeriodFacts fields that are one Float64Array each. */
const PERIOD_FIELDS = [
  'mrrStart',
  'mrrEnd',
  'fxImpact',
  'customersStart',
  'customersEnd',
  'churnedFromStart',
  'retainedMrr',
  'retainedMrrFloor',
  'startingMrr',
  'retainedMrr12',
  'startingMrr12',
  'retainedMrrFloor12',
  'customers30',
  'lost30',
  'churned30',
  'new30',
  'mrrSquares',
  'topCustomersMrr',
  'topCustomersCount',
] as const satisfies readonly (keyof PeriodFacts)[];

function sumSquares(shards: readonly MrrShard[], n: number): bigint[] {
  const out = new Array<bigint>(n).fill(0n);
  for (const s of shards) {
    const skip = s.squares.length - n;
    for (let k = 0; k < n; k++) out[k]! += s.squares[k + skip]!;
  }
  return out;
}

/**
 * MRR of the top `share` of paying customers at each period's end, among every shard's:
 * an integer sum of the same values whichever shard holds them.
 */
function topCustomers(shards: readonly MrrShard[], n: number, facts: PeriodFacts, share: number) {
  for (let k = 0; k < n; k++) {
    const values = shards.map((s) => s.endValues[k + s.endValues.length - n]!);
    let paying = 0;
    for (const own of values) paying += own.length;
    const top = Math.ceil(paying * share);
    facts.topCustomersCount[k] = top;
    facts.topCustomersMrr[k] = sumOfLargestAcross(values, top);
  }
}

function sumCohorts(shards: readonly MrrShard[], months: readonly Period[]): Cohorts {
  const m = months.length;
  const size = new Array<number>(m).fill(0);
  const startMrr = new Array<number>(m).fill(0);
  const customers = months.map((_, i) => new Array<number>(m - i).fill(0));
  const mrr = months.map((_, i) => new Array<number>(m - i).fill(0));
  for (const s of shards) {
    const skip = s.months.length - m;
    for (let i = 0; i < m; i++) {
      size[i]! += s.cohorts.size[i + skip]!;
      startMrr[i]! += s.cohorts.startMrr[i + skip]!;
      const c = s.cohorts.customers[i + skip]!;
      const v = s.cohorts.mrr[i + skip]!;
      for (let j = 0; j < m - i; j++) {
        customers[i]![j]! += c[j]!;
        mrr[i]![j]! += v[j]!;
      }
    }
  }
  return { months, size, startMrr, customers, mrr };
}

/** Each shard's CustomerMrr behind one index of all customers (shards in customer order). */
function shardedCustomerMrr(
  shards: readonly MrrShard[],
  customerIds: readonly string[],
  reporting: string,
): CustomerMrr {
  const books = shards.map((s) => {
    const fx = s.fx ?? new FxTable(s.currencies, reporting, s.fxRates, s.fxDays[0], s.fxDays[1]);
    return customerMrr(s.timelines, fx, s.fixed, s.customerIds, s.firstPaidDays, s.lastChurnDays);
  });
  if (books.length === 1) return books[0]!;
  const starts = new Int32Array(shards.length + 1);
  shards.forEach((s, i) => (starts[i + 1] = starts[i]! + s.customerIds.length));
  /** The shard holding global customer `c`, by binary search over the shards' first indexes. */
  const shardOf = (c: number) => {
    let lo = 0;
    let hi = shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= c) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const at = <T>(c: number, ask: (book: CustomerMrr, local: number) => T): T => {
    const i = shardOf(c);
    return ask(books[i]!, c - starts[i]!);
  };
  let index: Map<string, number> | null = null;
  return {
    currency: reporting,
    customerIds,
    indexOf(customerId) {
      index ??= new Map(customerIds.map((id, i) => [id, i]));
      return index.get(customerId) ?? -1;
    },
    mrrOn: (c, day) => at(c, (book, local) => book.mrrOn(local, day)),
    history: (c) => at(c, (book, local) => book.history(local)),
    firstPaidDay: (c) => at(c, (book, local) => book.firstPaidDay(local)),
    lastChurnDay: (c) => at(c, (book, local) => book.lastChurnDay(local)),
    activeAtZero: (c, day) => at(c, (book, local) => book.activeAtZero(local, day)),
    factor: (currency, day) => {
      const book = books.find((b, i) => shards[i]!.currencies.includes(currency)) ?? books[0]!;
      return book.factor(currency, day);
    },
  };
}

/**
 * What one customer adds to the engine's aggregates (see customer-contribution.ts). Its
 * arrays are the walker's own, valid during the callback only: copy what is kept.
 */
export interface CustomerShare {
  /** The customer's additions to every additive series (the top-customers pair left at 0). */
  readonly facts: PeriodFacts;
  /** Index of its cohort month, -1 if it never paid; then its cohort additions. */
  readonly cohortMonth: number;
  readonly cohortStartMrr: number;
  readonly cohortPaying: readonly number[];
  readonly cohortMrr: readonly number[];
  readonly movements: readonly Movement[];
  /** The first day its MRR inputs change, null if they never do. */
  readonly firstChangeDay: Day | null;
  /** The period of that day (the period count when none): the share is 0 before it. */
  readonly firstPeriod: number;
}

/**
 * The engine run customer by customer: one walk over every customer, as computeMrr does,
 * handing each customer's share (and the walk's periods) to `each` instead of summing
 * them. The shares add up to computeMrr's figures (all but the top-customers pair, which
 * ranks customers).
 */
export function walkCustomerShares(
  inputs: MrrInputs,
  options: Omit<MrrOptions, 'collectMovements' | 'baseline'>,
  each: (customer: number, share: CustomerShare, periods: readonly Period[]) => void,
): { periods: readonly Period[]; months: readonly Period[] } {
  const { timelines, periods, months, walker } = prepareWalk(inputs, {
    ...options,
    collectMovements: true,
  });
  const { offsets, day } = timelines;
  for (let c = 0; c < timelines.customerCount; c++) {
    walker.walkCustomer(c);
    const first = offsets[c]! < offsets[c + 1]! ? day[offsets[c]!]! : null;
    each(c, walker.takeShare(first), periods);
    walker.clearShare();
  }
  return { periods, months };
}

/** Length of the rolling churn window some tools use instead of calendar periods. */
export const ROLLING_CHURN_DAYS = 30;

interface Grid {
  /** Sorted days at whose end MRR is valued. */
  readonly days: Int32Array;
  readonly periodEnd: Int32Array;
  readonly periodStart: Int32Array;
  readonly anchor12: Int32Array;
  readonly anchor30: Int32Array;
  readonly monthEnd: Int32Array;
}

/** The days at which customer MRR is needed: period ends, the day before the first period, twelve-month anchors and month ends. */
function evaluationGrid(periods: readonly Period[], months: readonly Period[]): Grid {
  const anchorOf = (p: Period) => addMonths(p.end + 1, -12) - 1;
  const wanted = new Set<number>([periods[0]!.start - 1]);
  for (const p of periods) {
    wanted.add(p.end);
    wanted.add(anchorOf(p));
    wanted.add(p.end - ROLLING_CHURN_DAYS);
  }
  for (const m of months) wanted.add(m.end);
  const days = Int32Array.from([...wanted].sort((a, b) => a - b));
  const index = new Map<number, number>();
  days.forEach((d, i) => index.set(d, i));
  const at = (d: number) => index.get(d)!;
  return {
    days,
    periodEnd: Int32Array.from(periods, (p) => at(p.end)),
    periodStart: Int32Array.from(periods, (p) => at(p.start - 1)),
    anchor12: Int32Array.from(periods, (p) => at(anchorOf(p))),
    anchor30: Int32Array.from(periods, (p) => at(p.end - ROLLING_CHURN_DAYS)),
    monthEnd: Int32Array.from(months, (m) => at(m.end)),
  };
}

const ACC_MRR_END = 0;
const ACC_MRR_START = 1;
const ACC_CUSTOMERS_END = 2;
const ACC_CUSTOMERS_START = 3;
const ACC_STARTING_MRR = 4;
const ACC_RETAINED_MRR = 5;
const ACC_RETAINED_MRR_FLOOR = 6;
const ACC_STARTING_MRR12 = 7;
const ACC_RETAINED_MRR12 = 8;
const ACC_RETAINED_MRR_FLOOR12 = 9;
const ACC_CUSTOMERS30 = 10;
const ACC_LOST30 = 11;
const ACC_FIELDS = 12;
/** Doubles (512 MiB) the end-value arrays may take up front (see the Walker constructor). */
const END_VALUES_BUDGET = 64 * 2 ** 20;

class Walker {
  readonly movements: Movement[] | null;
  private readonly native: Float64Array;
  private readonly slots: number;
  private readonly periodOfDay: Int32Array;
  private readonly firstPeriodDay: Day;
  private readonly values: Float64Array;
  private readonly entryAt: Int32Array;
  /** The first period whose end point is at or after a grid point (the period count if none). */
  private readonly periodEndingFrom: FirstAtLeastTable;
  /** The first grid point on or after a day (a binary search per customer showed up). */
  private readonly pointFrom: FirstAtLeastTable;
  private readonly lastCounted = new Int32Array(MOVEMENT_TYPES.length);
  private lastChurnFromStart = -1;
  private lastChurn30 = -1;
  private lastNew30 = -1;
  /** The day the customer's MRR last fell to 0 (for the reactivation window). */
  private zeroSince = -1;
  /** Through this timeline entry the customer's movements are ignored (join and leave). */
  private ignoredThrough = -1;
  private readonly reactivationWindow: number | null;
  /** The customer's free windows (see Timelines.freeWindows), or null. */
  private free: readonly (readonly [Day, Day])[] | null = null;
  private readonly ignoreJoinAndLeave: boolean;
  /** Snapshot mode values movements at the entry in force at a period's start: keep which. */
  private readonly keepsEntries: boolean;
  /** Monthly periods: a cohort's months are the periods, summed in accumulatePeriods. */
  private readonly cohortsByPeriod: boolean;
  private readonly f: PeriodFacts;
  /**
   * accumulatePeriods' sums, period-major (ACC_* fields of period k at k * ACC_FIELDS): one
   * or two cache lines per period instead of twelve arrays. Copied into `f` by finish();
   * each sum sees the same additions in the same order, so the results are the same bits.
   */
  private readonly acc: Float64Array;
  /** Per period, the values of the customers paying at its end (growable typed arrays). */
  private readonly endValues: Float64Array[];
  private readonly endCounts: Int32Array;
  private readonly monthIndex: PeriodIndex;
  private readonly firstPaidDays: Int32Array;
  private readonly lastChurnDays: Int32Array;
  /** Per period, Σ MRR² of the customers paying at its end (exact beyond 2^53). */
  private squares: ExactSums;
  private readonly cohortSize: number[];
  private readonly cohortStartMrr: number[];
  private readonly cohortCustomers: number[][];
  private readonly cohortMrr: number[][];
  /** The cohort month accumulateCohort added the last customer to, -1 if none. */
  private lastCohortMonth = -1;
  /**
   * The first period the customer walked last writes to (its first entry's; the period
   * count when it has none): its share is 0 before it, and only from it on is copied and
   * cleared (most customers start well after the first period).
   */
  private shareFrom = 0;

  constructor(
    private readonly timelines: Timelines,
    private readonly fx: FxTable,
    /** Per timeline entry, its value when that does not depend on the day (no fx), else NaN. */
    private readonly fixed: Float64Array,
    private readonly periods: readonly Period[],
    private readonly months: readonly Period[],
    private readonly grid: Grid,
    private readonly options: MrrOptions,
  ) {
    this.native = timelines.native;
    this.slots = timelines.currencyCount;
    this.movements = options.collectMovements ? [] : null;
    this.reactivationWindow = options.settings.reactivationWindowDays ?? null;
    this.ignoreJoinAndLeave = options.settings.joinAndLeaveMovements === 'ignore';
    this.keepsEntries = options.mode === 'snapshot';
    this.cohortsByPeriod = options.interval === 'month';
    const n = periods.length;
    const array = () => new Float64Array(n);
    this.f = {
      mrrStart: array(),
      mrrEnd: array(),
      movementMrr: MOVEMENT_TYPES.map(array),
      movementCustomers: MOVEMENT_TYPES.map(array),
      fxImpact: array(),
      customersStart: array(),
      customersEnd: array(),
      churnedFromStart: array(),
      retainedMrr: array(),
      retainedMrrFloor: array(),
      startingMrr: array(),
      retainedMrr12: array(),
      startingMrr12: array(),
      retainedMrrFloor12: array(),
      customers30: array(),
      lost30: array(),
      churned30: array(),
      new30: array(),
      mrrSquares: array(),
      topCustomersMrr: array(),
      topCustomersCount: array(),
    };
    this.acc = new Float64Array(n * ACC_FIELDS);
    this.firstPeriodDay = periods[0]!.start;
    const lastPeriodDay = periods[n - 1]!.end;
    this.periodOfDay = new Int32Array(lastPeriodDay - this.firstPeriodDay + 1);
    periods.forEach((p, k) =>
      this.periodOfDay.fill(k, p.start - this.firstPeriodDay, p.end - this.firstPeriodDay + 1),
    );
    this.pointFrom = new FirstAtLeastTable(grid.days);
    this.periodEndingFrom = new FirstAtLeastTable(grid.periodEnd);
    this.values = new Float64Array(grid.days.length);
    this.entryAt = new Int32Array(grid.days.length).fill(-1);
    // Room for every customer that can pay when that is affordable (monthly or coarser
    // periods): no doubling copies in the hot loop. Daily or weekly periods start small and
    // grow. A part of a range (a series of `--by`) keeps the range's numbering but has few
    // of its customers: sized by the range's, eleven series took 24 MB a period each.
    const paying = customersWithEntries(timelines);
    const initial = n * paying <= END_VALUES_BUDGET ? paying : Math.min(1024, paying);
    this.endValues = periods.map(() => new Float64Array(initial));
    this.endCounts = new Int32Array(n);
    this.firstPaidDays = new Int32Array(timelines.customerCount).fill(-1);
    this.lastChurnDays = new Int32Array(timelines.customerCount).fill(-1);
    this.squares = new ExactSums(n);
    this.monthIndex = new PeriodIndex(months);
    this.cohortSize = months.map(() => 0);
    this.cohortStartMrr = months.map(() => 0);
    this.cohortCustomers = months.map((_, m) => new Array<number>(months.length - m).fill(0));
    this.cohortMrr = months.map((_, m) => new Array<number>(months.length - m).fill(0));
  }

  /** Customer MRR in reporting minor units when timeline entry `entry` applies on `day`. */
  private value(entry: number, day: Day): number {
    return entryValue(this.timelines, this.fx, this.fixed, entry, day);
  }

  private periodOf(day: Day): number {
    const i = day - this.firstPeriodDay;
    return i < 0 || i >= this.periodOfDay.length ? -1 : this.periodOfDay[i]!;
  }

  /** The first period that ends on or after `day` (the period count when none does). */
  private periodFrom(day: Day): number {
    if (day < this.firstPeriodDay) return 0;
    const k = this.periodOf(day);
    return k < 0 ? this.periods.length : k;
  }

  walkCustomer(c: number): void {
    const { offsets, day } = this.timelines;
    const e0 = offsets[c]!;
    const e1 = offsets[c + 1]!;
    this.shareFrom = e0 === e1 ? this.periods.length : this.periodFrom(day[e0]!);
    if (e0 === e1) return;
    const points = this.grid.days;
    const eventMode = this.options.mode === 'event';
    for (let type = 0; type < MOVEMENT_TYPES.length; type++) this.lastCounted[type] = -1;
    this.lastChurnFromStart = -1;
    this.lastChurn30 = -1;
    this.lastNew30 = -1;
    this.zeroSince = -1;
    this.ignoredThrough = -1;
    this.free = this.timelines.freeWindows?.get(c) ?? null;

    let p = this.pointFrom.of(day[e0]!);
    const pFirst = p;
    let e = e0;
    let current = -1;
    let previousValue = 0;
    let hadMrr = false;
    let firstPaidDay = -1;
    let firstPaidMrr = 0;
    for (;;) {
      const entryDay = e < e1 ? day[e]! : Infinity;
      const pointDay = p < points.length ? points[p]! : Infinity;
      if (entryDay === Infinity && pointDay === Infinity) break;
      if (entryDay <= pointDay) {
        const before = this.value(current, entryDay);
        const after = this.value(e, entryDay);
        const k = this.periodOf(entryDay);
        // What rates did to the entry in force before this one is fx, even when this entry
        // starts a spell the join-and-leave switch ignores: the spell goes from 0 back to 0,
        // so only the movements and fx within it net to nothing.
        if (eventMode && k >= 0 && e > this.ignoredThrough)
          this.f.fxImpact[k]! += before - previousValue;
        if (eventMode && k >= 0 && before === 0 && after > 0 && !hadMrr && this.ignoreJoinAndLeave)
          this.ignoreIfLeavingIn(k, e, e1);
        if (eventMode && k >= 0 && e > this.ignoredThrough && after !== before)
          this.recordMovement(c, k, entryDay, before, after, hadMrr);
        if (after > 0 && !hadMrr && e > this.ignoredThrough) {
          hadMrr = true;
          firstPaidDay = entryDay;
          firstPaidMrr = after;
        }
        previousValue = after;
        current = e++;
      } else if (current < 0 || this.fixed[current] === this.fixed[current]) {
        // The value holds until the next entry: fill those points at once. Their fx impact
        // (v - previousValue) is exactly zero, so it is not added.
        const v = current < 0 ? 0 : this.fixed[current]!;
        if (e === e1 && v === 0 && this.isZero(current) && this.free === null) {
          this.values[p] = v;
          if (this.keepsEntries) this.entryAt[p] = current;
          p++;
          break;
        }
        const until = e < e1 ? this.pointFrom.of(entryDay) : points.length;
        if (this.keepsEntries) this.entryAt.fill(current, p, until);
        for (; p < until; p++) this.values[p] = v;
        previousValue = v;
      } else {
        const v = this.value(current, pointDay);
        const k = this.periodOf(pointDay);
        if (eventMode && k >= 0 && current >= this.ignoredThrough)
          this.f.fxImpact[k]! += v - previousValue;
        previousValue = v;
        this.values[p] = v;
        if (this.keepsEntries) this.entryAt[p] = current;
        p++;
        if (e === e1 && v === 0 && this.isZero(current) && this.free === null) break;
      }
    }
    const pLast = p - 1;
    this.firstPaidDays[c] = firstPaidDay;
    const cohortMonth = firstPaidDay >= 0 ? this.monthIndex.of(firstPaidDay) : -1;
    this.accumulatePeriods(c, pFirst, pLast, firstPaidDay, cohortMonth);
    if (firstPaidDay >= 0) this.accumulateCohort(cohortMonth, firstPaidMrr, pLast);
    // Loops rather than fill(): a few dozen points per customer, a million customers.
    for (let q = pFirst; q <= pLast; q++) this.values[q] = 0;
    if (this.keepsEntries) this.entryAt.fill(-1, pFirst, pLast + 1);
  }

  /**
   * The join-and-leave switch set to `ignore` (ProfitWell): a customer whose MRR starts at
   * entry `e` and falls back to 0 within the same period `k` has none of those movements
   * (nor their fx), and is not counted as having paid. What they net to is zero, so the MRR
   * identity still holds.
   */
  private ignoreIfLeavingIn(k: number, e: number, e1: number): void {
    const { day } = this.timelines;
    for (let z = e + 1; z < e1 && this.periodOf(day[z]!) === k; z++) {
      if (this.value(z, day[z]!) === 0) {
        this.ignoredThrough = z;
        return;
      }
    }
  }

  /** Whether the customer is active at MRR 0 on `day` (a line in force, discounted to 0). */
  private isFreeOn(day: Day): boolean {
    const free = this.free;
    if (free === null) return false;
    for (const [from, to] of free) if (day >= from && day < to) return true;
    return false;
  }

  /** At grid point `point`: free, having paid before (a never-paying customer is none). */
  private isFreeAfterPaying(point: number, firstPaidDay: Day): boolean {
    const day = this.grid.days[point]!;
    return firstPaidDay >= 0 && firstPaidDay <= day && this.isFreeOn(day);
  }

  private isZero(entry: number): boolean {
    if (entry < 0) return true;
    for (let slot = 0; slot < this.slots; slot++)
      if (this.native[entry * this.slots + slot] !== 0) return false;
    return true;
  }

  private recordMovement(
    c: number,
    k: number,
    day: Day,
    before: number,
    after: number,
    hadMrr: boolean,
  ): void {
    let type =
      before === 0
        ? hadMrr && !this.beyondReactivationWindow(day)
          ? REACTIVATION
          : NEW
        : after === 0
          ? CHURNED
          : after > before
            ? EXPANSION
            : CONTRACTION;
    // Free-customers switch `active`: to and from a free (100%-discounted) spell the customer
    // stays active, so its MRR contracts to 0 and expands back.
    if (this.free !== null) {
      if (type === CHURNED && this.isFreeOn(day)) type = CONTRACTION;
      else if (type === REACTIVATION && this.isFreeOn(day - 1)) type = EXPANSION;
    }
    const amount = Math.abs(after - before);
    this.f.movementMrr[type]![k]! += amount;
    if (this.lastCounted[type] !== k) {
      this.lastCounted[type] = k;
      this.f.movementCustomers[type]![k]! += 1;
    }
    if (
      type === CHURNED &&
      this.lastChurnFromStart !== k &&
      this.values[this.grid.periodStart[k]!]! > 0
    ) {
      this.lastChurnFromStart = k;
      this.f.churnedFromStart[k]! += 1;
    }
    if (type === CHURNED) {
      this.lastChurnDays[c] = day;
      this.lastChurn30 = this.countInRollingWindow(this.f.churned30, this.lastChurn30, k, day);
      this.zeroSince = day;
    }
    if (type === NEW)
      this.lastNew30 = this.countInRollingWindow(this.f.new30, this.lastNew30, k, day);
    this.movements?.push({ customer: c, day, type: MOVEMENT_TYPES[type]!, amount, before, after });
  }

  /**
   * A movement on `day` counts its customer once in the 30-day window of its own period and,
   * near its start, of the next; `last` is the last period it was counted in, returned updated.
   */
  private countInRollingWindow(counts: Float64Array, last: number, k: number, day: Day): number {
    for (let j = Math.max(k, last + 1); j <= k + 1 && j < this.periods.length; j++) {
      const end = this.periods[j]!.end;
      if (day > end - ROLLING_CHURN_DAYS && day <= end) {
        counts[j]! += 1;
        last = j;
      }
    }
    return last;
  }

  /** A return more than the reactivation window's days after churning is new business (Maxio). */
  private beyondReactivationWindow(day: Day): boolean {
    const window = this.reactivationWindow;
    return window !== null && this.zeroSince >= 0 && day - this.zeroSince > window;
  }

  /**
   * The customer's additions to every period's sums, from its values at the grid points;
   * with monthly periods also to its cohort's (month `cohortMonth`, -1 if it never paid),
   * whose months are then the periods.
   */
  private accumulatePeriods(
    c: number,
    pFirst: number,
    pLast: number,
    firstPaidDay: Day,
    cohortMonth: number,
  ): void {
    const { periodEnd, periodStart, anchor12, anchor30 } = this.grid;
    const cohort = this.cohortsByPeriod && cohortMonth >= 0;
    const cohortPaying = cohort ? this.cohortCustomers[cohortMonth]! : null;
    const cohortMrr = cohort ? this.cohortMrr[cohortMonth]! : null;
    const acc = this.acc;
    const values = this.values;
    const endValues = this.endValues;
    const endCounts = this.endCounts;
    const n = this.periods.length;
    const snapshot = this.options.mode === 'snapshot';
    const free = this.free !== null;
    let hadMrr = false;
    for (let k = this.periodEndingFrom.of(pFirst); k < n; k++) {
      if (anchor12[k]! > pLast) break;
      const vEnd = values[periodEnd[k]!]!;
      const vStart = values[periodStart[k]!]!;
      const vAnchor = values[anchor12[k]!]!;
      const o = k * ACC_FIELDS;
      acc[o + ACC_MRR_END]! += vEnd;
      acc[o + ACC_MRR_START]! += vStart;
      // A paying customer gone free (see isFreeOn) is still a customer, at MRR 0.
      if (free && vEnd === 0 && this.isFreeAfterPaying(periodEnd[k]!, firstPaidDay))
        acc[o + ACC_CUSTOMERS_END]! += 1;
      if (free && vStart === 0 && this.isFreeAfterPaying(periodStart[k]!, firstPaidDay))
        acc[o + ACC_CUSTOMERS_START]! += 1;
      if (vEnd > 0) {
        acc[o + ACC_CUSTOMERS_END]! += 1;
        this.squares.add(k, squareOf(vEnd));
        const count = endCounts[k]!;
        const stored = count < endValues[k]!.length ? endValues[k]! : this.growEndValues(k);
        stored[count] = vEnd;
        endCounts[k] = count + 1;
        if (cohortPaying !== null && k >= cohortMonth) {
          cohortPaying[k - cohortMonth]! += 1;
          cohortMrr![k - cohortMonth]! += vEnd;
        }
      }
      if (vStart > 0) {
        acc[o + ACC_CUSTOMERS_START]! += 1;
        acc[o + ACC_STARTING_MRR]! += vStart;
        acc[o + ACC_RETAINED_MRR]! += vEnd;
        acc[o + ACC_RETAINED_MRR_FLOOR]! += Math.min(vStart, vEnd);
        hadMrr = true;
      }
      if (vAnchor > 0) {
        acc[o + ACC_STARTING_MRR12]! += vAnchor;
        acc[o + ACC_RETAINED_MRR12]! += vEnd;
        acc[o + ACC_RETAINED_MRR_FLOOR12]! += Math.min(vAnchor, vEnd);
      }
      if (values[anchor30[k]!]! > 0) {
        acc[o + ACC_CUSTOMERS30]! += 1;
        if (vEnd === 0) acc[o + ACC_LOST30]! += 1;
      }
      if (snapshot) this.snapshotMovement(c, k, vStart, vEnd, hadMrr);
      if (vEnd > 0) hadMrr = true;
    }
  }

  /** Doubles period k's end values (out of the hot loop: rarely called). */
  private growEndValues(k: number): Float64Array {
    const values = this.endValues[k]!;
    const grown = new Float64Array(Math.max(1024, values.length * 2));
    grown.set(values);
    this.endValues[k] = grown;
    return grown;
  }

  /** Snapshot mode: one movement per period from the customer's MRR at the two period ends. */
  private snapshotMovement(
    c: number,
    k: number,
    vStart: number,
    vEnd: number,
    hadMrr: boolean,
  ): void {
    const endDay = this.periods[k]!.end;
    // The movement is valued at the end's rates; what rates alone did to the start value is fx.
    const startAtEndRates = this.value(this.entryAt[this.grid.periodStart[k]!]!, endDay);
    this.f.fxImpact[k]! += startAtEndRates - vStart;
    if (vEnd === startAtEndRates) return;
    this.lastCounted.fill(-1);
    this.recordMovement(c, k, endDay, startAtEndRates, vEnd, hadMrr);
  }

  /** The customer's cohort (month m0) gains it; its later months too, unless they are the periods. */
  private accumulateCohort(m0: number, firstPaidMrr: number, pLast: number): void {
    this.lastCohortMonth = m0;
    if (m0 < 0) return;
    this.cohortSize[m0]! += 1;
    this.cohortStartMrr[m0]! += firstPaidMrr;
    if (this.cohortsByPeriod) return;
    const customers = this.cohortCustomers[m0]!;
    const mrr = this.cohortMrr[m0]!;
    for (let m = m0; m < this.months.length; m++) {
      const point = this.grid.monthEnd[m]!;
      if (point > pLast) break;
      const v = this.values[point]!;
      if (v > 0) {
        customers[m - m0]! += 1;
        mrr[m - m0]! += v;
      }
    }
  }

  /**
   * The additions of the customer walked last (the per-customer mode of
   * walkCustomerShares): the sums `acc` keeps are moved into `f`, so `f` holds this one
   * customer's share until clearShare(). Its end values are not kept for the top-customers
   * pair, which the caller ranks itself.
   */
  takeShare(firstChangeDay: Day | null): CustomerShare {
    const n = this.periods.length;
    // Before shareFrom, `acc` and the share's arrays are 0 already (see clearShare).
    const from = this.shareFrom;
    for (const [array, field] of this.accumulatedFields())
      for (let k = from; k < n; k++) {
        array[k] = this.acc[k * ACC_FIELDS + field]!;
        this.acc[k * ACC_FIELDS + field] = 0;
      }
    // One customer's squares: a float unless its MRR passes ~94.9M minor units.
    for (let k = from; k < n; k++) this.f.mrrSquares[k] = this.squares.toNumber(k);
    this.squares.clear();
    this.endCounts.fill(0);
    const m = this.lastCohortMonth;
    return {
      facts: this.f,
      cohortMonth: m,
      cohortStartMrr: m < 0 ? 0 : this.cohortStartMrr[m]!,
      cohortPaying: m < 0 ? [] : this.cohortCustomers[m]!,
      cohortMrr: m < 0 ? [] : this.cohortMrr[m]!,
      movements: this.movements?.splice(0) ?? [],
      firstChangeDay,
      firstPeriod: from,
    };
  }

  /** The arrays of `f` a share fills outside `acc` (built once: cleared per customer). */
  private shareOnly: Float64Array[] | null = null;

  /** Zeroes the share takeShare() handed out, before the next customer is walked. */
  clearShare(): void {
    const f = this.f;
    this.shareOnly ??= [
      ...f.movementMrr,
      ...f.movementCustomers,
      f.fxImpact,
      f.churnedFromStart,
      f.churned30,
      f.new30,
      f.mrrSquares,
    ];
    // The walk wrote the share from shareFrom on only: before it, it is 0 still.
    for (const array of this.shareOnly) array.fill(0, this.shareFrom);
    for (const [array] of this.accumulatedFields()) array.fill(0, this.shareFrom);
    const m = this.lastCohortMonth;
    this.lastCohortMonth = -1;
    if (m >= 0) {
      this.cohortSize[m] = 0;
      this.cohortStartMrr[m] = 0;
      this.cohortCustomers[m]!.fill(0);
      this.cohortMrr[m]!.fill(0);
    }
  }

  /** The fields kept in `acc`, with their arrays in `f` (built once: asked per customer). */
  private accumulated: [Float64Array, number][] | null = null;

  private accumulatedFields(): [Float64Array, number][] {
    const f = this.f;
    return (this.accumulated ??= [
      [f.mrrEnd, ACC_MRR_END],
      [f.mrrStart, ACC_MRR_START],
      [f.customersEnd, ACC_CUSTOMERS_END],
      [f.customersStart, ACC_CUSTOMERS_START],
      [f.startingMrr, ACC_STARTING_MRR],
      [f.retainedMrr, ACC_RETAINED_MRR],
      [f.retainedMrrFloor, ACC_RETAINED_MRR_FLOOR],
      [f.startingMrr12, ACC_STARTING_MRR12],
      [f.retainedMrr12, ACC_RETAINED_MRR12],
      [f.retainedMrrFloor12, ACC_RETAINED_MRR_FLOOR12],
      [f.customers30, ACC_CUSTOMERS30],
      [f.lost30, ACC_LOST30],
    ]);
  }

  /** The period sums (top customers left to the merge), exact squares and end values. */
  finish(): Pick<MrrShard, 'facts' | 'squares' | 'endValues' | 'firstPaidDays' | 'lastChurnDays'> {
    const f = this.f;
    for (const [array, field] of this.accumulatedFields())
      for (let k = 0; k < array.length; k++) array[k] = this.acc[k * ACC_FIELDS + field]!;
    const squares = this.squares.values();
    const endValues = this.endValues.map((values, k) => values.subarray(0, this.endCounts[k]!));
    const { firstPaidDays, lastChurnDays } = this;
    return { facts: f, squares, endValues, firstPaidDays, lastChurnDays };
  }

  cohorts(): Cohorts {
    return {
      months: this.months,
      size: this.cohortSize,
      startMrr: this.cohortStartMrr,
      customers: this.cohortCustomers,
      mrr: this.cohortMrr,
    };
  }
}

/** The customers whose timeline has an entry: the most that can pay at any point. */
function customersWithEntries({ offsets, customerCount }: Timelines): number {
  let count = 0;
  for (let c = 0; c < customerCount; c++) if (offsets[c + 1]! > offsets[c]!) count++;
  return count;
}

function minOf(values: Int32Array): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return min;
}
