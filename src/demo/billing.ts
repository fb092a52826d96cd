import { addMonths, type Day } from '../model/day.ts';
import type { InvoiceLineType, InvoiceRow, InvoiceStatus } from '../model/kinds.ts';
import { CADENCES, SETUP_FEES, SETUP_PLAN, USAGE_PLAN } from './catalog.ts';
import type { DemoCustomer, DemoWindow } from './lifecycle.ts';
import { pad } from './lifecycle.ts';
import { Rng } from './random.ts';

/**
 * Invoices consistent with the subscription rows: one `subscription` line per billing
 * period, issued on the period's first day (billed in advance); a metered `usage` line per
 * month for a few customers (billed in arrears); a one-time onboarding fee on some first
 * invoices. Lines of one customer issued on the same day share one invoice.
 *
 * When a row is replaced mid-period (an upgrade, seats added), its last line covers the
 * period only up to the change and is prorated by days, so service periods never overlap.
 * A failed renewal (involuntary churn) keeps its full period and is `uncollectible`; the
 * last invoice of a customer who cancelled within a week of it is sometimes refunded.
 */

interface Line {
  readonly customer: DemoCustomer;
  readonly issued: Day;
  readonly type: InvoiceLineType;
  readonly plan: string | null;
  readonly quantity: number;
  readonly amount: number;
  readonly discount: number;
  readonly periodStart: Day | null;
  readonly periodEnd: Day | null;
  readonly uncollectible: boolean;
  /** The last invoice of a customer who cancelled within a week of it: may be refunded. */
  readonly refundable: boolean;
}

function withTax(customer: DemoCustomer, amount: number, discount: number): number {
  return Math.round((amount - discount) * customer.taxRate);
}

function subscriptionLines(customer: DemoCustomer, window: DemoWindow): Line[] {
  const lines: Line[] = [];
  for (const sub of customer.subscriptions) {
    const { row } = sub;
    const months = CADENCES[sub.cadence].months;
    const end = row.end_date;
    for (let k = 0; ; k++) {
      const start = addMonths(sub.anchor, k * months);
      if (start > window.end || (end !== null && start >= end)) break;
      const fullEnd = addMonths(sub.anchor, (k + 1) * months);
      const clip = end !== null && end < fullEnd && sub.endReason !== 'delinquent';
      const periodEnd = clip ? end : fullEnd;
      const gross = row.amount * row.quantity;
      const amount = clip ? Math.round((gross * (periodEnd - start)) / (fullEnd - start)) : gross;
      const discount = Math.round((amount * row.discount_percent) / 100);
      lines.push({
        customer,
        issued: start,
        type: 'subscription',
        plan: row.plan,
        quantity: row.quantity,
        amount,
        discount,
        periodStart: start,
        periodEnd,
        uncollectible: sub.endReason === 'delinquent' && end !== null && fullEnd > end,
        refundable:
          sub.endReason === 'cancel' &&
          fullEnd === end &&
          row.canceled_at !== null &&
          row.canceled_at - start <= 7,
      });
    }
  }
  return lines;
}

/** Metered API calls per calendar month of paid activity, invoiced on the next month's first day. */
function usageLines(customer: DemoCustomer, window: DemoWindow, rng: Rng): Line[] {
  if (!customer.meteredUsage || customer.firstPaidDay === null) return [];
  const lines: Line[] = [];
  const base = rng.int(40, 400);
  for (let m = 0; m < window.months; m++) {
    const monthStart = addMonths(window.start, m);
    const monthEnd = addMonths(window.start, m + 1);
    if (monthEnd > window.end) break; // issued on monthEnd, which must be within the window
    for (const span of customer.activeSpans) {
      const from = Math.max(monthStart, span.start, customer.firstPaidDay);
      const to = Math.min(monthEnd, span.end);
      if (from >= to) continue;
      const age = (from - customer.firstPaidDay) / 30;
      const thousands = Math.max(
        1,
        Math.round(
          base *
            (1 + 0.04 * age) *
            rng.logNormal(1, 0.25) *
            ((to - from) / (monthEnd - monthStart)),
        ),
      );
      lines.push({
        customer,
        issued: to,
        type: 'usage',
        plan: USAGE_PLAN.name,
        quantity: thousands,
        amount: thousands * USAGE_PLAN.unitPrice[customer.currency],
        discount: 0,
        periodStart: from,
        periodEnd: to,
        uncollectible: false,
        refundable: false,
      });
    }
  }
  return lines;
}

