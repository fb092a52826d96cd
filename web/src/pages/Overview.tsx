import { useMemo, useState } from 'react';
import type { Benchmark, Preset } from '../api.ts';
import { useApp } from '../context.ts';
import { column, useDefinitions, useSeries } from '../data.ts';
import { useApi } from '../hooks.ts';
import { KpiCard } from '../components/KpiCard.tsx';
import { contributorsPath, MrrChart } from '../components/MrrChart.tsx';
import { overviewMetricIds } from '../../../src/api/overview.ts';
import { Status } from '../components/Status.tsx';
import { InsightPanel } from '../components/InsightPanel.tsx';
import { DEFAULT_KPIS, PresetSwitcher } from '../components/PresetSwitcher.tsx';

const PRESET_KEY = 'northstar.preset';

/** KPI cards whose value opens the list of customers behind it. */
const DRILLABLE = new Set([
  'mrr',
  'customers',
  'new_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'reactivation_mrr',
  'net_new_mrr',
  'fx_impact_mrr',
  'new_customers',
  'churned_customers',
  'reactivated_customers',
]);

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

export function Overview() {
  const { formats, filters } = useApp();
  const definitions = useDefinitions();
  const presets = useApi<{ items: Preset[] }>('/presets').data?.items;
  const benchmarks = useBenchmarks();
  const [preset, setPreset] = useState(() => localStorage.getItem(PRESET_KEY) ?? '');
  const choosePreset = (id: string) => {
    localStorage.setItem(PRESET_KEY, id);
    setPreset(id);
  };
  const kpis = presets?.find((p) => p.id === preset)?.metrics ?? DEFAULT_KPIS;
  // The same query the server warms after a write (kpis first, then the movement series).
  const ids = presets ? overviewMetricIds(kpis) : [];
  const { data, error, loading, visible } = useSeries(ids, { compare: true });
  if (!data || !definitions || !presets) return <Status error={error} loading={loading} />;
  const last = data.periods.length - 1;
  const period = data.periods[last];
  return (
    <>
      <h1>Overview</h1>
      <p className="lede">
        {period ? `${period.period} (${period.start} – ${period.end})` : 'No data yet'} ·{' '}
        {data.currency} · {filters.interval}ly periods
        {filters.segment ? ` · segment ${filters.segment}` : ''}
      </p>
      <PresetSwitcher presets={presets} value={preset} onChange={choosePreset} />
      <section className="kpis" aria-label="Key metrics" data-testid="kpis">
        {kpis.map((id) => {
          const metric = definitions.get(id);
          return metric ? (
            <KpiCard
              key={id}
              metric={metric}
              values={column(data, id)}
              index={last}
              comparison={period?.comparisons?.[id]}
              missing={data.missing?.[id]}
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
      <InsightPanel segmented={filters.segment !== ''} />
      <section className="panel" aria-labelledby="mrr-movements">
        <h2 id="mrr-movements">MRR movements</h2>
        <MrrChart report={data} from={visible} formats={formats} />
      </section>
    </>
  );
}
