import { describe, expect, it } from 'vitest';
import { formatDay, parseIsoDay } from '../../model/day.ts';
import type { SubscriptionRow } from '../../model/kinds.ts';
import {
  T0,
  at,
  coupon,
  creditNote,
  creditNoteLine,
  customer,
  discount,
  invoice,
  invoiceLine,
  price,
  refund,
  subscription,
  subscriptionItem,
} from '../../../test/fixtures/integrations/stripe/objects.ts';
import { addCoupon, addDiscount, addPrice, addProduct, emptyCatalog } from './catalog.ts';
import { stripeToMinor } from './currency.ts';
import { mapCustomer } from './map-customers.ts';
import { mapCreditNote, mapInvoice, mapRefund } from './map-invoices.ts';
import { mapSubscription, supersededRows, tieredTotal } from './map-subscriptions.ts';
import { product } from '../../../test/fixtures/integrations/stripe/objects.ts';

const zone = 'UTC';
const day = (iso: string): number => parseIsoDay(iso)!;
const catalog = emptyCatalog();
addProduct(catalog, product());
addPrice(catalog, price());
const opts = { timeZone: zone, catalog };
const subRows = (s: Parameters<typeof mapSubscription>[0]): SubscriptionRow[] =>
  mapSubscription(s, opts).rows;
const brief = (r: SubscriptionRow) => ({
  id: r.subscription_id,
  start: formatDay(r.start_date),
  end: r.end_date === null ? null : formatDay(r.end_date),
  discount: r.discount_percent,
});

describe('currency units', () => {
  it('keeps two-decimal and zero-decimal amounts, converts Stripe-only decimals', () => {
    expect(stripeToMinor(4900, 'usd')).toBe(4900);
    expect(stripeToMinor(5000, 'jpy')).toBe(5000); // ¥5,000
    expect(stripeToMinor(12340, 'kwd')).toBe(12340); // 12.340 KWD in fils
    expect(stripeToMinor(990000, 'isk')).toBe(9900); // Stripe sends ISK with 2 decimals
    expect(stripeToMinor(150000, 'huf')).toBe(1500);
  });
});

describe('mapCustomer', () => {
  it('takes name, email, country, created day and metadata as attributes', () => {
    expect(mapCustomer(customer(), { timeZone: zone })).toEqual({
      customer_id: 'cus_A',
      name: 'Acme SAS',
      email: 'billing@acme.test',
      created_at: day('2025-01-01'),
      country: 'FR',
      segment: null,
      channel: 'paid_search',
      attributes: { industry: 'retail' },
    });
  });
  it('uses the reporting zone for the created day', () => {
    const c = customer({ created: at('2025-03-01') - 3600 }); // 23:00 UTC on Feb 28
    expect(formatDay(mapCustomer(c, { timeZone: 'Europe/Paris' })!.created_at!)).toBe('2025-03-01');
  });
  it('skips deleted customers', () => {
    expect(
      mapCustomer({ id: 'cus_X', object: 'customer', deleted: true }, { timeZone: zone }),
    ).toBeNull();
  });
});

