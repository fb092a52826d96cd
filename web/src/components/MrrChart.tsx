import type { MetricsReport } from '../api.ts';
import { money, periodName, type Formats } from '../format.ts';
import { column } from '../data.ts';
import { Chart } from './Chart.tsx';
import { translate } from '../i18n/index.ts';
import { navigate } from '../hooks.ts';

/** The dashboard path listing the customers behind a metric's value in a period. */
export const contributorsPath = (metric: string, period: string) =>
  `/metrics/${metric}/contributors/${encodeURIComponent(period)}`;

export const MOVEMENT_SERIES = [
  ['new_mrr', 'series.new', '#2f9e44', 1],
  ['expansion_mrr', 'series.expansion', '#74b816', 1],
  ['reactivation_mrr', 'series.reactivation', '#1098ad', 1],
  ['contraction_mrr', 'series.contraction', '#f08c00', -1],
  ['churned_mrr', 'series.churn', '#e03131', -1],
] as const;

/**
 * MRR movements per period as stacked bars (losses below zero) with the net new MRR line.
 * A bar opens the customers behind it, or with `onPeriod` chooses its period.
 */
export function MrrChart({
  report,
  from,
  formats,
  onPeriod,
}: {
  report: MetricsReport;
  from: number;
  formats: Formats;
  onPeriod?: (period: string) => void;
}) {
  const periods = report.periods.slice(from);
  const shown = (id: string, sign = 1) =>
    column(report, id)
      .slice(from)
      .map((v) => (v === null ? null : sign * v));
  const t = (key: Parameters<typeof translate>[1]) => translate(formats.locale, key);
  const fmt = (v: unknown) => (typeof v === 'number' ? money(v, formats) : '—');
  return (
    <Chart
      testId="mrr-chart"
      label={t('overview.movementsChart')}
      // The axis shows localized names; the period key comes from the bar's index.
      onClick={({ seriesId, dataIndex }) => {
        const period = periods[dataIndex]?.period;
        if (period && onPeriod) onPeriod(period);
        else if (period) navigate(contributorsPath(seriesId, period));
      }}
      option={{
        tooltip: { trigger: 'axis', valueFormatter: fmt },
        // Bars open the customers behind them.
        cursor: 'pointer',
        legend: { bottom: 0 },
        grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
        xAxis: {
          type: 'category',
          data: periods.map((p) => periodName(p, report.interval, formats.locale)),
        },
        yAxis: {
          type: 'value',
          axisLabel: { formatter: (v: number) => money(v, formats, true) },
        },
        series: [
          ...MOVEMENT_SERIES.map(([id, name, color, sign]) => ({
            id,
            name: t(name),
            type: 'bar',
            // One stack: gains pile up above zero and losses below it in the same bar
            // (two stacks would stand side by side).
            stack: 'movements',
            color,
            data: shown(id, sign),
          })),
          {
            id: 'net_new_mrr',
            name: t('series.netNew'),
            type: 'line',
            color: '#212529',
            symbolSize: 5,
            data: shown('net_new_mrr'),
          },
        ],
      }}
    />
  );
}
