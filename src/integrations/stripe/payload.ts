import type Stripe from 'stripe';

/**
 * Stripe renders each event in the API version of the webhook endpoint, so a payload may
 * come in any shape Stripe has used: fields added later are missing (`discounts`,
 * `transform_quantity`, `pause_collection`, an item's `current_period_end`), and older
 * shapes hold the same facts elsewhere (`discount`, a line's `price` and `tax_amounts`).
 * These functions read a payload into the shape the mappers expect: missing optional
 * fields become their defaults, older fields are carried over, and a payload that lacks
 * what mapping cannot do without is refused with the reason (StripePayloadError).
 */

/** The payload cannot be mapped in any API version: answered 400 with this reason. */
export class StripePayloadError extends Error {}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function need(condition: boolean, what: string, reason: string): asserts condition {
  if (!condition) throw new StripePayloadError(`${what}: ${reason}`);
}

/** Sets `key` to `fallback` when it is missing (undefined), keeping any value present. */
function orDefault(target: Loose, key: string, fallback: unknown): void {
  if (target[key] === undefined) target[key] = fallback;
}

function idOfPayload(value: Loose, kind: string): string {
  need(typeof value.id === 'string' && value.id !== '', kind, 'has no id');
  return value.id;
}

function priceOf(value: unknown, what: string): Loose {
  need(isObject(value), what, 'has no price object');
  const price = value;
  need(typeof price.id === 'string', what, 'its price has no id');
  orDefault(price, 'recurring', null);
  if (isObject(price.recurring)) {
    orDefault(price.recurring, 'interval_count', 1);
    orDefault(price.recurring, 'usage_type', 'licensed');
  }
  orDefault(price, 'billing_scheme', 'per_unit');
  orDefault(price, 'transform_quantity', null);
  orDefault(price, 'unit_amount', null);
  orDefault(price, 'unit_amount_decimal', null);
  orDefault(price, 'tiers_mode', null);
  orDefault(price, 'nickname', null);
  orDefault(price, 'product', price.id);
  return price;
}

/** Before 2025-09 a discount named its coupon directly (`coupon`), not through `source`. */
function discountOf(value: unknown, what: string): unknown {
  if (typeof value === 'string') return value;
  need(isObject(value) && typeof value.id === 'string', what, 'has a discount without an id');
  orDefault(value, 'source', { type: 'coupon', coupon: value.coupon ?? null });
  if (isObject(value.coupon)) value.coupon = couponOf(value.coupon, what);
  if (isObject(value.source) && isObject(value.source.coupon))
    value.source.coupon = couponOf(value.source.coupon, what);
  orDefault(value, 'end', null);
  orDefault(value, 'subscription', null);
  orDefault(value, 'subscription_item', null);
  need(typeof value.start === 'number', `${what} discount ${value.id}`, 'has no start');
  return value;
}

function couponOf(value: Loose, what: string): Loose {
  need(typeof value.id === 'string', what, 'has a coupon without an id');
  for (const key of ['percent_off', 'amount_off', 'currency']) orDefault(value, key, null);
  orDefault(value, 'currency_options', {});
  orDefault(value, 'duration', 'forever');
  return value;
}

const listData = (value: unknown): unknown[] | null =>
  isObject(value) && Array.isArray(value.data) ? value.data : null;

export function subscriptionPayload(object: unknown): Stripe.Subscription {
  need(isObject(object), 'subscription', 'is not an object');
  const sub = structuredClone(object);
  const id = idOfPayload(sub, 'subscription');
  const what = `subscription ${id}`;
  const items = listData(sub.items);
  need(items !== null, what, 'has no items list');
  need(typeof sub.currency === 'string', what, 'has no currency');
  need(typeof sub.created === 'number', what, 'has no created time');
  orDefault(sub, 'start_date', sub.created);
  // Before `discounts` (2024): one `discount` object or null.
  orDefault(sub, 'discounts', isObject(sub.discount) ? [sub.discount] : []);
  need(Array.isArray(sub.discounts), what, '`discounts` is not a list');
  sub.discounts = sub.discounts.map((d) => discountOf(d, what));
  for (const key of ['pause_collection', 'ended_at', 'cancel_at', 'canceled_at', 'trial_end'])
    orDefault(sub, key, null);
  orDefault(sub, 'status', 'active');
  (sub.items as Loose).has_more ??= false;
  for (const item of items) {
    need(isObject(item) && typeof item.id === 'string', what, 'has an item without an id');
    const itemWhat = `${what} item ${item.id}`;
    item.price = priceOf(item.price, itemWhat);
    orDefault(item, 'discounts', []);
    need(Array.isArray(item.discounts), itemWhat, '`discounts` is not a list');
    item.discounts = item.discounts.map((d) => discountOf(d, itemWhat));
    orDefault(item, 'tax_rates', []);
    orDefault(item, 'created', sub.created);
    // Before 2025-03-31 the billing period was the subscription's, not the item's.
    orDefault(item, 'current_period_end', sub.current_period_end ?? null);
  }
  return sub as unknown as Stripe.Subscription;
}

