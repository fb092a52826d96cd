import type Stripe from 'stripe';
import type { InvoiceLineType, InvoiceRow, InvoiceStatus } from '../../model/kinds.ts';
import type { StripeCatalog } from './catalog.ts';
import { planName, priceInfo } from './catalog.ts';
import { canonicalCurrency, stripeToMinor } from './currency.ts';
import type { MapOptions, MapResult } from './map-result.ts';
import { dayOf, dayOrNull, idOf } from './time.ts';

/**
 * Invoices, credit notes and refunds as canonical invoice lines (SPEC §4: the
 * billing-exact source). Line amounts exclude tax (inclusive taxes are taken out, exclusive
 * ones go to `tax`); discounts go to `discount`; metered prices are `usage` lines, licensed
 * subscription lines and their prorations `subscription` lines, everything else `one_time`.
 * Credit notes and refunds are negative one-time lines: revenue net of refunds, never MRR.
 */

export interface InvoiceMapOptions extends MapOptions {
  readonly catalog: StripeCatalog;
}

const STATUS: Readonly<Record<string, InvoiceStatus>> = {
  open: 'open',
  paid: 'paid',
  void: 'void',
  uncollectible: 'uncollectible',
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function linePrice(line: Stripe.InvoiceLineItem): Stripe.Price | string | null {
  return line.pricing?.price_details?.price ?? null;
}

function lineType(line: Stripe.InvoiceLineItem, catalog: StripeCatalog): InvoiceLineType {
  const price = linePrice(line);
  const info =
    price === null
      ? null
      : typeof price === 'string'
        ? (catalog.prices[price] ?? null)
        : priceInfo(price);
  if (info?.usageType === 'metered') return 'usage';
  const parent = line.parent;
  if (parent?.subscription_item_details) return 'subscription';
  // Prorations of a subscription change billed later as invoice items still price service time.
  if (parent?.invoice_item_details?.proration && parent.invoice_item_details.subscription !== null)
    return 'subscription';
  return 'one_time';
}

export function mapInvoice(
  invoice: Stripe.Invoice,
  lines: readonly Stripe.InvoiceLineItem[],
  options: InvoiceMapOptions,
): MapResult<InvoiceRow> {
  const rows: InvoiceRow[] = [];
  const warnings: string[] = [];
  const status = invoice.status === null ? undefined : STATUS[invoice.status];
  // Drafts are not issued yet; a later event or sync brings them once finalized.
  if (status === undefined) return { rows, warnings };
  const customerId = idOf(invoice.customer);
  if (customerId === null) return { rows, warnings: [`invoice ${invoice.id} has no customer`] };
  const zone = options.timeZone;
  const currency = invoice.currency;
  const issued = invoice.status_transitions.finalized_at ?? invoice.effective_at ?? invoice.created;
  const paidAt = dayOrNull(invoice.status_transitions.paid_at, zone);
  for (const line of lines) {
    const taxes = line.taxes ?? [];
    const inclusiveTax = sum(
      taxes.filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount),
    );
    const discount =
      line.discount_amounts !== null
        ? sum(line.discount_amounts.map((d) => d.amount))
        : sum(
            (line.pretax_credit_amounts ?? [])
              .filter((c) => c.type === 'discount')
              .map((c) => c.amount),
          );
    let type = lineType(line, options.catalog);
    let periodStart: number | null = null;
    let periodEnd: number | null = null;
    if (type !== 'one_time') {
      periodStart = dayOf(line.period.start, zone);
      periodEnd = dayOf(line.period.end, zone);
      if (periodEnd <= periodStart) {
        // Less than a day of service (a same-day change): revenue, but no period to spread.
        type = 'one_time';
        periodStart = null;
        periodEnd = null;
      }
    }
    const price = linePrice(line);
    rows.push({
      invoice_id: invoice.id,
      line_id: line.id,
      customer_id: customerId,
      issued_at: dayOf(issued, zone),
      amount: stripeToMinor(line.amount - inclusiveTax, currency),
      currency: canonicalCurrency(currency),
      status,
      type,
      plan: planName(options.catalog, price),
      quantity: line.quantity ?? 1,
      tax: stripeToMinor(sum(taxes.map((t) => t.amount)), currency),
      discount: stripeToMinor(discount, currency),
      period_start: periodStart,
      period_end: periodEnd,
      paid_at: paidAt,
    });
  }
  return { rows, warnings };
}

export function mapCreditNote(
  note: Stripe.CreditNote,
  lines: readonly Stripe.CreditNoteLineItem[],
  options: MapOptions,
): MapResult<InvoiceRow> {
  const customerId = idOf(note.customer);
  if (customerId === null)
    return { rows: [], warnings: [`credit note ${note.id} has no customer`] };
  const currency = note.currency;
  const status: InvoiceStatus = note.status === 'void' ? 'void' : 'paid';
  const rows = lines.map((line): InvoiceRow => {
    const inclusiveTax = sum(
      (line.taxes ?? []).filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount),
    );
    // Credited net of its discount and without tax, as one negative amount: the canonical
    // `discount` column subtracts, which would deepen a credit instead of shrinking it.
    const credited = line.amount - inclusiveTax - line.discount_amount;
    return {
      invoice_id: note.id,
      line_id: line.id,
      customer_id: customerId,
      issued_at: dayOf(note.effective_at ?? note.created, options.timeZone),
      amount: -stripeToMinor(credited, currency),
      currency: canonicalCurrency(currency),
      status,
      type: 'one_time',
      plan: null,
      quantity: line.quantity ?? 1,
      tax: 0,
      discount: 0,
      period_start: null,
      period_end: null,
      paid_at:
        status === 'paid' ? dayOf(note.effective_at ?? note.created, options.timeZone) : null,
    };
  });
  return { rows, warnings: [] };
}

/** Refund ids a credit note already accounts for. */
export function creditNoteRefundIds(note: Stripe.CreditNote): string[] {
  return note.refunds.map((r) => idOf(r.refund)).filter((id): id is string => id !== null);
}

/**
 * A refund made without a credit note, as one negative line. Stripe does not split a
 * refund into price and tax, so the whole refunded amount is subtracted.
 */
export function mapRefund(
  refund: Stripe.Refund,
  options: InvoiceMapOptions,
): MapResult<InvoiceRow> {
  if (options.catalog.creditNoteRefunds[refund.id]) return { rows: [], warnings: [] };
  const charge = refund.charge;
  const customerId =
    idOf(refund.customer) ??
    (charge !== null && typeof charge !== 'string' ? idOf(charge.customer) : null);
  if (customerId === null) return { rows: [], warnings: [`refund ${refund.id} has no customer`] };
  // A failed or canceled refund is written as void so a row stored while pending stops counting.
  const status: InvoiceStatus =
    refund.status === 'succeeded' || refund.status === 'pending' ? 'paid' : 'void';
  const day = dayOf(refund.created, options.timeZone);
  return {
    rows: [
      {
        invoice_id: refund.id,
        line_id: '',
        customer_id: customerId,
        issued_at: day,
        amount: -stripeToMinor(refund.amount, refund.currency),
        currency: canonicalCurrency(refund.currency),
        status,
        type: 'one_time',
        plan: null,
        quantity: 1,
        tax: 0,
        discount: 0,
        period_start: null,
        period_end: null,
        paid_at: status === 'paid' ? day : null,
      },
    ],
    warnings: [],
  };
}
