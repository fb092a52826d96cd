import { useMemo } from 'react';
import type { MetricDefinition, MetricsReport, SegmentAttribute } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi, useSearchParam } from '../hooks.ts';
import {
  attributeName,
  attributeValue,
  chartFormatters,
  metricValue,
  periodName,
} from '../format.ts';
import { Chart } from './Chart.tsx';
import { Downloads } from './Downloads.tsx';
import { filterParams, useSeries } from '../data.ts';
import { translateOr, useT, type Translate } from '../i18n/index.ts';

const PALETTE = [
  '#3b5bdb',
  '#2f9e44',
  '#f08c00',
  '#e03131',
  '#1098ad',
  '#ae3ec9',
  '#74b816',
  '#868e96',
];

/**
 * Each segment's values keyed by period label. The API starts a segment's series at its own
 * first period (a plan launched later has fewer periods), so values are joined to the
 * workspace's periods by key, never by position.
 */
export function segmentValues(
  report: MetricsReport,
  metric: string,
): { value: string; byPeriod: Map<string, number | null> }[] {
  return (report.series ?? []).map((s) => ({
    value: s.value,
    byPeriod: new Map(s.periods.map((p) => [p.period, p.metrics[metric] ?? null])),
  }));
}

const hasValue = (values: Map<string, number | null>) =>
  [...values.values()].some((v) => v !== null);

/** Why the breakdown has nothing to draw, in words. */
function emptyReason(
  t: Translate,
  data: MetricsReport | null,
  error: Error | null,
  metric: MetricDefinition,
  by: string,
): string {
  if (error) return t('breakdown.error', { reason: error.message });
  if (!data) return t('app.loading');
  const missing = data.missing?.[metric.id];
  if (missing) return t('breakdown.missing', { by, reason: missing });
  if (data.series?.length) return t('breakdown.noValue', { metric: metric.label, by });
  return t('breakdown.noAttribute', { metric: metric.label, by });
}

/** The metric cut by one attribute: a line per value and the latest values in a table. */
export function Breakdown({ metric, from }: { metric: MetricDefinition; from: string }) {
  const { formats, filters } = useApp();
  const attributes = useApi<{ items: SegmentAttribute[] }>('/segments').data?.items ?? [];
  const [byParam, setBy] = useSearchParam('by');
  const by = byParam || 'plan';
  const { data, error } = useSeries([metric.id], { by });
  const formatters = chartFormatters(metric, formats);
  const t = useT();
  const name = (a: string) => translateOr(formats.locale, `attribute.${a}`, attributeName(a));
  const byName = name(by).toLowerCase();
  const series = useMemo(
    () => (data ? segmentValues(data, metric.id).slice(0, 12) : []),
    [data, metric.id],
  );
  const start = Math.max(0, data ? data.periods.findIndex((p) => p.end >= from) : 0);
  const periods = data?.periods.slice(start) ?? [];
  const scale = (v: number | null) => (v !== null && metric.unit === 'rate' ? v * 100 : v);
  // The table shows the last complete period, as the overview's cards do.
  const complete = data?.periods.filter((p) => !p.partial) ?? [];
  const latest = (complete.at(-1) ?? data?.periods.at(-1))?.period ?? '';
  return (
    <section className="panel" aria-labelledby="breakdown" data-testid="breakdown">
      <h2 id="breakdown">{t('breakdown.title')}</h2>
      <label>
        {t('breakdown.by')}{' '}
        <select value={by} onChange={(e) => setBy(e.target.value)}>
          {(attributes.length ? attributes.map((a) => a.attribute) : ['plan']).map((a) => (
            <option key={a} value={a}>
              {name(a)}
            </option>
          ))}
        </select>
      </label>
      {data && !data.missing?.[metric.id] && series.some((s) => hasValue(s.byPeriod)) ? (
        <>
          <Chart
            testId="breakdown-chart"
            label={t('breakdown.chart', { metric: metric.label, by: byName })}
            option={{
              tooltip: { trigger: 'axis', valueFormatter: formatters.tooltip },
              legend: { bottom: 0, type: 'scroll' },
              grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
              xAxis: {
                type: 'category',
                data: periods.map((p) => periodName(p, data.interval, formats.locale)),
              },
              yAxis: {
                type: 'value',
                scale: metric.unit !== 'money',
                axisLabel: { formatter: formatters.axis },
              },
              series: series.map((s, i) => ({
                name: attributeValue(s.value),
                type: 'line',
                symbol: 'none',
                color: PALETTE[i % PALETTE.length],
                data: periods.map((p) => scale(s.byPeriod.get(p.period) ?? null)),
              })),
            }}
          />
          <table>
            <thead>
              <tr>
                <th scope="col">{name(by)}</th>
                <th scope="col" className="num">
                  {latest}
                </th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.value}>
                  <th scope="row">{attributeValue(s.value)}</th>
                  <td className="num" data-testid={`breakdown-latest-${s.value}`}>
                    {metricValue(metric, s.byPeriod.get(latest) ?? null, formats)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details className="period-table">
            <summary>{t('breakdown.perPeriod')}</summary>
            <div className="table-wrap">
              <table data-testid="breakdown-table">
                <thead>
                  <tr>
                    <th scope="col">{t('table.period')}</th>
                    {series.map((s) => (
                      <th key={s.value} scope="col" className="num">
                        {attributeValue(s.value)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {periods
                    .map((p) => (
                      <tr key={p.period}>
                        <th scope="row">{periodName(p, data.interval, formats.locale)}</th>
                        {series.map((s) => {
                          const v = s.byPeriod.get(p.period) ?? null;
                          return (
                            <td
                              key={s.value}
                              className="num"
                              data-period={p.period}
                              data-segment={s.value}
                              data-value={v ?? ''}
                            >
                              {metricValue(metric, v, formats)}
                            </td>
                          );
                        })}
                      </tr>
                    ))
                    .reverse()}
                </tbody>
              </table>
            </div>
          </details>
          <Downloads
            path="/metrics"
            what={t('breakdown.chart', { metric: metric.label, by: byName })}
            params={{ ...filterParams(filters), metric: metric.id, by }}
          />
        </>
      ) : (
        <p className="hint" data-testid="breakdown-empty">
          {emptyReason(t, data, error, metric, byName)}
        </p>
      )}
    </section>
  );
}
