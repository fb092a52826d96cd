import type { Store } from '../store/store.ts';
import type { ForecastRow, SeriesForecast } from './pipeline.ts';
import type { MonthlySeries } from './series.ts';

/** Store collection of saved forecasts (one document per forecast). */
export const FORECASTS = 'forecasts';

/** A forecast as it was made: what was projected, from which history, on which day. */
export interface SavedForecast {
  readonly id: string;
  readonly metric: string;
  /** ISO 8601 instant the forecast was made. */
  readonly created_at: string;
  /** Last month of the history it was made from. */
  readonly history_last: string;
  readonly model: string;
  readonly model_label: string;
  readonly currency: string | null;
  readonly forecast: readonly Omit<ForecastRow, 'expected_error'>[];
}

export function savedForecastOf(
  metric: string,
  currency: string | null,
  result: SeriesForecast,
  now = new Date(),
): SavedForecast {
  return {
    id: `${metric}.${now.toISOString()}`,
    metric,
    created_at: now.toISOString(),
    history_last: result.history.last,
    model: result.model,
    model_label: result.model_label,
    currency,
    forecast: result.forecast.map(({ period, value, lo80, hi80, lo95, hi95 }) => ({
      period,
      value,
      lo80,
      hi80,
      lo95,
      hi95,
    })),
  };
}

export async function saveForecast(
  store: Store,
  workspaceId: string,
  forecast: SavedForecast,
): Promise<void> {
  await store.putDocument(workspaceId, FORECASTS, forecast.id, forecast);
}

/** Saved forecasts of the metric, oldest first. */
export async function savedForecasts(
  store: Store,
  workspaceId: string,
  metric: string,
): Promise<SavedForecast[]> {
  return (await store.listDocuments<SavedForecast>(workspaceId, FORECASTS))
    .map((d) => d.body)
    .filter((f) => f.metric === metric)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}

export interface ActualRow {
  readonly period: string;
  readonly forecast: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** Null while the month is not complete (or not in the data). */
  readonly actual: number | null;
  /** actual − forecast. */
  readonly error: number | null;
  /** |error| ÷ |actual|; null when the actual is 0 or unknown. */
  readonly abs_pct_error: number | null;
  readonly inside80: boolean | null;
  readonly inside95: boolean | null;
}

export interface ForecastVersusActual {
  readonly id: string;
  readonly created_at: string;
  readonly history_last: string;
  readonly model: string;
  readonly rows: readonly ActualRow[];
  /** Over the months that have an actual. */
  readonly summary: {
    readonly months: number;
    readonly mae: number | null;
    readonly mape: number | null;
    /** Mean error (actual − forecast): positive when the forecast was too low. */
    readonly bias: number | null;
    readonly coverage80: number | null;
    readonly coverage95: number | null;
  };
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

/** Each saved forecast beside the actuals of the months it projected. */
export function compareWithActuals(
  saved: readonly SavedForecast[],
  actuals: MonthlySeries,
): ForecastVersusActual[] {
  const actualOf = new Map(actuals.periods.map((p, i) => [p, actuals.values[i]!]));
  return saved.map((f) => {
    const rows = f.forecast.map((r): ActualRow => {
      const actual = actualOf.get(r.period) ?? null;
      const error = actual === null ? null : actual - r.value;
      return {
        period: r.period,
        forecast: r.value,
        lo80: r.lo80,
        hi80: r.hi80,
        lo95: r.lo95,
        hi95: r.hi95,
        actual,
        error,
        abs_pct_error: actual === null || actual === 0 ? null : Math.abs(error!) / Math.abs(actual),
        inside80: actual === null ? null : actual >= r.lo80 && actual <= r.hi80,
        inside95: actual === null ? null : actual >= r.lo95 && actual <= r.hi95,
      };
    });
    const known = rows.filter((r) => r.actual !== null);
    const share = (key: 'inside80' | 'inside95') =>
      known.length === 0 ? null : known.filter((r) => r[key]).length / known.length;
    return {
      id: f.id,
      created_at: f.created_at,
      history_last: f.history_last,
      model: f.model,
      rows,
      summary: {
        months: known.length,
        mae: mean(known.map((r) => Math.abs(r.error!))),
        mape: mean(known.flatMap((r) => (r.abs_pct_error === null ? [] : [r.abs_pct_error]))),
        bias: mean(known.map((r) => r.error!)),
        coverage80: share('inside80'),
        coverage95: share('inside95'),
      },
    };
  });
}
