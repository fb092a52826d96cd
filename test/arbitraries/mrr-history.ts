/**
 * Generated MRR histories for property tests: customers paying in USD, EUR and JPY through
 * subscription rows (plans, intervals, quantities, discounts, trials, cancellations) and
 * usage and subscription invoice lines (some late, some without a plan), with exchange
 * rates that change every day, under varied workspace settings.
 */
import fc from 'fast-check';
import { dayFromParts, parseIsoDay, type Day } from '../../src/model/day.ts';
import {
  DISCOUNT_DURATIONS,
  SUBSCRIPTION_INTERVALS,
  type FxRateRow,
  type InvoiceRow,
  type SubscriptionRow,
} from '../../src/model/kinds.ts';
import {
  DEFAULT_SETTINGS,
  DISCOUNTS_IN_MRR,
  type WorkspaceSettings,
} from '../../src/model/workspace.ts';
import { mrrInputsFromRows } from '../../src/engine/rows-to-inputs.ts';
import type { MrrReadOptions } from '../../src/store/store.ts';

export const HISTORY_FIRST: Day = parseIsoDay('2023-01-01')!;
export const HISTORY_LAST: Day = parseIsoDay('2024-06-30')!;
const CURRENCIES = ['USD', 'EUR', 'JPY'] as const;
const PLANS = ['Basic', 'Pro', 'Team', null] as const;

const dayIn = (month: number, day: number) =>
  dayFromParts(2023 + Math.floor(month / 12), (month % 12) + 1, day);

export const subscriptionArb = fc
  .record({
    customer: fc.integer({ min: 0, max: 5 }),
    amount: fc.integer({ min: 0, max: 300_000 }),
    currency: fc.constantFrom(...CURRENCIES),
    plan: fc.constantFrom(...PLANS),
    interval: fc.constantFrom(...SUBSCRIPTION_INTERVALS),
    intervalCount: fc.integer({ min: 1, max: 3 }),
    quantity: fc.integer({ min: 1, max: 12 }),
    discount: fc.constantFrom(0, 0, 10, 33.3, 100),
    discountDuration: fc.constantFrom(...DISCOUNT_DURATIONS),
    startMonth: fc.integer({ min: 0, max: 16 }),
    startDay: fc.integer({ min: 1, max: 28 }),
    lengthDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
    trialDays: fc.constantFrom(0, 0, 14),
    cancelAfterDays: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  })
  .map((r): Omit<SubscriptionRow, 'subscription_id'> => {
    const start = dayIn(r.startMonth, r.startDay);
    return {
      customer_id: `c${r.customer}`,
      amount: r.currency === 'JPY' ? Math.round(r.amount / 100) : r.amount,
      currency: r.currency,
      interval: r.interval,
      interval_count: r.intervalCount,
      start_date: start,
      plan: r.plan,
      quantity: r.quantity,
      discount_percent: r.discount,
      discount_duration: r.discountDuration,
      end_date: r.lengthDays === null ? null : start + r.lengthDays,
      trial_end: r.trialDays ? start + r.trialDays : null,
      canceled_at: r.cancelAfterDays === null ? null : start + r.cancelAfterDays,
    };
  });

export const invoiceArb = fc
  .record({
    customer: fc.integer({ min: 0, max: 5 }),
    amount: fc.integer({ min: 1, max: 90_000 }),
    currency: fc.constantFrom(...CURRENCIES),
    type: fc.constantFrom('usage' as const, 'usage' as const, 'subscription' as const),
    plan: fc.constantFrom('API', 'Pro', null),
    month: fc.integer({ min: 0, max: 16 }),
    status: fc.constantFrom('paid', 'paid', 'paid', 'open', 'void', 'refunded' as const),
    paidAfterDays: fc.integer({ min: 0, max: 60 }),
  })
  .map((r): Omit<InvoiceRow, 'invoice_id'> => {
    const start = dayIn(r.month, 1);
    const end = dayIn(r.month + 1, 1);
    return {
      line_id: '',
      customer_id: `c${r.customer}`,
      issued_at: end,
      amount: r.currency === 'JPY' ? Math.round(r.amount / 100) : r.amount,
      currency: r.currency,
      status: r.status as InvoiceRow['status'],
      type: r.type,
      plan: r.plan,
      quantity: 1,
      tax: 0,
      discount: 0,
      period_start: start,
      period_end: end,
      paid_at: r.status === 'paid' ? end + r.paidAfterDays : null,
    };
  });

/** One rate per currency and day, a random walk (rates alone move converted MRR every day). */
export const fxArb = fc
  .array(fc.integer({ min: -30, max: 30 }), { minLength: 8, maxLength: 8 })
  .map((steps): FxRateRow[] => {
    const rows: FxRateRow[] = [];
    let eur = 1.1;
    let jpy = 0.0068;
    for (let d = HISTORY_FIRST - 40, i = 0; d <= HISTORY_LAST + 40; d++, i++) {
      eur = Math.max(0.5, eur + steps[i % 8]! / 10_000);
      jpy = Math.max(0.003, jpy + steps[(i + 3) % 8]! / 1_000_000);
      rows.push({ date: d, currency: 'EUR', rate: Number(eur.toFixed(6)) });
      rows.push({ date: d, currency: 'JPY', rate: Number(jpy.toFixed(8)) });
    }
    return rows;
  });

export const settingsArb = fc
  .record({
    churnTiming: fc.constantFrom('period_end' as const, 'immediate' as const),
    mrrSource: fc.constantFrom(
      'subscriptions' as const,
      'subscriptions' as const,
      'invoices' as const,
    ),
    delinquencyDays: fc.constantFrom(null, null, 14),
    discounts: fc.constantFrom(...DISCOUNTS_IN_MRR),
    reactivation: fc.constantFrom('own' as const, 'new' as const, 'expansion' as const),
    freeCustomers: fc.constantFrom('churned' as const, 'active' as const),
    refundsReduceMrr: fc.boolean(),
    partialPeriods: fc.constantFrom('average_month' as const, 'billing_period' as const),
    usageInMrr: fc.boolean(),
    joinAndLeaveMovements: fc.constantFrom('count' as const, 'ignore' as const),
    reactivationWindowDays: fc.constantFrom(null, 30),
  })
  .map((s): WorkspaceSettings => ({ ...DEFAULT_SETTINGS, ...s }));

export interface MrrHistory {
  readonly subscriptions: SubscriptionRow[];
  readonly invoices: InvoiceRow[];
  readonly fxRates: FxRateRow[];
  readonly settings: WorkspaceSettings;
}

export const mrrHistoryArb: fc.Arbitrary<MrrHistory> = fc
  .record({
    subscriptions: fc.array(subscriptionArb, { minLength: 1, maxLength: 12 }),
    invoices: fc.array(invoiceArb, { maxLength: 10 }),
    fxRates: fxArb,
    settings: settingsArb,
  })
  .map((h) => ({
    subscriptions: h.subscriptions.map((s, i) => ({ ...s, subscription_id: `s${i}` })),
    invoices: h.invoices.map((line, i) => ({ ...line, invoice_id: `i${i}` })),
    fxRates: h.fxRates,
    settings: h.settings,
  }));

/** The engine inputs of a history, read as a store reads them under its settings. */
export const historyInputs = (h: MrrHistory, options: Pick<MrrReadOptions, 'withPlans'> = {}) =>
  mrrInputsFromRows(
    h.subscriptions,
    h.invoices,
    h.fxRates,
    h.settings.delinquencyDays,
    undefined,
    h.settings.refundsReduceMrr === false,
    options.withPlans === true,
  );
