import { forecastSeries } from '../../forecast/pipeline.ts';
import { ForecastError } from '../../forecast/model.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { completeMonthlySeries } from '../metrics-source.ts';
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
    description: 'mean absolute error the chosen model made this many months ahead in the backtest',
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
          'As `northstar forecast --metric … --format json`: ETS, Theta, ARIMA, seasonal naive and their combination, chosen by rolling-origin backtest on the workspace history (complete months only).',
        querystring: Type.Object({
          metric: Type.String({ pattern: '^[a-z0-9_]+$', default: 'mrr' }),
          horizon: Type.Integer({ minimum: 1, maximum: 60, default: 12 }),
          to: Type.Optional(
            Type.String({ pattern: MONTH_PATTERN, description: 'last month of history' }),
          ),
          origins: Type.Integer({ minimum: 1, maximum: 60, default: 18 }),
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
          const series = await ctx.gate.run((store) =>
            completeMonthlySeries(store, workspaceId, metric, to),
          );
          try {
            const result = forecastSeries(
              { periods: series.periods, values: series.values },
              { horizon, maxOrigins: origins },
            );
            return {
              metric: series.metric.id,
              unit: series.metric.unit,
              currency: series.currency,
              actuals: series.periods.map((period, i) => ({ period, value: series.values[i]! })),
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
