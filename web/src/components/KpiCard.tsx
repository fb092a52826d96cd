import type { Benchmark, Comparison, MetricDefinition } from '../api.ts';
import { changeText, metricValue, type Formats } from '../format.ts';
import { translate } from '../i18n/index.ts';
import { dayRangeText } from '../../../src/model/day-range.ts';
import { Chart } from './Chart.tsx';
import { Link } from './Link.tsx';

export interface KpiCardProps {
  metric: MetricDefinition;
  /** The series up to the shown period (last value is the one shown). */
  values: (number | null)[];
  /** Index of the shown period in `values`. */
  index: number;
  /** The shown period against the previous one and a year earlier (from the API). */
  comparison: Comparison | undefined;
  /**
   * A running period: the previous period's days the comparison reads ("vs 1–6 Nov"); it
   * has no year-ago change.
   */
  sameDays?: { from: string; through: string } | undefined;
  /** The benchmark figure that applies to this workspace, if any. */
  benchmark?: Benchmark | undefined;
  /** Why the metric has no value (an input is missing), from the API. */
  missing?: string | undefined;
  /** A line under the value, e.g. the responses behind a survey score. */
  note?: string | undefined;
  formats: Formats;
  /** Where the customers behind the shown value are listed (movement metrics). */
  drillDown?: string | undefined;
}

function Delta({
  label,
  text,
  good,
}: {
  label: string;
  text: string | null;
  good: boolean | null;
}) {
  const tone = text === null || good === null ? 'neutral' : good ? 'good' : 'bad';
  return (
    <span className={`delta ${tone}`}>
      {label}: {text ?? '—'}
    </span>
  );
}

function BenchmarkBadge({ benchmark, locale }: { benchmark: Benchmark; locale: string }) {
  const { source } = benchmark;
  const title = `${benchmark.measure} — ${benchmark.group}. ${source.publisher}, “${source.title}”, ${source.year}${benchmark.stale ? ` ${translate(locale, 'kpi.stale')}` : ''}`;
  return (
    <p className="badge" data-testid={`benchmark-${benchmark.metric}`} title={title}>
      {translate(locale, 'kpi.benchmark', { position: benchmark.position ?? '' })}
      {benchmark.stale ? ' ⚠' : ''}
    </p>
  );
}

/** One KPI: value, sparkline, change vs the previous period and a year earlier, benchmark. */
export function KpiCard({
  metric,
  values,
  index,
  comparison,
  sameDays,
  benchmark,
  missing,
  note,
  formats,
  drillDown,
}: KpiCardProps) {
  const value = values[index] ?? null;
  if (missing)
    return (
      <article className="kpi missing" data-metric={metric.id}>
        <h3>
          <Link href={`/metrics/${metric.id}`}>{metric.label}</Link>
        </h3>
        <p className="kpi-value" data-testid={`kpi-${metric.id}`} data-value="">
          —
        </p>
        <p className="hint" data-testid={`missing-${metric.id}`}>
          {translate(formats.locale, 'kpi.noValue', { reason: missing })}
        </p>
      </article>
    );
  const spark = values.slice(Math.max(0, index - 11), index + 1);
  const c = comparison;
  return (
    <article className="kpi" data-metric={metric.id}>
      <h3>
        <Link href={`/metrics/${metric.id}`}>{metric.label}</Link>
      </h3>
      <p className="kpi-value" data-testid={`kpi-${metric.id}`} data-value={value ?? ''}>
        {metricValue(metric, value, formats)}
      </p>
      {note ? (
        <p className="hint kpi-note" data-testid={`note-${metric.id}`}>
          {note}
        </p>
      ) : null}
      <Chart
        height={40}
        label={translate(formats.locale, 'kpi.lastPeriods', {
          metric: metric.label,
          count: spark.length,
        })}
        option={{
          grid: { left: 0, right: 0, top: 4, bottom: 4 },
          xAxis: { type: 'category', show: false, data: spark.map((_, i) => i) },
          yAxis: { type: 'value', show: false, scale: true },
          series: [
            {
              type: 'line',
              data: spark,
              symbol: 'none',
              lineStyle: { width: 2 },
              color: '#3b5bdb',
            },
          ],
          tooltip: { show: false },
        }}
      />
      {c?.not_compared ? (
        <p className="hint" data-testid={`not-compared-${metric.id}`}>
          {translate(formats.locale, `kpi.notComparedToDate.${c.not_compared.code}`)}
        </p>
      ) : (
        <p className="deltas" data-testid={`deltas-${metric.id}`}>
          <Delta
            label={
              sameDays
                ? translate(formats.locale, 'kpi.vsSameDays', {
                    days: dayRangeText(sameDays.from, sameDays.through, formats.locale),
                  })
                : translate(formats.locale, 'kpi.vsPrev')
            }
            text={c ? changeText(metric, c.change, c.change_pct, formats.locale) : null}
            good={c?.good ?? null}
          />
          {sameDays ? null : (
            <Delta
              label={translate(formats.locale, 'kpi.vsYear')}
              text={c ? changeText(metric, c.year_change, c.year_change_pct, formats.locale) : null}
              good={c?.year_good ?? null}
            />
          )}
        </p>
      )}
      {benchmark && benchmark.position ? (
        <BenchmarkBadge benchmark={benchmark} locale={formats.locale} />
      ) : null}
      {drillDown ? (
        <p className="hint">
          <Link href={drillDown} data-testid={`drill-${metric.id}`}>
            {translate(formats.locale, 'kpi.drillDown')}
          </Link>
        </p>
      ) : null}
    </article>
  );
}
