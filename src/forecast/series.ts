/** A monthly series: consecutive calendar months labelled `YYYY-MM`, one value each. */
export interface MonthlySeries {
  readonly periods: readonly string[];
  readonly values: readonly number[];
}

/** `YYYY-MM` (or a date `YYYY-MM-DD`, which names its month) → month index; null if neither. */
export function parseMonth(text: string): number | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  if (match[3] !== undefined) {
    const day = Number(match[3]);
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > last) return null;
  }
  return year * 12 + month - 1;
}

export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The `h` month labels after `last`. */
export function monthsAfter(last: string, h: number): string[] {
  const index = parseMonth(last);
  if (index === null) throw new Error(`not a month: "${last}"`);
  return Array.from({ length: h }, (_, i) => monthLabel(index + i + 1));
}
