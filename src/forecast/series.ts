import { monthLabel, parseMonthIndex } from '../model/day.ts';

/** A monthly series: consecutive calendar months labelled `YYYY-MM`, one value each. */
export interface MonthlySeries {
  readonly periods: readonly string[];
  readonly values: readonly number[];
}

/** `YYYY-MM` (or a date `YYYY-MM-DD`, which names its month) → month index; null if neither. */
export function parseMonth(text: string): number | null {
  return parseMonthIndex(text.trim());
}

/** The `h` month labels after `last`. */
export function monthsAfter(last: string, h: number): string[] {
  const index = parseMonth(last);
  if (index === null) throw new Error(`not a month: "${last}"`);
  return Array.from({ length: h }, (_, i) => monthLabel(index + i + 1));
}
