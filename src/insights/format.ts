import { formatMoney } from '../model/money.ts';
import { formatPercentIn } from '../i18n/index.ts';
import { toMinor } from '../model/money.ts';
import type { MetricInfo } from '../metrics/query.ts';

/** A presented value (money in major units, rates as fractions) as a person reads it. */
export function formatPresented(
  metric: MetricInfo,
  value: number | null,
  currency: string,
  locale = 'en-US',
): string {
  if (value === null) return '—';
  const fixed = (digits: number) =>
    new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    }).format(value);
  switch (metric.unit) {
    case 'money':
      return formatMoney(toMinor(value, currency), currency, locale);
    case 'rate':
      return formatPercentIn(locale, value);
    case 'ratio':
      return fixed(2);
    case 'index':
      return fixed(4);
    default:
      return value.toLocaleString(locale);
  }
}
