import { ForecastError } from '../../forecast/model.ts';
import { forecastWorkspaceMetric, WORKSPACE_FORECAST } from '../../forecast/workspace-forecast.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { MONTH_PATTERN, NullableNumber, withErrors } from '../schemas.ts';
import { Type, type Static } from '../typebox.ts';
import { columnsOf, rowsOf, tableDownloads, type DataTable } from '../downloads.ts';

const Row = Type.Object({
  period: Type.String(),
  value: Type.Number(),
  lo80: Type.Number(),
  hi80: Type.Number(),
  lo95: Type.Number(),
  hi95: Type.Number(),
  expected_error: Type.Union([Type.Number(), Type.Null()], {
    description: 'mean absolute error the combination made this many months ahead in the backtest',
  }),
});

const Accuracy = Type.Object({
  id: Type.String(),
  label: Type.String(),
  origins: Type.Integer(),
  excluded: Type.Union([Type.String(), Type.Null()]),
  mase: NullableNumber,
  smape: NullableNumber,
  mae: NullableNumber,
  coverage80: NullableNumber,
  coverage95: NullableNumber,
});

const ForecastResponse = Type.Object({
  metric: Type.String(),
  unit: Type.String(),
  currency: Type.String(),
  model: Type.String(),
  model_label: Type.String(),
  members: Type.Array(Type.Object({ id: Type.String(), label: Type.String() }), {
    description: 'the models whose median is the forecast',
  }),
  dropped: Type.Array(Type.Object({ id: Type.String(), reason: Type.String() }), {
    description: 'models that could not forecast this series, left out of the median',
  }),
  seasonally_adjusted: Type.Boolean(),
  bands: Type.Object(
    {
      method: Type.String(),
      scale: Type.Union([Type.Literal('log'), Type.Literal('additive')]),
      errors: Type.Integer(),
      k80: Type.Number(),
      k95: Type.Number(),
    },
    {
      description:
        "how the 80%/95% bands were calibrated: k × the backtest's error scale per month ahead, on log ratios or plain differences",
    },
  ),
  history: Type.Object({ first: Type.String(), last: Type.String(), points: Type.Integer() }),
  actuals: Type.Array(Type.Object({ period: Type.String(), value: Type.Number() }), {
    description: 'the complete months the forecast was fitted on',
  }),
  forecast: Type.Array(Row),
  backtest: Type.Object({
    method: Type.String(),
    origins: Type.Integer(),
    first_origin: Type.Union([Type.String(), Type.Null()]),
    last_origin: Type.Union([Type.String(), Type.Null()]),
    horizon: Type.Integer(),
    selection: Type.String(),
    weights: Type.Record(Type.String(), Type.Number()),
    models: Type.Array(Accuracy),
  }),
});

const ForecastQuery = Type.Object({
  metric: Type.String({ pattern: '^[a-z0-9_]+$', default: 'mrr' }),
  horizon: Type.Integer({ minimum: 1, maximum: 60, default: WORKSPACE_FORECAST.horizon }),
  to: Type.Optional(Type.String({ pattern: MONTH_PATTERN, description: 'last month of history' })),
  origins: Type.Integer({ minimum: 1, maximum: 60, default: WORKSPACE_FORECAST.origins }),
});

export function forecastRoutes(app: Api, ctx: ApiContext): void {
  /** The forecast answer, memoized per query (the page, its table and downloads share it). */
  const forecastOf = (workspaceId: string, query: Static<typeof ForecastQuery>) => {
    const { metric, horizon, to, origins } = query;
    return ctx.cache.run(
      `forecast:${workspaceId}:${metric}:${horizon}:${to}:${origins}`,
      async () => {
        try {
          const { history, result } = await ctx.gate.run((store) =>
            forecastWorkspaceMetric(store, workspaceId, { metric, to, horizon, origins }),
          );
          return {
            metric: history.metric.id,
            unit: history.metric.unit,
            currency: history.currency,
            actuals: history.periods.map((period, i) => ({ period, value: history.values[i]! })),
            ...result,
          };
        } catch (error) {
          if (error instanceof ForecastError)
            throw new ApiError(422, 'data_error', `${metric}: ${error.message}`);
          throw error;
        }
      },
    );
  };

  app.get(
    '/forecast',
    {
      schema: {
        tags: ['forecast'],
        summary: 'Forecast a monthly metric with 80%/95% intervals and backtested accuracy',
        description:
          'As `northstar forecast --metric … --format json`: the median of damped trend and Theta (seasonally adjusted, on raw and log values), with 80%/95% bands calibrated on its rolling-origin backtest over the workspace history (complete months only).',
        querystring: ForecastQuery,
        response: withErrors(
          { 200: ForecastResponse, 422: Type.Ref('Error') },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request) => forecastOf(principalOf(request).workspaceId, request.query),
  );

  tableDownloads(
    app,
    '/forecast',
    {
      tags: ['forecast'],
      summary: 'The forecast months with their 80%/95% bands and expected error',
      querystring: ForecastQuery,
    },
    async (request) => {
      const f = await forecastOf(principalOf(request).workspaceId, request.query);
      const unit = f.unit as DataTable['columns'][number]['kind'];
      const columns = columnsOf({
        period: 'text',
        value: unit,
        lo80: unit,
        hi80: unit,
        lo95: unit,
        hi95: unit,
        expected_error: unit,
      });
      return {
        name: 'forecast',
        currency: f.currency,
        columns,
        rows: rowsOf(columns, f.forecast),
      };
    },
  );

  tableDownloads(
    app,
    '/forecast/backtest',
    {
      tags: ['forecast'],
      summary: "Each model's accuracy in the forecast's rolling-origin backtest",
      querystring: ForecastQuery,
    },
    async (request) => {
      const f = await forecastOf(principalOf(request).workspaceId, request.query);
      const columns = columnsOf({
        id: 'text',
        label: 'text',
        origins: 'count',
        excluded: 'text',
        mase: 'ratio',
        smape: 'rate',
        mae: f.unit as DataTable['columns'][number]['kind'],
        coverage80: 'rate',
        coverage95: 'rate',
      });
      return {
        name: 'backtest',
        currency: f.currency,
        columns,
        rows: rowsOf(columns, f.backtest.models),
      };
    },
  );
}
