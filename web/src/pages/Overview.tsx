import { useMemo } from 'react';
import type { Benchmark, Preset } from '../api.ts';
import { useApp } from '../context.ts';
import { column, filterParams, useDefinitions, useSeries } from '../data.ts';
import { Downloads } from '../components/Downloads.tsx';

import { useApi, useSearchParam } from '../hooks.ts';
import { count, instant, intervalName, periodName, periodSpan, periodsText } from '../format.ts';
import { metricLabel, plural, useT } from '../i18n/index.ts';
import { KpiCard } from '../components/KpiCard.tsx';
import { contributorsPath, MrrChart } from '../components/MrrChart.tsx';
import { CARD_COMPANIONS, MOVEMENT_METRICS, overviewMetricIds } from '../../../src/api/overview.ts';
import { CONTRIBUTOR_METRICS } from '../../../src/metrics/contributor-metrics.ts';
import { Status } from '../components/Status.tsx';
import { dayRangeText } from '../../../src/model/day-range.ts';
import { InsightPanel } from '../components/InsightPanel.tsx';
import { DEFAULT_KPIS, PresetSwitcher } from '../components/PresetSwitcher.tsx';

const PRESET_KEY = 'northstar.preset';

/** KPI cards whose value opens the list of customers behind it. */
const DRILLABLE: ReadonlySet<string> = new Set(CONTRIBUTOR_METRICS);

/** The benchmark figure shown on a card: one that fits the workspace and has a placement. */
function useBenchmarks(): Map<string, Benchmark> {
  const { data } = useApi<{ items: Benchmark[] }>('/benchmarks');
  return useMemo(() => {
    const map = new Map<string, Benchmark>();
    for (const b of data?.items ?? [])
      if (b.applies && b.position !== null && !map.has(b.metric)) map.set(b.metric, b);
    return map;
  }, [data]);
}

/** "42 responses" under a survey score (a score of few answers swings wildly). */
function responsesNote(responses: number | null | undefined, locale: string): string | undefined {
  if (responses === null || responses === undefined) return undefined;
  return plural(locale, 'kpi.responses', responses, { count: count(responses, locale) });
}

