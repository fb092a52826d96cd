import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { CachedJson } from '../cached-json.ts';
import { ApiError } from '../errors.ts';
import {
  type CohortTable,
  metricDefinitions,
  feedMovement,
  feedRowsOf,
  feedTotals,
  type FeedMovement,
  type MovementFeed,
  seriesKinds,
  type BreakdownReport,
  type SegmentedReport,
  type SeriesQuery,
} from '../metrics-source.ts';
import type { Lookup } from '../compute-cache.ts';
import type { ComputationArgs } from '../computations.ts';
import { unpackMovementFeed } from '../movement-feed-packing.ts';
import { asOfText, markAnswer } from '../as-of.ts';
import {
  ComparisonSchema,
  MetricDefinitionSchema,
  SegmentQuerySchema,
  MovementSchema,
  NullableNumber,
  PageQuerySchema,
  RangeQuerySchema,
  pageOf,
  withErrors,
} from '../schemas.ts';
import { StringEnum, Type, type Static } from '../typebox.ts';
import { columnsOf, rowOf, tableDownloads } from '../downloads.ts';
import { localeOf, LocaleQuerySchema, wordingLanguage } from '../locale.ts';
import { PRESET_IDS } from '../metrics-source.ts';

const PeriodSchema = Type.Object({
  period: Type.String({ description: 'label: 2024-01, 2024-Q1, 2024-W05, 2024, 2024-01-31' }),
  start: Type.String(),
  end: Type.String(),
  // Issue 14: the running period is labelled, never passed off as a whole one.
  partial: Type.Optional(
    Type.Literal(true, {
      description:
        'present when the period is still running (month-to-date…): its values cover only the days through `through`; with compare=true they are set beside the same days of the previous period (`comparison_period`), never beside whole periods',
    }),
  ),
  through: Type.Optional(Type.String({ description: 'last day counted in a partial period' })),
  comparison_period: Type.Optional(
    Type.Object(
      { period: Type.String(), from: Type.String(), through: Type.String() },
      {
        description:
          'a partial period with compare=true: the days of the previous period its comparisons read (as many days from its start: 2026-11-01 through 2026-11-06 beside 1–6 December), flows summed over them and stocks on their last day',
      },
    ),
  ),
});

const MetricsPeriods = Type.Array(
  Type.Composite([
    PeriodSchema,
    Type.Object({
      metrics: Type.Record(Type.String(), NullableNumber),
      comparisons: Type.Optional(
        Type.Record(Type.String(), ComparisonSchema, {
          description: 'with compare=true: each metric beside the previous period and a year ago',
        }),
      ),
    }),
  ]),
);

const MissingSchema = Type.Record(Type.String(), Type.String(), {
  description:
    'metrics that have no value (null in every period) because an input they need is absent, with the reason: `{"cac": "needs costs.csv (sales, marketing)"}`; empty when every metric asked for has its inputs. Same as `missing` in `northstar metrics --format json`',
});

const MetricsResponse = Type.Object({
  currency: Type.String(),
  interval: Type.String(),
  mode: Type.String(),
  segment: Type.Optional(
    Type.Record(Type.String(), Type.Array(Type.String()), {
      description: 'the segment filters applied',
    }),
  ),
  preset: Type.Optional(Type.String()),
  periods: MetricsPeriods,
  by: Type.Optional(Type.String({ description: 'with by=: the attribute broken down' })),
  series: Type.Optional(
    Type.Array(Type.Object({ value: Type.String(), periods: MetricsPeriods }), {
      description: 'with by=: one series per value of the attribute ("(none)": no value)',
    }),
  ),
  missing: MissingSchema,
  as_of: Type.String({
    description:
      'when the computation of this answer read the data (ISO 8601): every write finished before it is counted; also in the X-Northstar-As-Of header',
  }),
  stale: Type.Boolean({
    description:
      'true: the data changed since as_of and a fresh answer is being computed (ask again shortly); the answer never waits for it',
  }),
});

