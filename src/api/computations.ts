import { evaluateAlerts } from '../alerts/service.ts';
import { goalStatuses } from '../goals/service.ts';
import { explainChange, InsightError } from '../insights/service.ts';
import { runDueReports } from '../reports/service.ts';
import { DataError } from '../model/errors.ts';
import { keepMrrResults } from '../metrics/stored-mrr.ts';
import type { Store } from '../store/store.ts';
import { ApiError } from './errors.ts';
import { packCustomerIndex } from './customer-index-packing.ts';
import { packRiskReport } from './risk-packing.ts';
import { packMovementFeed } from './movement-feed-packing.ts';
import { scoreChurnRisk } from '../risk/service.ts';
import { RiskError } from '../risk/model.ts';
import {
  benchmarkTable,
  cohortTable,
  contributorsOf,
  QueryError,
  queryApiError,
  customerIndex,
  movementLog,
  segmentCatalog,
  segmentedSeries,
  type SeriesQuery,
} from './metrics-source.ts';

/**
 * The answers the API computes from a whole workspace and memoizes (compute-cache.ts), as
 * named jobs over a Store: the server runs them on its compute workers (compute-pool.ts)
 * or, without workers, in its own thread. Arguments and results are plain data (they
 * cross threads by structured clone); the `/metrics` report comes back as its JSON text,
 * serialized where it was computed.
 */
export const COMPUTATIONS = {
  /** `/metrics` (the overview's request), as JSON text. */
  metrics: async (store: Store, query: SeriesQuery & { by?: string | undefined }) =>
    JSON.stringify(await segmentedSeries(store, query)),
  benchmarks: (
    store: Store,
    { workspaceId, language }: { workspaceId: string; language?: string },
  ) => benchmarkTable(store, workspaceId, language),
  segments: (store: Store, { workspaceId }: { workspaceId: string }) =>
    segmentCatalog(store, workspaceId),
  /** `/cohorts`, its downloads and `/retention`: the monthly cohorts table. */
  cohorts: (store: Store, q: Parameters<typeof cohortTable>[1]) => cohortTable(store, q),
  /** `/movements` and its downloads: the movements feed of a range, packed to cross threads. */
  movements: async (store: Store, q: Parameters<typeof movementLog>[1]) =>
    packMovementFeed(await movementLog(store, q)),
  /** `/metrics/:id/contributors`: the customers behind a metric's value in a period. */
  contributors: (store: Store, q: Parameters<typeof contributorsOf>[1]) => contributorsOf(store, q),
  /** `/risk`: every paying customer's churn risk, packed to cross threads. */
  risk: async (store: Store, q: { workspaceId: string; horizonDays: number }) => {
    try {
      const report = await scoreChurnRisk(store, q.workspaceId, new Date(), {
        horizonDays: q.horizonDays,
      });
      return packRiskReport(report);
    } catch (error) {
      if (error instanceof RiskError) throw new ApiError(422, 'data_error', error.message);
      throw error;
    }
  },
  /** The customers list's index: every customer's summary, packed to cross threads. */
  customers: async (store: Store, { workspaceId }: { workspaceId: string }) =>
    packCustomerIndex(await customerIndex(store, workspaceId)),
  /** `/goals/status`: every goal's progress and pacing at `now` (ms since the epoch). */
  goals: (store: Store, { workspaceId, now }: { workspaceId: string; now: number }) =>
    goalStatuses(store, workspaceId, new Date(now)),
  /**
   * After a write and on the server's timer: the workspace's alert rules evaluated, state
   * recorded and notifications sent; a warning for each delivery that failed.
   */
  alerts: async (store: Store, { workspaceId, now }: { workspaceId: string; now: number }) => {
    const checks = await evaluateAlerts(store, workspaceId, new Date(now));
    return checks.flatMap((c) =>
      (c.event?.deliveries ?? [])
        .filter((d) => !d.ok)
        .map(
          (d) =>
            `alert "${c.rule.name}": delivery to ${d.channel} failed: ${d.error ?? 'unknown error'}`,
        ),
    );
  },
  /** On the server's timer: the report digests that are due, sent; a warning per failure. */
  reports: async (store: Store, { workspaceId, now }: { workspaceId: string; now: number }) => {
    const runs = await runDueReports(store, workspaceId, new Date(now));
    return runs.flatMap((r) =>
      r.deliveries
        .filter((d) => !d.ok)
        .map(
          (d) =>
            `report ${r.scheduleId}: delivery to ${d.channel} failed: ${d.error ?? 'unknown error'}`,
        ),
    );
  },
  /** Stored MRR results, started when the workspace keeps none (stored-mrr.ts). */
  keepResults: (store: Store, { workspaceId }: { workspaceId: string }) =>
    keepMrrResults(store, workspaceId),
  insights: async (
    store: Store,
    q: {
      workspaceId: string;
      metric: string;
      period?: string;
      compareWith?: string;
      top: number;
      locale?: string;
    },
  ) => {
    try {
      return await explainChange(store, q.workspaceId, {
        metric: q.metric,
        ...(q.period ? { period: q.period } : {}),
        ...(q.compareWith ? { compareWith: q.compareWith } : {}),
        topCustomers: q.top,
        ...(q.locale ? { locale: q.locale } : {}),
      });
    } catch (error) {
      if (error instanceof InsightError) throw new ApiError(400, 'bad_request', error.message);
      throw error;
    }
  },
} as const;

export type ComputationName = keyof typeof COMPUTATIONS;
export type ComputationArgs<N extends ComputationName> = Parameters<(typeof COMPUTATIONS)[N]>[1];
export type ComputationResult<N extends ComputationName> = Awaited<
  ReturnType<(typeof COMPUTATIONS)[N]>
>;

/** Runs one computation against a store (in whichever thread calls it). */
export function runComputation<N extends ComputationName>(
  store: Store,
  name: N,
  args: ComputationArgs<N>,
): Promise<ComputationResult<N>> {
  const compute = COMPUTATIONS[name] as (
    store: Store,
    args: ComputationArgs<N>,
  ) => Promise<ComputationResult<N>>;
  return compute(store, args);
}

/** An error as it crosses from a worker: what the request answers, or an internal failure. */
export type ComputationFailure =
  | {
      readonly kind: 'answer';
      readonly statusCode: number;
      readonly code: ApiError['code'];
      readonly message: string;
      readonly extra: Record<string, unknown>;
    }
  | { readonly kind: 'internal'; readonly message: string; readonly stack: string | null };

/** What a failed computation means over HTTP (the worker side: classes do not cross threads). */
export function describeFailure(error: unknown): ComputationFailure {
  const answer =
    error instanceof QueryError
      ? queryApiError(error)
      : error instanceof DataError
        ? new ApiError(422, 'data_error', error.message)
        : error;
  if (answer instanceof ApiError)
    return {
      kind: 'answer',
      statusCode: answer.statusCode,
      code: answer.code,
      message: answer.message,
      extra: answer.extra,
    };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'internal', message: e.message, stack: e.stack ?? null };
}

/** The error a request sees (the server side). */
export function failureError(failure: ComputationFailure): Error {
  if (failure.kind === 'answer')
    return new ApiError(failure.statusCode, failure.code, failure.message, failure.extra);
  const error = new Error(`compute worker: ${failure.message}`);
  if (failure.stack) error.stack = `${error.message}\n(in the worker) ${failure.stack}`;
  return error;
}
