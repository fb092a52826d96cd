import { addMonths, type Day } from '../model/day.ts';
import type {
  CashRow,
  CostRow,
  FxRateRow,
  HeadcountRow,
  InvoiceRow,
  SubscriptionInterval,
} from '../model/kinds.ts';
import type { Channel } from './catalog.ts';
import type { DemoCustomer, DemoWindow } from './lifecycle.ts';
import { Rng } from './random.ts';

/**
 * The company side of the demo: EUR->USD rates, monthly costs, month-end cash and
 * headcount. Costs follow the business (a team hired ahead of revenue, marketing spend
 * per channel that matches the customers each channel brings, COGS at 15-25% of
 * revenue); cash starts with a pre-seed balance, gets a seed round in the fourth month
 * and burns down to about 18 months of runway at the window end.
 */

export const REPORTING_CURRENCY = 'USD';

/** Daily EUR->USD: a mean-reverting random walk around 1.08, six decimals. */
export function generateFxRates(window: DemoWindow, seed: number): FxRateRow[] {
  const rng = Rng.derive(seed, 'fx');
  const rows: FxRateRow[] = [];
  let rate = 1.08 + rng.normal(0, 0.02);
  for (let day = window.start; day <= window.end; day++) {
    rows.push({ date: day, currency: 'EUR', rate: Math.round(rate * 1e6) / 1e6 });
    rate += (1.08 - rate) * 0.01 + rng.normal(0, 0.0035);
    rate = Math.min(1.25, Math.max(0.95, rate));
  }
  return rows;
}

/** Converts minor units to USD minor units (as a float) at a day's rate. */
export type ToUsd = (minor: number, currency: string, day: Day) => number;

export function usdConverter(rates: readonly FxRateRow[], window: DemoWindow): ToUsd {
  const byDay = new Map<Day, number>();
  for (const r of rates) byDay.set(r.date, r.rate);
  const first = rates[0]?.rate ?? 1;
  return (minor, currency, day) => {
    if (currency === REPORTING_CURRENCY) return minor;
    const d = Math.min(window.end, Math.max(window.start, day));
    return minor * (byDay.get(d) ?? first);
  };
}

interface Month {
  readonly start: Day;
  /** Last day of the month, or the window end for a partial last month. */
  readonly last: Day;
}

export function windowMonths(window: DemoWindow): Month[] {
  const months: Month[] = [];
  for (let m = 0; m < window.months; m++) {
    const start = addMonths(window.start, m);
    if (start > window.end) break;
    months.push({ start, last: Math.min(addMonths(window.start, m + 1) - 1, window.end) });
  }
  return months;
}

/** Months in one interval (SPEC §5 normalization: week x52/12, day x365/12). */
export const MONTHS_PER_INTERVAL: Readonly<Record<SubscriptionInterval, number>> = {
  day: 12 / 365,
  week: 12 / 52,
  month: 1,
  quarter: 3,
  year: 12,
};

/** MRR in USD minor units on a day, from the subscription rows. */
export function mrrOn(customers: readonly DemoCustomer[], day: Day, toUsd: ToUsd): number {
  let total = 0;
  for (const c of customers) {
    for (const { row } of c.subscriptions) {
      if (row.start_date > day || (row.end_date !== null && row.end_date <= day)) continue;
      if (row.trial_end !== null && day < row.trial_end) continue;
      const months = MONTHS_PER_INTERVAL[row.interval] * row.interval_count;
      const monthly = (row.amount * row.quantity * (1 - row.discount_percent / 100)) / months;
      total += toUsd(monthly, row.currency, day);
    }
  }
  return total;
}

export interface CompanyData {
  readonly costs: CostRow[];
  readonly cash: CashRow[];
  readonly headcount: HeadcountRow[];
}

const MARKETING_CHANNELS: readonly Channel[] = ['paid_search', 'outbound', 'partner'];
/** Spend per new customer, in USD cents, for the paid channels. */
const CHANNEL_CAC: Readonly<Partial<Record<Channel, number>>> = {
  paid_search: 75_000,
  outbound: 180_000,
  partner: 90_000,
};

