import { formatDay, monthIndexOfDay, parseIsoDay } from '../model/day.ts';
import type { SegmentFilter } from '../engine/segments.ts';
import type { Store } from '../store/store.ts';
import {
  assertMetrics,
  historyEnd,
  metricInfo,
  querySeries,
  workspaceToday,
  type SeriesSet,
} from '../metrics/query.ts';
import { ForecastError } from '../forecast/model.ts';
import type { SeriesForecast } from '../forecast/pipeline.ts';
import { forecastWorkspaceMetric, WORKSPACE_FORECAST } from '../forecast/workspace-forecast.ts';
import { evaluateGoals, forecastPacing } from './progress.ts';
import { probabilityOfReaching } from './probability.ts';
import { DataError } from '../model/errors.ts';
import {
  GOALS_COLLECTION,
  goalDatesProblem,
  type Goal,
  type GoalDirection,
  type GoalStatus,
  type MetricReading,
} from './types.ts';

export async function listGoals(store: Store, workspaceId: string): Promise<Goal[]> {
  return (await store.listDocuments<Goal>(workspaceId, GOALS_COLLECTION)).map((d) => d.body);
}

export async function saveGoal(store: Store, workspaceId: string, goal: Goal): Promise<void> {
  if (goal.metric !== undefined) assertMetrics([goal.metric]);
  const dates = goalDatesProblem(goal.start, goal.due);
  if (dates !== null) throw new DataError(`goal "${goal.id}": ${dates}`);
  if (goal.parentId !== undefined && goal.parentId === goal.id)
    throw new Error('a goal cannot be its own parent');
  await store.putDocument(workspaceId, GOALS_COLLECTION, goal.id, goal);
}

export async function removeGoal(store: Store, workspaceId: string, id: string): Promise<boolean> {
  return store.deleteDocument(workspaceId, GOALS_COLLECTION, id);
}

/**
 * Every goal's progress and pacing today. A metric goal is judged on the last complete
 * period (a running month is a few days of a month and would read as a collapse, or as
 * zero churn); its baseline, unless set, is the metric in the last complete period before
 * the goal's start; the forecast at its due month gives the chance of reaching the target.
 * A goal with a segment reads the segment's metric (the customers with that attribute
 * value), as `northstar metrics --segment` does. Every value comes from the metrics core,
 * so it is the number every other surface shows.
 */
export async function goalStatuses(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
): Promise<GoalStatus[]> {
  const goals = await listGoals(store, workspaceId);
  if (goals.length === 0) return [];
  const today = formatDay(await workspaceToday(store, workspaceId, now));
  const metricGoals = goals.filter((g): g is Goal & { metric: string } => g.metric !== undefined);
  // One query per segment (the whole workspace is the segment without filters), one
  // forecast per metric of each.
  const readings = new Map<string, { series: SeriesSet; forecasts: Map<string, MetricForecast> }>();
  for (const key of new Set(metricGoals.map(segmentKey))) {
    const ofSegment = metricGoals.filter((g) => segmentKey(g) === key);
    const segment = segmentFilters(ofSegment[0]!);
    const metrics = [...new Set(ofSegment.map((g) => g.metric))];
    const series = await querySeries(store, { workspaceId, metrics, now, segment });
    const forecasts = new Map<string, MetricForecast>();
    for (const metric of metrics) {
      const dues = ofSegment.filter((g) => g.metric === metric).map((g) => g.due);
      const forecast = await forecastForGoals(store, workspaceId, metric, segment, dues, now);
      forecasts.set(metric, forecast);
    }
    readings.set(key, { series, forecasts });
  }
  return evaluateGoals(
    goals,
    (g) => {
      if (g.metric === undefined) return null;
      const { series, forecasts } = readings.get(segmentKey(g))!;
      return readMetric({ ...g, metric: g.metric }, series, today, forecasts.get(g.metric)!);
    },
    today,
  );
}

