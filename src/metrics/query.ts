/**
 * The metrics layer's entry: every surface (CLI, API, dashboard, goals, alerts, digests,
 * exports, insights, forecasts) asks for a metric value or series here. A query always
 * reads the workspace's settings and the facts of every kind its metrics need, so the same
 * metric of the same period is the same number wherever it is shown. The texts users type
 * (ranges, segments, presets, metric ids) are parsed here too, once for all surfaces.
 */
import { DataError } from '../model/errors.ts';
import { didYouMean } from '../model/suggest.ts';
import { formatDay, lastCompleteMonthEnd, parseDayOrMonth, type Day } from '../model/day.ts';
import { nextPeriodStart, periodStart, type Interval } from '../model/period.ts';
import type { ImportKind } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import { todayIn } from '../model/today.ts';
import type { Store } from '../store/store.ts';
import type { MovementMode, MrrFacts } from '../engine/mrr.ts';
import type { CustomerMrr } from '../engine/customer-mrr.ts';
import { kindsToRead } from '../engine/business.ts';
import { parseSegmentFilter, type SegmentFilter } from '../engine/segments.ts';
import { missingReasons } from './missing.ts';
import { presetById, STAGE_PRESETS, type StagePreset } from './presets.ts';
import {
  METRICS,
  inputKinds,
  metricById,
  type MetricDefinition,
  type MetricDirection,
  type MetricUnit,
} from './registry.ts';
import { metricsReport, type MetricsReport, type ReportOptions } from './report.ts';
import { equivalentDay } from './compare.ts';
import type { RecomputeProgress } from './stored-mrr.ts';
import {
  computeWorkspaceFacts,
  computeWorkspaceSeries,
  kindsComputedFrom,
  type FactsRequest,
  type WorkspaceFacts,
} from './service.ts';

export type { MetricDirection, MetricUnit };

