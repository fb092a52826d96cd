import { useMemo } from 'react';
import { query, type MetricDefinition, type MetricsReport } from './api.ts';
import { useApp, type Filters } from './context.ts';
import { useApi } from './hooks.ts';

/** Every metric's definition (cached by the hook per page). */
export function useDefinitions(): Map<string, MetricDefinition> | null {
  const { data } = useApi<{ items: MetricDefinition[] }>('/metric-definitions');
  return useMemo(() => (data ? new Map(data.items.map((d) => [d.id, d])) : null), [data]);
}

/**
 * Metric series for the current filters. The whole history up to `to` is fetched so
 * comparisons with the previous period and last year work at the range's start; `visible`
 * is the index of the first period inside the chosen range.
 */
export function useSeries(
  ids: readonly string[],
  options: { compare?: boolean | 'complete'; by?: string; segment?: string } = {},
) {
  const { filters } = useApp();
  const path =
    ids.length === 0
      ? null
      : `/metrics${query({
          metric: ids.join(','),
          interval: filters.interval,
          to: filters.to,
          // A page's own segment (the movements page's plan) narrows the filter bar's.
          segment: [filters.segment, options.segment ?? ''],
          compare: options.compare === true ? 'true' : options.compare || undefined,
          by: options.by,
        })}`;
  const loaded = useApi<MetricsReport>(path);
  const visible = useMemo(() => {
    const periods = loaded.data?.periods ?? [];
    if (!filters.from) return 0;
    const from = `${filters.from}-01`;
    const i = periods.findIndex((p) => p.end >= from);
    return i < 0 ? periods.length : i;
  }, [loaded.data, filters.from]);
  return { ...loaded, visible };
}

/** The filter bar's range, interval and segment as query parameters (downloads). */
export function filterParams(filters: Filters) {
  return {
    interval: filters.interval,
    from: filters.from,
    to: filters.to,
    segment: filters.segment,
  };
}

export function column(report: MetricsReport, id: string): (number | null)[] {
  return report.periods.map((p) => p.metrics[id] ?? null);
}
