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
import { mean } from './averages.ts';
import type { PeriodIndex } from './period-index.ts';

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
 * Rows by date for "the latest row dated on or before a day" in O(log rows) a day: of rows
 * with the same date the first one given wins, and `firstSeen` is the smallest position
 * (in the rows as given) of any row dated on or before the day.
 */
class LatestByDate<T extends { readonly date: Day }> {
  private readonly sorted: T[];
  private readonly dates: Int32Array;
  /** Position in `sorted` of the first row of each row's date. */
  private readonly firstOfDate: Int32Array;
  private readonly firstSeen: Int32Array;

  constructor(rows: readonly T[]) {
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.date - rows[b]!.date || a - b);
    this.sorted = order.map((i) => rows[i]!);
    this.dates = Int32Array.from(this.sorted, (r) => r.date);
    this.firstOfDate = new Int32Array(order.length);
    this.firstSeen = new Int32Array(order.length);
    for (let p = 0; p < order.length; p++) {
      const sameDate = p > 0 && this.dates[p - 1] === this.dates[p];
      this.firstOfDate[p] = sameDate ? this.firstOfDate[p - 1]! : p;
      this.firstSeen[p] = p > 0 ? Math.min(this.firstSeen[p - 1]!, order[p]!) : order[p]!;
    }
  }

  on(day: Day): { readonly row: T; readonly firstSeen: number } | null {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dates[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    const p = lo - 1;
    return p < 0
      ? null
      : { row: this.sorted[this.firstOfDate[p]!]!, firstSeen: this.firstSeen[p]! };
  }
}

/**
 * The cash balance at the end of a day: per currency, the latest balance dated on or before
 * it, converted at that day's rate and summed (currencies in the order the rows name them).
 * Null before the first balance. Sorts the rows once; each day is a binary search.
 */
export function cashBalances(
  cash: readonly CashRow[],
  toReporting: ToReporting,
): (day: Day) => number | null {
  // Each currency's rows, and where each stands among all the rows given.
  const byCurrency = new Map<string, { rows: CashRow[]; at: number[] }>();
  cash.forEach((row, i) => {
    let group = byCurrency.get(row.currency);
    if (!group) byCurrency.set(row.currency, (group = { rows: [], at: [] }));
    group.rows.push(row);
    group.at.push(i);
  });
  const groups = [...byCurrency.values()];
  const currencies = groups.map((g) => new LatestByDate(g.rows));
  const positions = groups.map((g) => g.at);
  return (day) => {
    const latest = [];
    for (let c = 0; c < currencies.length; c++) {
      const hit = currencies[c]!.on(day);
      if (hit) latest.push({ row: hit.row, firstSeen: positions[c]![hit.firstSeen]! });
    }
    if (latest.length === 0) return null;
    latest.sort((a, b) => a.firstSeen - b.firstSeen);
    let sum = 0;
    for (const { row } of latest) sum += toReporting(row.balance, row.currency, day);
    return sum;
  };
}

/** Employees on a day: the latest headcount row dated on or before it; null before the first. */
export function employeesOn(headcount: readonly HeadcountRow[]): (day: Day) => number | null {
  const latest = new LatestByDate(headcount);
  return (day) => latest.on(day)?.row.employees ?? null;
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
  const buckets = periods.buckets<number>();
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