describe('mapSubscription', () => {
  it('maps a monthly licensed item to one ongoing row', () => {
    const rows = subRows(subscription());
    expect(rows).toEqual([
      {
        subscription_id: 'sub_1/si_1',
        customer_id: 'cus_A',
        amount: 4900,
        currency: 'USD',
        interval: 'month',
        interval_count: 1,
        start_date: day('2025-01-01'),
        plan: 'Pro',
        quantity: 1,
        discount_percent: 0,
        end_date: null,
        trial_end: null,
        canceled_at: null,
        discount_duration: 'forever',
      },
    ]);
  });

  it('keeps yen amounts whole (zero-decimal currency) and quantities', () => {
    const p = price({
      id: 'price_jp',
      currency: 'jpy',
      unit_amount: 5000,
      recurring: {
        interval: 'year',
        interval_count: 1,
        meter: null,
        trial_period_days: null,
        usage_type: 'licensed',
      },
    });
    const [row] = subRows(
      subscription({ currency: 'jpy', items: list([subscriptionItem({ price: p, quantity: 3 })]) }),
    );
    expect(row).toMatchObject({ amount: 5000, currency: 'JPY', interval: 'year', quantity: 3 });
  });

  it('applies a forever percent coupon from its start', () => {
    const rows = subRows(subscription({ discounts: [discount(coupon())] }));
    expect(rows.map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: null, discount: 20 },
    ]);
  });

  it('ends a repeating coupon at the discount end (an expansion), ignores a once coupon', () => {
    const repeating = discount(coupon({ id: 'R3', duration: 'repeating', duration_in_months: 3 }), {
      end: at('2025-04-01'),
    });
    const once = discount(coupon({ id: 'ONCE', duration: 'once', percent_off: 50 }), {
      id: 'di_2',
    });
    const rows = subRows(subscription({ discounts: [repeating, once] }));
    expect(rows.map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: '2025-04-01', discount: 20 },
      { id: 'sub_1/si_1#2', start: '2025-04-01', end: null, discount: 0 },
    ]);
    // The coupon's duration goes along, for `--discounts forever` (Stripe's own MRR).
    expect(rows.map((r) => r.discount_duration)).toEqual(['repeating', 'forever']);
  });

  it('marks a row with a forever coupon forever, one where a repeating coupon stacks on it repeating', () => {
    const forever = discount(coupon({ id: 'F10', percent_off: 10 }), { id: 'di_f10' });
    const repeating = discount(coupon({ id: 'R3', duration: 'repeating', duration_in_months: 3 }), {
      end: at('2025-04-01'),
    });
    const result = mapSubscription(subscription({ discounts: [forever, repeating] }), {
      timeZone: zone,
      catalog: emptyCatalog(),
    });
    expect(
      result.rows.map((r) => [formatDay(r.start_date), r.discount_percent, r.discount_duration]),
    ).toEqual([
      ['2025-01-01', 28, 'repeating'],
      ['2025-04-01', 10, 'forever'],
    ]);
    expect(result.warnings.join(' ')).toMatch(/stack/);
  });

  it('keeps the history of a discount Stripe has since removed (seen before, now gone)', () => {
    // A sync (or a customer.discount.* event) saw these discounts; the catalog remembers them.
    const seen = emptyCatalog();
    addDiscount(
      seen,
      discount(coupon({ id: 'R3', duration: 'repeating', duration_in_months: 3 }), {
        id: 'di_r3',
        start: at('2025-01-01'),
        end: at('2025-04-01'),
      }),
    );
    addDiscount(
      seen,
      discount(coupon({ id: 'F10', percent_off: 10 }), { id: 'di_f10', start: at('2025-02-01') }),
    );
    const o = { timeZone: zone, catalog: seen };
    // Today (observed 2025-06-01) both are gone: the repeating one ran out on 04-01 (Stripe
    // drops it), the forever one was removed before 06-01.
    const rows = mapSubscription(subscription(), { ...o, observedAt: at('2025-06-01') }).rows;
    expect(rows.map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: '2025-02-01', discount: 20 },
      { id: 'sub_1/si_1#2', start: '2025-02-01', end: '2025-04-01', discount: 28 },
      { id: 'sub_1/si_1#3', start: '2025-04-01', end: '2025-06-01', discount: 10 },
      { id: 'sub_1/si_1#4', start: '2025-06-01', end: null, discount: 0 },
    ]);
    // Without an observation instant (a caller that cannot date the change), as before.
    expect(mapSubscription(subscription(), o).rows.map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: null, discount: 0 },
    ]);
    // Another subscription's remembered discounts do not leak in.
    const other = mapSubscription(subscription({ id: 'sub_2' }), {
      ...o,
      observedAt: at('2025-06-01'),
    });
    expect(other.rows.map((r) => r.discount_percent)).toEqual([0]);
  });

  it('starts a discount added later on its own day (a contraction)', () => {
    const later = discount(coupon(), { start: at('2025-02-10') });
    expect(subRows(subscription({ discounts: [later] })).map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: '2025-02-10', discount: 0 },
      { id: 'sub_1/si_1#2', start: '2025-02-10', end: null, discount: 20 },
    ]);
  });

  it('turns an amount-off coupon into the percent of the charge it removes', () => {
    const off = discount(
      coupon({ id: 'TEN', percent_off: null, amount_off: 980, currency: 'usd' }),
    );
    const item = subscriptionItem({ quantity: 2 });
    const [row] = subRows(subscription({ discounts: [off], items: list([item]) }));
    expect(row!.discount_percent).toBeCloseTo(10, 9); // 9.80 off 2 × 49.00
  });

  it('resolves a coupon given by id through the catalog', () => {
    const c = emptyCatalog();
    addCoupon(c, coupon({ id: 'HALF', percent_off: 50 }));
    const [row] = mapSubscription(subscription({ discounts: [discount('HALF')] }), {
      timeZone: zone,
      catalog: c,
    }).rows;
    expect(row!.discount_percent).toBe(50);
  });

  it('compounds stacked discounts as Stripe applies them', () => {
    const a = discount(coupon({ id: 'A', percent_off: 20 }), { id: 'di_a' });
    const item = subscriptionItem({
      discounts: [discount(coupon({ id: 'B', percent_off: 10 }), { id: 'di_b' })],
    });
    const [row] = subRows(subscription({ discounts: [a], items: list([item]) }));
    expect(row!.discount_percent).toBeCloseTo(28, 9);
  });

  it('carries trials, and cancellations at period end', () => {
    const s = subscription({
      status: 'trialing',
      trial_start: T0,
      trial_end: at('2025-01-15'),
      cancel_at_period_end: true,
      cancel_at: at('2025-02-15'),
      canceled_at: at('2025-01-20'),
    });
    const [row] = subRows(s);
    expect(formatDay(row!.trial_end!)).toBe('2025-01-15');
    expect(formatDay(row!.canceled_at!)).toBe('2025-01-20');
    expect(formatDay(row!.end_date!)).toBe('2025-02-15');
  });

  it('ends a canceled subscription on the day it ended', () => {
    const s = subscription({
      status: 'canceled',
      canceled_at: at('2025-03-03'),
      ended_at: at('2025-03-03'),
    });
    expect(subRows(s).map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: '2025-03-03', discount: 0 },
    ]);
  });

  it('stops MRR while collection is paused, from the next billing date to resumes_at', () => {
    const s = subscription({
      pause_collection: { behavior: 'void', resumes_at: at('2025-05-01') },
    });
    expect(subRows(s).map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: '2025-02-01', discount: 0 },
      { id: 'sub_1/si_1#2', start: '2025-05-01', end: null, discount: 0 },
    ]);
  });

  it('leaves past_due and unpaid subscriptions running (the delinquency rule decides)', () => {
    expect(subRows(subscription({ status: 'past_due' }))[0]!.end_date).toBeNull();
    expect(subRows(subscription({ status: 'unpaid' }))[0]!.end_date).toBeNull();
  });

  it('skips subscriptions that were never paid', () => {
    expect(subRows(subscription({ status: 'incomplete_expired' }))).toEqual([]);
  });

  it('leaves metered items to usage invoice lines and removes inclusive tax', () => {
    const metered = subscriptionItem({
      id: 'si_m',
      price: price({
        id: 'price_api',
        unit_amount: 2,
        recurring: {
          interval: 'month',
          interval_count: 1,
          meter: 'mtr_1',
          trial_period_days: null,
          usage_type: 'metered',
        },
      }),
    });
    const taxed = subscriptionItem({
      id: 'si_t',
      price: price({ unit_amount: 6000, tax_behavior: 'inclusive' }),
      tax_rates: [taxRate(20, true)],
    });
    const rows = subRows(subscription({ items: list([metered, taxed]) }));
    expect(rows.map((r) => [r.subscription_id, r.amount])).toEqual([['sub_1/si_t', 5000]]);
  });

  it('prices tiered items from the tiers the catalog holds', () => {
    const tiers = {
      tiersMode: 'graduated' as const,
      product: null,
      nickname: null,
      usageType: 'licensed' as const,
      tiers: [
        { upTo: 10, unitAmount: 1000, flatAmount: 0 },
        { upTo: null, unitAmount: 800, flatAmount: 0 },
      ],
    };
    expect(tieredTotal(tiers, 15)).toBe(14000);
    expect(tieredTotal({ ...tiers, tiersMode: 'volume' }, 15)).toBe(12000);
  });

  it('ends rows of an item that was replaced, on the day the new item was created', () => {
    const before = subRows(subscription());
    const replaced = subscription({
      items: list([
        subscriptionItem({
          id: 'si_2',
          created: at('2025-03-10'),
          price: price({ unit_amount: 9900 }),
        }),
      ]),
    });
    const after = subRows(replaced);
    expect(after.map(brief)).toEqual([
      { id: 'sub_1/si_2', start: '2025-03-10', end: null, discount: 0 },
    ]);
    const closed = supersededRows(replaced, after, before, day('2025-03-12'), zone);
    expect(closed.map(brief)).toEqual([
      { id: 'sub_1/si_1', start: '2025-01-01', end: '2025-03-10', discount: 0 },
    ]);
  });

  it('empties a stretch that no longer exists (a discount removed)', () => {
    const withRepeating = subRows(
      subscription({
        discounts: [discount(coupon({ duration: 'repeating' }), { end: at('2025-04-01') })],
      }),
    );
    const plain = subscription();
    const closed = supersededRows(plain, subRows(plain), withRepeating, day('2025-02-01'), zone);
    expect(closed.map(brief)).toEqual([
      { id: 'sub_1/si_1#2', start: '2025-04-01', end: '2025-04-01', discount: 0 },
    ]);
  });
});

