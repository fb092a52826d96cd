import { formatMoney } from '../model/money.ts';
import { toMinor } from '../model/money.ts';
import type { MetricInfo } from '../metrics/query.ts';

/** A presented value (money in major units, rates as fractions) as a person reads it. */
export function formatPresented(
  metric: MetricInfo,
  value: number | null,
  currency: string,
): string {
  if (value === null) return '—';
  switch (metric.unit) {
    case 'money':
      return formatMoney(toMinor(value, currency), currency);
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'ratio':
      return value.toFixed(2);
    case 'index':
      return value.toFixed(4);
    default:
      return value.toLocaleString('en-US');
  }
}
