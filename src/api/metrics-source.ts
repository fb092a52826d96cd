/**
 * The API's one door into `src/metrics`: every number the server returns is computed by
 * the functions imported here (the same ones the CLI uses), and nothing else in
 * `src/api` imports from `src/metrics` or `src/engine`. When the metrics layer grows
 * (segments, comparisons, more KPIs), this file is where the API follows it.
 */
import { formatDay, parseIsoDay, type Day } from '../model/day.ts';
import { toMajor } from '../model/money.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { Interval } from '../model/period.ts';
import { METRICS, metricById, metricWords } from '../metrics/registry.ts';
import { movementRecords, type MetricsReport, type MovementRecord } from '../metrics/report.ts';
import { STAGE_PRESETS, STAGE_PRESET_IDS, type StagePreset } from '../metrics/presets.ts';
import { applicable, BENCHMARKS, isStale, placeAgainst } from '../metrics/benchmarks.ts';
import { benchmarkText } from '../i18n/index.ts';
import { lastCompleteMonth } from '../metrics/last-month.ts';
import {
  historyEnd,
  kindsOfQuery,
  parseRangeBound,
  parseSegments,
  queryMetrics,
  QueryError,
  type QueryReport,
} from '../metrics/query.ts';
import { segmentAttributes } from '../metrics/service.ts';
import { cohortTable as cohortsOf, type CohortTable } from '../metrics/cohort-table.ts';
import { customerMatcher, attributeValues, NONE, PLAN } from '../engine/segments.ts';
import { metricContributors, type ContributorsReport } from '../metrics/contributors.ts';
import {
  feedMovement,
  feedRowsOf,
  feedTotals,
  movementFeed,
  type FeedMovement,
  type MovementFeed,
} from '../metrics/movement-feed.ts';
import { customerLedger, customerLinesOn, customerStandings } from '../metrics/customer-ledger.ts';
import { minorDigits } from '../model/currency.ts';
import type { ImportKind, RowOfKind } from '../model/kinds.ts';
import { OPEN_END, type Store } from '../store/store.ts';
import { ApiError, type ErrorCode } from './errors.ts';
import type { TextColumn } from '../model/text-column.ts';
import { todayIn as today } from '../model/today.ts';

/** How a query the metrics layer cannot answer reads over HTTP. */
export function queryApiError(error: QueryError): ApiError {
  const status: Record<QueryError['code'], number> = {
    invalid_range: 400,
    bad_request: 400,
    unknown_metric: 404,
    data_error: 422,
  };
  return new ApiError(status[error.code], error.code satisfies ErrorCode, error.message);
}

export { feedMovement, feedRowsOf, feedTotals, historyEnd, QueryError };
export type { FeedMovement, MovementFeed };

export type Mode = 'event' | 'snapshot';

export interface MetricInfo {
  id: string;
  label: string;
  unit: string;
  direction: string;
  formula: string;
}

export interface RangeQuery {
  workspaceId: string;
  interval: Interval;
  mode: Mode;
  /** `YYYY-MM` or `YYYY-MM-DD`: the first period shown. */
  from?: string | undefined;
  /** `YYYY-MM` or `YYYY-MM-DD`: the last day of history taken into account (default today). */
  to?: string | undefined;
  /** `attribute=value` segment filters (all must match). */
  segment?: readonly string[] | undefined;
}

/**
 * Every metric's definition; with the workspace's settings, each formula is the one in force
 * there, naming the definition profile and switches that produced its numbers.
 */
/** Every metric with its name and formula in the locale's language (see `metricWords`). */
export function metricDefinitions(
  settings: Partial<WorkspaceSettings> = {},
  locale = 'en',
): MetricInfo[] {
  return METRICS.map((metric) => ({
    id: metric.id,
    unit: metric.unit,
    direction: metric.direction,
    ...metricWords(metric, settings, locale),
  }));
}

export function isMetricId(id: string): boolean {
  return metricById(id) !== undefined;
}

/** The movements feed (`/movements`, its downloads and the movements page). */
export async function movementLog(store: Store, query: RangeQuery): Promise<MovementFeed> {
  return movementFeed(store, { ...query, segment: parseSegments(query.segment) });
}

