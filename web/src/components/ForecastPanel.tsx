import type { Forecast, MetricDefinition } from '../api.ts';
import { useApp } from '../context.ts';
import { Downloads } from './Downloads.tsx';
import { useApi } from '../hooks.ts';
import { decimal, metricValue } from '../format.ts';
import { Chart } from './Chart.tsx';

/** What `GET /forecast` adds about the combination: its members and how its bands were set. */
export type CombinationForecast = Forecast & {
  members: { id: string; label: string }[];
  dropped: { id: string; reason: string }[];
  seasonally_adjusted: boolean;
  bands: { method: string; scale: 'log' | 'additive'; errors: number; k80: number; k95: number };
};

/** Fan chart: actuals, the forecast, its calibrated 80% and 95% bands; the backtest's expected error. */
export function ForecastPanel({ metric }: { metric: MetricDefinition }) {
  const { formats } = useApp();
  const { data, error } = useApi<CombinationForecast>(`/forecast?metric=${metric.id}`);
  if (error)
    return (
      <section className="panel" aria-labelledby="forecast">
        <h2 id="forecast">Forecast</h2>
        <p className="hint">{error.message}</p>
      </section>
    );
  if (!data) return null;
  const actuals = data.actuals.slice(-24);
  const labels = [...actuals.map((a) => a.period), ...data.forecast.map((f) => f.period)];
  const pad = actuals.map(() => null);
  const band = (
    lo: (r: Forecast['forecast'][number]) => number,
    hi: typeof lo,
    name: string,
    opacity: number,
  ) => [
    {
      name: `${name} low`,
      type: 'line',
      stack: name,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      data: [...pad, ...data.forecast.map(lo)],
    },
    {
      name,
      type: 'line',
      stack: name,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color: '#3b5bdb', opacity },
      data: [...pad, ...data.forecast.map((r) => hi(r) - lo(r))],
    },
  ];
  const fmt = (v: number | null) => metricValue(metric, v, formats);
  const chosen = data.backtest.models.find((m) => m.id === data.model);
  return (
    <section className="panel" aria-labelledby="forecast" data-testid="forecast">
      <h2 id="forecast">Forecast, next {data.forecast.length} months</h2>
      <p className="hint">
        Model: {data.model_label}
        {chosen?.mase != null
          ? ` · backtest MASE ${decimal(chosen.mase, formats.locale)}`
          : ''} · {data.backtest.origins} backtest origins.
      </p>
      <p className="hint" data-testid="forecast-members">
        Median of {data.members.length} models: {data.members.map((m) => m.label).join(', ')}
        {data.seasonally_adjusted ? ' (each on the seasonally adjusted series)' : ''}.
        {data.dropped.length > 0
          ? ` Left out: ${data.dropped.map((d) => `${d.id} (${d.reason})`).join('; ')}.`
          : ''}
      </p>
      <p className="hint" data-testid="forecast-bands">
        Bands: 80% and 95% intervals calibrated on this forecast&rsquo;s own backtest errors (
        {data.bands.errors} errors, {data.bands.scale === 'log' ? 'as ratios' : 'as differences'}
        ), scaled so they held 80% and 95% of actuals in Northstar&rsquo;s evaluation.
      </p>
      <Chart
        testId="forecast-chart"
        label={`${metric.label}: actuals and forecast with 80% and 95% intervals`}
        option={{
          tooltip: {
            trigger: 'axis',
            valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : '—'),
          },
          grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: labels },
          yAxis: {
            type: 'value',
            scale: true,
            axisLabel: { formatter: (v: number) => metricValue(metric, v, formats, true) },
          },
          series: [
            ...band(
              (r) => r.lo95,
              (r) => r.hi95,
              '95%',
              0.12,
            ),
            ...band(
              (r) => r.lo80,
              (r) => r.hi80,
              '80%',
              0.22,
            ),
            {
              name: 'Actual',
              type: 'line',
              symbol: 'none',
              color: '#212529',
              data: actuals.map((a) => a.value),
            },
            {
              name: 'Forecast',
              type: 'line',
              symbol: 'none',
              color: '#3b5bdb',
              lineStyle: { type: 'dashed' },
              data: [...pad, ...data.forecast.map((r) => r.value)],
            },
          ],
        }}
      />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                Forecast
              </th>
              <th scope="col" className="num">
                ± expected error
              </th>
              <th scope="col" className="num">
                80% interval
              </th>
            </tr>
          </thead>
          <tbody>
            {data.forecast.map((r) => (
              <tr key={r.period}>
                <th scope="row">{r.period}</th>
                <td className="num">{fmt(r.value)}</td>
                <td className="num">
                  {r.expected_error === null ? '—' : `± ${fmt(r.expected_error)}`}
                </td>
                <td className="num">
                  {fmt(r.lo80)} – {fmt(r.hi80)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Downloads path="/forecast" what={metric.label} params={{ metric: metric.id }} />
    </section>
  );
}
