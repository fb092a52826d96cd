import type { Day } from '../model/day.ts';
import type { ImportKind, RowOfKind } from '../model/kinds.ts';
import type { Interval, Period } from '../model/period.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { zoneClock } from '../ingest/time.ts';
import { reportingConverter } from './convert.ts';
import {
  activation,
  activeInWindows,
  averageDailyActive,
  measureDays,
  prepareActivity,
  type Activation,
  type ZoneDay,
} from './engagement.ts';
import {
  cashBalances,
  costsByPeriod,
  daysSalesOutstanding,
  departuresByPeriod,
  employeesOn,
  type CostsByCategory,
} from './finance.ts';
import { conversion, salesCycleDays, stageEntries } from './funnel.ts';
import { monthsPerPeriod } from './months-per-period.ts';
import { PeriodIndex } from './period-index.ts';
import {
  invoicedRevenue,
  renewals,
  seats,
  type InvoicedRevenue,
  type Renewals,
  type SubscriptionTable,
} from './revenue.ts';
import { mrrInputsFromRows } from './rows-to-inputs.ts';
import type { SubscriptionFacts } from './shards.ts';
import { surveyScores, ticketTimes, type SurveyScores, type TicketTimes } from './support.ts';
import { addMonths } from '../model/day.ts';

/** Rows of the kinds a computation needs; a kind left out was not read (its metrics are null). */
export type BusinessRows = { readonly [K in ImportKind]?: readonly RowOfKind[K][] };

export interface CashFacts {
  readonly start: readonly (number | null)[];
  readonly end: readonly (number | null)[];
  /** Cash three months before the period's measure day (for runway). */
  readonly threeMonthsBefore: readonly (number | null)[];
}

export interface HeadcountFacts {
  readonly start: readonly (number | null)[];
  readonly end: readonly (number | null)[];
  readonly departures: Float64Array;
}

export interface EngagementFacts {
  readonly dau: readonly (number | null)[];
  readonly mau: readonly number[];
  /** Active users (30-day window) of customers with paid seats, and those seats. */
  readonly seatedUsers: readonly number[];
  readonly seats: readonly number[];
}

/**
 * Per-period facts from every kind other than MRR: what the revenue, finance, funnel,
 * engagement and experience metrics are computed from. A part is null when its rows were
 * not read, are empty, or cannot be attributed to the segment asked for.
 */
export interface BusinessFacts {
  readonly periods: readonly Period[];
  readonly monthsPerPeriod: readonly number[];
  readonly revenue: InvoicedRevenue | null;
  readonly dso: readonly (number | null)[] | null;
  readonly renewals: Renewals | null;
  readonly seats: readonly number[] | null;
  readonly costs: CostsByCategory | null;
  readonly cash: CashFacts | null;
  readonly headcount: HeadcountFacts | null;
  readonly salesCycleDays: readonly (number | null)[] | null;
  readonly activation: Activation | null;
  readonly engagement: EngagementFacts | null;
  readonly surveys: SurveyScores | null;
  readonly tickets: TicketTimes | null;
  /** Conversion between two funnel stages (computed on first use); null without funnel rows. */
  conversion(from: string, to: string): readonly (number | null)[] | null;
  /** Users who used `event` ÷ active users, 30-day windows; null without events. */
  adoption(event: string): readonly (number | null)[] | null;
}

export interface BusinessOptions {
  readonly interval: Interval;
  readonly lastDay: Day;
  readonly settings: WorkspaceSettings;
  /**
   * The subscriptions as columns when their rows were not read (the MRR engine's inputs,
   * read once for both): seats and renewals read either.
   */
  readonly subscriptions?: SubscriptionTable;
  /** Seats and renewals already computed by shards (./shards.ts), when neither was given. */
  readonly subscriptionFacts?: SubscriptionFacts;
}

const present = <T>(rows: readonly T[] | undefined): rows is readonly T[] =>
  rows !== undefined && rows.length > 0;

