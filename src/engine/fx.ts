import { formatDay, type Day } from '../model/day.ts';
import { minorDigits } from '../model/currency.ts';
import type { FxRateRow } from '../model/kinds.ts';
import { DataError } from '../model/errors.ts';

/** A currency conversion failed for lack of rates: the message says which and when. */
export class MissingFxRateError extends DataError {
  constructor(currency: string, reporting: string, day: Day) {
    super(
      `no exchange rate for ${currency} (to ${reporting}) on or before ${formatDay(day)}: import fx_rates with rows for ${currency}`,
    );
  }
}

/**
 * Factors converting minor units of each currency to minor units of the reporting currency,
 * one per day of [firstDay, lastDay]: the rate of that day, else the latest earlier rate
 * (SPEC §3). Days before a currency's first rate take its first rate.
 */
export class FxTable {
  private readonly factors: (Float64Array | null)[];
  private readonly reportingDigits: number;

  constructor(
    readonly currencies: readonly string[],
    readonly reporting: string,
    rates: readonly FxRateRow[],
    readonly firstDay: Day,
    readonly lastDay: Day,
  ) {
    this.reportingDigits = minorDigits(reporting);
    const byCurrency = new Map<string, FxRateRow[]>();
    for (const rate of rates) {
      const list = byCurrency.get(rate.currency) ?? [];
      list.push(rate);
      byCurrency.set(rate.currency, list);
    }
    this.factors = currencies.map((currency) => {
      if (currency === reporting) return null;
      const list = (byCurrency.get(currency) ?? []).slice().sort((a, b) => a.date - b.date);
      if (list.length === 0) throw new MissingFxRateError(currency, reporting, firstDay);
      const scale = 10 ** (this.reportingDigits - minorDigits(currency));
      const days = new Float64Array(lastDay - firstDay + 1);
      let next = 0;
      let current = list[0]!.rate;
      for (let d = firstDay; d <= lastDay; d++) {
        while (next < list.length && list[next]!.date <= d) current = list[next++]!.rate;
        days[d - firstDay] = current * scale;
      }
      return days;
    });
  }

  /** True when every currency is the reporting one: values never depend on the day. */
  get isSingleCurrency(): boolean {
    return this.factors.every((f) => f === null);
  }

  /** True when slot `slot` is the reporting currency (its factor is always 1). */
  isReporting(slot: number): boolean {
    return this.factors[slot] === null;
  }

  /** Factor for currency slot `slot` on `day` (clamped into the table's range). */
  factor(slot: number, day: Day): number {
    const table = this.factors[slot];
    if (!table) return 1;
    const index = Math.min(Math.max(day - this.firstDay, 0), table.length - 1);
    return table[index]!;
  }
}
