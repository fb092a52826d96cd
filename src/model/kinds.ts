import type { Day } from './day.ts';

/**
 * The canonical import kinds of SPEC.md §4: their columns, their keys, and the typed rows
 * that validation produces. Ingest reads this table to validate files; the store reads it
 * to create tables. Nothing else defines a kind's columns.
 */

/** Milliseconds since 1970-01-01T00:00:00Z: a moment, for timestamps such as occurred_at. */
export type Instant = number;

export type ColumnType =
  | 'text' // free text, trimmed; empty = null
  | 'day' // a calendar date (ISO 8601); a timestamp with an offset is converted to the local date
  | 'instant' // a moment (ISO 8601 with offset, or a local date/time in the reporting zone)
  | 'money' // decimal in major units, stored as integer minor units of the row's `currency`
  | 'currency' // ISO 4217 code, upper-cased
  | 'int' // whole number
  | 'decimal' // decimal number (rates, quantities, percentages)
  | 'enum'; // one of `values`

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** Allowed values of an enum column (lower-case). */
  readonly values?: readonly string[];
  /** Value used when the column is absent or the cell is empty. */
  readonly default?: string | number;
  /** Must not be negative. */
  readonly nonNegative?: boolean;
  /** Extra constraint; returns an error text or null. */
  readonly min?: number;
  readonly max?: number;
  /** A text column holding an email address: checked for the shape name@domain.tld. */
  readonly email?: boolean;
}

export interface KindSpec {
  readonly kind: ImportKind;
  readonly columns: readonly ColumnSpec[];
  /** Columns that identify a row: re-importing the same key updates the row. */
  readonly key: readonly string[];
  /** Whether columns not listed are kept as custom attributes (customers only). */
  readonly keepsExtraColumns?: boolean;
}

