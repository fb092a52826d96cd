import { addMonths, daysInMonth, partsFromDay, type Day } from '../model/day.ts';
import { DISCOUNT_DURATION_CODES, INTERVAL_CODES, NO_DAY, OPEN_END } from '../store/store.ts';
import type {
  DiscountsInMrr,
  PartialPeriodNormalization,
  WorkspaceSettings,
} from '../model/workspace.ts';

/**
 * SPEC §5 normalization to one month, as an exact fraction per interval:
 * month ×1, quarter ×1/3, year ×1/12, week ×52/12, day ×365/12 (then ÷ interval_count).
 */
const MONTHLY_NUMERATOR = [365, 52, 1, 1, 1] as const; // by INTERVAL_CODES
const MONTHLY_DENOMINATOR = [12, 12, 1, 3, 12] as const;

/**
 * Monthly recurring amount of one subscription line in minor units (may carry a fraction of
 * a minor unit: rounding happens once, on the customer's total).
 */
export function monthlyAmount(
  amount: number,
  intervalCode: number,
  intervalCount: number,
  quantity: number,
  discountPercent: number,
): number {
  // One multiplication chain and one division keep whole results exact (12000/12 = 1000).
  return (
    (amount * quantity * (100 - discountPercent) * MONTHLY_NUMERATOR[intervalCode]!) /
    (100 * MONTHLY_DENOMINATOR[intervalCode]! * intervalCount)
  );
}

/**
 * The part of a subscription row's `discount_percent` in MRR under the `discounts` switch:
 * all of it, only a discount lasting forever (Stripe leaves once and repeating coupons out),
 * or none. `durationCode` is a DISCOUNT_DURATION_CODES value.
 */
export function discountInMrr(
  mode: DiscountsInMrr,
  discountPercent: number,
  durationCode: number,
): number {
  if (mode === 'all') return discountPercent;
  return mode === 'forever' && durationCode === DISCOUNT_DURATION_CODES.forever
    ? discountPercent
    : 0;
}

/** The first day of the `k`-th billing period after `start` (k = 0 is `start`). */
export function billingBoundary(
  start: Day,
  intervalCode: number,
  intervalCount: number,
  k: number,
): Day {
  switch (intervalCode) {
    case INTERVAL_CODES.day:
      return start + k * intervalCount;
    case INTERVAL_CODES.week:
      return start + 7 * k * intervalCount;
    case INTERVAL_CODES.month:
      return addMonths(start, k * intervalCount);
    case INTERVAL_CODES.quarter:
      return addMonths(start, 3 * k * intervalCount);
    default:
      return addMonths(start, 12 * k * intervalCount);
  }
}

/** Mean length in days of each interval (INTERVAL_CODES order); hoisted: called per line. */
const APPROX_INTERVAL_DAYS = [1, 7, 30.436875, 91.310625, 365.2425] as const;

/** End (exclusive) of the paid service period that contains `day`. */
export function endOfPaidPeriod(
  start: Day,
  intervalCode: number,
  intervalCount: number,
  day: Day,
): Day {
  const approxDays = APPROX_INTERVAL_DAYS[intervalCode]! * intervalCount;
  let k = Math.max(1, Math.floor((day - start) / approxDays));
  while (k > 1 && billingBoundary(start, intervalCode, intervalCount, k - 1) > day) k--;
  while (billingBoundary(start, intervalCode, intervalCount, k) <= day) k++;
  return billingBoundary(start, intervalCode, intervalCount, k);
}

export interface PaidWindow {
  /** First day the line counts as MRR. */
  readonly from: Day;
  /** First day it no longer counts (OPEN_END when ongoing). */
  readonly to: Day;
}

/**
 * The days a subscription line counts as MRR: not during a free trial, and not after its
 * end. A cancellation without an end date ends at the close of the paid period it falls
 * in (the default), or on the cancellation day (`churnTiming: 'immediate'`). A line
 * cancelled before its first paid day never counts.
 */
export function paidWindow(
  line: {
    start: Day;
    end: Day;
    trialEnd: Day;
    canceledAt: Day;
    intervalCode: number;
    intervalCount: number;
  },
  churnTiming: WorkspaceSettings['churnTiming'],
): PaidWindow {
  const from = paidFrom(line.start, line.trialEnd);
  return {
    from,
    to: paidTo(
      from,
      line.start,
      line.end,
      line.canceledAt,
      line.intervalCode,
      line.intervalCount,
      churnTiming,
    ),
  };
}

/** `paidWindow(...).from` without allocating (the engine calls it for millions of lines). */
export function paidFrom(start: Day, trialEnd: Day): Day {
  return trialEnd !== NO_DAY && trialEnd > start ? trialEnd : start;
}

/** `paidWindow(...).to` given its `from` (see paidFrom), without allocating. */
export function paidTo(
  from: Day,
  start: Day,
  end: Day,
  canceledAt: Day,
  intervalCode: number,
  intervalCount: number,
  churnTiming: WorkspaceSettings['churnTiming'],
): Day {
  let to = end;
  if (canceledAt !== NO_DAY) {
    if (canceledAt < from) to = from;
    else if (churnTiming === 'immediate') to = Math.min(to, canceledAt);
    else if (to === OPEN_END) to = endOfPaidPeriod(start, intervalCode, intervalCount, canceledAt);
  }
  return Math.max(from, to);
}

/** Length of a service period in months: whole months when it spans them exactly, else days ÷ (365/12). */
export function servicePeriodMonths(start: Day, end: Day): number {
  const guess = Math.round((end - start) / 30.436875);
  if (guess >= 1 && addMonths(start, guess) === end) return guess;
  return ((end - start) * 12) / 365;
}

/**
 * Monthly amount of an invoice line billing `net` for [start, end). A period of whole months
 * divides by their number either way. Otherwise `average_month` divides by days ÷ (365/12);
 * `billing_period` scales by the days of the calendar month the period starts in, so a
 * prorated first invoice of $20 for 10 days of a 30-day April is $60 a month, as the next
 * full month's invoice (ChartMogul, docs/definitions.md).
 */
export function invoiceLineMonthly(
  net: number,
  start: Day,
  end: Day,
  partialPeriods: PartialPeriodNormalization,
): number {
  const months = servicePeriodMonths(start, end);
  if (partialPeriods === 'average_month' || Number.isInteger(months)) return net / months;
  const { year, month } = partsFromDay(start);
  return (net * daysInMonth(year, month)) / (end - start);
}

/**
 * Days an invoice line counts as MRR. A subscription line counts over its own service
 * period; a usage line counts from the end of the period it bills (the last completed
 * period) for one period of the same length.
 */
export function invoiceLineWindow(periodStart: Day, periodEnd: Day, isUsage: boolean): PaidWindow {
  if (!isUsage) return { from: periodStart, to: periodEnd };
  const months = servicePeriodMonths(periodStart, periodEnd);
  const to = Number.isInteger(months)
    ? addMonths(periodEnd, months)
    : periodEnd + (periodEnd - periodStart);
  return { from: periodEnd, to };
}
