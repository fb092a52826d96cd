/**
 * ISO 4217 currencies as the runtime's ICU data knows them. Using Intl keeps the list and
 * each currency's minor-unit digits (JPY 0, KWD 3, EUR 2) current without a table of our own.
 */
const SUPPORTED: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const digitsCache = new Map<string, number>();

export function isKnownCurrency(code: string): boolean {
  return SUPPORTED.has(code);
}

/** Digits of the currency's minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD. */
export function minorDigits(code: string): number {
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(code, digits);
  }
  return digits;
}