function invoiceLine(line: unknown, what: string): Loose {
  need(isObject(line) && typeof line.id === 'string', what, 'has a line without an id');
  const out = line;
  const lineWhat = `${what} line ${out.id}`;
  need(typeof out.amount === 'number', lineWhat, 'has no amount');
  // Before 2025-03-31: `price`, `type`, `subscription_item`, `proration`, `tax_amounts`.
  orDefault(
    out,
    'pricing',
    isObject(out.price) ? { price_details: { price: priceOf(out.price, lineWhat) } } : null,
  );
  orDefault(
    out,
    'parent',
    out.type === 'subscription'
      ? { subscription_item_details: { subscription_item: out.subscription_item ?? null } }
      : out.proration === true && typeof out.subscription === 'string'
        ? { invoice_item_details: { proration: true, subscription: out.subscription } }
        : null,
  );
  orDefault(
    out,
    'taxes',
    Array.isArray(out.tax_amounts)
      ? out.tax_amounts.filter(isObject).map((t) => ({
          amount: Number(t.amount ?? 0),
          tax_behavior: t.inclusive === true ? 'inclusive' : 'exclusive',
        }))
      : [],
  );
  orDefault(out, 'discount_amounts', null);
  orDefault(out, 'pretax_credit_amounts', null);
  orDefault(out, 'quantity', 1);
  need(
    isObject(out.period) &&
      typeof out.period.start === 'number' &&
      typeof out.period.end === 'number',
    lineWhat,
    'has no service period',
  );
  return out;
}

export function invoicePayload(object: unknown): Stripe.Invoice {
  need(isObject(object), 'invoice', 'is not an object');
  const invoice = structuredClone(object);
  const id = idOfPayload(invoice, 'invoice');
  const what = `invoice ${id}`;
  const lines = listData(invoice.lines);
  need(lines !== null, what, 'has no lines list');
  need(typeof invoice.currency === 'string', what, 'has no currency');
  need(typeof invoice.created === 'number', what, 'has no created time');
  orDefault(invoice, 'status', null);
  orDefault(invoice, 'effective_at', null);
  const transitions = isObject(invoice.status_transitions) ? invoice.status_transitions : {};
  for (const key of ['finalized_at', 'paid_at', 'voided_at', 'marked_uncollectible_at'])
    orDefault(transitions, key, null);
  invoice.status_transitions = transitions;
  (invoice.lines as Loose).has_more ??= false;
  (invoice.lines as Loose).data = lines.map((line) => invoiceLine(line, what));
  return invoice as unknown as Stripe.Invoice;
}

export function creditNotePayload(object: unknown): Stripe.CreditNote {
  need(isObject(object), 'credit note', 'is not an object');
  const note = structuredClone(object);
  const what = `credit note ${idOfPayload(note, 'credit note')}`;
  const lines = listData(note.lines);
  need(lines !== null, what, 'has no lines list');
  need(typeof note.currency === 'string', what, 'has no currency');
  orDefault(
    note,
    'refunds',
    isObject(note.refund) || typeof note.refund === 'string' ? [{ refund: note.refund }] : [],
  );
  orDefault(note, 'effective_at', null);
  for (const line of lines) {
    need(isObject(line) && typeof line.id === 'string', what, 'has a line without an id');
    need(typeof line.amount === 'number', `${what} line ${line.id}`, 'has no amount');
    orDefault(line, 'taxes', []);
    orDefault(line, 'discount_amount', 0);
    orDefault(line, 'quantity', 1);
  }
  return note as unknown as Stripe.CreditNote;
}

export function customerPayload(object: unknown): Stripe.Customer {
  const customer = checkedPayload<Loose>(structuredClone(object), 'customer', ['created']);
  for (const key of ['name', 'email', 'address']) orDefault(customer, key, null);
  orDefault(customer, 'metadata', {});
  return customer as unknown as Stripe.Customer;
}

export function pricePayload(object: unknown): Stripe.Price {
  need(isObject(object), 'price', 'is not an object');
  return priceOf(structuredClone(object), 'price') as unknown as Stripe.Price;
}

export function couponPayload(object: unknown): Stripe.Coupon {
  need(isObject(object), 'coupon', 'is not an object');
  return couponOf(structuredClone(object), 'coupon') as unknown as Stripe.Coupon;
}

export function discountPayload(object: unknown): Stripe.Discount {
  return discountOf(structuredClone(object), 'discount') as Stripe.Discount;
}

/** Objects whose payload needs no more than an id and the fields each mapper defaults. */
export function checkedPayload<T>(object: unknown, kind: string, required: readonly string[]): T {
  need(isObject(object), kind, 'is not an object');
  const what = `${kind} ${idOfPayload(object, kind)}`;
  for (const key of required) need(object[key] !== undefined, what, `has no ${key}`);
  return object as T;
}
