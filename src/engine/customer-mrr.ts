import type { Day } from '../model/day.ts';
import { roundHalfAwayFromZero } from '../model/money.ts';
import type { FxTable } from './fx.ts';
import type { Timelines } from './timeline.ts';

/**
 * Each customer's MRR on any day, valued as the MRR metric values it: the customer's
 * timeline entry in force that day at that day's exchange rates, rounded once to the minor
 * unit. An exchange-rate change is not a movement, so a customer's MRR today is not the
 * `after` of its last movement; ask `mrrOn` instead. The MRR metric of a period is exactly
 * Σ mrrOn(c, period end) over the customers.
 */
export interface CustomerMrr {
  readonly currency: string;
  readonly customerIds: readonly string[];
  /** Index of a customer id in `customerIds`, -1 when the customer has no MRR rows. */
  indexOf(customerId: string): number;
  /** Customer `c`'s MRR on `day`, reporting-currency minor units. */
  mrrOn(c: number, day: Day): number;
  /** The days the customer's MRR inputs change (a step function) with the MRR on each. */
  history(c: number): { day: Day; mrr: number }[];
  /**
   * The first day the customer paid as the engine counts it (a spell the join-and-leave
   * switch ignores is not paying), null if never.
   */
  firstPaidDay(c: number): Day | null;
  /**
   * The day of the customer's last churn movement as the engine counts it (event mode),
   * null if none: for a customer not paying now, the day it stopped.
   */
  lastChurnDay(c: number): Day | null;
  /**
   * Whether the customer counts as a customer on `day` though its MRR is 0 (the
   * free-customers switch set to `active`: it paid before, and a line in force is
   * discounted to 0).
   */
  activeAtZero(c: number, day: Day): boolean;
  /** Reporting minor units for one minor unit of `currency` on `day`. */
  factor(currency: string, day: Day): number;
}

/**
 * Each timeline entry's value in reporting minor units when only the reporting currency is
 * in it (the entryValue formula with every factor 1, so bit for bit the same), NaN otherwise.
 */
export function fixedValues(timelines: Timelines, fx: FxTable): Float64Array {
  const { native, currencyCount: slots, baselineSlots } = timelines;
  const currencies = baselineSlots || slots;
  const entries = timelines.day.length;
  const out = new Float64Array(entries);
  const converted = Array.from({ length: slots }, (_, slot) => !fx.isReporting(slot % currencies));
  for (let e = 0; e < entries; e++) {
    let sum = 0;
    let base = 0;
    let dependsOnDay = false;
    for (let slot = 0; slot < slots; slot++) {
      const amount = native[e * slots + slot]!;
      if (amount === 0) continue;
      if (converted[slot]) dependsOnDay = true;
      if (slot < currencies) sum += amount;
      else base += amount;
    }
    out[e] = dependsOnDay
      ? NaN
      : baselineSlots
        ? roundHalfAwayFromZero(sum) - roundHalfAwayFromZero(base)
        : roundHalfAwayFromZero(sum);
  }
  return out;
}

/**
 * The one valuation of a timeline entry on a day: Σ native × that day's factor, rounded
 * once (the engine's walker and `CustomerMrr` both call it); with a baseline, the rounded
 * total less the rounded baseline. `fixed` is fixedValues().
 */
export function entryValue(
  timelines: Timelines,
  fx: FxTable,
  fixed: Float64Array,
  entry: number,
  day: Day,
): number {
  if (entry < 0) return 0;
  const value = fixed[entry]!;
  if (value === value) return value; // not NaN
  const { currencyCount: slots, baselineSlots } = timelines;
  const currencies = baselineSlots || slots;
  const base = entry * slots;
  let sum = 0;
  for (let slot = 0; slot < currencies; slot++) {
    const amount = timelines.native[base + slot]!;
    if (amount !== 0) sum += amount * fx.factor(slot, day);
  }
  if (baselineSlots === 0) return roundHalfAwayFromZero(sum);
  let before = 0;
  for (let slot = 0; slot < currencies; slot++) {
    const amount = timelines.native[base + currencies + slot]!;
    if (amount !== 0) before += amount * fx.factor(slot, day);
  }
  return roundHalfAwayFromZero(sum) - roundHalfAwayFromZero(before);
}

/** The CustomerMrr of computed timelines (kept by reference: nothing is copied). */
export function customerMrr(
  timelines: Timelines,
  fx: FxTable,
  fixed: Float64Array,
  customerIds: readonly string[],
  /** The engine's first paid day of each customer, -1 if never (MrrShard.firstPaidDays). */
  firstPaidDays: Int32Array,
  /** Each customer's last churn day, -1 if none (MrrShard.lastChurnDays). */
  lastChurnDays: Int32Array,
): CustomerMrr {
  const { offsets, day: days } = timelines;
  let index: Map<string, number> | null = null;
  /** The entry in force on `day`: the last one starting on or before it, -1 if none. */
  const entryOn = (c: number, day: Day): number => {
    let lo = offsets[c]!;
    let hi = offsets[c + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (days[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1 >= offsets[c]! ? lo - 1 : -1;
  };
  const mrrOn = (c: number, day: Day) => entryValue(timelines, fx, fixed, entryOn(c, day), day);
  const firstPaidDay = (c: number): Day | null =>
    firstPaidDays[c]! >= 0 ? firstPaidDays[c]! : null;
  return {
    currency: fx.reporting,
    customerIds,
    indexOf(customerId) {
      index ??= new Map(customerIds.map((id, i) => [id, i]));
      return index.get(customerId) ?? -1;
    },
    mrrOn,
    history(c) {
      const out: { day: Day; mrr: number }[] = [];
      for (let e = offsets[c]!; e < offsets[c + 1]!; e++)
        out.push({ day: days[e]!, mrr: entryValue(timelines, fx, fixed, e, days[e]!) });
      return out;
    },
    firstPaidDay,
    lastChurnDay: (c) => (lastChurnDays[c]! >= 0 ? lastChurnDays[c]! : null),
    activeAtZero(c, day) {
      const windows = timelines.freeWindows?.get(c);
      if (windows === undefined || mrrOn(c, day) !== 0) return false;
      const paid = firstPaidDay(c);
      return paid !== null && paid <= day && windows.some(([from, to]) => day >= from && day < to);
    },
    factor(currency, day) {
      if (currency === fx.reporting) return 1;
      const slot = fx.currencies.indexOf(currency);
      if (slot < 0) throw new Error(`${currency} is not a currency of the MRR inputs`);
      return fx.factor(slot, day);
    },
  };
}