describe('mapInvoice', () => {
  it('maps a paid subscription invoice line with its service period', () => {
    const inv = invoice();
    const { rows } = mapInvoice(inv, inv.lines.data, opts);
    expect(rows).toEqual([
      {
        invoice_id: 'in_1',
        line_id: 'il_1',
        customer_id: 'cus_A',
        issued_at: day('2025-01-01'),
        amount: 4900,
        currency: 'USD',
        status: 'paid',
        type: 'subscription',
        plan: 'Pro',
        quantity: 1,
        tax: 0,
        discount: 0,
        period_start: day('2025-01-01'),
        period_end: day('2025-02-01'),
        paid_at: day('2025-01-01'),
      },
    ]);
  });

  it('excludes tax: exclusive tax goes to tax, inclusive tax comes out of the amount', () => {
    const exclusive = invoiceLine({ id: 'il_x', taxes: [tax(980, 'exclusive')] });
    const inclusive = invoiceLine({ id: 'il_i', amount: 5880, taxes: [tax(980, 'inclusive')] });
    const inv = invoice({
      lines: { object: 'list', data: [exclusive, inclusive], has_more: false, url: '' },
    });
    const rows = mapInvoice(inv, inv.lines.data, opts).rows;
    expect(rows.map((r) => [r.amount, r.tax])).toEqual([
      [4900, 980],
      [4900, 980],
    ]);
  });

  it('records discounts, metered usage lines, one-time items and prorations', () => {
    const c = emptyCatalog();
    addPrice(
      c,
      price({
        id: 'price_api',
        unit_amount: 2,
        recurring: {
          interval: 'month',
          interval_count: 1,
          meter: 'mtr_1',
          trial_period_days: null,
          usage_type: 'metered',
        },
      }),
    );
    const discounted = invoiceLine({
      id: 'il_d',
      discount_amounts: [{ amount: 980, discount: 'di_1' }],
    });
    const usage = invoiceLine({
      id: 'il_u',
      amount: 12345,
      quantity: 6172,
      pricing: {
        price_details: { price: 'price_api', product: 'prod_api' },
        type: 'price_details',
        unit_amount_decimal: null,
      },
    });
    const setup = invoiceLine({
      id: 'il_s',
      amount: 20000,
      period: { start: T0, end: T0 },
      parent: {
        invoice_item_details: {
          invoice_item: 'ii_1',
          proration: false,
          proration_details: null,
          subscription: null,
        },
        subscription_item_details: null,
        type: 'invoice_item_details',
      },
    });
    const proration = invoiceLine({
      id: 'il_p',
      amount: -2450,
      period: { start: at('2025-01-16'), end: at('2025-02-01') },
      parent: {
        invoice_item_details: {
          invoice_item: 'ii_2',
          proration: true,
          proration_details: null,
          subscription: 'sub_1',
        },
        subscription_item_details: null,
        type: 'invoice_item_details',
      },
    });
    const inv = invoice({
      lines: {
        object: 'list',
        data: [discounted, usage, setup, proration],
        has_more: false,
        url: '',
      },
    });
    const rows = mapInvoice(inv, inv.lines.data, { timeZone: zone, catalog: c }).rows;
    expect(
      rows.map((r) => [r.line_id, r.type, r.amount, r.discount, r.period_start === null]),
    ).toEqual([
      ['il_d', 'subscription', 4900, 980, false],
      ['il_u', 'usage', 12345, 0, false],
      ['il_s', 'one_time', 20000, 0, true],
      ['il_p', 'subscription', -2450, 0, false],
    ]);
  });

  it('skips drafts and keeps open invoices open and unpaid', () => {
    const draft = invoice({ status: 'draft' });
    expect(mapInvoice(draft, draft.lines.data, opts).rows).toEqual([]);
    const open = invoice({
      status: 'open',
      status_transitions: {
        finalized_at: T0,
        marked_uncollectible_at: null,
        paid_at: null,
        voided_at: null,
      },
    });
    expect(mapInvoice(open, open.lines.data, opts).rows[0]).toMatchObject({
      status: 'open',
      paid_at: null,
    });
  });

  it('keeps yen invoices in whole yen', () => {
    const inv = invoice({
      currency: 'jpy',
      lines: {
        object: 'list',
        data: [invoiceLine({ amount: 5000, currency: 'jpy' })],
        has_more: false,
        url: '',
      },
    });
    expect(mapInvoice(inv, inv.lines.data, opts).rows[0]).toMatchObject({
      amount: 5000,
      currency: 'JPY',
    });
  });
});