function setupLine(customer: DemoCustomer, window: DemoWindow): Line[] {
  const fee = customer.setupFee === null ? undefined : SETUP_FEES[customer.setupFee];
  if (fee === undefined || customer.firstPaidDay === null || customer.firstPaidDay > window.end) {
    return [];
  }
  return [
    {
      customer,
      issued: customer.firstPaidDay,
      type: 'one_time',
      plan: SETUP_PLAN,
      quantity: 1,
      amount: fee[customer.currency],
      discount: 0,
      periodStart: null,
      periodEnd: null,
      uncollectible: false,
      refundable: false,
    },
  ];
}

const TYPE_ORDER: Readonly<Record<InvoiceLineType, number>> = {
  subscription: 0,
  usage: 1,
  one_time: 2,
};

export function generateInvoices(
  customers: readonly DemoCustomer[],
  window: DemoWindow,
  seed: number,
): InvoiceRow[] {
  const lines: Line[] = [];
  for (const customer of customers) {
    const rng = Rng.derive(seed, 'usage', customer.index);
    lines.push(
      ...subscriptionLines(customer, window),
      ...usageLines(customer, window, rng),
      ...setupLine(customer, window),
    );
  }
  // One invoice per customer and issue day.
  const groups = new Map<string, Line[]>();
  for (const line of lines) {
    const key = `${line.issued}:${line.customer.index}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [line]);
    else group.push(line);
  }
  const invoices = [...groups.values()].sort((a, b) => {
    const x = a[0];
    const y = b[0];
    if (x === undefined || y === undefined) return 0;
    return x.issued - y.issued || x.customer.index - y.customer.index;
  });

  const rng = Rng.derive(seed, 'invoices');
  const width = Math.max(6, String(Math.ceil(invoices.length * 1.01) + 1).length);
  const rows: InvoiceRow[] = [];
  let number = 0;
  const emit = (group: readonly Line[], status: InvoiceStatus, paidAt: Day | null): void => {
    const invoiceId = `inv_${pad(++number, width)}`;
    const ordered = [...group].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
    ordered.forEach((line, i) => {
      rows.push({
        invoice_id: invoiceId,
        line_id: String(i + 1),
        customer_id: line.customer.row.customer_id,
        issued_at: line.issued,
        amount: line.amount,
        currency: line.customer.currency,
        status,
        type: line.type,
        plan: line.plan,
        quantity: line.quantity,
        tax: withTax(line.customer, line.amount, line.discount),
        discount: line.discount,
        period_start: line.periodStart,
        period_end: line.periodEnd,
        paid_at: paidAt,
      });
    });
  };

  for (const group of invoices) {
    const first = group[0];
    if (first === undefined) continue;
    const { customer, issued } = first;
    // An invoice issued twice by mistake: the duplicate is voided.
    if (rng.chance(0.005)) emit(group, 'void', null);
    if (group.some((l) => l.uncollectible)) {
      emit(group, 'uncollectible', null);
      continue;
    }
    const delay = customer.netTerms
      ? rng.chance(0.03)
        ? rng.int(45, 120) // a late payer
        : rng.int(7, 35)
      : rng.chance(0.7)
        ? 0
        : rng.int(1, 4);
    const paidAt = issued + delay;
    if (paidAt > window.end) emit(group, 'open', null);
    else if (group.some((l) => l.refundable) && rng.chance(0.5)) emit(group, 'refunded', paidAt);
    else emit(group, 'paid', paidAt);
  }
  return rows;
}
