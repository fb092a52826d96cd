import { useApp } from '../context.ts';
import { column, filterParams, useDefinitions, useSeries } from '../data.ts';
import { Downloads } from '../components/Downloads.tsx';

import { changeText, chartFormatters, count, metricValue, periodName, tone } from '../format.ts';
import type { MetricDefinition, MetricsReport } from '../api.ts';
import { CARD_COMPANIONS } from '../../../src/api/overview.ts';
import { Chart } from '../components/Chart.tsx';
import { Status } from '../components/Status.tsx';
import { Link } from '../components/Link.tsx';
import { Breakdown } from '../components/Breakdown.tsx';
import { ForecastPanel } from '../components/ForecastPanel.tsx';
import { metricLabel, plural, useT, type MessageKey } from '../i18n/index.ts';

/** The metric's value in the last complete period, beside the one before it. */
function Headline({
  metric,
  report,
  companion,
}: {
  metric: MetricDefinition;
  report: MetricsReport;
  companion: string | undefined;
}) {
  const { formats } = useApp();
  const t = useT();
  const complete = report.periods.filter((p) => !p.partial);
  const shown = complete.at(-1);
  if (!shown) return null;
  const value = shown.metrics[metric.id] ?? null;
  const before = complete.at(-2)?.metrics[metric.id] ?? null;
  const difference = value === null || before === null ? null : value - before;
  const delta =
    difference === null
      ? null
      : {
          text: changeText(
            metric,
            difference,
            before === 0 ? null : difference / Math.abs(before!),
            formats.locale,
          ),
          delta: difference,
        };
  const responses = companion ? shown.metrics[companion] : null;
  return (
    <p className="headline" data-testid="headline" data-value={value ?? ''}>
      <span className="kpi-value">{metricValue(metric, value, formats)}</span>{' '}
      <span className="hint">
        {periodName(shown, report.interval, formats.locale)}
        {delta?.text ? (
          <>
            {` · ${t('kpi.vsPrev')}: `}
            <span className={`delta ${tone(metric.direction, delta.delta)}`}>{delta.text}</span>
          </>
        ) : null}
        {responses !== null && responses !== undefined
          ? ` · ${plural(formats.locale, 'kpi.responses', responses, { count: count(responses, formats.locale) })}`
          : ''}
      </span>
    </p>
  );
}

/** One metric: its chart over the chosen range, its formula in words, and its values. */
export function MetricPage({ id }: { id: string }) {
  const { formats, filters } = useApp();
  const t = useT();
  const definitions = useDefinitions();
  const companion = CARD_COMPANIONS[id];
  const { data, error, loading, visible } = useSeries(companion ? [id, companion] : [id]);
  const defined = definitions?.get(id);
  const metric = defined && { ...defined, label: metricLabel(formats.locale, defined) };
  if (definitions && !metric)
    return <Status error={new Error(t('metric.noSuch', { id }))} loading={false} />;
  if (!data || !metric) return <Status error={error} loading={loading} />;
  const periods = data.periods.slice(visible);
  const values = column(data, id).slice(visible);
  const formatters = chartFormatters(metric, formats);
  const download = { ...filterParams(filters), metric: [id, companion].filter(Boolean).join(',') };
  const chartValues = values.map((v) => (v !== null && metric.unit === 'rate' ? v * 100 : v));
  return (
    <>
      <p className="crumbs">
        <Link href="/metrics">{t('nav.metrics')}</Link> /
      </p>
      <h1>{metric.label}</h1>
      <Headline metric={metric} report={data} companion={companion} />
      {filters.segment ? (
        <p className="lede">{t('metric.segment', { segment: filters.segment })}</p>
      ) : null}
      {data.missing?.[id] ? (
        <p className="notice" role="note" data-testid="missing">
          {t('metric.missing', { reason: data.missing[id] })} <code>northstar import</code>.
        </p>
      ) : null}
      <section className="panel formula" aria-labelledby="formula">
        <h2 id="formula">{t('metric.howComputed')}</h2>
        <p data-testid="formula">{metric.formula}</p>
        <p className="hint">
          {t(`metric.direction.${metric.direction}` as MessageKey)} ·{' '}
          {t('metric.unitId', { unit: t(`unitName.${metric.unit}`) })} <code>{metric.id}</code>
        </p>
      </section>
      <section className="panel">
        <Chart
          testId="metric-chart"
          label={t('metric.perPeriod', { metric: metric.label })}
          option={{
            tooltip: { trigger: 'axis', valueFormatter: formatters.tooltip },
            grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
            xAxis: {
              type: 'category',
              data: periods.map((p) => periodName(p, data.interval, formats.locale)),
            },
            yAxis: {
              type: 'value',
              scale: metric.unit !== 'money',
              axisLabel: { formatter: formatters.axis },
            },
            series: [
              {
                name: metric.label,
                type: metric.unit === 'money' || metric.unit === 'count' ? 'bar' : 'line',
                data: chartValues,
                color: '#3b5bdb',
              },
            ],
          }}
        />
        <Downloads path="/metrics" what={metric.label} params={download} />
      </section>
      <Breakdown metric={metric} from={filters.from ? `${filters.from}-01` : ''} />
      {(metric.unit === 'money' || metric.unit === 'count') && !filters.segment ? (
        <ForecastPanel metric={metric} />
      ) : null}
      <section className="panel">
        <h2>{t('metric.values')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('table.period')}</th>
                <th scope="col">{t('table.from')}</th>
                <th scope="col">{t('table.to')}</th>
                <th scope="col" className="num">
                  {metric.label}
                </th>
                {companion ? (
                  <th scope="col" className="num">
                    {t('metric.responses')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {periods
                .map((p, i) => (
                  <tr key={p.period}>
                    <th scope="row">{periodName(p, data.interval, formats.locale)}</th>
                    <td>{p.start}</td>
                    <td>{p.through ?? p.end}</td>
                    <td className="num">{metricValue(metric, values[i], formats)}</td>
                    {companion ? (
                      <td className="num">{count(p.metrics[companion] ?? 0, formats.locale)}</td>
                    ) : null}
                  </tr>
                ))
                .reverse()}
            </tbody>
          </table>
        </div>
        <Downloads path="/metrics" what={t('metric.values')} params={download} />
      </section>
    </>
  );
}
