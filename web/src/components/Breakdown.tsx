import { useState } from 'react';
import type { MetricDefinition, SegmentAttribute } from '../api.ts';
import { useApp } from '../context.ts';
import { useSeries } from '../data.ts';
import { useApi } from '../hooks.ts';
import { metricValue } from '../format.ts';
import { Chart } from './Chart.tsx';

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

/** The metric cut by one attribute: a line per value and the latest values in a table. */
export function Breakdown({ metric, from }: { metric: MetricDefinition; from: string }) {
  const { formats } = useApp();
  const attributes = useApi<{ items: SegmentAttribute[] }>('/segments').data?.items ?? [];
  const [by, setBy] = useState('plan');
  const { data } = useSeries([metric.id], { by });
  const series = (data?.series ?? []).slice(0, 12);
  const start = Math.max(0, data ? data.periods.findIndex((p) => p.end >= from) : 0);
  const periods = data?.periods.slice(start) ?? [];
  const scale = (v: number | null) => (v !== null && metric.unit === 'rate' ? v * 100 : v);
  const lastIndex = (data?.periods.length ?? 0) - 1;
  return (
    <section className="panel" aria-labelledby="breakdown" data-testid="breakdown">
      <h2 id="breakdown">By segment</h2>
      <label>
        Break down by{' '}
        <select value={by} onChange={(e) => setBy(e.target.value)}>
          {(attributes.length ? attributes.map((a) => a.attribute) : ['plan']).map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      {data && series.length > 0 ? (
        <>
          <Chart
            testId="breakdown-chart"
            label={`${metric.label} by ${by}`}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { bottom: 0, type: 'scroll' },
              grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
              xAxis: { type: 'category', data: periods.map((p) => p.period) },
              yAxis: { type: 'value', scale: metric.unit !== 'money' },
              series: series.map((s, i) => ({
                name: s.value,
                type: 'line',
                symbol: 'none',
                color: PALETTE[i % PALETTE.length],
                data: s.periods.slice(start).map((p) => scale(p.metrics[metric.id] ?? null)),
              })),
            }}
          />
          <table>
            <thead>
              <tr>
                <th scope="col">{by}</th>
                <th scope="col" className="num">
                  {data.periods[lastIndex]?.period ?? ''}
                </th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.value}>
                  <th scope="row">{s.value}</th>
                  <td className="num">
                    {metricValue(metric, s.periods[lastIndex]?.metrics[metric.id] ?? null, formats)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="hint">{data ? 'No values to break down.' : 'Loading…'}</p>
      )}
    </section>
  );
}
