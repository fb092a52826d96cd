import type { Store } from '../store/store.ts';
import type { SegmentFilter } from '../engine/segments.ts';
import { monthlyHistory, type MonthlyHistory } from '../metrics/query.ts';
import { DEFAULT_MAX_ORIGINS } from './backtest.ts';
import { forecastSeries, type SeriesForecast } from './pipeline.ts';

/**
 * The forecast of a workspace metric, one definition for `northstar forecast`, `GET
 * /api/v1/forecast` and the dashboard (which asks the API with these defaults): the same
 * history, horizon and backtest origins give the same model and the same expected errors.
 */
export const WORKSPACE_FORECAST = { horizon: 12, origins: DEFAULT_MAX_ORIGINS } as const;

export interface WorkspaceForecastRequest {
  readonly metric: string;
  /** Last month of history (`YYYY-MM`); default: the last complete month. */
  readonly to?: string | undefined;
  readonly horizon?: number;
  /** Most recent rolling backtest origins. */
  readonly origins?: number;
  readonly now?: Date;
  /** The segment's history instead of the workspace's (a goal's segment). */
  readonly segment?: readonly SegmentFilter[];
}

/** The metric's complete months from the query path, forecast and backtested. */
export async function forecastWorkspaceMetric(
  store: Store,
  workspaceId: string,
  request: WorkspaceForecastRequest,
): Promise<{ history: MonthlyHistory; result: SeriesForecast }> {
  const history = await monthlyHistory(store, workspaceId, request.metric, {
    to: request.to,
    ...(request.now ? { now: request.now } : {}),
    ...(request.segment ? { segment: request.segment } : {}),
  });
  const result = forecastSeries(history, {
    horizon: request.horizon ?? WORKSPACE_FORECAST.horizon,
    maxOrigins: request.origins ?? WORKSPACE_FORECAST.origins,
  });
  return { history, result };
}
