import { dayFromParts, daysInMonth, partsFromDay, type Day } from '../model/day.ts';
import type { InvoiceRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { INTERVAL_CODES, type MrrInputs, type SubscriptionColumns } from '../store/store.ts';
import type { ToReporting } from './convert.ts';
import { paidFrom, paidTo } from './normalize.ts';
import { firstAtLeast, type PeriodIndex } from './periods.ts';

/**
 * Revenue from invoices and subscription terms, per period: what was invoiced (gross
 * revenue), how many invoices were paid, which subscription terms came up for renewal and
 * whether they continued, and how many seats paying lines carried.
 */

export interface InvoicedRevenue {
  /** Σ (amount − discount) excluding tax of lines issued in the period, reporting minor units. */
  readonly grossRevenue: Float64Array;
  /** Distinct invoices issued in the period whose status is paid. */
  readonly paidInvoices: Float64Array;
}

/** Lines that are not revenue: a voided invoice never was, a refunded one was given back. */
const isRevenue = (line: InvoiceRow) => line.status !== 'void' && line.status !== 'refunded';

export function invoicedRevenue(
  invoices: readonly InvoiceRow[],
  periods: PeriodIndex,
  toReporting: ToReporting,
): InvoicedRevenue {
  const grossRevenue = new Float64Array(periods.length);
  const paidInvoices = new Float64Array(periods.length);
  const counted = new Set<string>();
  for (const line of invoices) {
    const k = periods.of(line.issued_at);
    if (k < 0 || !isRevenue(line)) continue;
    grossRevenue[k]! += toReporting(line.amount - line.discount, line.currency, line.issued_at);
    if (line.status === 'paid' && !counted.has(line.invoice_id)) {
      counted.add(line.invoice_id);
      paidInvoices[k]! += 1;
    }
  }
  return { grossRevenue, paidInvoices };
}

export interface Renewals {
  /** Subscription terms that ended in the period (billing boundaries of paying lines). */
  readonly due: Float64Array;
  /** Of those, the ones after which the customer kept paying. */
  readonly renewed: Float64Array;
}

/** Subscription rows as columns (sorted by customer) and the customer ids they index. */
export type SubscriptionTable = Pick<MrrInputs, 'customerIds' | 'subscriptions'>;

type ChurnTiming = Pick<WorkspaceSettings, 'churnTiming'>;

/** Paid windows of the rows, per columns and churn timing: renewals and seats share them. */
const windowsCache = new WeakMap<
  SubscriptionColumns,
  { timing: string; from: Int32Array; to: Int32Array }
>();

function paidWindows(subs: SubscriptionColumns, settings: ChurnTiming) {
  const cached = windowsCache.get(subs);
  if (cached?.timing === settings.churnTiming) return cached;
  const from = new Int32Array(subs.length);
  const to = new Int32Array(subs.length);
  for (let i = 0; i < subs.length; i++) {
    from[i] = paidFrom(subs.start[i]!, subs.trialEnd[i]!);
    to[i] = paidTo(
      from[i]!,
      subs.start[i]!,
      subs.end[i]!,
      subs.canceledAt[i]!,
      subs.interval[i]!,
      subs.intervalCount[i]!,
      settings.churnTiming,
    );
  }
  const windows = { timing: settings.churnTiming, from, to };
  windowsCache.set(subs, windows);
  return windows;
}

/**
 * Calls `visit` once per customer with the range [first, end) of its rows and their paid
 * windows (`from`, `to`, indexed like the columns): the rows are sorted by customer, so
 * every per-customer computation below is one pass over the columns.
 */
function forEachCustomer(
  subs: SubscriptionColumns,
  settings: ChurnTiming,
  visit: (first: number, end: number, from: Int32Array, to: Int32Array) => void,
): void {
  const { from, to } = paidWindows(subs, settings);
  for (let first = 0; first < subs.length;) {
    let end = first + 1;
    while (end < subs.length && subs.customer[end] === subs.customer[first]) end++;
    visit(first, end, from, to);
    first = end;
  }
}

/**
 * `billingBoundary(start, code, count, n)` for n = 1, 2, … without taking the start date
 * apart again for every boundary (the same arithmetic as addMonths).
 */
class Boundaries {
  private start: Day = 0;
  private stepDays = 0;
  private stepMonths = 0;
  private monthIndex = 0;
  private dayOfMonth = 0;

  reset(start: Day, intervalCode: number, intervalCount: number): void {
    this.start = start;
    this.stepDays =
      intervalCode === INTERVAL_CODES.day
        ? intervalCount
        : intervalCode === INTERVAL_CODES.week
          ? 7 * intervalCount
          : 0;
    this.stepMonths =
      intervalCode === INTERVAL_CODES.month
        ? intervalCount
        : intervalCode === INTERVAL_CODES.quarter
          ? 3 * intervalCount
          : intervalCode === INTERVAL_CODES.year
            ? 12 * intervalCount
            : 0;
    if (this.stepMonths > 0) {
      const p = partsFromDay(start);
      this.monthIndex = p.year * 12 + (p.month - 1);
      this.dayOfMonth = p.day;
    }
  }

  nth(n: number): Day {
    if (this.stepMonths === 0) return this.start + n * this.stepDays;
    const index = this.monthIndex + n * this.stepMonths;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return dayFromParts(year, month, Math.min(this.dayOfMonth, daysInMonth(year, month)));
  }
}

/**
 * A term ends at every billing boundary of a paid line (start + k × interval × count). It
 * renewed when the line runs on past it, or when another paid line of the same customer is
 * in force that day (a plan change at renewal). A line stopped mid-term (a change of plan or
 * seats) has no term end there: it is a movement, not a renewal decision.
 */
export function renewals(
  subscriptions: SubscriptionColumns,
  periods: PeriodIndex,
  settings: ChurnTiming,
  lastDay: Day,
): Renewals {
  const due = new Float64Array(periods.length);
  const renewed = new Float64Array(periods.length);
  if (periods.length === 0) return { due, renewed };
  const firstDay = periods.periods[0]!.start;
  const ends = Int32Array.from(periods.periods, (p) => p.end);
  const lastEnd = ends[ends.length - 1]!;
  const s = subscriptions;
  const boundaries = new Boundaries();
  forEachCustomer(s, settings, (first, end, from, to) => {
    const inForceElsewhere = (row: number, day: Day) => {
      for (let o = first; o < end; o++)
        if (o !== row && from[o]! < to[o]! && from[o]! <= day && day < to[o]!) return true;
      return false;
    };
    for (let i = first; i < end; i++) {
      if (to[i]! <= from[i]!) continue;
      const last = Math.min(to[i]!, lastDay, lastEnd);
      boundaries.reset(s.start[i]!, s.interval[i]!, s.intervalCount[i]!);
      // Boundaries only increase: one binary search per line, then the period moves forward.
      let k = -1;
      for (let n = 1; ; n++) {
        const boundary = boundaries.nth(n);
        if (boundary > last) break;
        if (boundary <= from[i]! || boundary < firstDay) continue;
        if (k < 0) k = periods.of(boundary);
        while (ends[k]! < boundary) k++;
        due[k]! += 1;
        if (boundary < to[i]! || inForceElsewhere(i, boundary)) renewed[k]! += 1;
      }
    }
  });
  return { due, renewed };
}

export interface Seats {
  /** Seats (quantity) of the paid lines in force on each measure day. */
  readonly total: number[];
  /** Per measure day, 1 at the index of each customer with a paid line in force (when asked). */
  readonly seated: Uint8Array[] | null;
}

/**
 * Seats of paid lines (amount ≠ 0) in force on each measure day (ascending days), in one
 * pass per customer: each line adds its quantity to the days inside its paid window.
 */
export function seats(
  table: SubscriptionTable,
  measure: Int32Array,
  settings: ChurnTiming,
  withCustomers: boolean,
): Seats {
  const s = table.subscriptions;
  const days = measure.length;
  const total = new Array<number>(days).fill(0);
  const seated = withCustomers
    ? Array.from({ length: days }, () => new Uint8Array(table.customerIds.length))
    : null;
  const own = new Float64Array(days);
  const has = new Uint8Array(days);
  forEachCustomer(s, settings, (first, end, from, to) => {
    // The customer's seats per day go to `own`, over the days [low, high) its lines touch;
    // `has` is all zero between customers.
    let low = days;
    let high = 0;
    for (let i = first; i < end; i++) {
      if (s.amount[i] === 0) continue;
      let k = firstAtLeast(measure, from[i]!);
      for (; k < days && measure[k]! < to[i]!; k++) {
        if (k < low) low = k;
        if (k + 1 > high) high = k + 1;
        if (has[k] === 0) own[k] = 0;
        own[k]! += s.quantity[i]!;
        has[k] = 1;
      }
    }
    for (let k = low; k < high; k++) {
      if (has[k] === 0) continue;
      has[k] = 0;
      total[k]! += own[k]!;
      if (seated) seated[k]![s.customer[first]!] = 1;
    }
  });
  return { total, seated };
}