export function computeBusinessFacts(
  rows: BusinessRows,
  periods: readonly Period[],
  options: BusinessOptions,
): BusinessFacts {
  const { settings, lastDay } = options;
  const index = new PeriodIndex(periods);
  const clock = zoneClock(settings.timeZone);
  const dayOf: ZoneDay = (ms) => clock.dayOf(ms);
  const toReporting = reportingConverter(settings.currency, rows.fx_rates ?? []);
  const measure = measureDays(periods, lastDay);
  const { invoices, costs, cash, headcount, funnel, events, surveys, tickets } = rows;
  const subscriptions = subscriptionTable(rows, options.subscriptions);

  const entries = present(funnel) ? stageEntries(funnel, dayOf, lastDay) : null;
  const activity = present(events) ? prepareActivity(events, dayOf, lastDay) : null;
  const conversions = new Map<string, (number | null)[]>();
  const adoptions = new Map<string, (number | null)[]>();
  const engagement = activity ? engagementFacts() : null;

  function engagementFacts(): EngagementFacts {
    const windows = activeInWindows(activity!, measure, undefined, true);
    const seated = subscriptions ? seats(subscriptions, measure, settings, true) : null;
    const indexOf = new Map(subscriptions?.customerIds.map((id, i) => [id, i]));
    const seatedUsers = windows.byCustomer.map((users, k) => {
      let sum = 0;
      const inForce = seated?.seated?.[k];
      if (inForce)
        for (const [customer, n] of users) {
          const c = indexOf.get(customer);
          if (c !== undefined && inForce[c] === 1) sum += n;
        }
      return sum;
    });
    return {
      dau: averageDailyActive(activity!, periods, lastDay),
      mau: windows.users,
      seatedUsers,
      seats: seated ? seated.total : Array.from(measure, () => 0),
    };
  }

  function cashFacts(cashOn: (day: Day) => number | null): CashFacts {
    return {
      start: periods.map((p) => cashOn(p.start - 1)),
      end: Array.from(measure, cashOn),
      threeMonthsBefore: Array.from(measure, (day) => cashOn(addMonths(day + 1, -3) - 1)),
    };
  }

  function headcountFacts(employeesOnDay: (day: Day) => number | null): HeadcountFacts {
    return {
      start: periods.map((p) => employeesOnDay(p.start - 1)),
      end: Array.from(measure, employeesOnDay),
      departures: departuresByPeriod(headcount!, index),
    };
  }

  return {
    periods,
    monthsPerPeriod: periods.map((p) => monthsPerPeriod(options.interval, p)),
    revenue: present(invoices) ? invoicedRevenue(invoices, index, toReporting) : null,
    dso: present(invoices) ? daysSalesOutstanding(invoices, index) : null,
    renewals: subscriptions
      ? renewals(subscriptions.subscriptions, index, settings, lastDay)
      : (options.subscriptionFacts?.renewals ?? null),
    seats: subscriptions
      ? (engagement?.seats ?? seats(subscriptions, measure, settings, false).total)
      : (options.subscriptionFacts?.seats ?? null),
    costs: present(costs) ? costsByPeriod(costs, index, toReporting) : null,
    cash: present(cash) ? cashFacts(cashBalances(cash, toReporting)) : null,
    headcount: present(headcount) ? headcountFacts(employeesOn(headcount)) : null,
    salesCycleDays: entries ? salesCycleDays(entries, index, dayOf) : null,
    activation:
      present(events) || present(funnel)
        ? activation(
            funnel ?? [],
            rows.customers ?? [],
            events ?? [],
            settings.activationEvent ?? DEFAULT_ACTIVATION_EVENT,
            index,
            dayOf,
            lastDay,
          )
        : null,
    engagement,
    surveys: present(surveys) ? surveyScores(surveys, index, dayOf) : null,
    tickets: present(tickets) ? ticketTimes(tickets, index, dayOf) : null,
    conversion(from, to) {
      if (!entries) return null;
      const key = `${from}\u0000${to}`;
      let values = conversions.get(key);
      if (!values) conversions.set(key, (values = conversion(entries, from, to, index, dayOf)));
      return values;
    },
    adoption(event) {
      if (!activity || !engagement) return null;
      let values = adoptions.get(event);
      if (!values) {
        const users = activeInWindows(activity, measure, event).users;
        values = users.map((n, k) => (engagement.mau[k] === 0 ? null : n / engagement.mau[k]!));
        adoptions.set(event, values);
      }
      return values;
    },
  };
}

/**
 * Of the kinds the metrics asked for, the ones `computeBusinessFacts` reads given which
 * hold rows: customers' created_at dates stand in for signups only beside funnel or event
 * rows, so without either a workspace's customers are not read at all.
 */
export function kindsToRead(
  kinds: readonly ImportKind[],
  counts: Readonly<Record<ImportKind, number>>,
): ImportKind[] {
  const signupsNeeded = counts.funnel > 0 || counts.events > 0;
  return kinds.filter((kind) => kind !== 'customers' || signupsNeeded);
}

/** The event that marks a signup as activated unless the workspace names another. */
export const DEFAULT_ACTIVATION_EVENT = 'activated';

/** The subscriptions as columns: from their rows when read, else as given; null when none. */
function subscriptionTable(
  rows: BusinessRows,
  columns: SubscriptionTable | undefined,
): SubscriptionTable | null {
  if (rows.subscriptions !== undefined)
    return present(rows.subscriptions) ? mrrInputsFromRows(rows.subscriptions) : null;
  return columns && columns.subscriptions.length > 0 ? columns : null;
}
