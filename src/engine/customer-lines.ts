import type { Day } from '../model/day.ts';
import type { InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import { roundHalfAwayFromZero } from '../model/money.ts';
import { discountsInMrr, type WorkspaceSettings } from '../model/workspace.ts';
import { DISCOUNT_DURATION_CODES, INTERVAL_CODES, NO_DAY, OPEN_END } from '../store/store.ts';
import {
  discountInMrr,
  invoiceLineMonthly,
  invoiceLineWindow,
  monthlyAmount,
  paidWindow,
} from './normalize.ts';
import { addCompensated, compensatedValue } from './compensated-sum.ts';
import { delinquencyWindow, isLate, isRecurringLine } from './rows-to-inputs.ts';
import { NATIVE_NOISE } from './timeline.ts';

/**
 * The source rows behind a customer's MRR, one per subscription row or recurring invoice
 * line, with the days it counts and its monthly amount — by the same rules (normalize.ts)
 * the timelines are built with, so the lines in force on a day add up to the customer's MRR.
 */
export interface MrrLine {
  readonly source: 'subscription' | 'invoice';
  /** subscription_id or invoice_id. */
  readonly id: string;
  /** The invoice's line_id ('' for subscriptions and one-line invoices). */
  readonly lineId: string;
  readonly customerId: string;
  readonly kind: 'subscription' | 'usage';
  readonly plan: string | null;
  readonly currency: string;
  readonly quantity: number;
  /** Unit price per interval (subscriptions) or the line's amount (invoices), native minor units. */
  readonly amount: number;
  /** Billing interval of a subscription row (null for invoice lines). */
  readonly interval: SubscriptionRow['interval'] | null;
  readonly intervalCount: number;
  /** Percent off (subscriptions; 0 when discounts are not in MRR). */
  readonly discountPercent: number;
  /** Discount on an invoice line, native minor units. */
  readonly discount: number;
  /** An invoice line's service period [start, end). */
  readonly periodStart: Day | null;
  readonly periodEnd: Day | null;
  /** First day the line counts, and the first it no longer does (OPEN_END: ongoing). */
  readonly from: Day;
  readonly to: Day;
  /** Native minor units per month (may carry a fraction of a minor unit). */
  readonly monthly: number;
}

/** An invoice whose lateness stops the customer's MRR over [from, to) (delinquency rule). */
export interface DelinquencyWindow {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly from: Day;
  readonly to: Day;
}

/** Every row that can carry MRR under the workspace's settings, with its window and monthly amount. */
export function mrrLines(
  subscriptions: readonly SubscriptionRow[],
  invoices: readonly InvoiceRow[],
  settings: WorkspaceSettings,
): MrrLine[] {
  const fromSubscriptions = settings.mrrSource === 'subscriptions';
  const discounts = discountsInMrr(settings);
  const lines: MrrLine[] = [];
  if (fromSubscriptions)
    for (const s of subscriptions) {
      const intervalCode = INTERVAL_CODES[s.interval];
      const window = paidWindow(
        {
          start: s.start_date,
          end: s.end_date ?? OPEN_END,
          trialEnd: s.trial_end ?? NO_DAY,
          canceledAt: s.canceled_at ?? NO_DAY,
          intervalCode,
          intervalCount: s.interval_count,
        },
        settings.churnTiming,
      );
      const discountPercent = discountInMrr(
        discounts,
        s.discount_percent,
        DISCOUNT_DURATION_CODES[s.discount_duration],
      );
      lines.push({
        source: 'subscription',
        id: s.subscription_id,
        lineId: '',
        customerId: s.customer_id,
        kind: 'subscription',
        plan: s.plan,
        currency: s.currency,
        quantity: s.quantity,
        amount: s.amount,
        interval: s.interval,
        intervalCount: s.interval_count,
        discountPercent,
        discount: 0,
        periodStart: null,
        periodEnd: null,
        ...window,
        monthly: monthlyAmount(
          s.amount,
          intervalCode,
          s.interval_count,
          s.quantity,
          discountPercent,
        ),
      });
    }
  for (const i of invoices) {
    if (!isRecurringLine(i, settings.refundsReduceMrr === false)) continue;
    const isUsage = i.type === 'usage';
    // Usage lines count under either source; subscription lines only when invoices are the source.
    if ((fromSubscriptions && !isUsage) || (isUsage && settings.usageInMrr === false)) continue;
    const start = i.period_start!;
    const end = i.period_end!;
    if (end <= start) continue;
    lines.push({
      source: 'invoice',
      id: i.invoice_id,
      lineId: i.line_id,
      customerId: i.customer_id,
      kind: isUsage ? 'usage' : 'subscription',
      plan: i.plan,
      currency: i.currency,
      quantity: i.quantity,
      amount: i.amount,
      interval: null,
      intervalCount: 1,
      discountPercent: 0,
      discount: i.discount,
      periodStart: start,
      periodEnd: end,
      ...invoiceLineWindow(start, end, isUsage),
      monthly: invoiceLineMonthly(
        i.amount - i.discount,
        start,
        end,
        settings.partialPeriods ?? 'average_month',
      ),
    });
  }
  return lines;
}

/** The late invoices that stop MRR under the workspace's delinquency rule (none when it is off). */
export function delinquencyWindows(
  invoices: readonly InvoiceRow[],
  settings: WorkspaceSettings,
): DelinquencyWindow[] {
  const days = settings.delinquencyDays;
  if (days === null) return [];
  return invoices
    .filter((i) => isLate(i, days))
    .map((i) => ({
      invoiceId: i.invoice_id,
      customerId: i.customer_id,
      ...delinquencyWindow(i, days),
    }))
    .filter((w) => w.from < w.to);
}

/** Whether a line counts on `day` (a line with nothing to count never does). */
export const countsOn = (line: MrrLine, day: Day): boolean =>
  line.from <= day && day < line.to && line.monthly !== 0;

export interface LineShare {
  readonly line: MrrLine;
  /** The line's monthly amount at the day's rate, reporting minor units (unrounded). */
  readonly converted: number;
  /** Its share of the customer's MRR, whole minor units: the shares add up to the MRR. */
  readonly mrr: number;
}

/**
 * The lines that make up a customer's MRR on `day`. The customer's MRR is rounded once, on
 * its total (valued as the engine values it, see `valueOf`); each line's share is the
 * rounding of the running total up to it minus that of the lines before it, the last share
 * taking what the running total's rounding left over, so the shares add up to the
 * customer's MRR to the minor unit. While a late
 * invoice stops the customer's MRR (delinquency rule) every share is 0 and `delinquentInvoice`
 * names the invoice.
 */
export function linesOn(
  lines: readonly MrrLine[],
  windows: readonly DelinquencyWindow[],
  day: Day,
  factor: (currency: string, day: Day) => number,
): { lines: LineShare[]; delinquentInvoice: string | null } {
  const delinquent = windows.find((w) => w.from <= day && day < w.to)?.invoiceId ?? null;
  const inForce = lines
    .filter((l) => countsOn(l, day))
    .sort(
      (a, b) =>
        compareIds(a.source, b.source) || compareIds(a.id, b.id) || compareIds(a.lineId, b.lineId),
    );
  let running = 0;
  let rounded = 0;
  const shares = inForce.map((line) => {
    const converted = line.monthly * factor(line.currency, day);
    running += converted;
    const next = delinquent === null ? roundHalfAwayFromZero(running) : 0;
    const mrr = next - rounded;
    rounded = next;
    return { line, converted, mrr };
  });
  // The lines' running total can round to a minor unit off the customer's MRR on an exact
  // half (floats summed in another order): the last share takes the difference.
  const last = shares.at(-1);
  if (last !== undefined && delinquent === null)
    shares[shares.length - 1] = {
      ...last,
      mrr: last.mrr + valueOf(inForce, day, factor) - rounded,
    };
  return { lines: shares, delinquentInvoice: delinquent };
}

/**
 * A customer's MRR from its lines in force on `day`, valued as the engine values a timeline
 * entry (customer-mrr.ts `entryValue`): per currency, in code order, the compensated sum of
 * the lines' monthly amounts (as ./timeline.ts sums them) times the day's factor, rounded
 * once.
 */
function valueOf(
  lines: readonly MrrLine[],
  day: Day,
  factor: (currency: string, day: Day) => number,
): number {
  const currencies = [...new Set(lines.map((l) => l.currency))].sort();
  const sums = new Float64Array(currencies.length);
  const errors = new Float64Array(currencies.length);
  for (const line of lines)
    addCompensated(sums, errors, currencies.indexOf(line.currency), line.monthly);
  let sum = 0;
  currencies.forEach((currency, i) => {
    const native = compensatedValue(sums, errors, i);
    if (Math.abs(native) >= NATIVE_NOISE) sum += native * factor(currency, day);
  });
  return roundHalfAwayFromZero(sum);
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rows that changed a customer's MRR over the days (after, upTo]: lines that started or
 * stopped counting, and late invoices that stopped or restored it. For a movement dated on
 * day d (event mode) that is (d - 1, d]; for a snapshot movement, the period.
 */
export function sourcesBetween(
  lines: readonly MrrLine[],
  windows: readonly DelinquencyWindow[],
  after: Day,
  upTo: Day,
): { source: 'subscription' | 'invoice'; id: string }[] {
  const within = (d: Day) => d > after && d <= upTo;
  const ids = new Map<string, { source: 'subscription' | 'invoice'; id: string }>();
  for (const l of lines)
    if (l.monthly !== 0 && l.from < l.to && (within(l.from) || within(l.to)))
      ids.set(`${l.source}:${l.id}`, { source: l.source, id: l.id });
  for (const w of windows)
    if (within(w.from) || within(w.to))
      ids.set(`invoice:${w.invoiceId}`, { source: 'invoice', id: w.invoiceId });
  return [...ids.values()];
}
