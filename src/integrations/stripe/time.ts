import type { Day } from '../../model/day.ts';
import type { Instant } from '../../model/kinds.ts';
import { zoneClock } from '../../ingest/time.ts';

/** Stripe timestamps are Unix seconds; canonical rows use local days and epoch milliseconds. */
export function instantOf(unixSeconds: number): Instant {
  return unixSeconds * 1000;
}

/** The reporting zone's calendar day of a Stripe timestamp. */
export function dayOf(unixSeconds: number, timeZone: string): Day {
  return zoneClock(timeZone).dayOf(unixSeconds * 1000);
}

export function dayOrNull(unixSeconds: number | null | undefined, timeZone: string): Day | null {
  return unixSeconds === null || unixSeconds === undefined ? null : dayOf(unixSeconds, timeZone);
}

/** The id of an expandable field, whether Stripe sent the id or the expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}
