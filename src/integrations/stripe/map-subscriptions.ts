import type Stripe from 'stripe';
import type { Day } from '../../model/day.ts';
import type { DiscountDuration, SubscriptionInterval, SubscriptionRow } from '../../model/kinds.ts';
import type { CouponInfo, PriceInfo, StripeCatalog } from './catalog.ts';
import { couponInfo, planName, priceInfo } from './catalog.ts';
import { canonicalCurrency, stripeToMinor } from './currency.ts';
import type { MapOptions, MapResult } from './map-result.ts';
import { dayOf, dayOrNull, idOf } from './time.ts';

/**
 * A Stripe subscription as canonical subscription rows (SPEC §4, the "subscription periods"
 * model): one row per licensed item and per stretch of time with the same price, discount
 * and billing state. Mapping rules (see docs/integrations.md):
 *
 * - amounts: Stripe minor units → ISO minor units; tax excluded (inclusive tax rates are
 *   taken out of the price);
 * - metered items are not subscription rows: their charge arrives as usage invoice lines;
 * - discounts by duration: `once` touches one invoice and never MRR; `repeating` applies
 *   from the discount's start to its end (its end is an expansion); `forever` from its start;
 *   each row's `discount_duration` says which kind it carries (`--discounts forever`, the
 *   stripe profile, leaves the repeating ones out as Stripe's MRR does);
 * - trials: `trial_end`; cancellation: `canceled_at` and `end_date` (cancel_at, ended_at);
 * - pause_collection (and status `paused`): no MRR from the end of the current period
 *   until `resumes_at`;
 * - past_due / unpaid stay subscriptions: the workspace's delinquency rule decides.
 */

export interface SubscriptionMapOptions extends MapOptions {
  readonly catalog: StripeCatalog;
  /**
   * When this state of the subscription was observed (Unix seconds: the sync's "now", the
   * event's `created`). With it, a discount the catalog remembers for this subscription but
   * that is no longer attached keeps its history: it applied from its start to its end, or
   * to the observation if it was removed earlier. Stripe drops a repeating discount once
   * it has run out, so without this a later sync would erase the discounted months.
   */
  readonly observedAt?: number;
}

const OPEN = Number.POSITIVE_INFINITY;
/** Items created within this many seconds of the subscription started with it. */
const SAME_CREATION_SECONDS = 60;

interface Window {
  readonly from: Day;
  readonly to: Day; // OPEN when ongoing
}

interface DiscountWindow extends Window {
  /** Fraction taken off, 0..1. */
  readonly fraction: number;
  /** The coupon's duration (`once` coupons never make a window). */
  readonly duration: DiscountDuration;
}

export function subscriptionRowId(subscriptionId: string, itemId: string, segment: number): string {
  return segment === 0
    ? `${subscriptionId}/${itemId}`
    : `${subscriptionId}/${itemId}#${segment + 1}`;
}

