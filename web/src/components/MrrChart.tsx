import type { MetricsReport } from '../api.ts';
import { money, type Formats } from '../format.ts';
import { column } from '../data.ts';
import { Chart } from './Chart.tsx';
import { navigate } from '../hooks.ts';

/** The dashboard path listing the customers behind a metric's value in a period. */
export const contributorsPath = (metric: string, period: string) =>
  `/metrics/${metric}/contributors/${encodeURIComponent(period)}`;

export const MOVEMENT_SERIES = [
  ['new_mrr', 'New', '#2f9e44', 1],
  ['expansion_mrr', 'Expansion', '#74b816', 1],
  ['reactivation_mrr', 'Reactivation', '#1098ad', 1],
  ['contraction_mrr', 'Contraction', '#f08c00', -1],
  ['churned_mrr', 'Churn', '#e03131', -1],
] as const;

/** MRR movements per period as stacked bars (losses below zero) with the net new MRR line. */
export function MrrChart({
  report,
  from,
  formats,
}: {
  report: MetricsReport;
  from: number;
  formats: Formats;
}) {
  const periods = report.periods.slice(from);
  const shown = (id: string, sign = 1) =>
    column(report, id)
      .slice(from)
      .map((v) => (v === null ? null : sign * v));
  const fmt = (v: unknown) => (typeof v === 'number' ? money(v, formats) : '—');
  return (
    <Chart
      testId="mrr-chart"
      label="MRR movements per period: new, expansion, reactivation, contraction and churn, with net new MRR (select a bar for the customers behind it)"
      onClick={({ seriesId, name }) => navigate(contributorsPath(seriesId, name))}
      option={{
        tooltip: { trigger: 'axis', valueFormatter: fmt },
        // Bars open the customers behind them.
        cursor: 'pointer',
        legend: { bottom: 0 },
        grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
        xAxis: { type: 'category', data: periods.map((p) => p.period) },
        yAxis: {
          type: 'value',
          axisLabel: { formatter: (v: number) => money(v, formats, true) },
        },
        series: [
          ...MOVEMENT_SERIES.map(([id, name, color, sign]) => ({
            id,
            name,
            type: 'bar',
            stack: sign > 0 ? 'gain' : 'loss',
            color,
            data: shown(id, sign),
          })),
          {
            id: 'net_new_mrr',
            name: 'Net new MRR',
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
