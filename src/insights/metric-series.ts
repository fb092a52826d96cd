/**
 * The one adapter between the goals / alerts / insights / reports modules and src/metrics.
 * src/metrics is being extended concurrently (more KPIs, segments, comparisons); every
 * number these modules use passes through here, so a change there is absorbed in one file.
 */
import { toMinor } from '../model/money.ts';
import { type Day } from '../model/day.ts';
import type { Interval } from '../model/period.ts';
import type { Store } from '../store/store.ts';
import { METRICS, metricById, type MetricDirection, type MetricUnit } from '../metrics/registry.ts';
import { metricsReport, movementRecords, selectMetrics } from '../metrics/report.ts';
import { computeWorkspace } from '../metrics/service.ts';
import { todayIn } from '../model/today.ts';

export type { MetricUnit, MetricDirection };

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
  selectMetrics(ids);
}

export interface SeriesRequest {
  readonly to: Day;
  readonly metrics: readonly string[];
  readonly interval?: Interval;
  readonly from?: Day;
}

export async function loadSeries(
  store: Store,
  workspaceId: string,
  request: SeriesRequest,
): Promise<SeriesSet> {
  const metrics = selectMetrics(request.metrics);
  const mrr = await computeWorkspace(store, {
    workspaceId,
    interval: request.interval ?? 'month',
    mode: 'event',
    from: request.from,
    to: request.to,
  });
  const report = metricsReport(mrr, metrics);
  return {
    currency: report.currency,
    interval: mrr.interval,
    periods: report.periods.map((p) => ({ label: p.period, start: p.start, end: p.end })),
    values: Object.fromEntries(
      metrics.map((m) => [m.id, report.periods.map((p) => p.metrics[m.id] ?? null)]),
    ),
  };
}

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

export interface MovementData {
  readonly series: SeriesSet;
  readonly movements: readonly CustomerMovement[];
}

const ENGINE_TYPE: Readonly<Record<string, MovementKind>> = {
  new: 'new',
  expansion: 'expansion',
  reactivation: 'reactivation',
  contraction: 'contraction',
  churned: 'churn',
};

/** Monthly (or other interval) series of the given metrics together with every movement. */
export async function loadMovementData(
  store: Store,
  workspaceId: string,
  request: SeriesRequest,
): Promise<MovementData> {
  const metrics = selectMetrics(request.metrics);
  const mrr = await computeWorkspace(store, {
    workspaceId,
    interval: request.interval ?? 'month',
    mode: 'event',
    from: request.from,
    to: request.to,
    collectMovements: true,
  });
  const report = metricsReport(mrr, metrics);
  const movements = movementRecords(mrr, mrr.movements ?? []).map((r) => {
    const type = ENGINE_TYPE[r.type];
    if (!type) throw new Error(`unexpected movement type "${r.type}"`);
    return {
      customerId: r.customer_id,
      date: r.date,
      type,
      amount: toMinor(r.amount, mrr.currency),
      after: toMinor(r.mrr_after, mrr.currency),
    };
  });
  return {
    series: {
      currency: report.currency,
      interval: mrr.interval,
      periods: report.periods.map((p) => ({ label: p.period, start: p.start, end: p.end })),
      values: Object.fromEntries(
        metrics.map((m) => [m.id, report.periods.map((p) => p.metrics[m.id] ?? null)]),
      ),
    },
    movements,
  };
}

export const SEGMENT_DIMENSIONS = ['plan', 'country', 'channel', 'segment'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

export interface CustomerProfile {
  readonly name: string | null;
  readonly segments: Readonly<Record<string, string>>;
}

/**
 * Each customer's segment values: country, channel and segment from the customers file,
 * plan from the latest subscription that names one, and custom attributes.
 */
export async function loadCustomerProfiles(
  store: Store,
  workspaceId: string,
): Promise<Map<string, CustomerProfile>> {
  const [customers, subscriptions] = await Promise.all([
    store.readRows(workspaceId, 'customers'),
    store.readRows(workspaceId, 'subscriptions'),
  ]);
  const plan = new Map<string, { start: number; plan: string }>();
  for (const s of subscriptions) {
    if (s.plan === null) continue;
    const seen = plan.get(s.customer_id);
    if (!seen || s.start_date >= seen.start)
      plan.set(s.customer_id, { start: s.start_date, plan: s.plan });
  }
  const profiles = new Map<string, CustomerProfile>();
  for (const c of customers) {
    const segments: Record<string, string> = { ...c.attributes };
    if (c.country) segments.country = c.country;
    if (c.channel) segments.channel = c.channel;
    if (c.segment) segments.segment = c.segment;
    const p = plan.get(c.customer_id);
    if (p) segments.plan = p.plan;
    profiles.set(c.customer_id, { name: c.name, segments });
  }
  for (const [id, p] of plan)
    if (!profiles.has(id)) profiles.set(id, { name: null, segments: { plan: p.plan } });
  return profiles;
}

export async function workspaceToday(store: Store, workspaceId: string, now: Date): Promise<Day> {
  const settings = await store.workspace(workspaceId);
  return todayIn(settings.timeZone, now);
}