/** The goal's segment as the metrics core's filters: none for the whole workspace. */
function segmentFilters(goal: Goal): SegmentFilter[] {
  return goal.segment ? [{ attribute: goal.segment.dimension, values: [goal.segment.value] }] : [];
}

/** Goals with the same key read the same customers. */
const segmentKey = (goal: Goal): string => JSON.stringify(segmentFilters(goal));

/** A metric's forecast far enough to reach its goals' due months, or why there is none. */
type MetricForecast = { forecast: SeriesForecast } | { note: string };

/** Longest forecast a goal is judged against: beyond it the bands say little. */
export const GOAL_FORECAST_MONTHS = 36;

async function forecastForGoals(
  store: Store,
  workspaceId: string,
  metric: string,
  segment: readonly SegmentFilter[],
  dues: readonly string[],
  now: Date,
): Promise<MetricForecast> {
  const { timeZone } = await store.workspace(workspaceId);
  const lastComplete = monthIndexOfDay(historyEnd(timeZone, undefined, now));
  const needed = Math.max(...dues.map((due) => monthIndexOfDay(parseIsoDay(due)!) - lastComplete));
  // The dashboard's horizon when it is enough, so the goal reads the forecast page's bands.
  const horizon = Math.min(GOAL_FORECAST_MONTHS, Math.max(WORKSPACE_FORECAST.horizon, needed));
  try {
    const { result } = await forecastWorkspaceMetric(store, workspaceId, {
      metric,
      horizon,
      now,
      ...(segment.length > 0 ? { segment } : {}),
    });
    return { forecast: result };
  } catch (error) {
    if (error instanceof DataError || error instanceof ForecastError)
      return { note: `no forecast: ${error.message}` };
    throw error;
  }
}

function readMetric(
  goal: Goal & { metric: string },
  series: SeriesSet,
  today: string,
  forecast: MetricForecast,
): MetricReading {
  const values = series.values[goal.metric] ?? [];
  const complete = series.periods.filter((p) => p.end <= today);
  const last = complete.length - 1;
  const before = complete.findLastIndex((p) => p.end < goal.start);
  const info = metricInfo(goal.metric);
  const baseline = goal.baseline ?? (before >= 0 ? (values[before] ?? null) : null);
  const target = goal.target ?? 0;
  const direction =
    info?.direction === 'down' || info?.direction === 'up'
      ? info.direction
      : target < (baseline ?? 0)
        ? 'down'
        : 'up';
  return {
    current: last >= 0 ? (values[last] ?? null) : null,
    period: last >= 0 ? complete[last]!.label : null,
    asOf: last >= 0 ? complete[last]!.end : null,
    baseline: before >= 0 ? (values[before] ?? null) : null,
    baselinePeriod: before >= 0 ? complete[before]!.label : null,
    direction,
    ...forecastAtDue(goal, target, direction, forecast),
  };
}

function forecastAtDue(
  goal: Goal,
  target: number,
  direction: GoalDirection,
  forecast: MetricForecast,
): Pick<MetricReading, 'forecast' | 'forecastNote'> {
  if ('note' in forecast) return { forecast: null, forecastNote: forecast.note };
  const result = forecast.forecast;
  const period = goal.due.slice(0, 7);
  const row = result.forecast.find((r) => r.period === period);
  if (!row)
    return {
      forecast: null,
      forecastNote:
        period <= result.history.last
          ? `the due month ${period} is complete: judged on its value`
          : `the due month ${period} is beyond the ${GOAL_FORECAST_MONTHS}-month forecast`,
    };
  const probability = probabilityOfReaching(
    { ...row, scale: result.bands.scale },
    target,
    direction,
  );
  return {
    forecast: {
      period,
      value: row.value,
      lo80: row.lo80,
      hi80: row.hi80,
      probability,
      status: forecastPacing(probability),
    },
    forecastNote: null,
  };
}