describe('credit notes and refunds', () => {
  it('maps a credit note line as a negative one-time line, net of discount and tax', () => {
    const line = creditNoteLine({
      amount: 5880,
      discount_amount: 980,
      taxes: [
        {
          amount: 980,
          tax_behavior: 'inclusive',
          tax_rate_details: null,
          taxability_reason: 'standard_rated',
          taxable_amount: 4900,
          type: 'tax_rate_details',
        },
      ],
    });
    const note = creditNote();
    const [row] = mapCreditNote(note, [line], { timeZone: zone }).rows;
    expect(row).toMatchObject({
      invoice_id: 'cn_1',
      line_id: 'cnli_1',
      amount: -3920,
      type: 'one_time',
      status: 'paid',
      issued_at: day('2025-01-11'),
    });
  });

  it('skips refunds a credit note carries; a failed refund is void', () => {
    const c = emptyCatalog();
    c.creditNoteRefunds['re_cn'] = true;
    expect(mapRefund(refund({ id: 're_cn' }), { timeZone: zone, catalog: c }).rows).toEqual([]);
    expect(mapRefund(refund(), { timeZone: zone, catalog: c }).rows[0]).toMatchObject({
      invoice_id: 're_1',
      amount: -1000,
      status: 'paid',
      type: 'one_time',
    });
    expect(
      mapRefund(refund({ status: 'failed' }), { timeZone: zone, catalog: c }).rows[0]!.status,
    ).toBe('void');
  });
});

function list<T>(data: T[]): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  return { object: 'list', data, has_more: false, url: '/v1/subscription_items' };
}

function tax(amount: number, behavior: 'inclusive' | 'exclusive') {
  return {
    amount,
    tax_behavior: behavior,
    tax_rate_details: { tax_rate: 'txr_1' },
    taxability_reason: 'standard_rated' as const,
    taxable_amount: 4900,
    type: 'tax_rate_details' as const,
  };
}

function taxRate(percentage: number, inclusive: boolean) {
  return {
    id: 'txr_1',
    object: 'tax_rate' as const,
    active: true,
    country: 'FR',
    created: T0,
    description: null,
    display_name: 'TVA',
    effective_percentage: percentage,
    flat_amount: null,
    inclusive,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    percentage,
    rate_type: null,
    state: null,
    tax_type: 'vat' as const,
  };
}
