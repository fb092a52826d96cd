import { formatMoney } from '../model/money.ts';
import type { MetricDefinition } from '../metrics/registry.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A value as a person reads it: money with its currency, rates as percentages, null as a dash. */
export function formatValue(
  metric: MetricDefinition,
  value: number | null,
  currency: string,
): string {
  if (value === null) return '—';
  switch (metric.unit) {
    case 'money':
      return formatMoney(Math.round(value * 10 ** moneyDigits(currency)), currency);
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

function moneyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** CSV as every surface writes it (the API's downloads too). */
export { renderCsv } from '../reports/csv.ts';
