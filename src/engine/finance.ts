import type { Day } from '../model/day.ts';
import {
  COST_CATEGORIES,
  type CashRow,
  type CostCategory,
  type CostRow,
  type HeadcountRow,
  type InvoiceRow,
} from '../model/kinds.ts';
import type { ToReporting } from './convert.ts';
import { mean, bucketsFor, type PeriodIndex } from './periods.ts';

/**
 * Costs, cash, headcount and collections per period, from plain rows. Money is reporting
 * minor units; a balance or a headcount that is not known on a day is null, never 0.
 */

export type CostsByCategory = Readonly<Record<CostCategory, Float64Array>>;

export function costsByPeriod(
  costs: readonly CostRow[],
  periods: PeriodIndex,
  toReporting: ToReporting,
): CostsByCategory {
  const out = Object.fromEntries(
    COST_CATEGORIES.map((c) => [c, new Float64Array(periods.length)]),
  ) as Record<CostCategory, Float64Array>;
  for (const row of costs) {
    const k = periods.of(row.date);
    if (k >= 0) out[row.category][k]! += toReporting(row.amount, row.currency, row.date);
  }
  return out;
}

export function totalCosts(costs: CostsByCategory, k: number): number {
  let sum = 0;
  for (const c of COST_CATEGORIES) sum += costs[c][k]!;
  return sum;
}

/**
 * The cash balance at the end of `day`: per currency, the latest balance dated on or before
 * it, converted at that day's rate and summed. Null before the first balance.
 */
export function cashOn(
  cash: readonly CashRow[],
  day: Day,
  toReporting: ToReporting,
): number | null {
  const latest = new Map<string, CashRow>();
  for (const row of cash) {
    if (row.date > day) continue;
    const seen = latest.get(row.currency);
    if (!seen || seen.date < row.date) latest.set(row.currency, row);
  }
  if (latest.size === 0) return null;
  let sum = 0;
  for (const row of latest.values()) sum += toReporting(row.balance, row.currency, day);
  return sum;
}

/** Employees on `day`: the latest headcount row dated on or before it; null before the first. */
export function employeesOn(headcount: readonly HeadcountRow[], day: Day): number | null {
  let best: HeadcountRow | null = null;
  for (const row of headcount) if (row.date <= day && (!best || row.date > best.date)) best = row;
  return best ? best.employees : null;
}

/** Σ departures of headcount rows dated in each period. */
export function departuresByPeriod(
  headcount: readonly HeadcountRow[],
  periods: PeriodIndex,
): Float64Array {
  const out = new Float64Array(periods.length);
  for (const row of headcount) {
    const k = periods.of(row.date);
    if (k >= 0 && row.departures !== null) out[k]! += row.departures;
  }
  return out;
}

/**
 * Days sales outstanding as SPEC §5 defines it: the average days from issue to payment, over
 * the invoices paid in the period (an invoice with several lines counts once).
 */
export function daysSalesOutstanding(
  invoices: readonly InvoiceRow[],
  periods: PeriodIndex,
): (number | null)[] {
  const buckets = bucketsFor<number>(periods.length);
  const seen = new Set<string>();
  for (const line of invoices) {
    if (line.status !== 'paid' || line.paid_at === null || seen.has(line.invoice_id)) continue;
    seen.add(line.invoice_id);
    const k = periods.of(line.paid_at);
    if (k >= 0) buckets[k]!.push(Math.max(0, line.paid_at - line.issued_at));
  }
  return buckets.map(mean);
}

/** Net burn over a span: cash at its start − cash at its end (positive when burning). */
export function netBurn(cashStart: number | null, cashEnd: number | null): number | null {
  return cashStart === null || cashEnd === null ? null : cashStart - cashEnd;
}

/**
 * Months of runway: cash now ÷ the average net monthly burn of the last three months.
 * Null when not burning (the company is not running out of cash) or when cash is unknown.
 */
export function runwayMonths(
  cashNow: number | null,
  cashThreeMonthsBefore: number | null,
): number | null {
  const burn = netBurn(cashThreeMonthsBefore, cashNow);
  if (burn === null || cashNow === null || burn <= 0) return null;
  return cashNow / (burn / 3);
}
