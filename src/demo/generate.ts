import { addMonths, partsFromDay, dayFromParts, type Day } from '../model/day.ts';
import type {
  CashRow,
  CostRow,
  CustomerRow,
  EventRow,
  FunnelRow,
  FxRateRow,
  HeadcountRow,
  InvoiceRow,
  SubscriptionRow,
  SurveyRow,
  TicketRow,
} from '../model/kinds.ts';
import { generateEvents, generateExperience, generateFunnel } from './activity.ts';
import { generateInvoices } from './billing.ts';
import { generateCompany, generateFxRates, usdConverter } from './company.ts';
import { simulateCustomers, type DemoWindow } from './lifecycle.ts';

export { demoToCsv } from './csv.ts';

/**
 * The demo workspace: a seeded, fully deterministic three-year history of a B2B SaaS
 * company reporting in USD, with about a fifth of its customers billed in EUR. Every kind
 * of SPEC §4 is filled and consistent with the others (invoices follow the subscription
 * rows, funnel `customer` stages and events belong to real customers, costs and cash follow
 * revenue and headcount).
 */

export interface DemoOptions {
  /** Customers who sign up over the whole history (trials that never convert included). */
  customers: number;
  seed: number;
  /** Last day of history, inclusive. */
  end: Day;
  /** Months of history, ending with the month of `end` (default 36). */
  months?: number;
}

export interface DemoData {
  customers: CustomerRow[];
  subscriptions: SubscriptionRow[];
  invoices: InvoiceRow[];
  costs: CostRow[];
  cash: CashRow[];
  headcount: HeadcountRow[];
  funnel: FunnelRow[];
  events: EventRow[];
  surveys: SurveyRow[];
  tickets: TicketRow[];
  fx_rates: FxRateRow[];
}

export const DEMO_DEFAULT_MONTHS = 36;

/**
 * The window the demo covers: from the first day of the month `months - 1` months before
 * the month of `end`, to `end` (inclusive). 36 months ending 2025-12-31 start 2023-01-01.
 */
export function demoWindow(end: Day, months = DEMO_DEFAULT_MONTHS): DemoWindow {
  const p = partsFromDay(end);
  return { start: addMonths(dayFromParts(p.year, p.month, 1), -(months - 1)), end, months };
}

export function generateDemo(options: DemoOptions): DemoData {
  const months = options.months ?? DEMO_DEFAULT_MONTHS;
  if (!Number.isInteger(options.customers) || options.customers < 1) {
    throw new RangeError(`customers must be a positive integer, got ${options.customers}`);
  }
  if (!Number.isInteger(months) || months < 1) {
    throw new RangeError(`months must be a positive integer, got ${months}`);
  }
  if (!Number.isInteger(options.end)) throw new RangeError(`end must be a Day, got ${options.end}`);
  const seed = options.seed >>> 0;
  const window = demoWindow(options.end, months);

  const fx_rates = generateFxRates(window, seed);
  const toUsd = usdConverter(fx_rates, window);
  const people = simulateCustomers({ seed, customers: options.customers, window });
  const invoices = generateInvoices(people, window, seed);
  const company = generateCompany(people, invoices, window, toUsd, seed);
  const experience = generateExperience(people, window, seed);

  return {
    customers: people.map((c) => c.row),
    subscriptions: people.flatMap((c) => c.subscriptions.map((s) => s.row)),
    invoices,
    costs: company.costs,
    cash: company.cash,
    headcount: company.headcount,
    funnel: generateFunnel(people, window, toUsd, seed),
    events: generateEvents(people, window, seed),
    surveys: experience.surveys,
    tickets: experience.tickets,
    fx_rates,
  };
}
