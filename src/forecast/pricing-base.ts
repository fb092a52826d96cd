import { addMonths, partsFromDay, type Day } from '../model/day.ts';
import { minorDigits } from '../model/currency.ts';
import type { SubscriptionRow } from '../model/kinds.ts';
import { zoneClock } from '../ingest/time.ts';
import { computeWorkspaceVisiting } from '../metrics/service.ts';
import { mainRowsOn, planOfCode, type InputsWithPlans } from '../engine/plan-series.ts';
import { INTERVAL_CODES, NO_DAY, OPEN_END, type Store } from '../store/store.ts';
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

/** A customer's main subscription line on a day, as the pricing models bill it. */
interface MainLine {
  readonly plan: string | null;
  /** Its billing period in months (a daily or weekly line bills monthly here). */
  readonly every: number;
  /** The month its bills count from (its trial end, else its start); null without a line. */
  readonly anchorMonth: number | null;
  /** Σ quantity of the customer's lines in force. */
  readonly seats: number;
}

const INTERVAL_OF_CODE = Object.fromEntries(
  Object.entries(INTERVAL_CODES).map(([name, code]) => [code, name]),
) as Record<number, SubscriptionRow['interval']>;

/** Each customer's main line (mainRowsOn, the plan's row) and seats on `day`. */
function mainLinesOn(inputs: InputsWithPlans, day: Day): MainLine[] {
  const s = inputs.subscriptions;
  const seats = new Float64Array(inputs.customerIds.length);
  for (let row = 0; row < s.length; row++)
    if (s.start[row]! <= day && (s.end[row] === OPEN_END || s.end[row]! > day))
      seats[s.customer[row]!]! += s.quantity[row]!;
  return Array.from(mainRowsOn(inputs, day), (row, c) => {
    if (row < 0) return { plan: null, every: 1, anchorMonth: null, seats: seats[c]! };
    const interval = INTERVAL_OF_CODE[s.interval[row]!]!;
    const daily = interval === 'day' || interval === 'week';
    const trialEnd = s.trialEnd[row]!;
    return {
      plan: planOfCode(inputs, s.plan![row]!),
      every: INTERVAL_MONTHS[interval] * (daily ? 1 : s.intervalCount[row]!),
      anchorMonth: monthIndex(trialEnd === NO_DAY ? s.start[row]! : trialEnd),
      seats: seats[c]!,
    };
  });
}

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
  // Each customer's main line and seats on `to`, from the same read of each range as the MRR.
  const lines: MainLine[] = [];
  const mrr = await computeWorkspaceVisiting(
    store,
    { workspaceId, interval: 'month', mode: 'event', to: options.to },
    (inputs) => {
      for (const line of mainLinesOn(inputs, options.to)) lines.push(line);
    },
  );
  const scale = 10 ** minorDigits(mrr.currency);

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
    const main = lines[c]!;
    // Bills fall every `every` months from the line's start (or trial end): the next after today.
    const anchor = main.anchorMonth ?? asOfMonth;
    const next = anchor + Math.ceil((asOfMonth + 1 - anchor) / main.every) * main.every;
    customers.push({
      id,
      mrr: minor / scale,
      plan: main.plan,
      seats: main.seats || 1,
      usage: (usage.get(id) ?? 0) / usageMonths,
      billingMonths: main.every,
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
