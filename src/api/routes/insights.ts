import { toMajor } from '../../model/money.ts';
import type { Insight } from '../../insights/service.ts';
import { riskCustomerAt, unpackRiskReport } from '../risk-packing.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { markAnswer } from '../as-of.ts';
import { ApiError } from '../errors.ts';
import { isMetricId, metricUnit } from '../metrics-source.ts';
import { MONTH_PATTERN, NullableNumber, PageQuerySchema, withErrors } from '../schemas.ts';
import { Type } from '../typebox.ts';
import { formattingLocale, LocaleQuerySchema } from '../locale.ts';

const Month = Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM' });
const Amount = Type.Object({ type: Type.String(), amount: Type.Number() });

const InsightSchema = Type.Object({
  metric: Type.String(),
  label: Type.String(),
  currency: Type.String(),
  from_period: Type.String(),
  to_period: Type.String(),
  start_value: NullableNumber,
  end_value: NullableNumber,
  sentences: Type.Array(Type.String(), {
    description: 'short generated sentences; every number in them is a computed figure',
  }),
  decomposition: Type.Union([
    Type.Object({
      change: Type.Number(),
      change_rate: NullableNumber,
      gained: Type.Number(),
      lost: Type.Number(),
      by_type: Type.Array(Amount, { description: 'adds up exactly to change' }),
      by_segment: Type.Array(
        Type.Object({
          dimension: Type.String(),
          rows: Type.Array(Type.Object({ value: Type.String(), amount: Type.Number() })),
        }),
      ),
      top_customers: Type.Array(
        Type.Object({
          customer_id: Type.String(),
          name: Type.Union([Type.String(), Type.Null()]),
          amount: Type.Number(),
          types: Type.Array(Type.String()),
        }),
      ),
    }),
    Type.Null(),
  ]),
});

/** The insight in the API's conventions: snake_case, money in major units. */
function present(insight: Insight) {
  const d = insight.decomposition;
  const money = metricUnit(insight.metric) === 'money';
  const major = (v: number) => (money ? toMajor(v, insight.currency) : v);
  return {
    metric: insight.metric,
    label: insight.label,
    currency: insight.currency,
    from_period: insight.fromPeriod,
    to_period: insight.toPeriod,
    start_value: insight.startValue,
    end_value: insight.endValue,
    sentences: insight.sentences.map((s) => s.text),
    decomposition: d && {
      change: major(d.change),
      change_rate: d.changeRate,
      gained: major(d.gained),
      lost: major(d.lost),
      by_type: d.byType.map((t) => ({ type: t.type, amount: major(t.amount) })),
      by_segment: d.bySegment.map((s) => ({
        dimension: s.dimension,
        rows: s.rows.map((r) => ({ value: r.value, amount: major(r.amount) })),
      })),
      top_customers: d.topCustomers.map((c) => ({
        customer_id: c.customerId,
        name: insight.customerNames[c.customerId] ?? null,
        amount: major(c.amount),
        types: [...c.types],
      })),
    },
  };
}

const ReasonSchema = Type.Object({
  feature: Type.String(),
  value: Type.Number(),
  contribution: Type.Number({ description: 'push on the log-odds' }),
  text: Type.String(),
});

