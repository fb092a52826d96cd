import { ForecastError } from '../../forecast/model.ts';
import { forecastWorkspaceMetric, WORKSPACE_FORECAST } from '../../forecast/workspace-forecast.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { MONTH_PATTERN, NullableNumber, withErrors } from '../schemas.ts';
import { Type } from '../typebox.ts';

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

export function forecastRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/forecast',
    {
      schema: {
        tags: ['forecast'],
        summary: 'Forecast a monthly metric with 80%/95% intervals and backtested accuracy',
        description:
          'As `northstar forecast --metric … --format json`: the median of damped trend and Theta (seasonally adjusted, on raw and log values), with 80%/95% bands calibrated on its rolling-origin backtest over the workspace history (complete months only).',
        querystring: Type.Object({
          metric: Type.String({ pattern: '^[a-z0-9_]+$', default: 'mrr' }),
          horizon: Type.Integer({ minimum: 1, maximum: 60, default: WORKSPACE_FORECAST.horizon }),
          to: Type.Optional(
            Type.String({ pattern: MONTH_PATTERN, description: 'last month of history' }),
          ),
          origins: Type.Integer({ minimum: 1, maximum: 60, default: WORKSPACE_FORECAST.origins }),
        }),
        response: withErrors(
          { 200: ForecastResponse, 422: Type.Ref('Error') },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const { metric, horizon, to, origins } = request.query;
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
    },
  );
}