export const IMPORT_KINDS = [
  'customers',
  'subscriptions',
  'invoices',
  'costs',
  'cash',
  'headcount',
  'funnel',
  'events',
  'surveys',
  'tickets',
  'fx_rates',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const SUBSCRIPTION_INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type SubscriptionInterval = (typeof SUBSCRIPTION_INTERVALS)[number];
/**
 * How long a subscription row's discount lasts, as the billing system's coupon said: Stripe's
 * `once` (one invoice), `repeating` (some months) or `forever`. Some tools leave finite
 * coupons out of MRR (docs/definitions.md, the `discounts` switch).
 */
export const DISCOUNT_DURATIONS = ['once', 'repeating', 'forever'] as const;
export type DiscountDuration = (typeof DISCOUNT_DURATIONS)[number];
export const INVOICE_STATUSES = ['paid', 'open', 'void', 'uncollectible', 'refunded'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_LINE_TYPES = ['subscription', 'usage', 'one_time'] as const;
export type InvoiceLineType = (typeof INVOICE_LINE_TYPES)[number];
export const COST_CATEGORIES = ['sales', 'marketing', 'cogs', 'rnd', 'ga', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export const SURVEY_KINDS = ['nps', 'csat'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const STANDARD_FUNNEL_STAGES = [
  'visitor',
  'lead',
  'signup',
  'trial',
  'opportunity',
  'customer',
] as const;

const req = (name: string, type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  required: true,
  ...extra,
});
const opt = (name: string, type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  required: false,
  ...extra,
});

export const KIND_SPECS: Readonly<Record<ImportKind, KindSpec>> = {
  customers: {
    kind: 'customers',
    key: ['customer_id'],
    keepsExtraColumns: true,
    columns: [
      req('customer_id', 'text'),
      opt('name', 'text'),
      opt('email', 'text', { email: true }),
      opt('created_at', 'day'),
      opt('country', 'text'),
      opt('segment', 'text'),
      opt('channel', 'text'),
    ],
  },
  subscriptions: {
    kind: 'subscriptions',
    key: ['subscription_id'],
    columns: [
      req('subscription_id', 'text'),
      req('customer_id', 'text'),
      req('amount', 'money', { nonNegative: true }),
      req('currency', 'currency'),
      req('interval', 'enum', { values: SUBSCRIPTION_INTERVALS }),
      req('start_date', 'day'),
      opt('plan', 'text'),
      opt('interval_count', 'int', { default: 1, min: 1 }),
      opt('quantity', 'decimal', { default: 1, nonNegative: true }),
      opt('discount_percent', 'decimal', { default: 0, min: 0, max: 100 }),
      opt('end_date', 'day'),
      opt('trial_end', 'day'),
      opt('canceled_at', 'day'),
      opt('discount_duration', 'enum', { values: DISCOUNT_DURATIONS, default: 'forever' }),
    ],
  },
  invoices: {
    kind: 'invoices',
    key: ['invoice_id', 'line_id'],
    columns: [
      req('invoice_id', 'text'),
      req('customer_id', 'text'),
      req('issued_at', 'day'),
      req('amount', 'money'),
      req('currency', 'currency'),
      opt('line_id', 'text', { default: '' }),
      opt('status', 'enum', { values: INVOICE_STATUSES, default: 'paid' }),
      // Blank: a line with a service period is a subscription line, else one_time (ingest rule).
      opt('type', 'enum', { values: INVOICE_LINE_TYPES }),
      opt('plan', 'text'),
      opt('quantity', 'decimal', { default: 1, nonNegative: true }),
      opt('tax', 'money', { default: 0, nonNegative: true }),
      opt('discount', 'money', { default: 0, nonNegative: true }),
      opt('period_start', 'day'),
      opt('period_end', 'day'),
      opt('paid_at', 'day'),
    ],
  },
  costs: {
    kind: 'costs',
    key: ['date', 'category', 'channel', 'currency'],
    columns: [
      req('date', 'day'),
      req('category', 'enum', { values: COST_CATEGORIES }),
      req('amount', 'money'),
      req('currency', 'currency'),
      opt('channel', 'text', { default: '' }),
    ],
  },
  cash: {
    kind: 'cash',
    key: ['date', 'currency'],
    columns: [req('date', 'day'), req('balance', 'money'), req('currency', 'currency')],
  },
  headcount: {
    kind: 'headcount',
    key: ['date'],
    columns: [
      req('date', 'day'),
      req('employees', 'decimal', { nonNegative: true }),
      opt('hires', 'int', { nonNegative: true }),
      opt('departures', 'int', { nonNegative: true }),
    ],
  },
  funnel: {
    kind: 'funnel',
    key: ['id', 'stage'],
    columns: [
      req('id', 'text'),
      req('stage', 'text'),
      req('occurred_at', 'instant'),
      opt('channel', 'text'),
      opt('customer_id', 'text'),
      opt('value', 'decimal'),
    ],
  },
  events: {
    kind: 'events',
    key: ['occurred_at', 'customer_id', 'user_id', 'event'],
    columns: [
      req('occurred_at', 'instant'),
      req('customer_id', 'text'),
      req('user_id', 'text'),
      req('event', 'text'),
      opt('quantity', 'decimal', { default: 1, nonNegative: true }),
    ],
  },
  surveys: {
    kind: 'surveys',
    key: ['response_id'],
    columns: [
      req('response_id', 'text'),
      req('kind', 'enum', { values: SURVEY_KINDS }),
      req('score', 'int'),
      req('submitted_at', 'instant'),
      opt('customer_id', 'text'),
      opt('comment', 'text'),
    ],
  },
  tickets: {
    kind: 'tickets',
    key: ['ticket_id'],
    columns: [
      req('ticket_id', 'text'),
      req('created_at', 'instant'),
      opt('customer_id', 'text'),
      opt('first_response_at', 'instant'),
      opt('resolved_at', 'instant'),
      opt('channel', 'text'),
    ],
  },
  fx_rates: {
    kind: 'fx_rates',
    key: ['date', 'currency'],
    columns: [req('date', 'day'), req('currency', 'currency'), req('rate', 'decimal', { min: 0 })],
  },
};

export interface CustomerRow {
  customer_id: string;
  name: string | null;
  email: string | null;
  created_at: Day | null;
  country: string | null;
  segment: string | null;
  channel: string | null;
  /** Extra columns of the file, kept as custom attributes usable as segments. */
  attributes: Record<string, string>;
}

export interface SubscriptionRow {
  subscription_id: string;
  customer_id: string;
  /** Price of one unit for one billing interval, in minor units of `currency`. */
  amount: number;
  currency: string;
  interval: SubscriptionInterval;
  interval_count: number;
  start_date: Day;
  plan: string | null;
  quantity: number;
  discount_percent: number;
  /** Exclusive: the first day the row no longer applies. Null = ongoing. */
  end_date: Day | null;
  /** First paid day; MRR is 0 before it. */
  trial_end: Day | null;
  canceled_at: Day | null;
  /** How long `discount_percent` lasts (`forever`, the import's default: for the whole row). */
  discount_duration: DiscountDuration;
}

export interface InvoiceRow {
  invoice_id: string;
  /** '' when the file has one line per invoice. */
  line_id: string;
  customer_id: string;
  issued_at: Day;
  /** Line amount excluding tax, in minor units of `currency`. */
  amount: number;
  currency: string;
  status: InvoiceStatus;
  type: InvoiceLineType;
  plan: string | null;
  quantity: number;
  /** Tax charged on top of `amount`; never revenue. */
  tax: number;
  /** Discount on the line, subtracted from `amount` for MRR and revenue. */
  discount: number;
  period_start: Day | null;
  /** Exclusive end of the service period. */
  period_end: Day | null;
  paid_at: Day | null;
}

export interface CostRow {
  date: Day;
  category: CostCategory;
  amount: number;
  currency: string;
  channel: string;
}

export interface CashRow {
  date: Day;
  balance: number;
  currency: string;
}

export interface HeadcountRow {
  date: Day;
  employees: number;
  hires: number | null;
  departures: number | null;
}

export interface FunnelRow {
  id: string;
  stage: string;
  occurred_at: Instant;
  channel: string | null;
  customer_id: string | null;
  value: number | null;
}

export interface EventRow {
  occurred_at: Instant;
  customer_id: string;
  user_id: string;
  event: string;
  quantity: number;
}

export interface SurveyRow {
  response_id: string;
  kind: SurveyKind;
  score: number;
  submitted_at: Instant;
  customer_id: string | null;
  comment: string | null;
}

export interface TicketRow {
  ticket_id: string;
  created_at: Instant;
  customer_id: string | null;
  first_response_at: Instant | null;
  resolved_at: Instant | null;
  channel: string | null;
}

export interface FxRateRow {
  date: Day;
  currency: string;
  /** Reporting-currency units for one unit of `currency`. */
  rate: number;
}

export interface RowOfKind {
  customers: CustomerRow;
  subscriptions: SubscriptionRow;
  invoices: InvoiceRow;
  costs: CostRow;
  cash: CashRow;
  headcount: HeadcountRow;
  funnel: FunnelRow;
  events: EventRow;
  surveys: SurveyRow;
  tickets: TicketRow;
  fx_rates: FxRateRow;
}

/** One problem with one cell (or a whole row when `column` is null). */
export interface ImportIssue {
  readonly file: string;
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row row 2. */
  readonly row: number;
  readonly column: string | null;
  readonly reason: string;
}