/** The monthly cohorts table (`/cohorts`, its downloads, `/retention`). */
export function cohortTable(
  store: Store,
  query: Omit<RangeQuery, 'interval'>,
): Promise<CohortTable> {
  return cohortsOf(store, { ...query, segment: parseSegments(query.segment) });
}

export interface CustomerMrrLine {
  source: 'subscription' | 'invoice';
  id: string;
  line_id: string;
  kind: 'subscription' | 'usage';
  plan: string | null;
  currency: string;
  quantity: number;
  /** Unit price per interval (subscriptions) or the line amount (invoices), major units of `currency`. */
  amount: number;
  interval: string | null;
  interval_count: number;
  discount_percent: number;
  /** Discount on an invoice line, major units of `currency`. */
  discount: number;
  period_start: string | null;
  period_end: string | null;
  /** First day the line counts and the first it no longer does (null: ongoing). */
  from: string;
  until: string | null;
  /** Monthly amount in the line's currency. */
  monthly: number;
  /** Reporting-currency units for one unit of the line's currency today. */
  fx_rate: number;
  /** The line's share of the customer's MRR today, reporting currency: the shares add up to it. */
  mrr: number;
}

/** One customer in the customers list. */
export interface CustomerSummary {
  customer_id: string;
  name: string | null;
  email: string | null;
  country: string | null;
  segment: string | null;
  channel: string | null;
  /** MRR today, major units of the reporting currency. */
  mrr: number;
  plan: string | null;
  status: 'active' | 'churned' | 'never_paid';
  first_paid: string | null;
  churned_on: string | null;
}

/** The columns of the customers kind each summary shows. */
const SUMMARY_ATTRIBUTES = ['name', 'email', 'country', 'segment', 'channel'] as const;

/** The text columns of the customers list (see CustomerSummary). */
export const CUSTOMER_TEXTS = [
  ...SUMMARY_ATTRIBUTES,
  'plan',
  'first_paid',
  'churned_on',
] as const satisfies readonly (keyof CustomerSummary)[];

/**
 * Every customer of the customers list as columns (row i of each column is customer
 * `ids[i]`): each customer with a customers row, then those billed without one, with the
 * engine's MRR today, plan and dates.
 */
export interface CustomerIndex {
  currency: string;
  today: string;
  ids: string[];
  /** Arrays where the index is built; columns read in place where it was sent (packed-texts.ts). */
  texts: Record<(typeof CUSTOMER_TEXTS)[number], TextColumn>;
  /** MRR today, major units. */
  mrr: Float64Array;
  /**
   * The rows in the list's default order, highest MRR first, then by id: sorted once where
   * the index is computed, not a million rows on the answering thread for every page.
   */
  byMrr: Int32Array;
}

export async function customerIndex(store: Store, workspaceId: string): Promise<CustomerIndex> {
  const now = today((await store.workspace(workspaceId)).timeZone);
  // The engine's MRR today at today's rates: the customers add up to the MRR metric.
  const [table, standings] = await Promise.all([
    store.readCustomerAttributes(workspaceId, SUMMARY_ATTRIBUTES),
    customerStandings(store, workspaceId, now),
  ]);
  const { currency } = standings;
  const engineIndex = new Map(standings.customerIds.map((id, c) => [id, c]));
  const ids = [...table.customerIds];
  const rowIndex = new Map(ids.map((id, i) => [id, i]));
  for (const id of standings.customerIds) if (!rowIndex.has(id)) ids.push(id);
  const engineRow = ids.map((id) => engineIndex.get(id) ?? -1);
  const ofRows = (column: readonly (string | null)[]) =>
    ids.map((_, i) => (i < table.customerIds.length ? (column[i] ?? null) : null));
  const dayOf = (days: Int32Array, c: number) =>
    c < 0 || days[c]! < 0 ? null : formatDay(days[c]!);
  const [name, email, country, segment, channel] = table.values.map(ofRows);
  const amounts = Float64Array.from(engineRow, (c) =>
    c < 0 ? 0 : toMajor(standings.mrr[c]!, currency),
  );
  const firstPaid = engineRow.map((c) => dayOf(standings.firstPaid, c));
  return {
    currency,
    today: formatDay(now),
    ids,
    texts: {
      name: name!,
      email: email!,
      country: country!,
      segment: segment!,
      channel: channel!,
      plan: engineRow.map((c) => (c < 0 ? null : standings.plans[c]!)),
      first_paid: firstPaid,
      // The last churn of a customer not paying today.
      churned_on: engineRow.map((c, i) =>
        firstPaid[i] && amounts[i] === 0 ? dayOf(standings.lastChurn, c) : null,
      ),
    },
    mrr: amounts,
    byMrr: Int32Array.from(ids.keys()).sort(
      (a, b) => amounts[b]! - amounts[a]! || (ids[a]! < ids[b]! ? -1 : 1),
    ),
  };
}

