import { MS_PER_DAY, parseIsoDay, type Day } from '../model/day.ts';
import type { CustomerRow, InvoiceRow, SubscriptionRow } from '../model/kinds.ts';
import { periodsBetween } from '../model/period.ts';
import { PeriodIndex } from './periods.ts';

/** Small builders shared by the engine's known-answer tests. */

export const d = (text: string): Day => parseIsoDay(text)!;
/** An instant: `2024-01-05T10:00` in UTC. */
export const t = (text: string): number => Date.parse(`${text}:00Z`);
export const utcDay = (ms: number): Day => Math.floor(ms / MS_PER_DAY);
export const months = (from: string, to: string) =>
  new PeriodIndex(periodsBetween(d(from), d(to), 'month'));

export const customer = (id: string, extra: Partial<CustomerRow> = {}): CustomerRow => ({
  customer_id: id,
  name: null,
  email: null,
  created_at: null,
  country: null,
  segment: null,
  channel: null,
  attributes: {},
  ...extra,
});

export function invoice(extra: Partial<InvoiceRow> & { invoice_id: string }): InvoiceRow {
  return {
    line_id: '',
    customer_id: 'c1',
    issued_at: d('2024-01-10'),
    amount: 10_000,
    currency: 'USD',
    status: 'paid',
    type: 'subscription',
    plan: null,
    quantity: 1,
    tax: 0,
    discount: 0,
    period_start: null,
    period_end: null,
    paid_at: null,
    ...extra,
  };
}

let nextId = 0;
export function subscription(
  customer: string,
  amount: number,
  start: string,
  extra: Partial<SubscriptionRow> = {},
): SubscriptionRow {
  return {
    subscription_id: `s${nextId++}`,
    customer_id: customer,
    amount,
    currency: 'USD',
    interval: 'month',
    interval_count: 1,
    start_date: d(start),
    plan: null,
    quantity: 1,
    discount_percent: 0,
    end_date: null,
    trial_end: null,
    canceled_at: null,
    ...extra,
  };
}
