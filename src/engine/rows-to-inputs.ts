import type { Day } from '../model/day.ts';
import type { FxRateRow, InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import { NONE, USAGE } from '../model/segment-value.ts';
import {
  DISCOUNT_DURATION_CODES,
  FOLLOWS_CUSTOMER_PLAN,
  INTERVAL_CODES,
  invoiceLinesInEngineOrder,
  NO_DAY,
  OPEN_END,
  subscriptionsInEngineOrder,
  type MrrInputs,
} from '../store/store.ts';

/**
 * Engine inputs straight from typed rows, in the order a store returns them (each
 * customer's rows in the engine's order). Used where no database is involved: tests and
 * in-memory checks.
 */
export function mrrInputsFromRows(
  subscriptions: readonly SubscriptionRow[],
  invoices: readonly InvoiceRow[] = [],
  fxRates: readonly FxRateRow[] = [],
  delinquencyDays: number | null = null,
  /** Customer and currency lists to index into (they must hold every row's). */
  shared?: { readonly customerIds: readonly string[]; readonly currencies: readonly string[] },
  /** Keep refunded lines (the `refundsReduceMrr: false` switch), as the stores do. */
  keepRefunded = false,
  /** Each row's plan as well, as a store reads them with `withPlans`. */
  withPlans = false,
): MrrInputs {
  const recurring = invoices.filter((i) => isRecurringLine(i, keepRefunded));
  const customerIds =
    shared?.customerIds ??
    [...new Set([...subscriptions, ...recurring].map((r) => r.customer_id))].sort();
  const currencies =
    shared?.currencies ??
    [...new Set([...subscriptions, ...recurring].map((r) => r.currency))].sort();
  const customerIndex = new Map(customerIds.map((id, i) => [id, i]));
  const currencyIndex = new Map(currencies.map((code, i) => [code, i]));
  const subs = [...subscriptions].sort(
    (a, b) =>
      customerIndex.get(a.customer_id)! - customerIndex.get(b.customer_id)! ||
      a.start_date - b.start_date,
  );
  const lines = [...recurring].sort(
    (a, b) =>
      customerIndex.get(a.customer_id)! - customerIndex.get(b.customer_id)! ||
      a.period_start! - b.period_start!,
  );
  const plans = withPlans
    ? [
        ...new Set([
          ...subscriptions.map((s) => s.plan ?? NONE),
          ...recurring.map((l) => invoicePlan(l) ?? NONE),
        ]),
      ].sort()
    : undefined;
  const planIndex = new Map(plans?.map((plan, i) => [plan, i]));
  return {
    customerIds,
    currencies,
    subscriptions: subscriptionsInEngineOrder({
      length: subs.length,
      customer: Int32Array.from(subs, (s) => customerIndex.get(s.customer_id)!),
      amount: Float64Array.from(subs, (s) => s.amount),
      currency: Int32Array.from(subs, (s) => currencyIndex.get(s.currency)!),
      interval: Int32Array.from(subs, (s) => INTERVAL_CODES[s.interval]),
      intervalCount: Int32Array.from(subs, (s) => s.interval_count),
      quantity: Float64Array.from(subs, (s) => s.quantity),
      discountPercent: Float64Array.from(subs, (s) => s.discount_percent),
      discountDuration: Int32Array.from(subs, (s) => DISCOUNT_DURATION_CODES[s.discount_duration]),
      start: Int32Array.from(subs, (s) => s.start_date),
      end: Int32Array.from(subs, (s) => s.end_date ?? OPEN_END),
      trialEnd: Int32Array.from(subs, (s) => s.trial_end ?? NO_DAY),
      canceledAt: Int32Array.from(subs, (s) => s.canceled_at ?? NO_DAY),
      ...(withPlans ? { plan: Int32Array.from(subs, (s) => planIndex.get(s.plan ?? NONE)!) } : {}),
    }),
    invoiceLines: invoiceLinesInEngineOrder({
      length: lines.length,
      customer: Int32Array.from(lines, (l) => customerIndex.get(l.customer_id)!),
      netAmount: Float64Array.from(lines, (l) => l.amount - l.discount),
      currency: Int32Array.from(lines, (l) => currencyIndex.get(l.currency)!),
      isUsage: Int32Array.from(lines, (l) => (l.type === 'usage' ? 1 : 0)),
      periodStart: Int32Array.from(lines, (l) => l.period_start!),
      periodEnd: Int32Array.from(lines, (l) => l.period_end!),
      ...(withPlans
        ? {
            plan: Int32Array.from(lines, (l) => {
              const plan = invoicePlan(l);
              return plan === null ? FOLLOWS_CUSTOMER_PLAN : planIndex.get(plan)!;
            }),
            issued: Int32Array.from(lines, (l) => l.issued_at),
          }
        : {}),
    }),
    fxRates,
    lateInvoices: lateInvoices(invoices, customerIndex, delinquencyDays),
    ...(plans ? { plans } : {}),
  };
}

/**
 * The plan an invoice line's revenue belongs to: its own; a usage line without one is in
 * the USAGE series; any other line without one follows the customer's plan (null here).
 */
export const invoicePlan = (i: InvoiceRow): string | null =>
  i.plan ?? (i.type === 'usage' ? USAGE : null);

/**
 * An invoice line that can carry MRR: a subscription or usage line with a service period,
 * not void, and not refunded unless `keepRefunded` (a refund alone does not change MRR).
 */
export function isRecurringLine(i: InvoiceRow, keepRefunded = false): boolean {
  return (
    (i.type === 'subscription' || i.type === 'usage') &&
    i.status !== 'void' &&
    (keepRefunded || i.status !== 'refunded') &&
    i.period_start !== null &&
    i.period_end !== null
  );
}

/** Delinquency rule: an invoice unpaid (open, uncollectible) or paid more than `days` after issue. */
export function isLate(i: InvoiceRow, days: number): boolean {
  return (
    i.status === 'open' ||
    i.status === 'uncollectible' ||
    (i.status === 'paid' && i.paid_at !== null && i.paid_at > i.issued_at + days)
  );
}

/** The first day a late invoice stops the customer's MRR, and the day it resumes (OPEN_END while unpaid). */
export function delinquencyWindow(i: InvoiceRow, days: number): { from: Day; to: Day } {
  return { from: i.issued_at + days + 1, to: i.status === 'paid' ? i.paid_at! : OPEN_END };
}

function lateInvoices(
  invoices: readonly InvoiceRow[],
  customerIndex: ReadonlyMap<string, number>,
  delinquencyDays: number | null,
): MrrInputs['lateInvoices'] {
  const late =
    delinquencyDays === null
      ? []
      : invoices
          .filter((i) => customerIndex.has(i.customer_id) && isLate(i, delinquencyDays))
          .sort(
            (a, b) =>
              customerIndex.get(a.customer_id)! - customerIndex.get(b.customer_id)! ||
              a.issued_at - b.issued_at,
          );
  return {
    length: late.length,
    customer: Int32Array.from(late, (i) => customerIndex.get(i.customer_id)!),
    issued: Int32Array.from(late, (i) => i.issued_at),
    paid: Int32Array.from(late, (i) => (i.status === 'paid' ? i.paid_at! : OPEN_END)),
  };
}