/** Customer `i` of the index as the list shows it. */
export function customerSummary(index: CustomerIndex, i: number): CustomerSummary {
  const text = (name: (typeof CUSTOMER_TEXTS)[number]) => index.texts[name].at(i) ?? null;
  const mrr = index.mrr[i]!;
  const firstPaid = text('first_paid');
  return {
    customer_id: index.ids[i]!,
    name: text('name'),
    email: text('email'),
    country: text('country'),
    segment: text('segment'),
    channel: text('channel'),
    mrr,
    plan: text('plan'),
    status: customerStatus(firstPaid, mrr),
    first_paid: firstPaid,
    churned_on: text('churned_on'),
  };
}

/** Active (paying), churned (paid before) or never paid. */
export function customerStatus(firstPaid: string | null, mrr: number): CustomerSummary['status'] {
  return !firstPaid ? 'never_paid' : mrr > 0 ? 'active' : 'churned';
}

/** One customer's page: what makes up its MRR on `today`, its history and movements, its rows. */
export interface CustomerPage {
  /** The lines that make up its MRR today. */
  lines: CustomerMrrLine[];
  delinquentInvoice: string | null;
  /** Its MRR after each change of its inputs. */
  history: { date: string; mrr: number }[];
  movements: MovementRecord[];
  subscriptions: RowOfKind['subscriptions'][];
  /** Its customers row, null without one. */
  row: RowOfKind['customers'] | null;
}

/**
 * One customer's page on `today` (ISO, the day its list entry was valued), from the
 * engine run over its rows alone: the same figures as the workspace's computation.
 */
export async function customerPage(
  store: Store,
  workspaceId: string,
  customerId: string,
  today: string,
): Promise<CustomerPage> {
  const now = parseIsoDay(today)!;
  const ledger = await customerLedger(store, { workspaceId, customerIds: [customerId], to: now });
  const { mrr } = ledger;
  const book = mrr.customers;
  const major = (minor: number) => toMajor(minor, mrr.currency);
  const c = book.indexOf(customerId);
  const movements = movementRecords(mrr, mrr.movements ?? []).sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  const optionalDay = (d: Day | null) => (d === null || d === OPEN_END ? null : formatDay(d));
  const { lines, delinquentInvoice } = customerLinesOn(ledger, customerId, now);
  return {
    delinquentInvoice,
    lines: lines.map(({ line, mrr: share }) => ({
      source: line.source,
      id: line.id,
      line_id: line.lineId,
      kind: line.kind,
      plan: line.plan,
      currency: line.currency,
      quantity: line.quantity,
      amount: toMajor(line.amount, line.currency),
      interval: line.interval,
      interval_count: line.intervalCount,
      discount_percent: line.discountPercent,
      discount: toMajor(line.discount, line.currency),
      period_start: optionalDay(line.periodStart),
      period_end: optionalDay(line.periodEnd),
      from: formatDay(line.from),
      until: optionalDay(line.to),
      monthly: toMajor(Math.round(line.monthly), line.currency),
      fx_rate:
        book.factor(line.currency, now) *
        10 ** (minorDigits(line.currency) - minorDigits(mrr.currency)),
      mrr: major(share),
    })),
    history:
      c < 0 ? [] : book.history(c).map((h) => ({ date: formatDay(h.day), mrr: major(h.mrr) })),
    movements,
    subscriptions: [...(ledger.subscriptions.get(customerId) ?? [])],
    row: ledger.customers.get(customerId) ?? null,
  };
}