export function generateCompany(
  customers: readonly DemoCustomer[],
  invoices: readonly InvoiceRow[],
  window: DemoWindow,
  toUsd: ToUsd,
  seed: number,
): CompanyData {
  const rng = Rng.derive(seed, 'company');
  const months = windowMonths(window);
  const monthIndex = (day: Day): number => {
    for (let i = months.length - 1; i >= 0; i--) {
      const m = months[i];
      if (m !== undefined && day >= m.start) return i;
    }
    return 0;
  };
  const zeros = (): number[] => months.map(() => 0);

  // Revenue (invoiced, excluding tax) and collections (cash received) per month, in USD.
  const revenue = zeros();
  const collected = zeros();
  for (const inv of invoices) {
    const net = inv.amount - inv.discount;
    if (inv.status !== 'void' && inv.status !== 'refunded') {
      const i = monthIndex(inv.issued_at);
      revenue[i] = (revenue[i] ?? 0) + toUsd(net, inv.currency, inv.issued_at);
    }
    if (inv.status === 'paid' && inv.paid_at !== null) {
      const i = monthIndex(inv.paid_at);
      collected[i] = (collected[i] ?? 0) + toUsd(net, inv.currency, inv.paid_at);
    }
  }
  // New customers per channel and new MRR per month.
  const newByChannel = new Map<Channel, number[]>();
  const newMrr = zeros();
  for (const c of customers) {
    if (c.firstPaidDay === null || c.firstPaidDay > window.end) continue;
    const i = monthIndex(c.firstPaidDay);
    const counts = newByChannel.get(c.channel) ?? zeros();
    counts[i] = (counts[i] ?? 0) + 1;
    newByChannel.set(c.channel, counts);
    newMrr[i] = (newMrr[i] ?? 0) + mrrOn([c], c.firstPaidDay, toUsd);
  }
  const mrr = months.map((m) => mrrOn(customers, m.last, toUsd));

  // Headcount: hire for the MRR expected three months ahead ($4.5k of MRR per employee).
  const headcount: HeadcountRow[] = [];
  const staff: number[] = [];
  let employees = 3;
  months.forEach((m, i) => {
    const ahead = mrr[Math.min(i + 3, months.length - 1)] ?? 0;
    const target = Math.max(3, Math.round(3 + ahead / 450_000));
    let departures = 0;
    for (let e = 0; e < employees; e++) if (rng.chance(0.015)) departures++;
    const hires = Math.max(0, target - (employees - departures));
    employees = employees - departures + hires;
    staff.push(employees);
    headcount.push({ date: m.last, employees, hires, departures });
  });

  const costs: CostRow[] = [];
  const cost = (date: Day, category: CostRow['category'], usdCents: number, channel = ''): void => {
    costs.push({
      date,
      category,
      amount: Math.max(0, Math.round(usdCents / 100) * 100),
      currency: REPORTING_CURRENCY,
      channel,
    });
  };
  const spent = zeros();
  months.forEach((m, i) => {
    const e = staff[i] ?? 3;
    const eng = Math.max(1, Math.round(e * 0.45));
    const sales = Math.max(e >= 5 ? 1 : 0, Math.round(e * 0.18));
    const marketing = Math.round(e * 0.1);
    const other = Math.max(1, e - eng - sales - marketing);
    const noise = (): number => rng.float(0.97, 1.03);
    const share = months.length > 1 ? i / (months.length - 1) : 1;
    const cogsRate = 0.24 - 0.07 * share + rng.float(-0.01, 0.01);
    const before = costs.length;
    cost(m.start, 'rnd', eng * 1_250_000 * noise() + 150_000);
    cost(m.start, 'sales', sales * 1_000_000 * noise() + (newMrr[i] ?? 0) * 12 * 0.08);
    cost(m.start, 'marketing', marketing * 900_000 * noise() + rng.float(150_000, 450_000));
    for (const channel of MARKETING_CHANNELS) {
      const count = newByChannel.get(channel)?.[i] ?? 0;
      cost(
        m.start,
        'marketing',
        (count * (CHANNEL_CAC[channel] ?? 0) + 100_000) * rng.float(0.8, 1.2),
        channel,
      );
    }
    cost(m.start, 'cogs', (revenue[i] ?? 0) * cogsRate + 20_000);
    cost(m.start, 'ga', other * 800_000 * noise() + e * 40_000);
    cost(m.start, 'other', rng.float(30_000, 250_000));
    let total = 0;
    for (let k = before; k < costs.length; k++) total += costs[k]?.amount ?? 0;
    spent[i] = total;
  });

  // Cash: pre-seed balance, a seed round in month 4 sized for ~18 months of runway at the end.
  const flows = months.map((_, i) => (collected[i] ?? 0) - (spent[i] ?? 0));
  const firstBurn = -Math.min(0, (flows[0] ?? 0) + (flows[1] ?? 0) + (flows[2] ?? 0));
  const opening = Math.max(30_000_000, Math.ceil((firstBurn * 1.6) / 5_000_000) * 5_000_000);
  const last3 = flows.slice(-3);
  const avgBurn = -last3.reduce((s, f) => s + f, 0) / Math.max(1, last3.length);
  const target = Math.max(0, avgBurn) * rng.float(17, 19.5);
  const seedMonth = Math.min(3, months.length - 1);
  const totalFlow = flows.reduce((s, f) => s + f, 0);
  const round = Math.max(0, Math.round((target - opening - totalFlow) / 5_000_000) * 5_000_000);
  const cash: CashRow[] = [];
  let balance = opening;
  months.forEach((m, i) => {
    balance += (flows[i] ?? 0) + (i === seedMonth ? round : 0);
    cash.push({ date: m.last, balance: Math.round(balance), currency: REPORTING_CURRENCY });
  });
  return { costs, cash, headcount };
}
