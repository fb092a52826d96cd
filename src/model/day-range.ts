import { MS_PER_DAY, parseIsoDay } from './day.ts';

/**
 * A short span of days in a locale's own words: "1–6 Nov" (en-GB), "1–6 nov." (fr),
 * "Nov 1 – 6" (en-US); one day alone when both ends agree. Days are ISO dates.
 */
export function dayRangeText(from: string, through: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const at = (iso: string) => new Date(parseIsoDay(iso)! * MS_PER_DAY);
  return from === through ? format.format(at(from)) : format.formatRange(at(from), at(through));
}