export type { CohortTable, ContributorsReport, MetricsReport, MovementRecord };
export type { CohortRecord } from '../metrics/report.ts';

/** The customers and source rows behind one metric's value in one period (`movements --period`). */
export async function contributorsOf(
  store: Store,
  query: Omit<RangeQuery, 'from' | 'segment'> & { metric: string; period: string },
): Promise<ContributorsReport> {
  if (!isMetricId(query.metric))
    throw new ApiError(404, 'unknown_metric', `unknown metric "${query.metric}"`);
  const settings = await store.workspace(query.workspaceId);
  return metricContributors(store, {
    workspaceId: query.workspaceId,
    metric: query.metric,
    period: query.period,
    interval: query.interval,
    mode: query.mode,
    to: query.to === undefined ? today(settings.timeZone) : parseRangeBound(query.to, 'end', 'to'),
  });
}

// ---------------------------------------------------------------------------------------
// Segments, comparisons, presets, breakdowns (issue 3 surfaced through the API)

export interface SeriesQuery extends RangeQuery {
  /** Metric ids (empty: all, unless a preset chooses them). */
  readonly metrics: readonly string[];
  /** `attribute=value` filters (`country=FR|DE` matches either); all must match. */
  readonly segment?: readonly string[] | undefined;
  /** Stage preset id: its metrics come first. */
  readonly preset?: string | undefined;
  /** Add each period's comparisons with the previous period and a year earlier (query.ts). */
  readonly compare?: boolean | 'complete' | undefined;
  /** The language of the missing-input reasons (BCP 47; default English). */
  readonly locale?: string | undefined;
}

export type SegmentedReport = QueryReport & {
  segment?: Record<string, string[]>;
  preset?: string;
};

export interface BreakdownReport extends SegmentedReport {
  by: string;
  series: { value: string; periods: MetricsReport['periods'] }[];
}

export const PRESET_IDS = STAGE_PRESET_IDS;

export function presets(): readonly StagePreset[] {
  return STAGE_PRESETS;
}

/**
 * Metrics per period for the workspace or a segment, with comparisons when asked: the
 * same computation as `northstar metrics --segment … --compare`. With `by`, one series per
 * value of that attribute beside the total.
 */
export async function segmentedSeries(
  store: Store,
  query: SeriesQuery & { by?: string | undefined },
): Promise<SegmentedReport | BreakdownReport> {
  const segment = parseSegments(query.segment);
  const answer = await queryMetrics(store, { ...query, segment, compare: query.compare ?? false });
  const total: SegmentedReport = { ...answer.report };
  if (segment.length > 0)
    total.segment = Object.fromEntries(segment.map((f) => [f.attribute, [...f.values]]));
  if (query.preset !== undefined) total.preset = query.preset;
  if (answer.series === null) return total;
  return {
    ...total,
    by: query.by!,
    series: answer.series.map((s) => ({ value: s.value, periods: s.report.periods })),
  };
}

/**
 * The kinds of data `segmentedSeries` computes the query's answer from; undefined (every
 * kind) for a query it will refuse, which then answers its error.
 */
export function seriesKinds(query: SeriesQuery): ImportKind[] | undefined {
  try {
    return kindsOfQuery(query.metrics, query.preset);
  } catch (error) {
    if (error instanceof QueryError) return undefined;
    throw error;
  }
}

/**
 * Whether a customer is in a segment today (the customers list): static attributes as the
 * metrics read them, the plan as the one in force today (the list's own `plan`, the
 * engine's one definition). Null when no filter is given.
 */
export async function customerSegmentMatcher(
  store: Store,
  workspaceId: string,
  texts: readonly string[] | undefined,
): Promise<((customerId: string, planToday: string | null) => boolean) | null> {
  const filters = parseSegments(texts);
  if (filters.length === 0) return null;
  const plans = filters.filter((f) => f.attribute === PLAN);
  const matchesStatic = customerMatcher(
    await segmentAttributes(store, workspaceId, filters),
    filters.filter((f) => f.attribute !== PLAN),
  );
  return (id, planToday) =>
    matchesStatic(id) && plans.every((f) => f.values.includes(planToday ?? NONE));
}