/** The subscription and item ids a row id was made of, or null for rows of other sources. */
export function parseSubscriptionRowId(
  rowId: string,
): { subscriptionId: string; itemId: string } | null {
  const m = /^(sub_[^/]+)\/([^#]+)(?:#\d+)?$/.exec(rowId);
  return m ? { subscriptionId: m[1]!, itemId: m[2]! } : null;
}

function interval(recurring: Stripe.Price.Recurring): SubscriptionInterval | null {
  const known: readonly SubscriptionInterval[] = ['day', 'week', 'month', 'year'];
  return known.find((k) => k === recurring.interval) ?? null;
}

/** The charge of `quantity` units at a tiered price, in Stripe minor units. */
export function tieredTotal(info: PriceInfo, quantity: number): number | null {
  const tiers = info.tiers;
  if (tiers === null || tiers.length === 0) return null;
  if (info.tiersMode === 'volume') {
    const tier =
      tiers.find((t) => t.upTo === null || quantity <= t.upTo) ?? tiers[tiers.length - 1]!;
    return quantity === 0 ? 0 : tier.unitAmount * quantity + tier.flatAmount;
  }
  let total = 0;
  let below = 0;
  for (const tier of tiers) {
    if (quantity <= below) break;
    const upper = tier.upTo === null ? quantity : Math.min(quantity, tier.upTo);
    total += tier.unitAmount * (upper - below) + tier.flatAmount;
    below = upper;
  }
  return total;
}

/** Unit price and quantity of an item as billed each interval (Stripe minor units). */
function itemCharge(
  item: Stripe.SubscriptionItem,
  info: PriceInfo,
): { unit: number; quantity: number } | string {
  const price = item.price;
  let quantity = item.quantity ?? 1;
  if (price.billing_scheme === 'tiered') {
    const total = tieredTotal(info, quantity);
    if (total === null) return `price ${price.id} is tiered but its tiers are unknown`;
    return { unit: total, quantity: 1 };
  }
  const transform = price.transform_quantity;
  if (transform !== null && transform.divide_by > 0) {
    const q = quantity / transform.divide_by;
    quantity = transform.round === 'down' ? Math.floor(q) : Math.ceil(q);
  }
  const unit =
    price.unit_amount ??
    (price.unit_amount_decimal === null ? null : Number(String(price.unit_amount_decimal)));
  if (unit === null || !Number.isFinite(unit)) return `price ${price.id} has no unit amount`;
  return { unit, quantity };
}

/** Tax rates marked inclusive are inside the price; MRR excludes tax. */
function withoutInclusiveTax(amount: number, item: Stripe.SubscriptionItem): number {
  const inclusive = (item.tax_rates ?? []).filter((r) => r.inclusive);
  if (inclusive.length === 0) return amount;
  const percent = inclusive.reduce((sum, r) => sum + r.percentage, 0);
  return (amount * 100) / (100 + percent);
}

function resolveCoupon(
  discount: string | Stripe.Discount | PastDiscount,
  catalog: StripeCatalog,
): { discount: { id: string; start: number; end: number | null }; coupon: CouponInfo } | string {
  let ref: { id: string; start: number; end: number | null; coupon: string | Stripe.Coupon | null };
  if (typeof discount === 'string') {
    const known = catalog.discounts[discount];
    if (known === undefined)
      return `discount ${discount} is unknown (not expanded, not seen before)`;
    ref = { id: discount, start: known.start, end: known.end, coupon: known.coupon };
  } else if (!('object' in discount)) {
    ref = discount;
  } else {
    ref = {
      id: discount.id,
      start: discount.start,
      end: discount.end,
      coupon: discount.source.coupon,
    };
  }
  const source = ref.coupon;
  if (source === null) return `discount ${ref.id} has no coupon`;
  const coupon = typeof source === 'string' ? catalog.coupons[source] : couponInfo(source);
  if (coupon === undefined) return `coupon ${String(source)} is unknown (sync coupons first)`;
  return { discount: ref, coupon };
}

/** The fraction a coupon takes off a charge of `base` (Stripe minor units of `currency`). */
function couponFraction(coupon: CouponInfo, base: number, currency: string): number | null {
  if (coupon.percentOff !== null) return Math.min(1, coupon.percentOff / 100);
  const off =
    coupon.currency === currency ? coupon.amountOff : (coupon.amountOffIn[currency] ?? null);
  if (off === null || base <= 0) return null;
  return Math.min(1, off / base);
}

export function mapSubscription(
  sub: Stripe.Subscription,
  options: SubscriptionMapOptions,
): MapResult<SubscriptionRow> {
  const rows: SubscriptionRow[] = [];
  const warnings: string[] = [];
  // Never paid: no revenue was ever recurring.
  if (sub.status === 'incomplete' || sub.status === 'incomplete_expired') return { rows, warnings };
  const zone = options.timeZone;
  const customerId = idOf(sub.customer);
  if (customerId === null) return { rows, warnings: [`subscription ${sub.id} has no customer`] };
  const currency = sub.currency;

  const licensed: {
    item: Stripe.SubscriptionItem;
    info: PriceInfo;
    unit: number;
    quantity: number;
  }[] = [];
  for (const item of sub.items.data) {
    const own = priceInfo(item.price);
    // Embedded prices come without tiers; the catalog keeps the ones the price list gave.
    const full =
      own.tiers === null
        ? { ...own, tiers: options.catalog.prices[item.price.id]?.tiers ?? null }
        : own;
    if (item.price.recurring === null || full.usageType === 'metered') continue;
    const charge = itemCharge(item, full);
    if (typeof charge === 'string') {
      warnings.push(`subscription ${sub.id}: ${charge}; item ${item.id} skipped`);
      continue;
    }
    licensed.push({ item, info: full, ...charge });
  }
  const subtotal = licensed.reduce((sum, l) => sum + l.unit * l.quantity, 0);

  const removed = removedDiscounts(sub, options);
  const subDiscounts = discountWindows(
    [...sub.discounts, ...(removed.get(null) ?? [])],
    subtotal,
    currency,
    options,
    warnings,
    sub.id,
  );
  const ended = sub.ended_at ?? sub.cancel_at;
  const end: Day | null = dayOrNull(ended, zone);
  const trialEnd = dayOrNull(sub.trial_end, zone);
  const canceledAt = dayOrNull(sub.canceled_at, zone);

  for (const { item, unit, quantity } of licensed) {
    const recurring = item.price.recurring!;
    const every = interval(recurring);
    if (every === null) {
      warnings.push(`subscription ${sub.id}: interval ${recurring.interval} is not supported`);
      continue;
    }
    const startSeconds =
      item.created - sub.created <= SAME_CREATION_SECONDS ? sub.start_date : item.created;
    const start = dayOf(startSeconds, zone);
    const stop = end === null ? OPEN : Math.max(start, end);
    const discounts = [
      ...subDiscounts,
      ...discountWindows(
        [...item.discounts, ...(removed.get(item.id) ?? [])],
        unit * quantity,
        currency,
        options,
        warnings,
        sub.id,
      ),
    ];
    const pauses = pauseWindows(sub, item, zone);

    const cuts = new Set<number>([start, stop]);
    for (const w of [...discounts, ...pauses]) {
      if (w.from > start && w.from < stop) cuts.add(w.from);
      if (w.to > start && w.to < stop) cuts.add(w.to);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const segments: { from: Day; to: number; fraction: number; duration: DiscountDuration }[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i]!;
      const to = points[i + 1]!;
      if (pauses.some((p) => p.from <= from && p.to >= to)) continue;
      let kept = 1;
      const durations = new Set<DiscountDuration>();
      for (const d of discounts)
        if (d.from <= from && d.to >= to) {
          kept *= 1 - d.fraction;
          durations.add(d.duration);
        }
      const fraction = 1 - kept;
      // One row carries one duration: stacked forever and repeating discounts count as
      // repeating, so `--discounts forever` leaves both out for that stretch.
      const duration: DiscountDuration = durations.has('repeating') ? 'repeating' : 'forever';
      if (durations.size > 1)
        warnings.push(
          `subscription ${sub.id}: a forever and a repeating discount stack on item ${item.id}; the row counts as repeating (under --discounts forever neither reduces MRR)`,
        );
      const last = segments[segments.length - 1];
      if (
        last &&
        last.to === from &&
        last.duration === duration &&
        Math.abs(last.fraction - fraction) < 1e-12
      )
        last.to = to;
      else segments.push({ from, to, fraction, duration });
    }

    const amount = stripeToMinor(withoutInclusiveTax(unit, item), currency);
    const plan = planName(options.catalog, item.price);
    segments.forEach((segment, index) => {
      const isLast = index === segments.length - 1;
      rows.push({
        subscription_id: subscriptionRowId(sub.id, item.id, index),
        customer_id: customerId,
        amount,
        currency: canonicalCurrency(currency),
        interval: every,
        interval_count: recurring.interval_count,
        start_date: segment.from,
        plan,
        quantity,
        // Two decimals of a percent are what Stripe coupons express; more is float noise.
        discount_percent: Math.round(segment.fraction * 100 * 1e6) / 1e6,
        discount_duration: segment.duration,
        end_date: segment.to === OPEN ? null : segment.to,
        trial_end: trialEnd,
        canceled_at: isLast ? canceledAt : null,
      });
    });
  }
  return { rows, warnings };
}

/** A discount as it was applied, with its end (Unix seconds) when known. */
interface PastDiscount {
  readonly id: string;
  readonly start: number;
  readonly end: number | null;
  readonly coupon: string | null;
}

/**
 * Discounts the catalog remembers for this subscription that are no longer attached to it,
 * by the item they applied to (null: the whole subscription), ended at their own end or at
 * the observation, whichever came first.
 */
function removedDiscounts(
  sub: Stripe.Subscription,
  options: SubscriptionMapOptions,
): Map<string | null, PastDiscount[]> {
  const removed = new Map<string | null, PastDiscount[]>();
  const observedAt = options.observedAt;
  if (observedAt === undefined) return removed;
  const attached = new Set(
    [...sub.discounts, ...sub.items.data.flatMap((i) => i.discounts)].map((d) =>
      typeof d === 'string' ? d : d.id,
    ),
  );
  for (const [id, info] of Object.entries(options.catalog.discounts)) {
    if (info.subscription !== sub.id || attached.has(id) || info.start >= observedAt) continue;
    const end = info.end === null ? observedAt : Math.min(info.end, observedAt);
    const key = info.subscriptionItem ?? null;
    const list = removed.get(key) ?? [];
    list.push({ id, start: info.start, end, coupon: info.coupon });
    removed.set(key, list);
  }
  return removed;
}

function discountWindows(
  discounts: readonly (string | Stripe.Discount | PastDiscount)[],
  base: number,
  currency: string,
  options: SubscriptionMapOptions,
  warnings: string[],
  subscriptionId: string,
): DiscountWindow[] {
  const windows: DiscountWindow[] = [];
  for (const d of discounts) {
    const resolved = resolveCoupon(d, options.catalog);
    if (typeof resolved === 'string') {
      warnings.push(`subscription ${subscriptionId}: ${resolved}; discount ignored`);
      continue;
    }
    const { discount, coupon } = resolved;
    if (coupon.duration === 'once') continue;
    const fraction = couponFraction(coupon, base, currency);
    if (fraction === null) {
      warnings.push(
        `subscription ${subscriptionId}: coupon of discount ${discount.id} has no amount in ${currency}`,
      );
      continue;
    }
    // A removed discount (any duration) stopped when it was removed.
    const ends = coupon.duration === 'repeating' || (typeof d !== 'string' && !('object' in d));
    const to = ends && discount.end !== null ? dayOf(discount.end, options.timeZone) : OPEN;
    windows.push({
      from: dayOf(discount.start, options.timeZone),
      to,
      fraction,
      duration: coupon.duration,
    });
  }
  return windows;
}

function pauseWindows(
  sub: Stripe.Subscription,
  item: Stripe.SubscriptionItem,
  zone: string,
): Window[] {
  if (sub.status === 'paused') {
    // A trial that ended without a payment method: nothing is billed from the trial's end.
    const from = sub.trial_end ?? item.current_period_end;
    return [{ from: dayOf(from, zone), to: OPEN }];
  }
  if (sub.pause_collection !== null) {
    // Collection pauses from the next billing date, the end of the period already paid.
    const resumes = sub.pause_collection.resumes_at;
    return [
      {
        from: dayOf(item.current_period_end, zone),
        to: resumes === null ? OPEN : dayOf(resumes, zone),
      },
    ];
  }
  return [];
}

/**
 * Rows stored earlier for this subscription that the new mapping no longer produces: an
 * item removed (its price replaced, or dropped from the subscription) ends on the day the
 * change happened; a stretch of an item that no longer exists (a discount removed) becomes
 * zero-length, so upserting by key leaves no stale MRR behind.
 */
export function supersededRows(
  sub: Stripe.Subscription,
  mapped: readonly SubscriptionRow[],
  existing: readonly SubscriptionRow[],
  changeDay: Day,
  timeZone: string,
): SubscriptionRow[] {
  const produced = new Set(mapped.map((r) => r.subscription_id));
  const current = new Map(sub.items.data.map((i) => [i.id, i]));
  const out: SubscriptionRow[] = [];
  for (const row of existing) {
    if (produced.has(row.subscription_id)) continue;
    const ids = parseSubscriptionRowId(row.subscription_id);
    if (ids === null || ids.subscriptionId !== sub.id) continue;
    if (current.has(ids.itemId) || sub.status === 'incomplete_expired') {
      if (row.end_date !== row.start_date)
        out.push({ ...row, end_date: row.start_date, canceled_at: null });
      continue;
    }
    // The replacing item was created when the old one was removed: its day dates the change.
    const replacedOn = sub.items.data
      .map((i) => dayOf(i.created, timeZone))
      .filter((d) => d > row.start_date)
      .reduce<Day | null>((a, d) => (a === null ? d : Math.max(a, d)), null);
    const endDay = Math.max(row.start_date, replacedOn ?? changeDay);
    if (row.end_date === null || row.end_date > endDay) out.push({ ...row, end_date: endDay });
  }
  return out;
}