const MetricResponse = Type.Object({
  metric: MetricDefinitionSchema,
  currency: Type.String(),
  interval: Type.String(),
  mode: Type.String(),
  segment: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  periods: Type.Array(
    Type.Composite([
      PeriodSchema,
      Type.Object({ value: NullableNumber, comparison: Type.Optional(ComparisonSchema) }),
    ]),
  ),
  missing: Type.Union([Type.String(), Type.Null()], {
    description:
      'why the metric has no value here (an absent input, e.g. "needs costs.csv (sales, marketing)"); null when it has its inputs',
  }),
});

/** A `/metrics` query as the route validated it (defaults applied). */
export type MetricsQuery = SeriesQuery & { by?: string | undefined };

/** The cache key of a `/metrics` answer: every field, in a fixed order. */
function metricsKey(q: MetricsQuery): string {
  return JSON.stringify([
    q.workspaceId,
    q.metrics,
    q.interval,
    q.mode,
    q.from ?? null,
    q.to ?? null,
    q.segment ?? [],
    q.compare ?? false,
    q.by ?? null,
    q.preset ?? null,
    q.locale ?? null,
  ]);
}

/**
 * The `/metrics` answer, serialized once (where it was computed) and memoized (the
 * dashboard's hottest request: a report with comparisons is ~150 kB of JSON; serializing
 * it per request would dominate). The background warm-up calls this too, with the
 * overview's default query.
 */
export function metricsBody(ctx: ApiContext, query: MetricsQuery): Promise<Lookup<CachedJson>> {
  return ctx.cache.lookup(
    `metrics.json:${metricsKey(query)}`,
    async () => new CachedJson(await ctx.compute('metrics', query)),
    // Usage events arriving leave the MRR overview's answer current.
    { kinds: seriesKinds(query) },
  );
}

/**
 * The monthly cohorts table of a query, memoized per data version and computed on a compute
 * worker (`/cohorts`, its downloads, `/retention`): from the rows, at a million customers,
 * its merge and records held the answering thread for seconds.
 */
export function cohortsOf(
  ctx: ApiContext,
  query: ComputationArgs<'cohorts'>,
): Promise<CohortTable> {
  const { workspaceId, mode, from, to, segment } = query;
  const key = JSON.stringify([workspaceId, mode ?? null, from ?? null, to ?? null, segment ?? []]);
  return ctx.cache.run(`cohorts:${key}`, () => ctx.compute('cohorts', query));
}

/**
 * The `/metrics` answer of a query as an object, memoized: the same computation as
 * `/metrics` (on a compute worker), read back from its JSON, for the routes that reshape
 * it (one metric's series, the metrics downloads).
 */
export function metricsAnswer(
  ctx: ApiContext,
  query: MetricsQuery,
): Promise<SegmentedReport | BreakdownReport> {
  return ctx.cache.run(
    `metrics:${metricsKey(query)}`,
    async () =>
      JSON.parse(await ctx.compute('metrics', query)) as SegmentedReport | BreakdownReport,
  );
}

const MOVEMENT_TYPES = ['new', 'expansion', 'contraction', 'churned', 'reactivation'] as const;

const FEED_COLUMNS = columnsOf({
  date: 'date',
  period: 'text',
  customer_id: 'text',
  name: 'text',
  type: 'text',
  amount: 'money',
  mrr_before: 'money',
  mrr_after: 'money',
});

const FeedMovementSchema = Type.Composite([
  MovementSchema,
  Type.Object({
    name: Type.Union([Type.String(), Type.Null()], { description: "the customer's name" }),
    period: Type.String({ description: 'label of the period the movement counts in' }),
  }),
]);

