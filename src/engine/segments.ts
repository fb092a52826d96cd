import type { Day } from '../model/day.ts';
import type { CustomerRow, SubscriptionRow } from '../model/kinds.ts';
import type { BusinessRows } from './business.ts';
import type { ZoneDay } from './engagement.ts';
import { monthlyAmount } from './normalize.ts';
import { invoicePlan, isRecurringLine } from './rows-to-inputs.ts';
import type { PlanLookup } from './plan-series.ts';
import { INTERVAL_CODES, type CustomerAttributes } from '../store/store.ts';
import { isCustomerField } from '../model/customer-attributes.ts';
import { NONE } from '../model/segment-value.ts';

/**
 * Segments: a customer's plan comes from the subscription row in force at the moment
 * (so a movement lands in the plan the customer had then); every other attribute (country,
 * channel, segment, custom columns) is static on the customer. Rows are selected before any
 * computation, so the unsegmented path is untouched: the other kinds' rows here, the MRR
 * inputs' columns by customer (./filter-inputs.ts) and by plan (./plan-series.ts).
 */

export interface SegmentFilter {
  readonly attribute: string;
  /** Any of these values matches; NONE matches a customer without the attribute. */
  readonly values: readonly string[];
}

export { NONE, USAGE } from '../model/segment-value.ts';
export const PLAN = 'plan';

/** `plan=Pro` or `country=FR|DE` (either value) as a filter; throws on anything else. */
export function parseSegmentFilter(text: string): SegmentFilter {
  const m = /^([A-Za-z0-9_ -]+)=(.+)$/.exec(text.trim());
  if (!m) throw new Error(`segment "${text}" is not attribute=value (e.g. plan=Pro)`);
  return { attribute: m[1]!.trim(), values: m[2]!.split('|').map((v) => v.trim()) };
}

export function customerValue(customer: CustomerRow | undefined, attribute: string): string | null {
  if (!customer) return null;
  const field = isCustomerField(attribute) ? customer[attribute] : customer.attributes[attribute];
  return field === undefined || field === null || field === '' ? null : field;
}

/** Customers' rows as Store.readCustomerAttributes reads them (for callers holding the rows). */
export function customerAttributesOf(
  customers: readonly CustomerRow[],
  attributes: readonly string[],
): CustomerAttributes {
  return {
    attributes,
    customerIds: customers.map((c) => c.customer_id),
    values: attributes.map((attribute) => customers.map((c) => customerValue(c, attribute))),
  };
}

/** A customer's value of an attribute, null when it has none or no customers row. */
export type AttributeLookup = (customerId: string, attribute: string) => string | null;

/**
 * Looks customers up in `table`; asking for an attribute it lacks throws. A store reads the
 * table in customer id order, the order of the MRR inputs' ranges, so a walk over the
 * ranges finds each customer at or just after the one before, compared in place; any other
 * customer is found by binary search. An index of every id, which at 1M customers cost
 * ~0.5 s to build and as much again to ask, is built only for a table whose ids are not in
 * JavaScript's order (a database orders some non-ASCII ids otherwise).
 */
export function attributeLookup(table: CustomerAttributes): AttributeLookup {
  const ids = table.customerIds;
  const columns = new Map(table.attributes.map((attribute, j) => [attribute, table.values[j]!]));
  let ordered = true;
  for (let i = 1; i < ids.length && ordered; i++) ordered = ids[i - 1]! < ids[i]!;
  let index: Map<string, number> | null = null;
  let next = 0;
  const found = (i: number): number => {
    next = i + 1;
    return i;
  };
  const positionOf = (customerId: string): number => {
    if (next > 0 && ids[next - 1] === customerId) return next - 1;
    // A few customers on: those between have no MRR inputs (a range does not name them).
    const end = Math.min(ids.length, next + NEARBY);
    for (let i = next; i < end; i++) if (ids[i] === customerId) return found(i);
    if (ordered) {
      const i = sortedIndexOf(ids, customerId);
      return i < 0 ? -1 : found(i);
    }
    if (index === null) {
      index = new Map<string, number>();
      for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
    }
    const i = index.get(customerId);
    return i === undefined ? -1 : found(i);
  };
  return (customerId, attribute) => {
    const values = columns.get(attribute);
    if (values === undefined) throw new Error(`the customers' ${attribute} was not read`);
    const i = positionOf(customerId);
    return i < 0 ? null : values[i]!;
  };
}

