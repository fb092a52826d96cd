import type { Day } from '../model/day.ts';
import { minorDigits } from '../model/currency.ts';
import type { FxRateRow } from '../model/kinds.ts';
import { roundHalfAwayFromZero } from '../model/money.ts';
import { MissingFxRateError } from './fx.ts';

/** Converts minor units of `currency` on `day` into whole minor units of the reporting currency. */
export type ToReporting = (minor: number, currency: string, day: Day) => number;

/**
 * SPEC §3 conversion for the row-based engines (revenue, costs, cash): the rate of the day,
 * else the latest earlier one, else the first known; no rate at all is a clear error. Each
 * amount is rounded once to the reporting minor unit, so sums of converted amounts stay exact.
 */
export function reportingConverter(reporting: string, rates: readonly FxRateRow[]): ToReporting {
  const byCurrency = new Map<string, { days: Int32Array; rates: Float64Array }>();
  const grouped = new Map<string, FxRateRow[]>();
  for (const r of rates) {
    const list = grouped.get(r.currency) ?? [];
    list.push(r);
    grouped.set(r.currency, list);
  }
  for (const [currency, list] of grouped) {
    list.sort((a, b) => a.date - b.date);
    byCurrency.set(currency, {
      days: Int32Array.from(list, (r) => r.date),
      rates: Float64Array.from(list, (r) => r.rate),
    });
  }
  const reportingDigits = minorDigits(reporting);
  return (minor, currency, day) => {
    if (currency === reporting || minor === 0) return minor;
    const table = byCurrency.get(currency);
    if (!table) throw new MissingFxRateError(currency, reporting, day);
    const i = Math.max(0, upperBound(table.days, day) - 1);
    const scale = 10 ** (reportingDigits - minorDigits(currency));
    return roundHalfAwayFromZero(minor * table.rates[i]! * scale);
  };
}

/** Index of the first element > `value`. */
function upperBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