export function metricRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/metric-definitions',
    {
      schema: {
        tags: ['metrics'],
        summary:
          "Every metric: id, label, unit, direction and its formula in words under the workspace's definition profile",
        querystring: LocaleQuerySchema,
        response: withErrors({ 200: Type.Object({ items: Type.Array(MetricDefinitionSchema) }) }),
      },
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const settings = await ctx.gate.run((store) => store.workspace(workspaceId));
      return { items: metricDefinitions(settings, localeOf(request)) };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary:
          'Metrics per period (all metrics unless `metric` or `preset` lists some), for a segment, broken down, compared',
        description:
          "Same computation as `northstar metrics`. `segment=plan=Pro` (repeatable; all filters must match; `country=FR|DE` matches either) restricts every metric to a segment; `by=plan` adds one series per value; `compare=true` adds, per period and metric, the previous period and the same period a year earlier with absolute and relative change and whether it is good news; `preset=early|growth|mature` selects the stage preset's metrics.",
        querystring: Type.Composite([
          RangeQuerySchema,
          SegmentQuerySchema,
          Type.Object({
            metric: Type.Optional(
              Type.String({ description: 'comma-separated metric ids', pattern: '^[a-z0-9_,]+$' }),
            ),
            by: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9_ -]+$',
                maxLength: 100,
                description:
                  'one series per value of plan, country, channel, segment or a custom attribute',
              }),
            ),
            preset: Type.Optional(StringEnum(PRESET_IDS, { description: 'stage preset' })),
          }),
          LocaleQuerySchema,
        ]),
        response: withErrors({ 200: MetricsResponse }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      const { metric, ...rest } = request.query;
      const ids = metric ? metric.split(',').filter(Boolean) : [];
      const workspaceId = principalOf(request).workspaceId;
      const locale = wordingLanguage(request);
      const found = await metricsBody(ctx, { ...rest, workspaceId, metrics: ids, locale });
      markAnswer(reply, found);
      return found.value.with({ as_of: asOfText(found), stale: found.stale }).send(request, reply);
    },
  );

  app.get(
    '/metrics/:id',
    {
      schema: {
        tags: ['metrics'],
        summary: "One metric's series with its definition",
        params: Type.Object({ id: Type.String({ pattern: '^[a-z0-9_]+$' }) }),
        querystring: Type.Composite([RangeQuerySchema, SegmentQuerySchema, LocaleQuerySchema]),
        response: withErrors({ 200: MetricResponse }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const { id } = request.params;
      const workspaceId = principalOf(request).workspaceId;
      const settings = await ctx.gate.run((store) => store.workspace(workspaceId));
      const definition = metricDefinitions(settings, localeOf(request)).find((m) => m.id === id);
      if (!definition) throw new ApiError(404, 'unknown_metric', `unknown metric "${id}"`);
      const locale = wordingLanguage(request);
      const query = { ...request.query, workspaceId, metrics: [id], locale };
      const report = await metricsAnswer(ctx, query);
      return {
        metric: definition,
        currency: report.currency,
        interval: report.interval,
        mode: report.mode,
        ...(report.segment ? { segment: report.segment } : {}),
        periods: report.periods.map(
          ({ period, start, end, partial, through, comparison_period, metrics, comparisons }) => ({
            period,
            start,
            end,
            ...(partial ? { partial, through } : {}),
            ...(comparison_period ? { comparison_period } : {}),
            value: metrics[id] ?? null,
            ...(comparisons?.[id] ? { comparison: comparisons[id] } : {}),
          }),
        ),
        missing: report.missing[id] ?? null,
      };
    },
  );

  const MovementsQuery = Type.Composite([
    RangeQuerySchema,
    Type.Omit(SegmentQuerySchema, ['compare']),
    Type.Object({
      type: Type.Optional(StringEnum(MOVEMENT_TYPES)),
      customer_id: Type.Optional(Type.String({ maxLength: 200 })),
    }),
  ]);
  type MovementsQuery = Static<typeof MovementsQuery>;
  /**
   * The feed of a range (memoized per data version, computed on a compute worker: at a
   * million customers it takes tens of seconds) and the rows of it that pass the type and
   * customer filters, oldest first (null: all).
   */
  const movementsOf = async (workspaceId: string, query: MovementsQuery) => {
    const { type, customer_id: customerId, ...range } = query;
    const feed = await ctx.cache.run(
      `movements:${JSON.stringify([workspaceId, range])}`,
      async () => unpackMovementFeed(await ctx.compute('movements', { ...range, workspaceId })),
    );
    return { feed, rows: feedRowsOf(feed, { type, customerId }) };
  };
  /** The `i`-th movement of the selection (`rows`, or the whole feed), newest first. */
  const newestAt = (feed: MovementFeed, rows: Int32Array | null, i: number): FeedMovement => {
    const position = (rows === null ? feed.length : rows.length) - 1 - i;
    return feedMovement(feed, rows === null ? position : rows[position]!);
  };
  /** Rows `offset` up to `offset + limit` of the selection, newest first, as records. */
  const newestFirst = (
    feed: MovementFeed,
    rows: Int32Array | null,
    offset: number,
    limit: number,
  ) => {
    const total = rows === null ? feed.length : rows.length;
    const items: FeedMovement[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++)
      items.push(newestAt(feed, rows, i));
    return items;
  };

  app.get(
    '/movements',
    {
      schema: {
        tags: ['metrics'],
        summary: 'The MRR movements feed: per customer, newest first, with totals per type',
        description:
          "Same movements as `northstar movements` and the MRR movement metrics: over a period, each type's total in `totals` equals that period's new_mrr, expansion_mrr, reactivation_mrr, contraction_mrr and churned_mrr. `segment=plan=Pro` keeps the segment's movements, as the metrics read it.",
        querystring: Type.Composite([MovementsQuery, PageQuerySchema]),
        response: withErrors({
          200: Type.Composite([
            pageOf(FeedMovementSchema),
            Type.Object({
              currency: Type.String(),
              totals: Type.Record(Type.String(), Type.Number(), {
                description:
                  'of the movements that pass the filters: each type and net_new (gains less losses)',
              }),
            }),
          ]),
        }),
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query;
      const { feed, rows } = await movementsOf(principalOf(request).workspaceId, query);
      return {
        currency: feed.currency,
        totals: feedTotals(feed, rows),
        items: newestFirst(feed, rows, offset, limit),
        total: rows === null ? feed.length : rows.length,
        limit,
        offset,
      };
    },
  );

  tableDownloads(
    app,
    '/movements',
    { tags: ['metrics'], summary: 'The MRR movements feed', querystring: MovementsQuery },
    async (request) => {
      const { feed, rows } = await movementsOf(principalOf(request).workspaceId, request.query);
      const rowCount = rows === null ? feed.length : rows.length;
      // Made as they are sent: 4.29M records at 1M customers would be held at once.
      function* newestFirstRows() {
        for (let offset = 0; offset < rowCount; offset++)
          yield rowOf(FEED_COLUMNS, newestAt(feed, rows, offset));
      }
      return {
        name: 'movements',
        currency: feed.currency,
        columns: FEED_COLUMNS,
        rowCount,
        rows: newestFirstRows(),
      };
    },
  );

  const CohortQuery = Type.Composite([
    Type.Omit(RangeQuerySchema, ['interval']),
    Type.Omit(SegmentQuerySchema, ['compare']),
  ]);
  app.get(
    '/cohorts',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Monthly cohorts by first payment: logo and revenue retention',
        querystring: CohortQuery,
        response: withErrors({
          200: Type.Object({
            currency: Type.String(),
            cohorts: Type.Array(
              Type.Object({
                cohort: Type.String(),
                customers: Type.Integer(),
                starting_mrr: Type.Number(),
                months: Type.Array(
                  Type.Object({
                    month: Type.Integer(),
                    customers: Type.Integer(),
                    logo_retention: NullableNumber,
                    mrr: Type.Number(),
                    revenue_retention: NullableNumber,
                  }),
                ),
              }),
            ),
          }),
        }),
      },
    },
    async (request) =>
      cohortsOf(ctx, { ...request.query, workspaceId: principalOf(request).workspaceId }),
  );

  tableDownloads(
    app,
    '/cohorts',
    {
      tags: ['metrics'],
      summary: 'Monthly cohorts: a row per cohort and month since its start',
      querystring: CohortQuery,
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const table = await cohortsOf(ctx, { ...request.query, workspaceId });
      return {
        name: 'cohorts',
        currency: table.currency,
        columns: columnsOf({
          cohort: 'text',
          cohort_customers: 'count',
          starting_mrr: 'money',
          month: 'count',
          customers: 'count',
          mrr: 'money',
          logo_retention: 'rate',
          revenue_retention: 'rate',
        }),
        rows: table.cohorts.flatMap((c) =>
          c.months.map((m) => [
            c.cohort,
            c.customers,
            c.starting_mrr,
            m.month,
            m.customers,
            m.mrr,
            m.logo_retention,
            m.revenue_retention,
          ]),
        ),
      };
    },
  );
}