/** Attributes a segment filter can use, each with the values it takes. */
export async function segmentCatalog(
  store: Store,
  workspaceId: string,
): Promise<{ attribute: string; values: string[] }[]> {
  // Plans come from subscription rows and the lines that carry MRR (usage lines' plans too),
  // and customer attributes from their columns, read by the store without a row object: a
  // million-customer workspace's picker reads neither its millions of subscription rows
  // nor its customers' whole rows.
  const [custom, plans, withoutRow] = await Promise.all([
    store.customAttributeNames(workspaceId),
    store.readPlans(workspaceId),
    store.hasCustomersWithoutRow(workspaceId),
  ]);
  const columns = ['country', 'segment', 'channel', ...custom];
  const table = await store.readCustomerAttributes(workspaceId, columns);
  const byColumn = columns.flatMap((attribute, j) =>
    table.values[j]!.some((value) => value !== null)
      ? [{ attribute, values: attributeValues(table, attribute, withoutRow) }]
      : [],
  );
  const byPlan = plans.some((v) => v !== NONE) ? [{ attribute: PLAN, values: plans }] : [];
  return [...byPlan, ...byColumn];
}

// ---------------------------------------------------------------------------------------
// Benchmarks (the `northstar benchmarks` computation)

/** Every metric a benchmark figure is about, and the scale the figures are chosen by. */
const BENCHMARKED = [...new Set([...BENCHMARKS.map((b) => b.metric), 'arpa', 'arr'])];

export interface BenchmarkItem {
  metric: string;
  group: string;
  measure: string;
  median: number | null;
  average: number | null;
  p25: number | null;
  p75: number | null;
  low: number | null;
  high: number | null;
  /** Whether the figure's scope (ARPA, ACV, ARR band) fits the workspace. */
  applies: boolean;
  /** The workspace's value in the last complete month (presented units). */
  value: number | null;
  /** Where the value stands against the figure, in words. */
  position: string | null;
  source: { publisher: string; title: string; year: number; url: string | null };
  /** The source is older than 24 months. */
  stale: boolean;
}

export async function benchmarkTable(
  store: Store,
  workspaceId: string,
  locale = 'en',
): Promise<{ period: string; currency: string; notes: string[]; items: BenchmarkItem[] }> {
  const now = today((await store.workspace(workspaceId)).timeZone);
  const month = await lastCompleteMonth(store, workspaceId, BENCHMARKED, now);
  const { settings } = month;
  const raw = month.value;
  const usd = month.presented;
  const fitting = new Set(applicable(BENCHMARKS, { arpa: usd('arpa'), arr: usd('arr') }));
  const items = BENCHMARKS.map((b): BenchmarkItem => {
    const metric = metricById(b.metric)!;
    const v = raw(b.metric);
    return {
      metric: b.metric,
      group: benchmarkText(locale, b.group),
      measure: benchmarkText(locale, b.measure),
      median: b.median ?? null,
      average: b.average ?? null,
      p25: b.p25 ?? null,
      p75: b.p75 ?? null,
      low: b.low ?? null,
      high: b.high ?? null,
      applies: fitting.has(b),
      value: v === null ? null : metric.unit === 'money' ? toMajor(v, settings.currency) : v,
      position: v === null ? null : placeAgainst(b, v, locale),
      source: {
        ...b.source,
        publisher: benchmarkText(locale, b.source.publisher),
        url: b.source.url ?? null,
      },
      stale: isStale(b.source, now),
    };
  });
  const notes = [
    'Figures are quoted as published, never interpolated (docs/benchmarks.md).',
    settings.currency === 'USD'
      ? ''
      : `Bands are in USD; this workspace reports in ${settings.currency}.`,
    items.some((i) => i.stale)
      ? 'Some sources are more than 24 months old: read them as orders of magnitude.'
      : '',
  ].filter(Boolean);
  return {
    period: month.period ?? formatDay(month.lastDay).slice(0, 7),
    currency: settings.currency,
    notes,
    items,
  };
}

export function metricUnit(id: string): string | null {
  return metricById(id)?.unit ?? null;
}
