import type { Day } from '../model/day.ts';
import type { InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { INTERVAL_CODES, NO_DAY, OPEN_END } from '../store/store.ts';
import type { ToReporting } from './convert.ts';
import { billingBoundary, paidWindow } from './normalize.ts';
import type { PeriodIndex } from './periods.ts';

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

interface Window {
  readonly from: Day;
  readonly to: Day;
}

/**
 * A term ends at every billing boundary of a paid line (start + k × interval × count). It
 * renewed when the line runs on past it, or when another paid line of the same customer is
 * in force that day (a plan change at renewal). A line stopped mid-term (a change of plan or
 * seats) has no term end there: it is a movement, not a renewal decision.
 */
export function renewals(
  subscriptions: readonly SubscriptionRow[],
  periods: PeriodIndex,
  settings: Pick<WorkspaceSettings, 'churnTiming'>,
  lastDay: Day,
): Renewals {
  const due = new Float64Array(periods.length);
  const renewed = new Float64Array(periods.length);
  if (periods.length === 0) return { due, renewed };
  const firstDay = periods.periods[0]!.start;
  const byCustomer = new Map<string, { row: SubscriptionRow; window: Window }[]>();
  for (const row of subscriptions) {
    const window = paidWindowOf(row, settings);
    if (window.to <= window.from) continue;
    const list = byCustomer.get(row.customer_id) ?? [];
    list.push({ row, window });
    byCustomer.set(row.customer_id, list);
  }
  for (const lines of byCustomer.values()) {
    for (const { row, window } of lines) {
      const code = INTERVAL_CODES[row.interval];
      const last = Math.min(window.to, lastDay);
      for (let n = 1; ; n++) {
        const boundary = billingBoundary(row.start_date, code, row.interval_count, n);
        if (boundary > last) break;
        if (boundary <= window.from || boundary < firstDay) continue;
        const k = periods.of(boundary);
        if (k < 0) continue;
        due[k]! += 1;
        const continues =
          boundary < window.to ||
          lines.some((o) => o.row !== row && o.window.from <= boundary && boundary < o.window.to);
        if (continues) renewed[k]! += 1;
      }
    }
  }
  return { due, renewed };
}

function paidWindowOf(row: SubscriptionRow, settings: Pick<WorkspaceSettings, 'churnTiming'>) {
  return paidWindow(
    {
      start: row.start_date,
      end: row.end_date ?? OPEN_END,
      trialEnd: row.trial_end ?? NO_DAY,
      canceledAt: row.canceled_at ?? NO_DAY,
      intervalCode: INTERVAL_CODES[row.interval],
      intervalCount: row.interval_count,
    },
    settings.churnTiming,
  );
}

/** Seats (quantity) of each customer's paid lines in force on `day`. */
export function seatsOn(
  subscriptions: readonly SubscriptionRow[],
  day: Day,
  settings: Pick<WorkspaceSettings, 'churnTiming'>,
): Map<string, number> {
  const seats = new Map<string, number>();
  for (const row of subscriptions) {
    if (row.amount === 0) continue;
    const w = paidWindowOf(row, settings);
    if (w.from <= day && day < w.to)
      seats.set(row.customer_id, (seats.get(row.customer_id) ?? 0) + row.quantity);
  }
  return seats;
}