/** A query that cannot be answered as asked; `code` says how (the API's error codes). */
/** A request the user can correct (a DataError, so the CLI prints it without a stack). */
export class QueryError extends DataError {
  constructor(
    readonly code: 'invalid_range' | 'unknown_metric' | 'bad_request' | 'data_error',
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// What users type

/** `YYYY-MM` or `YYYY-MM-DD` as the first (`start`) or last (`end`) day it names. */
export function parseRangeBound(text: string, bound: 'start' | 'end', name: string): Day {
  const day = parseDayOrMonth(text, bound);
  if (day === null)
    throw new QueryError(
      'invalid_range',
      `${name} "${text}" is not a month (YYYY-MM) or a date (YYYY-MM-DD)`,
    );
  return day;
}

/** `attribute=value` texts (`country=FR|DE` matches either) as segment filters. */
export function parseSegments(texts: readonly string[] | undefined): SegmentFilter[] {
  return (texts ?? []).map((text) => {
    try {
      return parseSegmentFilter(text);
    } catch (error) {
      throw new QueryError('bad_request', (error as Error).message);
    }
  });
}

const METRIC_IDS = METRICS.map((m) => m.id);

/** The metrics asked for: a preset's first, then the ids given; every metric when neither. */
export function resolveMetrics(
  ids: readonly string[],
  presetId?: string,
): { metrics: MetricDefinition[]; preset: StagePreset | null } {
  let preset: StagePreset | null = null;
  if (presetId !== undefined) {
    preset = presetById(presetId) ?? null;
    if (!preset)
      throw new QueryError(
        'bad_request',
        `unknown preset "${presetId}"; presets: ${STAGE_PRESETS.map((p) => p.id).join(', ')}`,
      );
  }
  const unique = [...new Set([...(preset?.metrics ?? []), ...ids])];
  const unknown = unique.filter((id) => metricById(id) === undefined);
  if (unknown.length > 0)
    throw new QueryError(
      'unknown_metric',
      `unknown metric${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"${didYouMean(id, METRIC_IDS)}`).join(', ')}; known metrics: ${METRIC_IDS.join(', ')}`,
    );
  return {
    metrics: unique.length === 0 ? [...METRICS] : unique.map((id) => metricById(id)!),
    preset,
  };
}

/** The last day of history: of `to` (`YYYY-MM` or a date), else of the last complete month. */
export function historyEnd(timeZone: string, to: string | undefined, now?: Date): Day {
  if (to !== undefined) return parseRangeBound(to, 'end', 'to');
  // The running month would read as a sudden drop.
  return lastCompleteMonthEnd(todayIn(timeZone, now));
}

/** Today in the workspace's time zone. */
export async function workspaceToday(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
): Promise<Day> {
  return todayIn((await store.workspace(workspaceId)).timeZone, now);
}

// ---------------------------------------------------------------------------------------
// Metric values and series

export interface MetricQuery {
  readonly workspaceId: string;
  /** Metric ids (empty or absent with no preset: every metric). */
  readonly metrics?: readonly string[];
  /** A stage preset: its metrics come first. */
  readonly preset?: string | undefined;
  readonly interval?: Interval;
  readonly mode?: MovementMode;
  /** `YYYY-MM` or `YYYY-MM-DD`: the first period shown. */
  readonly from?: string | undefined;
  /** `YYYY-MM` or `YYYY-MM-DD`: the last day of history taken into account (default today). */
  readonly to?: string | undefined;
  /** Only the customers and rows of this segment (all filters must match). */
  readonly segment?: readonly SegmentFilter[];
  /** One series per value of this attribute beside the total. */
  readonly by?: string | undefined;
  /**
   * Add each period beside the previous one and a year earlier; a running period beside
   * the same days of the previous one. `complete`: the complete periods only (a running
   * period is compared with nothing), which spares computing that cut history again.
   */
  readonly compare?: boolean | 'complete';
  /** Keep every movement (the movement log, insights, risk). */
  readonly movements?: boolean;
  /** The clock "today" is read from (tests pin it). */
  readonly now?: Date;
  /** Definition switches over the workspace's (see ComputeRequest.definitions). */
  readonly definitions?: Partial<WorkspaceSettings>;
  /** The language of the missing-input reasons (BCP 47; default English). */
  readonly locale?: string | undefined;
  /**
   * Progress of a full recompute of the workspace's stored results, should answering need
   * one (a new day, or changed settings, since they were stored): tens of seconds at a
   * million customers.
   */
  readonly onRecompute?: (progress: RecomputeProgress) => void;
}

export type QueryReport = MetricsReport & {
  /** Metrics without their inputs (null in every period) and why: always present, maybe empty. */
  missing: Record<string, string>;
};

export interface BreakdownSeries {
  readonly value: string;
  readonly facts: WorkspaceFacts;
  readonly report: MetricsReport;
}

export interface MetricAnswer {
  readonly metrics: readonly MetricDefinition[];
  readonly preset: StagePreset | null;
  readonly settings: WorkspaceSettings;
  /** The days the report covers, ISO (`from` absent: from the first period with data). */
  readonly range: { readonly from?: string; readonly to: string };
  /** The workspace's (or the segment's) facts: MRR with movements when asked, the other kinds. */
  readonly facts: WorkspaceFacts;
  readonly report: QueryReport;
  /** With `by`: one series per value of the attribute. */
  readonly series: readonly BreakdownSeries[] | null;
}

/** The one query: metrics per period for the workspace, a segment, or a breakdown. */
export async function queryMetrics(store: Store, query: MetricQuery): Promise<MetricAnswer> {
  const resolved = await resolveQuery(store, query);
  const facts = await computeWorkspaceFacts(store, resolved.request);
  const { answer } = resolved;
  const sameDays = query.compare === true ? await sameDaysFacts(store, resolved) : undefined;
  return {
    ...answer,
    facts,
    report: { ...resolved.reportOf(facts, sameDays), missing: answer.missing },
    series: query.by === undefined ? null : await seriesBy(store, resolved, query.by),
  };
}

export type BreakdownAnswer = Omit<MetricAnswer, 'facts' | 'report' | 'series'> & {
  readonly missing: Readonly<Record<string, string>>;
  readonly series: readonly BreakdownSeries[];
};

/** `queryMetrics` with `by`, without the total: one series per value of the attribute. */
export async function queryBreakdown(
  store: Store,
  query: MetricQuery & { readonly by: string },
): Promise<BreakdownAnswer> {
  const resolved = await resolveQuery(store, query);
  return { ...resolved.answer, series: await seriesBy(store, resolved, query.by) };
}

type ResolvedQuery = Awaited<ReturnType<typeof resolveQuery>>;

/** The metrics, settings, days and facts request of a query, and how its reports read. */
async function resolveQuery(store: Store, query: MetricQuery) {
  const { metrics, preset } = resolveMetrics(query.metrics ?? [], query.preset);
  const settings = { ...(await store.workspace(query.workspaceId)), ...query.definitions };
  const from = query.from === undefined ? undefined : parseRangeBound(query.from, 'start', 'from');
  const to =
    query.to === undefined
      ? todayIn(settings.timeZone, query.now)
      : parseRangeBound(query.to, 'end', 'to');
  if (from !== undefined && from > to)
    throw new QueryError('invalid_range', `from ${query.from} is after to ${formatDay(to)}`);
  const range = { ...(from === undefined ? {} : { from: formatDay(from) }), to: formatDay(to) };
  const segment = query.segment ?? [];
  const counts = await store.counts(query.workspaceId);
  const request: FactsRequest = {
    workspaceId: query.workspaceId,
    interval: query.interval ?? 'month',
    mode: query.mode ?? 'event',
    from,
    to,
    segment,
    collectMovements: query.movements === true,
    kinds: kindsToRead(inputKinds(metrics), counts),
    ...(query.definitions === undefined ? {} : { definitions: query.definitions }),
    storedResults:
      query.to === undefined &&
      query.definitions === undefined &&
      query.movements !== true &&
      segment.length === 0 &&
      (query.interval ?? 'month') === 'month' &&
      (query.mode ?? 'event') === 'event',
    onRecompute: query.onRecompute,
  };
  // Why a metric is null: an absent import, or a segment that cannot carry it (with `by`,
  // the breakdown attribute counts as a segment).
  const cut = query.by === undefined ? segment : [...segment, { attribute: query.by }];
  const missing = missingReasons(metrics, counts, cut, query.locale);
  // A period running past today is partial (month-to-date), on every surface.
  const today = todayIn(settings.timeZone, query.now);
  const reportOf = (facts: WorkspaceFacts, sameDays?: ReportOptions['sameDays']) =>
    metricsReport(facts.mrr, metrics, range, {
      business: facts.business,
      settings: facts.settings,
      comparisons: query.compare === true || query.compare === 'complete',
      missing,
      today: formatDay(today),
      ...(sameDays ? { sameDays } : {}),
    });
  const through = Math.min(to, today);
  return { answer: { metrics, preset, settings, range, missing }, request, reportOf, through };
}

/**
 * The kinds of data the answer of a query of these metrics (and preset) is computed from:
 * a write of another kind alone (usage events, beside the MRR overview) leaves it as it is.
 */
export function kindsOfQuery(ids: readonly string[], presetId?: string): ImportKind[] {
  return kindsComputedFrom(inputKinds(resolveMetrics(ids, presetId).metrics));
}

/**
 * While a period runs, the same history cut on the previous period's equivalent day: the
 * running period is compared with those days (1–6 November beside 1–6 December) through the
 * same engine and formulas. Undefined when the last period is complete.
 */
async function sameDaysFacts(
  store: Store,
  { request, through }: ResolvedQuery,
): Promise<ReportOptions['sameDays']> {
  const start = periodStart(through, request.interval);
  if (nextPeriodStart(start, request.interval) - 1 <= through) return undefined;
  const previous = { start: periodStart(start - 1, request.interval), end: start - 1 };
  const cut = equivalentDay(start, through, previous);
  const facts = await computeWorkspaceFacts(store, {
    ...request,
    to: cut,
    collectMovements: false,
    // The stored results run through today: a cut history is computed from its rows.
    storedResults: false,
  });
  return { mrr: facts.mrr, business: facts.business, through: cut };
}

async function seriesBy(
  store: Store,
  resolved: ResolvedQuery,
  by: string,
): Promise<BreakdownSeries[]> {
  const series = await computeWorkspaceSeries(store, resolved.request, by);
  return series.map((s) => ({ ...s, report: resolved.reportOf(s.facts) }));
}

// ---------------------------------------------------------------------------------------
// The shape goals, alerts, digests and exports read

export interface MetricInfo {
  readonly id: string;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly direction: MetricDirection;
}

export interface SeriesPeriod {
  readonly label: string;
  /** ISO dates, inclusive. */
  readonly start: string;
  readonly end: string;
}

/**
 * Metric values per period as `northstar metrics --format json` presents them: money in
 * major units (what people type as thresholds and targets), rates as fractions.
 */
export interface SeriesSet {
  readonly currency: string;
  readonly interval: Interval;
  readonly periods: readonly SeriesPeriod[];
  readonly values: Readonly<Record<string, readonly (number | null)[]>>;
}

export function listMetrics(): MetricInfo[] {
  return METRICS.map(info);
}

export function metricInfo(id: string): MetricInfo | undefined {
  const metric = metricById(id);
  return metric ? info(metric) : undefined;
}

function info(m: MetricInfo): MetricInfo {
  return { id: m.id, label: m.label, unit: m.unit, direction: m.direction };
}

/** Throws a readable error naming the known metrics when an id is unknown. */
export function assertMetrics(ids: readonly string[]): void {
  resolveMetrics(ids);
}

/** A report's values by metric id. */
export function seriesSet(answer: MetricAnswer): SeriesSet {
  const { report, metrics } = answer;
  return {
    currency: report.currency,
    interval: answer.facts.mrr.interval,
    periods: report.periods.map((p) => ({ label: p.period, start: p.start, end: p.end })),
    values: Object.fromEntries(
      metrics.map((m) => [m.id, report.periods.map((p) => p.metrics[m.id] ?? null)]),
    ),
  };
}

/** `queryMetrics` as values by metric id (goals, alerts, digests, exports). */
export async function querySeries(store: Store, query: MetricQuery): Promise<SeriesSet> {
  return seriesSet(await queryMetrics(store, query));
}

/** The MRR facts with every movement (movement log, cohorts, insights, risk). */
export async function queryMovements(
  store: Store,
  query: Omit<MetricQuery, 'metrics' | 'preset' | 'by' | 'compare' | 'movements'>,
): Promise<{ mrr: MrrFacts; range: MetricAnswer['range'] }> {
  const answer = await queryMetrics(store, { ...query, metrics: ['mrr'], movements: true });
  return { mrr: answer.facts.mrr, range: answer.range };
}

// ---------------------------------------------------------------------------------------
// Monthly history (forecasts, forecast history)

export interface MonthlyHistory {
  readonly metric: MetricDefinition;
  readonly currency: string;
  /** `YYYY-MM` of each complete month, oldest first. */
  readonly periods: string[];
  readonly values: number[];
}

/**
 * A metric as a series of complete months up to `to` (default: the last complete month;
 * the running month would read as a drop), the months before the business had a value
 * dropped (a run of zeros would read as a flat start). Without `to` the months are
 * computed with everything known today (a payment made this month counts), so they are
 * the numbers every other surface shows for them; with `to`, history after it is ignored.
 */
export async function monthlyHistory(
  store: Store,
  workspaceId: string,
  metricId: string,
  options: { to?: string | undefined; now?: Date; segment?: readonly SegmentFilter[] } = {},
): Promise<MonthlyHistory> {
  const { timeZone } = await store.workspace(workspaceId);
  const last = formatDay(historyEnd(timeZone, options.to, options.now));
  const answer = await queryMetrics(store, {
    workspaceId,
    metrics: [metricId],
    interval: 'month',
    ...(options.segment && options.segment.length > 0 ? { segment: options.segment } : {}),
    ...(options.to === undefined ? {} : { to: last }),
    ...(options.now ? { now: options.now } : {}),
  });
  const metric = answer.metrics[0]!;
  const periods: string[] = [];
  const values: number[] = [];
  for (const period of answer.report.periods) {
    if (period.end > last) continue;
    const value = period.metrics[metric.id] ?? null;
    if (values.length === 0 && (value === null || value === 0)) continue;
    if (value === null)
      throw new QueryError(
        'data_error',
        `${metric.id} is not defined for ${period.period} (a ratio over zero), so its series cannot be forecast`,
      );
    periods.push(period.period);
    values.push(value);
  }
  return { metric, currency: answer.report.currency, periods, values };
}

// ---------------------------------------------------------------------------------------
// Per-customer movements (insights, risk)

export const MOVEMENT_KINDS = ['new', 'expansion', 'reactivation', 'contraction', 'churn'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface CustomerMovement {
  readonly customerId: string;
  /** ISO date. */
  readonly date: string;
  readonly type: MovementKind;
  /** Positive magnitude, reporting-currency minor units. */
  readonly amount: number;
  /** The customer's MRR right after the movement, minor units (optional in hand-built data). */
  readonly after?: number;
}

const MOVEMENT_KIND: Readonly<Record<string, MovementKind>> = {
  new: 'new',
  expansion: 'expansion',
  reactivation: 'reactivation',
  contraction: 'contraction',
  churned: 'churn',
};

/**
 * Monthly (or other interval) values of the metrics asked for, with every movement, and
 * each customer's MRR on any day (`customers`, from the same computation).
 */
export async function queryCustomerMovements(
  store: Store,
  query: Omit<MetricQuery, 'by' | 'movements'>,
): Promise<{ series: SeriesSet; movements: CustomerMovement[]; customers: CustomerMrr }> {
  const answer = await queryMetrics(store, { ...query, movements: true });
  const { mrr } = answer.facts;
  const movements = (mrr.movements ?? []).map((m) => {
    const type = MOVEMENT_KIND[m.type];
    if (!type) throw new Error(`unexpected movement type "${m.type}"`);
    return {
      customerId: mrr.customerIds[m.customer]!,
      date: formatDay(m.day),
      type,
      amount: Math.round(m.amount),
      after: Math.round(m.after),
    };
  });
  return { series: seriesSet(answer), movements, customers: mrr.customers };
}
