import type { Day } from '../model/day.ts';
import type { CustomerRow, EventRow, FunnelRow, Instant } from '../model/kinds.ts';
import type { Period } from '../model/period.ts';
import { MS_PER_DAY } from '../model/day.ts';
import { median } from './averages.ts';
import type { PeriodIndex } from './period-index.ts';

/** The local day (reporting time zone) of an instant. */
export type ZoneDay = (instant: Instant) => Day;

/** SPEC §5: monthly active users are those active in the 30 days ending on the day. */
export const MAU_WINDOW_DAYS = 30;

/** Events with their local day and dense user and customer numbers, sorted by day. */
export interface Activity {
  readonly day: Int32Array;
  readonly user: Int32Array;
  readonly event: readonly string[];
  readonly userCustomer: Int32Array;
  readonly customerIds: readonly string[];
  readonly userCount: number;
}

/**
 * Prepares events for the window counts. A user is a (customer_id, user_id) pair, since user
 * ids need only be unique within a customer. Events after `lastDay` are history not yet seen.
 */
export function prepareActivity(
  events: readonly EventRow[],
  dayOf: ZoneDay,
  lastDay: Day,
): Activity {
  const users = new Map<string, number>();
  const customers = new Map<string, number>();
  const userCustomer: number[] = [];
  const rows: { day: number; user: number; event: string }[] = [];
  for (const e of events) {
    const day = dayOf(e.occurred_at);
    if (day > lastDay) continue;
    const key = `${e.customer_id}\u0000${e.user_id}`;
    let user = users.get(key);
    if (user === undefined) {
      let customer = customers.get(e.customer_id);
      if (customer === undefined) customers.set(e.customer_id, (customer = customers.size));
      users.set(key, (user = users.size));
      userCustomer.push(customer);
    }
    rows.push({ day, user, event: e.event });
  }
  rows.sort((a, b) => a.day - b.day);
  return {
    day: Int32Array.from(rows, (r) => r.day),
    user: Int32Array.from(rows, (r) => r.user),
    event: rows.map((r) => r.event),
    userCustomer: Int32Array.from(userCustomer),
    customerIds: [...customers.keys()],
    userCount: users.size,
  };
}

/** The day each period is measured on: its last day, or the last day of history if sooner. */
export function measureDays(periods: readonly Period[], lastDay: Day): Int32Array {
  return Int32Array.from(periods, (p) => Math.min(p.end, lastDay));
}

/**
 * Average daily active users over each period's days (up to `lastDay`): Σ distinct users
 * per day ÷ days. Null for a period that has not started.
 */
