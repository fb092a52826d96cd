import type Stripe from 'stripe';

/**
 * What mapping needs to know about Stripe's catalog but cannot read from the object at
 * hand: product names (prices refer to products by id), price details that lists do not
 * expand (tiers, metered or licensed), coupons behind discounts, and refunds that credit
 * notes already carry. The sync fills it; webhooks read it and keep it current. It is
 * small (one entry per product, price and coupon), so it lives in the sync state file.
 */
export interface PriceInfo {
  readonly product: string | null;
  readonly nickname: string | null;
  /** Null for a one-time price. */
  readonly usageType: 'licensed' | 'metered' | null;
  readonly tiersMode: 'graduated' | 'volume' | null;
  readonly tiers: readonly TierInfo[] | null;
}

export interface TierInfo {
  /** Null = the last, unbounded tier. */
  readonly upTo: number | null;
  readonly unitAmount: number;
  readonly flatAmount: number;
}

export interface CouponInfo {
  readonly percentOff: number | null;
  readonly amountOff: number | null;
  /** Lower-case Stripe code of amountOff. */
  readonly currency: string | null;
  /** amount_off in other currencies (multi-currency coupons), by lower-case code. */
  readonly amountOffIn: Readonly<Record<string, number>>;
  readonly duration: 'once' | 'repeating' | 'forever';
}

export interface StripeCatalog {
  products: Record<string, string>;
  prices: Record<string, PriceInfo>;
  coupons: Record<string, CouponInfo>;
  /** Refund ids already represented by a credit note (so the refund is not counted twice). */
  creditNoteRefunds: Record<string, true>;
  /**
   * Discounts seen expanded (sync, customer.discount.* events): webhook payloads name a
   * subscription's discounts by id only.
   */
  discounts: Record<string, DiscountInfo>;
}

export interface DiscountInfo {
  readonly coupon: string | null;
  /** Unix seconds. */
  readonly start: number;
  readonly end: number | null;
  /**
   * What it applies to (absent in state files written before these were kept): lets a later
   * mapping date a discount that Stripe has since removed from the subscription.
   */
  readonly subscription?: string | null;
  readonly subscriptionItem?: string | null;
}

export function emptyCatalog(): StripeCatalog {
  return { products: {}, prices: {}, coupons: {}, creditNoteRefunds: {}, discounts: {} };
}

const decimalNumber = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const n = Number(String(value));
  return Number.isFinite(n) ? n : null;
};

export function priceInfo(price: Stripe.Price): PriceInfo {
  const product = typeof price.product === 'string' ? price.product : price.product.id;
  return {
    product,
    nickname: price.nickname,
    usageType:
      price.recurring === null
        ? null
        : price.recurring.usage_type === 'metered'
          ? 'metered'
          : 'licensed',
    tiersMode:
      price.tiers_mode === 'volume' ? 'volume' : price.tiers_mode === null ? null : 'graduated',
    tiers:
      price.tiers === undefined
        ? null
        : price.tiers.map((t) => ({
            upTo: t.up_to,
            unitAmount: t.unit_amount ?? decimalNumber(t.unit_amount_decimal) ?? 0,
            flatAmount: t.flat_amount ?? decimalNumber(t.flat_amount_decimal) ?? 0,
          })),
  };
}

export function couponInfo(coupon: Stripe.Coupon): CouponInfo {
  const amountOffIn: Record<string, number> = {};
  for (const [code, options] of Object.entries(coupon.currency_options ?? {})) {
    amountOffIn[code.toLowerCase()] = options.amount_off;
  }
  return {
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    amountOffIn,
    duration:
      coupon.duration === 'once'
        ? 'once'
        : coupon.duration === 'repeating'
          ? 'repeating'
          : 'forever',
  };
}

export function addProduct(catalog: StripeCatalog, product: Stripe.Product): void {
  catalog.products[product.id] = product.name;
}

export function addPrice(catalog: StripeCatalog, price: Stripe.Price): void {
  const known = catalog.prices[price.id];
  const info = priceInfo(price);
  // A price embedded in a subscription item comes without tiers: keep the ones a list gave.
  catalog.prices[price.id] = info.tiers === null && known ? { ...info, tiers: known.tiers } : info;
  if (typeof price.product !== 'string' && !('deleted' in price.product && price.product.deleted)) {
    addProduct(catalog, price.product as Stripe.Product);
  }
}

/** Remembers a discount (and its coupon, when expanded) for payloads that name it by id. */
export function addDiscount(catalog: StripeCatalog, discount: Stripe.Discount): void {
  const source = discount.source.coupon;
  if (source !== null && typeof source !== 'string') addCoupon(catalog, source);
  catalog.discounts[discount.id] = {
    coupon: source === null ? null : typeof source === 'string' ? source : source.id,
    start: discount.start,
    end: discount.end,
    subscription: discount.subscription,
    subscriptionItem: discount.subscription_item,
  };
}

export function addCoupon(catalog: StripeCatalog, coupon: Stripe.Coupon): void {
  catalog.coupons[coupon.id] = couponInfo(coupon);
}

/** The plan label of a price: its product's name, else its nickname, else its id. */
export function planName(
  catalog: StripeCatalog,
  price: Stripe.Price | string | null,
): string | null {
  if (price === null) return null;
  const id = typeof price === 'string' ? price : price.id;
  const info = typeof price === 'string' ? catalog.prices[id] : priceInfo(price);
  if (typeof price !== 'string' && typeof price.product !== 'string' && 'name' in price.product) {
    return price.product.name;
  }
  const product = info?.product ?? null;
  return (product !== null ? catalog.products[product] : undefined) ?? info?.nickname ?? id;
}