export function Overview() {
  const { formats, filters } = useApp();
  const t = useT();
  const { locale } = formats;
  const definitions = useDefinitions();
  const presets = useApi<{ items: Preset[] }>('/presets').data?.items;
  const benchmarks = useBenchmarks();
  // The preset is page state in the URL; without one, the preset this browser chose last.
  const [presetParam, setPresetParam] = useSearchParam('preset');
  const preset = presetParam || (localStorage.getItem(PRESET_KEY) ?? '');
  const choosePreset = (id: string) => {
    localStorage.setItem(PRESET_KEY, id);
    setPresetParam(id || 'essentials');
  };
  const kpis = presets?.find((p) => p.id === preset)?.metrics ?? DEFAULT_KPIS;
  // The same query the server warms after a write (kpis first, then the movement series).
  const ids = presets ? overviewMetricIds(kpis) : [];
  const [shown, setShown] = useSearchParam('period');
  const toDate = shown === 'to-date';
  const setToDate = (on: boolean) => setShown(on ? 'to-date' : '');
  // Month-to-date asks for the same days of the previous month too; the complete months'
  // comparisons alone are what the server warms after every write (cheaper to compute).
  const { data, error, loading, visible } = useSeries(ids, {
    compare: toDate ? true : 'complete',
  });
  if (!data || !definitions || !presets) return <Status error={error} loading={loading} />;
  // Cards show the last complete period unless month-to-date is chosen: a few days of a
  // month beside whole months would read as a collapse.
  const running = data.periods.at(-1)?.partial ? data.periods.length - 1 : -1;
  const last = running >= 0 && !toDate ? running - 1 : data.periods.length - 1;
  const period = data.periods[last];
  return (
    <>
      <h1 data-testid="overview-title">{t('overview.title')}</h1>
      <p className="lede" data-testid="shown-period">
        {period
          ? `${periodName(period, filters.interval, locale)} (${periodSpan(period)})`
          : t('overview.noData')}{' '}
        · {data.currency} · {periodsText(filters.interval, locale)}
        {filters.segment ? ` · ${t('overview.segment', { segment: filters.segment })}` : ''}
        {data.as_of ? (
          <>
            {' · '}
            <span
              data-testid="as-of"
              data-as-of={data.as_of}
              data-stale={data.stale ? 'true' : 'false'}
            >
              {t('overview.asOf', { time: instant(data.as_of, locale) })}
              {data.stale ? ` · ${t('overview.updating')}` : ''}
            </span>
          </>
        ) : null}
      </p>
      {running > 0 ? (
        <div role="radiogroup" aria-label={t('overview.periodShown')} className="segmented">
          <label>
            <input
              type="radio"
              name="shown-period"
              checked={!toDate}
              onChange={() => setToDate(false)}
            />
            {t('overview.lastComplete', {
              interval: intervalName(filters.interval, locale),
              period: data.periods[running - 1]!.period,
            })}
          </label>
          <label>
            <input
              type="radio"
              name="shown-period"
              checked={toDate}
              onChange={() => setToDate(true)}
            />
            {periodName(data.periods[running]!, filters.interval, locale)}
          </label>
        </div>
      ) : null}
      {period?.partial ? (
        <p className="hint" data-testid="partial-note">
          {period.comparison_period
            ? t('overview.partialNoteSameDays', {
                period: periodName(period, filters.interval, locale),
                through: period.through ?? period.end,
                previous: period.comparison_period.period,
                days: dayRangeText(
                  period.comparison_period.from,
                  period.comparison_period.through,
                  locale,
                ),
              })
            : t('overview.partialNote', {
                period: periodName(period, filters.interval, locale),
                through: period.through ?? period.end,
                interval: intervalName(filters.interval, locale),
              })}
        </p>
      ) : null}
      <PresetSwitcher presets={presets} value={preset} onChange={choosePreset} />
      <section
        className="kpis"
        aria-label={t('overview.keyMetrics')}
        data-testid="kpis"
        aria-busy={loading}
      >
        {kpis.map((id) => {
          const defined = definitions.get(id);
          const metric = defined && { ...defined, label: metricLabel(locale, defined) };
          // A preset switch: the cards of metrics not fetched yet say so instead of "—".
          if (metric && period && !(id in period.metrics))
            return (
              <article key={id} className="kpi pending" data-metric={id}>
                <h3>{metric.label}</h3>
                <p className="loading" role="status">
                  {t('app.loading')}
                </p>
              </article>
            );
          return metric ? (
            <KpiCard
              key={id}
              metric={metric}
              values={column(data, id)}
              index={last}
              comparison={period?.comparisons?.[id]}
              sameDays={period?.comparison_period}
              missing={data.missing?.[id]}
              note={responsesNote(period?.metrics[CARD_COMPANIONS[id] ?? ''], formats.locale)}
              benchmark={filters.segment ? undefined : benchmarks.get(id)}
              formats={formats}
              drillDown={
                period && DRILLABLE.has(id) && !filters.segment
                  ? contributorsPath(id, period.period)
                  : undefined
              }
            />
          ) : null;
        })}
      </section>
      <InsightPanel segmented={filters.segment !== ''} period={period} from={filters.from} />
      <section className="panel" aria-labelledby="mrr-movements">
        <h2 id="mrr-movements">{t('overview.movements')}</h2>
        <MrrChart report={data} from={visible} formats={formats} />
        <Downloads
          path="/metrics"
          what={t('overview.movements')}
          params={{ ...filterParams(filters), metric: MOVEMENT_METRICS.join(',') }}
        />
      </section>
    </>
  );
}
