import { dayFromParts, daysInMonth, partsFromDay, type Day } from '../model/day.ts';
import type { InvoiceRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { INTERVAL_CODES, type MrrInputs, type SubscriptionColumns } from '../store/store.ts';
import type { ToReporting } from './convert.ts';
import { paidFrom, paidTo } from './normalize.ts';
import { firstAtLeast } from './first-at-least.ts';
import { FirstAtLeastTable } from './first-at-least-table.ts';
import type { PeriodIndex } from './period-index.ts';

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
 * Calls `visit` once per customer with the range [first, end) of its rows: the rows are
 * sorted by customer, so every per-customer computation is one pass over the columns.
 */
function forEachCustomer(
  subs: SubscriptionColumns,
  visit: (first: number, end: number) => void,
): void {
  for (let first = 0; first < subs.length;) {
    let end = first + 1;
    while (end < subs.length && subs.customer[end] === subs.customer[first]) end++;
    visit(first, end);
    first = end;
  }
}

/** The first day of every month of years [MONTH_TABLE_YEAR, +400), and the month after. */
const MONTH_TABLE_YEAR = 1800;
const MONTH_START = Int32Array.from({ length: 400 * 12 + 1 }, (_, i) =>
  dayFromParts(MONTH_TABLE_YEAR + Math.floor(i / 12), (i % 12) + 1, 1),
);

/**
 * `billingBoundary(start, code, count, n)` for n = 1, 2, … without taking a date apart or
 * putting one together for every boundary: month starts come from a table (the same days
 * addMonths gives; dates outside the table take the arithmetic).
 */
class Boundaries {
  private start: Day = 0;
  private stepDays = 0;
  private stepMonths = 0;
  /** Months since MONTH_TABLE_YEAR-01 of the start. */
  private month = 0;
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
    if (this.stepMonths === 0) return;
    let m = Math.floor((start - MONTH_START[0]!) / 30.436875);
    if (m >= 0 && m < MONTH_START.length - 1) {
      while (m > 0 && MONTH_START[m]! > start) m--;
      while (m + 1 < MONTH_START.length - 1 && MONTH_START[m + 1]! <= start) m++;
      this.month = m;
      this.dayOfMonth = start - MONTH_START[m]! + 1;
    } else {
      const p = partsFromDay(start);
      this.month = (p.year - MONTH_TABLE_YEAR) * 12 + (p.month - 1);
      this.dayOfMonth = p.day;
    }
  }

  /** Months between the table's first month and the month of boundary n; stepMonths > 0 only. */
  monthOf(n: number): number {
    return this.month + n * this.stepMonths;
  }

  /** Whether boundaries step by whole months (month, quarter, year intervals). */
  get stepsByMonths(): boolean {
    return this.stepMonths > 0;
  }

  nth(n: number): Day {
    if (this.stepMonths === 0) return this.start + n * this.stepDays;
    const m = this.month + n * this.stepMonths;
    if (m >= 0 && m < MONTH_START.length - 1) {
      const first = MONTH_START[m]!;
      return first + Math.min(this.dayOfMonth, MONTH_START[m + 1]! - first) - 1;
    }
    const year = MONTH_TABLE_YEAR + Math.floor(m / 12);
    const month = (((m % 12) + 12) % 12) + 1;
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
  const counter = new RenewalCounter(subscriptions, periods, settings, lastDay);
  forEachCustomer(subscriptions, (first, end) => counter.add(first, end, due, renewed));
  return { due, renewed };
}

/**
 * Counts the renewal terms (see `renewals`) of one customer's rows at a time: what the
 * workspace's count and a customer's stored share (./customer-revenue.ts) both run.
 */
export class RenewalCounter {
  private readonly firstDay: Day;
  private readonly ends: Int32Array;
  private readonly lastEnd: Day;
  private readonly boundaries = new Boundaries();
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  /**
   * When every period is one whole calendar month, MONTH_START's index of the first one
   * (a boundary's period is then its month's index less this); else -1.
   */
  private readonly firstMonth: number;

  constructor(
    private readonly subs: SubscriptionColumns,
    private readonly periods: PeriodIndex,
    settings: ChurnTiming,
    private readonly lastDay: Day,
  ) {
    this.firstDay = periods.periods[0]?.start ?? 0;
    this.ends = Int32Array.from(periods.periods, (p) => p.end);
    this.lastEnd = this.ends[this.ends.length - 1] ?? 0;
    ({ from: this.from, to: this.to } = paidWindows(subs, settings));
    this.firstMonth = calendarMonthsFrom(periods);
  }

  /** Adds the terms of rows [first, end), one customer's, to `due` and `renewed` per period. */
  add(first: number, end: number, due: Float64Array, renewed: Float64Array): void {
    const { subs: s, from, to, ends, boundaries } = this;
    for (let i = first; i < end; i++) {
      if (to[i]! <= from[i]!) continue;
      const last = Math.min(to[i]!, this.lastDay, this.lastEnd);
      boundaries.reset(s.start[i]!, s.interval[i]!, s.intervalCount[i]!);
      // Boundaries only increase: one binary search per line, then the period moves forward.
      // Over calendar months a boundary's period is its month's (no search, no comparison).
      const byMonth = this.firstMonth >= 0 && boundaries.stepsByMonths;
      let k = -1;
      for (let n = 1; ; n++) {
        const boundary = boundaries.nth(n);
        if (boundary > last) break;
        if (boundary <= from[i]! || boundary < this.firstDay) continue;
        if (byMonth) k = boundaries.monthOf(n) - this.firstMonth;
        else {
          if (k < 0) k = this.periods.of(boundary);
          while (ends[k]! < boundary) k++;
        }
        due[k]! += 1;
        if (boundary < to[i]! || inForceElsewhere(from, to, first, end, i, boundary))
          renewed[k]! += 1;
      }
    }
  }
}

/** MONTH_START's index of the first period when each period is one whole calendar month, else -1. */
function calendarMonthsFrom(periods: PeriodIndex): number {
  const list = periods.periods;
  if (list.length === 0) return -1;
  const first = firstAtLeast(MONTH_START, list[0]!.start);
  for (let k = 0; k < list.length; k++) {
    const m = first + k;
    if (m + 1 >= MONTH_START.length) return -1;
    if (list[k]!.start !== MONTH_START[m] || list[k]!.end !== MONTH_START[m + 1]! - 1) return -1;
  }
  return first;
}

/**
 * Whether a paid line of the customer's rows [first, end) other than `row` is in force on
 * `day`.
 */
function inForceElsewhere(
  from: Int32Array,
  to: Int32Array,
  first: number,
  end: number,
  row: number,
  day: Day,
): boolean {
  for (let o = first; o < end; o++)
    if (o !== row && from[o]! < to[o]! && from[o]! <= day && day < to[o]!) return true;
  return false;
}

export interface Seats {
  /** Seats (quantity) of the paid lines in force on each measure day. */
  readonly total: number[];
  /** Per measure day, 1 at the index of each customer with a paid line in force (when asked). */
  readonly seated: Uint8Array[] | null;
}

/** Seats are summed in millionths of a seat: integers, so any order of lines gives the same total. */
export const SEAT_SCALE = 1e6;

/**
 * Seats of paid lines (amount ≠ 0) in force on each measure day (ascending days): each
 * line adds its quantity from the first measure day in its paid window to the first one
 * past it (a difference array, two binary searches a line), summed once at the end.
 */
export function seats(
  table: SubscriptionTable,
  measure: Int32Array,
  settings: ChurnTiming,
  withCustomers: boolean,
): Seats {
  const s = table.subscriptions;
  const days = measure.length;
  const change = new Float64Array(days + 1);
  const seated = withCustomers
    ? Array.from({ length: days }, () => new Uint8Array(table.customerIds.length))
    : null;
  const { from, to } = paidWindows(s, settings);
  const measureFrom = new FirstAtLeastTable(measure);
  for (let i = 0; i < s.length; i++) {
    if (s.amount[i] === 0) continue;
    const first = measureFrom.of(from[i]!);
    const end = measureFrom.of(to[i]!);
    if (first >= end) continue;
    const quantity = Math.round(s.quantity[i]! * SEAT_SCALE);
    change[first]! += quantity;
    change[end]! -= quantity;
    if (seated) for (let k = first; k < end; k++) seated[k]![s.customer[i]!] = 1;
  }
  const total = new Array<number>(days);
  for (let k = 0, running = 0; k < days; k++) {
    running += change[k]!;
    total[k] = running / SEAT_SCALE;
  }
  return { total, seated };
}

/**
 * Counts the seats (see `seats`) of one customer's rows at a time, in millionths
 * (SEAT_SCALE): a customer's stored share of `seats` (./customer-revenue.ts).
 */
export class SeatCounter {
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly measureFrom: FirstAtLeastTable;

  constructor(
    private readonly subs: SubscriptionColumns,
    measure: Int32Array,
    settings: ChurnTiming,
  ) {
    ({ from: this.from, to: this.to } = paidWindows(subs, settings));
    this.measureFrom = new FirstAtLeastTable(measure);
  }

  /** Adds the seats of paid rows [first, end) to `out` for each measure day they are in force. */
  add(first: number, end: number, out: Float64Array): void {
    const { subs, measureFrom, from, to } = this;
    for (let i = first; i < end; i++) {
      if (subs.amount[i] === 0) continue;
      const quantity = Math.round(subs.quantity[i]! * SEAT_SCALE);
      const until = measureFrom.of(to[i]!);
      for (let k = measureFrom.of(from[i]!); k < until; k++) out[k]! += quantity;
    }
  }
}