export function averageDailyActive(
  activity: Activity,
  periods: readonly Period[],
  lastDay: Day,
): (number | null)[] {
  const perDay = new Map<number, number>();
  const lastSeen = new Int32Array(activity.userCount).fill(-2_000_000_000);
  for (let i = 0; i < activity.day.length; i++) {
    const d = activity.day[i]!;
    const u = activity.user[i]!;
    if (lastSeen[u] === d) continue;
    lastSeen[u] = d;
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  return periods.map((p) => {
    const end = Math.min(p.end, lastDay);
    if (end < p.start) return null;
    let sum = 0;
    for (let d = p.start; d <= end; d++) sum += perDay.get(d) ?? 0;
    return sum / (end - p.start + 1);
  });
}

export interface WindowCounts {
  /** Distinct users active in the 30 days ending on each measure day. */
  readonly users: number[];
  /** Per measure day: active users of each customer in that window (customer id → users). */
  readonly byCustomer: Map<string, number>[];
}

/**
 * Distinct active users in the 30-day window ending on each of the (ascending) measure days,
 * optionally counting only one event: one sweep over the day-sorted events, adding those
 * that enter the window and removing those that leave it.
 */
export function activeInWindows(
  activity: Activity,
  days: Int32Array,
  onlyEvent?: string,
  perCustomer = false,
): WindowCounts {
  const inWindow = new Int32Array(activity.userCount);
  const customerActive = new Int32Array(activity.customerIds.length);
  const users: number[] = [];
  const byCustomer: Map<string, number>[] = [];
  let distinct = 0;
  let add = 0;
  let remove = 0;
  const counts = (i: number) => onlyEvent === undefined || activity.event[i] === onlyEvent;
  const change = (i: number, delta: 1 | -1) => {
    const u = activity.user[i]!;
    const before = inWindow[u]!;
    inWindow[u] = before + delta;
    if (before === 0 || before + delta === 0) {
      distinct += delta;
      customerActive[activity.userCustomer[u]!]! += delta;
    }
  };
  for (const day of days) {
    for (; add < activity.day.length && activity.day[add]! <= day; add++)
      if (counts(add)) change(add, 1);
    for (; remove < add && activity.day[remove]! <= day - MAU_WINDOW_DAYS; remove++)
      if (counts(remove)) change(remove, -1);
    users.push(distinct);
    if (perCustomer) {
      const map = new Map<string, number>();
      customerActive.forEach((n, c) => n > 0 && map.set(activity.customerIds[c]!, n));
      byCustomer.push(map);
    }
  }
  return { users, byCustomer };
}

export interface Activation {
  /** Share of the period's signups that performed the activation event (at any time). */
  readonly rate: (number | null)[];
  /** Median days from signup to the first activation event, over the period's activated signups. */
  readonly medianDays: (number | null)[];
  readonly signups: number[];
}

interface Signup {
  readonly customer: string | null;
  readonly day: Day;
  /** Signup moment; null when only the day is known (customers.created_at). */
  readonly at: Instant | null;
}

/**
 * Signups are funnel `signup` stages (tied to a customer through any row of the same funnel
 * id that names one); without any, customers' created_at dates stand in for them.
 */
export function activation(
  funnel: readonly FunnelRow[],
  customers: readonly CustomerRow[],
  events: readonly EventRow[],
  activationEvent: string,
  periods: PeriodIndex,
  dayOf: ZoneDay,
  lastDay: Day,
): Activation {
  const firstActivation = new Map<string, Instant>();
  for (const e of events) {
    if (e.event !== activationEvent || dayOf(e.occurred_at) > lastDay) continue;
    const seen = firstActivation.get(e.customer_id);
    if (seen === undefined || e.occurred_at < seen)
      firstActivation.set(e.customer_id, e.occurred_at);
  }
  const signups = signupsOf(funnel, customers, dayOf, lastDay);
  const activated = new Array<number>(periods.length).fill(0);
  const total = new Array<number>(periods.length).fill(0);
  const days = periods.buckets<number>();
  for (const s of signups) {
    const k = periods.of(s.day);
    if (k < 0) continue;
    total[k]! += 1;
    const at = s.customer === null ? undefined : firstActivation.get(s.customer);
    if (at === undefined) continue;
    activated[k]! += 1;
    const elapsed = s.at !== null ? (at - s.at) / MS_PER_DAY : dayOf(at) - s.day;
    days[k]!.push(Math.max(0, elapsed));
  }
  return {
    rate: total.map((n, k) => (n === 0 ? null : activated[k]! / n)),
    medianDays: days.map(median),
    signups: total,
  };
}

function signupsOf(
  funnel: readonly FunnelRow[],
  customers: readonly CustomerRow[],
  dayOf: ZoneDay,
  lastDay: Day,
): Signup[] {
  const customerOfId = new Map<string, string>();
  for (const row of funnel) if (row.customer_id) customerOfId.set(row.id, row.customer_id);
  const fromFunnel = funnel
    .filter((r) => r.stage === 'signup' && dayOf(r.occurred_at) <= lastDay)
    .map((r) => ({
      customer: r.customer_id ?? customerOfId.get(r.id) ?? null,
      day: dayOf(r.occurred_at),
      at: r.occurred_at,
    }));
  if (fromFunnel.length > 0) return fromFunnel;
  return customers
    .filter((c) => c.created_at !== null && c.created_at <= lastDay)
    .map((c) => ({ customer: c.customer_id, day: c.created_at!, at: null }));
}
