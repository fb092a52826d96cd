import type { Day } from '../model/day.ts';
import type { FunnelRow, Instant } from '../model/kinds.ts';
import type { ZoneDay } from './engagement.ts';
import { MS_PER_DAY } from '../model/day.ts';
import { median } from './averages.ts';
import type { PeriodIndex } from './period-index.ts';

/**
 * The acquisition funnel per period. Each funnel id (a visitor, a lead, a deal) records the
 * moment it entered each stage; conversion follows the ids that entered a stage in the
 * period to see whether they reached the later one.
 */

/** Stage → funnel id → the first moment the id entered it (up to the last day of history). */
export type StageEntries = ReadonlyMap<string, ReadonlyMap<string, Instant>>;

export function stageEntries(
  funnel: readonly FunnelRow[],
  dayOf: ZoneDay,
  lastDay: Day,
): StageEntries {
  const stages = new Map<string, Map<string, Instant>>();
  for (const row of funnel) {
    if (dayOf(row.occurred_at) > lastDay) continue;
    let ids = stages.get(row.stage);
    if (!ids) stages.set(row.stage, (ids = new Map()));
    const seen = ids.get(row.id);
    if (seen === undefined || row.occurred_at < seen) ids.set(row.id, row.occurred_at);
  }
  return stages;
}

/**
 * Conversion from stage `from` to stage `to`: of the ids that entered `from` in the period,
 * the share that reached `to` (by the last day of history). Null when none entered `from`.
 */
export function conversion(
  entries: StageEntries,
  from: string,
  to: string,
  periods: PeriodIndex,
  dayOf: ZoneDay,
): (number | null)[] {
  const entered = new Array<number>(periods.length).fill(0);
  const reached = new Array<number>(periods.length).fill(0);
  const target = entries.get(to);
  for (const [id, at] of entries.get(from) ?? []) {
    const k = periods.of(dayOf(at));
    if (k < 0) continue;
    entered[k]! += 1;
    if (target?.has(id)) reached[k]! += 1;
  }
  return entered.map((n, k) => (n === 0 ? null : reached[k]! / n));
}

/**
 * Median days from lead (or, for ids without a lead stage, opportunity) to customer, over
 * the ids that became customers in the period.
 */
export function salesCycleDays(
  entries: StageEntries,
  periods: PeriodIndex,
  dayOf: ZoneDay,
): (number | null)[] {
  const days = periods.buckets<number>();
  const leads = entries.get('lead');
  const opportunities = entries.get('opportunity');
  for (const [id, won] of entries.get('customer') ?? []) {
    const k = periods.of(dayOf(won));
    const start = leads?.get(id) ?? opportunities?.get(id);
    if (k < 0 || start === undefined || start > won) continue;
    days[k]!.push((won - start) / MS_PER_DAY);
  }
  return days.map(median);
}

/** Metric id of a conversion: `conversion_trial_to_customer`. */
export function conversionId(from: string, to: string): string {
  return `conversion_${from}_to_${to}`;
}

/** The stages of a conversion id, or null when the id is not one. */
export function parseConversionId(id: string): { from: string; to: string } | null {
  const m = /^conversion_(.+?)_to_(.+)$/.exec(id);
  return m ? { from: m[1]!, to: m[2]! } : null;
}