/** How far past the last customer found attributeLookup compares ids before searching. */
const NEARBY = 8;

/** The index of `id` in `ids` (strictly ascending), -1 when absent. */
function sortedIndexOf(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = ids[mid]!;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const matches = (filter: SegmentFilter, value: string | null) =>
  filter.values.includes(value ?? NONE);

/**
 * A customer's plan on a day — the one definition every surface uses (segments, the
 * customers list, pricing): the plan of the subscription row in force that day with the
 * largest monthly amount (the earliest started on a tie, then the first plan by name), else
 * of the latest row started before the day (the last plan by name on a tie), else of the
 * first row. Rows that tie are told apart by plan, so the answer never depends on the order
 * rows were read in; `columnPlans` (./plan-series.ts) is the same rule over the columns.
 */
export class PlanHistory implements PlanLookup {
  private readonly rows = new Map<string, SubscriptionRow[]>();

  constructor(subscriptions: readonly SubscriptionRow[]) {
    for (const row of subscriptions) {
      const list = this.rows.get(row.customer_id) ?? [];
      list.push(row);
      this.rows.set(row.customer_id, list);
    }
    for (const list of this.rows.values())
      list.sort((a, b) => a.start_date - b.start_date || comparePlans(a.plan, b.plan));
  }

  /** The customer's main subscription row on `day` (see the class), null without any. */
  lineOn(customerId: string, day: Day): SubscriptionRow | null {
    const list = this.rows.get(customerId);
    if (!list || list.length === 0) return null;
    let main: SubscriptionRow | null = null;
    for (const r of list) {
      if (r.start_date > day || (r.end_date !== null && day >= r.end_date)) continue;
      if (main === null || rowMonthly(r) > rowMonthly(main)) main = r;
    }
    return main ?? [...list].reverse().find((r) => r.start_date <= day) ?? list[0]!;
  }

  planOn(customerId: string, day: Day): string | null {
    return this.lineOn(customerId, day)?.plan ?? null;
  }
}

/** Plans as MrrInputs.plans sorts them (a row without one as NONE). */
function comparePlans(a: string | null, b: string | null): number {
  const x = a ?? NONE;
  const y = b ?? NONE;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A row's monthly amount after its discount, native minor units (ranks a customer's rows). */
const rowMonthly = (r: SubscriptionRow) =>
  monthlyAmount(
    r.amount,
    INTERVAL_CODES[r.interval],
    r.interval_count,
    r.quantity,
    r.discount_percent,
  );

/** The rows of a segment. Cash and headcount are company-wide: a segment has none. */
export function segmentRows(
  rows: BusinessRows,
  filters: readonly SegmentFilter[],
  dayOf: ZoneDay,
  /** Customers' plans over time: from the subscription rows unless given (columnPlans). */
  plans: PlanLookup = new PlanHistory(rows.subscriptions ?? []),
  /** Customers' attributes: from the customers' rows unless given (see attributeLookup). */
  valueOf: AttributeLookup = rowLookup(rows.customers ?? []),
): BusinessRows {
  if (filters.length === 0) return rows;
  const planFilters = filters.filter((f) => f.attribute === PLAN);
  const staticFilters = filters.filter((f) => f.attribute !== PLAN);
  const staticMatch = (id: string | null) =>
    staticFilters.every((f) => matches(f, id === null ? null : valueOf(id, f.attribute)));
  const customerOn = (id: string | null, day: Day, plan?: string | null) =>
    id !== null &&
    staticMatch(id) &&
    planFilters.every((f) => matches(f, plan ?? plans.planOn(id, day)));
  const onlyChannel = filters.every((f) => f.attribute === 'channel');
  const funnelCustomer = new Map<string, string>();
  for (const r of rows.funnel ?? []) if (r.customer_id) funnelCustomer.set(r.id, r.customer_id);

  return {
    fx_rates: rows.fx_rates,
    customers: rows.customers?.filter((c) => customerOn(c.customer_id, c.created_at ?? 0)),
    subscriptions: rows.subscriptions?.filter(
      (s) => staticMatch(s.customer_id) && planFilters.every((f) => matches(f, s.plan)),
    ),
    invoices: rows.invoices?.filter((i) => customerOn(i.customer_id, i.issued_at, invoicePlan(i))),
    events: rows.events?.filter((e) => customerOn(e.customer_id, dayOf(e.occurred_at))),
    surveys: rows.surveys?.filter((s) => customerOn(s.customer_id, dayOf(s.submitted_at))),
    tickets: rows.tickets?.filter((t) => customerOn(t.customer_id, dayOf(t.created_at))),
    funnel: rows.funnel?.filter((r) => {
      // Channel is the funnel row's own when it has one: the channel an id came through.
      const customer = r.customer_id ?? funnelCustomer.get(r.id) ?? null;
      if (onlyChannel)
        return filters.every((f) =>
          matches(f, r.channel ?? (customer === null ? null : valueOf(customer, 'channel'))),
        );
      return customerOn(customer, dayOf(r.occurred_at));
    }),
    // Costs carry a channel and nothing else: they belong to a channel segment only.
    costs: onlyChannel
      ? rows.costs?.filter((c) =>
          filters.every((f) => matches(f, c.channel === '' ? null : c.channel)),
        )
      : undefined,
  };
}

/** Whether the filters can be decided per customer (no plan filter: plans change over time). */
export function isStaticSegment(filters: readonly SegmentFilter[]): boolean {
  return filters.every((f) => f.attribute !== PLAN);
}

/**
 * Whether a customer belongs to a segment of static attributes (see `isStaticSegment`); a
 * customer without a customers row, or without the attribute, has the value NONE.
 */
export function customerMatcher(
  valueOf: AttributeLookup,
  filters: readonly SegmentFilter[],
): (customerId: string) => boolean {
  return (id) => filters.every((f) => matches(f, valueOf(id, f.attribute)));
}

/** Looks customers up in their rows (the customers kind). */
function rowLookup(customers: readonly CustomerRow[]): AttributeLookup {
  const byId = new Map(customers.map((c) => [c.customer_id, c]));
  return (customerId, attribute) => customerValue(byId.get(customerId), attribute);
}

/**
 * The values an attribute takes, for one series per value (`--by`). NONE is one of them
 * when a customer lacks the attribute — including customers that have subscriptions or
 * invoices but no customers row — so the series always add up to the whole. Plans come from
 * the lines that carry MRR: refunded ones too when `keepRefunded` (refundsReduceMrr off).
 */
export function segmentValues(
  rows: BusinessRows,
  attribute: string,
  keepRefunded = false,
): string[] {
  let values: (string | null)[];
  if (attribute === PLAN)
    values = [
      ...(rows.subscriptions ?? []).map((s) => s.plan),
      ...(rows.invoices ?? []).filter((i) => isRecurringLine(i, keepRefunded)).map(invoicePlan),
    ];
  else {
    const customers = rows.customers ?? [];
    const known = new Set(customers.map((c) => c.customer_id));
    const billed = [...(rows.subscriptions ?? []), ...(rows.invoices ?? [])];
    return attributeValues(
      customerAttributesOf(customers, [attribute]),
      attribute,
      billed.some((r) => !known.has(r.customer_id)),
    );
  }
  return [...new Set(values.map((v) => v ?? NONE))].sort();
}

/**
 * The values a customer attribute takes (segmentValues), from the customers' attributes
 * (read by the store, or customerAttributesOf their rows), and whether a subscription or
 * invoice names a customer without a customers row (Store.hasCustomersWithoutRow): NONE is
 * among them then, or when a customer lacks the attribute.
 */
export function attributeValues(
  table: CustomerAttributes,
  attribute: string,
  customersWithoutRow: boolean,
): string[] {
  const column = table.values[table.attributes.indexOf(attribute)];
  if (column === undefined) throw new Error(`the customers' ${attribute} was not read`);
  const values = new Set<string>();
  for (const value of column) values.add(value ?? NONE);
  if (customersWithoutRow) values.add(NONE);
  return [...values].sort();
}
