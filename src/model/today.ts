import { parseIsoDay, type Day } from './day.ts';

/** Today's date in an IANA time zone (the workspace's calendar, not the machine's). */
export function todayIn(timeZone: string, now: Date = new Date()): Day {
  const text = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return parseIsoDay(text)!;
}
