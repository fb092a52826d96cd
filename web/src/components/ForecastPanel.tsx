import type { Forecast, MetricDefinition } from '../api.ts';
import { useApp } from '../context.ts';
import { Downloads } from './Downloads.tsx';
import { useApi } from '../hooks.ts';
import { decimal, metricValue } from '../format.ts';
import { Chart } from './Chart.tsx';
import { translateOr, useT } from '../i18n/index.ts';

/** A forecast model's name in the user's language (the API's English name without one). */
export function modelName(locale: string, model: { id: string; label: string }): string {
  return translateOr(locale, `forecastModel.${model.id}`, model.label);
}

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
  const t = useT();
  const { data, error } = useApi<CombinationForecast>(`/forecast?metric=${metric.id}`);
  if (error)
    return (
      <section className="panel" aria-labelledby="forecast">
        <h2 id="forecast">{t('forecast.title')}</h2>
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
      name: t('forecast.bandLow', { band: name }),
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
  const model = modelName(formats.locale, { id: data.model, label: data.model_label });
  return (
    <section className="panel" aria-labelledby="forecast" data-testid="forecast">
      <h2 id="forecast">{t('forecast.panel', { count: data.forecast.length })}</h2>
      <p className="hint">
        {t(chosen?.mase != null ? 'forecast.modelMase' : 'forecast.model', {
          model: model,
          mase: chosen?.mase != null ? decimal(chosen.mase, formats.locale) : '',
          origins: data.backtest.origins,
        })}
      </p>
      <p className="hint" data-testid="forecast-members">
        {t(data.seasonally_adjusted ? 'forecast.membersAdjusted' : 'forecast.members', {
          count: data.members.length,
          models: data.members.map((m) => modelName(formats.locale, m)).join(', '),
        })}
        {data.dropped.length > 0
          ? ` ${t('forecast.leftOut', { list: data.dropped.map((d) => `${d.id} (${d.reason})`).join('; ') })}`
          : ''}
      </p>
      <p className="hint" data-testid="forecast-bands">
        {t(data.bands.scale === 'log' ? 'forecast.bands.log' : 'forecast.bands.additive', {
          errors: data.bands.errors,
        })}
      </p>
      <Chart
        testId="forecast-chart"
        label={t('forecast.chart', { metric: metric.label })}
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
              name: t('forecast.actual'),
              type: 'line',
              symbol: 'none',
              color: '#212529',
              data: actuals.map((a) => a.value),
            },
            {
              name: t('forecast.forecast'),
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
              <th scope="col">{t('forecast.col.month')}</th>
              <th scope="col" className="num">
                {t('forecast.forecast')}
              </th>
              <th scope="col" className="num">
                {t('forecast.col.error')}
              </th>
              <th scope="col" className="num">
                {t('forecast.col.interval')}
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
