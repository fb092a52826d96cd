import { minorDigits } from '../../model/currency.ts';
import { roundHalfAwayFromZero } from '../../model/money.ts';

/**
 * Stripe amounts are integers in *Stripe's* minor unit of a currency, which is not always
 * ISO 4217's: Stripe keeps ISK, HUF and a few others at two decimals for backwards
 * compatibility, while ISO (and Northstar) give them none. Converting through both digit
 * counts keeps every amount exact in the workspace's money model.
 */

/** https://docs.stripe.com/currencies#zero-decimal */
const STRIPE_ZERO_DECIMAL: ReadonlySet<string> = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** https://docs.stripe.com/currencies#three-decimal */
const STRIPE_THREE_DECIMAL: ReadonlySet<string> = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Stripe sends lower-case codes ("usd"); the canonical rows carry ISO upper case. */
export function canonicalCurrency(stripeCode: string): string {
  return stripeCode.toUpperCase();
}

/** Decimal digits of Stripe's API representation of a currency. */
export function stripeDigits(code: string): number {
  const upper = code.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(upper)) return 0;
  if (STRIPE_THREE_DECIMAL.has(upper)) return 3;
  return 2;
}

/**
 * A Stripe amount (its minor units) as ISO minor units of the same currency: 1000 USD → 1000,
 * 1000 JPY → 1000, 10000 ISK (ISK 100.00 in Stripe's representation) → 100.
 * Fractional amounts (unit_amount_decimal) stay fractional; whole amounts stay whole.
 */
export function stripeToMinor(amount: number, stripeCode: string): number {
  const shift = minorDigits(canonicalCurrency(stripeCode)) - stripeDigits(stripeCode);
  if (shift === 0) return amount;
  if (shift > 0) return amount * 10 ** shift;
  const scaled = amount / 10 ** -shift;
  // Stripe requires these amounts to be whole in the ISO unit; round the odd legacy value.
  return Number.isInteger(amount) ? roundHalfAwayFromZero(scaled) : scaled;
}
