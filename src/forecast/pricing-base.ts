import { addMonths, partsFromDay, type Day } from '../model/day.ts';
import { minorDigits } from '../model/currency.ts';
import type { SubscriptionRow } from '../model/kinds.ts';
import { zoneClock } from '../ingest/time.ts';
import { computeWorkspace } from '../metrics/service.ts';
import { PlanHistory } from '../engine/segments.ts';
import type { Store } from '../store/store.ts';
import type { PricingCustomer } from './pricing.ts';

export interface PricingBase {
  /** Last month of history (`YYYY-MM`). */
  readonly asOf: string;
  readonly currency: string;
  readonly customers: readonly PricingCustomer[];
  /** The usage event and the months its average spans (null without an event). */
  readonly usage: {
    readonly event: string;
    readonly months: number;
    readonly units: number;
    /** Every event name in the data (to say what exists when `event` has no units). */
    readonly known: readonly string[];
  } | null;
}

const INTERVAL_MONTHS: Readonly<Record<SubscriptionRow['interval'], number>> = {
  day: 1,
  week: 1,
  month: 1,
  quarter: 3,
  year: 12,
};

const monthIndex = (day: Day) => {
  const { year, month } = partsFromDay(day);
  return year * 12 + month - 1;
};

/**
 * The paying customers on `to` with what the pricing models re-rate: MRR (as the engine
 * values it, at that day's rates, in the reporting currency), the plan and main line (the
 * engine's one plan definition), seats (Σ quantity), the billing period and next bill month
 * of that line, and the average monthly units of `event` over the last `usageMonths` months.
 */
export async function pricingBase(
  store: Store,
  workspaceId: string,
  options: { to: Day; event?: string | undefined; usageMonths?: number },
): Promise<PricingBase> {
  const settings = await store.workspace(workspaceId);
  const counts = await store.counts(workspaceId);
  if (counts.subscriptions + counts.invoices === 0)
    return { asOf: '', currency: settings.currency, customers: [], usage: null };
  const mrr = await computeWorkspace(store, {
    workspaceId,
    interval: 'month',
    mode: 'event',
    to: options.to,
  });
  const scale = 10 ** minorDigits(mrr.currency);

  const subscriptions = await store.readRows(workspaceId, 'subscriptions');
  const plans = new PlanHistory(subscriptions);
  const lines = new Map<string, SubscriptionRow[]>();
  for (const s of subscriptions) {
    if (s.start_date > options.to || (s.end_date !== null && s.end_date <= options.to)) continue;
    const list = lines.get(s.customer_id) ?? [];
    list.push(s);
    lines.set(s.customer_id, list);
  }

  const usage = new Map<string, number>();
  const usageMonths = options.usageMonths ?? 3;
  let units = 0;
  const names = new Set<string>();
  if (options.event) {
    const clock = zoneClock(settings.timeZone);
    const from = addMonths(options.to + 1, -usageMonths);
    for (const e of await store.readRows(workspaceId, 'events')) {
      names.add(e.event);
      if (e.event !== options.event) continue;
      const day = clock.dayOf(e.occurred_at);
      if (day < from || day > options.to) continue;
      usage.set(e.customer_id, (usage.get(e.customer_id) ?? 0) + e.quantity);
      units += e.quantity;
    }
  }

  const asOfMonth = monthIndex(options.to);
  const customers: PricingCustomer[] = [];
  mrr.customerIds.forEach((id, c) => {
    // The engine's values: today's MRR at today's rates and the one plan definition.
    const minor = mrr.customers.mrrOn(c, options.to);
    if (minor <= 0) return;
    const active = lines.get(id) ?? [];
    const main = plans.lineOn(id, options.to);
    const every = main
      ? INTERVAL_MONTHS[main.interval] *
        (main.interval === 'day' || main.interval === 'week' ? 1 : main.interval_count)
      : 1;
    // Bills fall every `every` months from the line's start (or trial end): the next after today.
    const anchor = main ? monthIndex(main.trial_end ?? main.start_date) : asOfMonth;
    const next = anchor + Math.ceil((asOfMonth + 1 - anchor) / every) * every;
    customers.push({
      id,
      mrr: minor / scale,
      plan: main?.plan ?? null,
      seats: active.reduce((sum, s) => sum + s.quantity, 0) || 1,
      usage: (usage.get(id) ?? 0) / usageMonths,
      billingMonths: every,
      nextBill: Math.max(1, next - asOfMonth),
    });
  });
  return {
    asOf: mrr.periods.at(-1)?.label ?? '',
    currency: mrr.currency,
    customers,
    usage: options.event
      ? { event: options.event, months: usageMonths, units, known: [...names].sort() }
      : null,
  };
}