export function insightRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/insights',
    {
      schema: {
        tags: ['insights'],
        summary:
          "What drove a metric's change: by movement type, by segment, top customers, in sentences",
        querystring: Type.Object({
          metric: Type.String({ pattern: '^[a-z0-9_]+$', default: 'mrr' }),
          period: Type.Optional(
            Type.String({
              pattern: MONTH_PATTERN,
              description: 'YYYY-MM; default: the last complete month',
            }),
          ),
          compare_with: Type.Optional(Month),
          top: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
          locale: LocaleQuerySchema.properties.locale,
        }),
        response: withErrors({ 200: InsightSchema }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const { metric, period, compare_with: compareWith, top } = request.query;
      if (!isMetricId(metric))
        throw new ApiError(404, 'unknown_metric', `unknown metric "${metric}"`);
      const locale = formattingLocale(request);
      const found = await insightOf(ctx, workspaceId, {
        metric,
        period,
        compareWith,
        top,
        locale,
      });
      markAnswer(reply, found);
      return present(found.value);
    },
  );

  app.get(
    '/risk',
    {
      schema: {
        tags: ['insights'],
        summary: 'Churn risk of every paying customer, with reasons, holdout AUC and calibration',
        querystring: Type.Composite([
          PageQuerySchema,
          Type.Object({ horizon_days: Type.Integer({ minimum: 7, maximum: 365, default: 90 }) }),
        ]),
        response: withErrors(
          {
            200: Type.Object({
              currency: Type.String(),
              as_of: Type.String(),
              horizon_days: Type.Integer(),
              mrr_at_risk: Type.Number({ description: 'Σ probability × MRR (major units)' }),
              training: Type.Object({
                snapshots: Type.Integer(),
                rows: Type.Integer(),
                churn_rate: Type.Number(),
                sample_share: Type.Number({
                  description:
                    'share of the customers the model learns from: 1 unless more than 100,000 customer-months would be',
                }),
              }),
              holdout: Type.Object({
                from: Type.String(),
                rows: Type.Integer(),
                auc: NullableNumber,
                brier: NullableNumber,
                calibration: Type.Array(
                  Type.Object({
                    count: Type.Integer(),
                    mean_predicted: Type.Number(),
                    observed_rate: Type.Number(),
                  }),
                ),
              }),
              coefficients: Type.Record(Type.String(), Type.Number()),
              items: Type.Array(
                Type.Object({
                  customer_id: Type.String(),
                  probability: Type.Number(),
                  mrr: Type.Number(),
                  reasons: Type.Array(ReasonSchema),
                }),
              ),
              total: Type.Integer(),
              limit: Type.Integer(),
              offset: Type.Integer(),
            }),
            422: Type.Ref('Error'),
          },
          [400, 401, 403],
        ),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const { limit, offset, horizon_days: horizonDays } = request.query;
      // Computed on a compute worker: a million customers' scores take tens of seconds.
      const report = await ctx.cache.run(`risk:${workspaceId}:${horizonDays}`, async () =>
        unpackRiskReport(await ctx.compute('risk', { workspaceId, horizonDays })),
      );
      const major = (v: number) => toMajor(Math.round(v), report.currency);
      const count = report.customers.ids.length;
      const page = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, n) =>
        riskCustomerAt(report, offset + n),
      );
      return {
        currency: report.currency,
        as_of: report.asOf,
        horizon_days: report.horizonDays,
        mrr_at_risk: major(report.mrrAtRisk),
        training: {
          snapshots: report.training.snapshots,
          rows: report.training.rows,
          churn_rate: report.training.churnRate,
          sample_share: report.training.sampleShare,
        },
        holdout: {
          from: report.holdout.from,
          rows: report.holdout.rows,
          auc: report.holdout.auc,
          brier: report.holdout.brier,
          calibration: report.holdout.calibration.map((b) => ({
            count: b.count,
            mean_predicted: b.meanPredicted,
            observed_rate: b.observedRate,
          })),
        },
        coefficients: { ...report.coefficients },
        // The report lists the most likely to churn first.
        items: page.map((c) => ({
          customer_id: c.customerId,
          probability: c.probability,
          mrr: major(c.mrr),
          reasons: c.reasons.map((r) => ({ ...r })),
        })),
        total: count,
        limit,
        offset,
      };
    },
  );
}

/**
 * `/insights`, memoized per locale (the background warm-up calls it with the overview's
 * defaults, in English). Amounts in the sentences follow the locale's number format.
 */
export function insightOf(
  ctx: ApiContext,
  workspaceId: string,
  q: {
    metric: string;
    period?: string | undefined;
    compareWith?: string | undefined;
    top: number;
    locale?: string | undefined;
  },
) {
  const { metric, period, compareWith, top, locale } = q;
  const key = `insights:${workspaceId}:${metric}:${period}:${compareWith}:${top}${locale === undefined ? '' : `:${locale}`}`;
  return ctx.cache.lookup(key, () =>
    ctx.compute('insights', {
      workspaceId,
      metric,
      ...(period ? { period } : {}),
      ...(compareWith ? { compareWith } : {}),
      top,
      ...(locale ? { locale } : {}),
    }),
  );
}
