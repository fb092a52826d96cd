import { useEffect, useId, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { setSearchParams } from '../hooks.ts';
import { useApp } from '../context.ts';
import { decimal, money } from '../format.ts';
import { Chart } from './Chart.tsx';
import { useT } from '../i18n/index.ts';

/** One projected month, as `POST /scenario` returns it. */
export interface ScenarioMonth {
  period: string;
  mrr: number;
  arr: number;
  customers: number;
  cash: number | null;
  runway_months: number | null;
}

export interface ScenarioResult {
  as_of: string;
  currency: string;
  horizon: number;
  window: number;
  baseline: { months: ScenarioMonth[] };
  scenario: { months: ScenarioMonth[] };
}

/** The editor's inputs, in percent (what a person types). */
export interface ScenarioInputs {
  churn: number;
  price: number;
  newGrowth: number;
  costs: number;
  horizon: number;
}

const DEFAULTS: ScenarioInputs = { churn: 0, price: 0, newGrowth: 0, costs: 0, horizon: 12 };

const FIELDS: readonly {
  /** Its label is `scenario.{key}` in the catalogue, its hint `scenario.{key}.hint`. */
  key: keyof ScenarioInputs;
  min: number;
  max: number;
  step: number;
}[] = [
  {
    key: 'churn',
    min: -100,
    max: 500,
    step: 1,
  },
  {
    key: 'price',
    min: -100,
    max: 1000,
    step: 1,
  },
  {
    key: 'newGrowth',
    min: -99,
    max: 100,
    step: 0.5,
  },
  {
    key: 'costs',
    min: -100,
    max: 1000,
    step: 1,
  },
  { key: 'horizon', min: 1, max: 120, step: 1 },
];

/** The request body: percentages as fractions; unchanged inputs left out. */
export function scenarioBody(inputs: ScenarioInputs): Record<string, number> {
  const body: Record<string, number> = { horizon: inputs.horizon };
  if (inputs.churn !== 0) body.churn = inputs.churn / 100;
  if (inputs.price !== 0) body.price = inputs.price / 100;
  if (inputs.newGrowth !== 0) body.new_growth = inputs.newGrowth / 100;
  if (inputs.costs !== 0) body.costs = inputs.costs / 100;
  return body;
}

function valid(inputs: ScenarioInputs): boolean {
  return FIELDS.every(({ key, min, max }) => {
    const v = inputs[key];
    return Number.isFinite(v) && v >= min && v <= max && (key !== 'horizon' || Number.isInteger(v));
  });
}

/** The editor's fields as the URL gives them (a field absent or unreadable: its default). */
function scenarioFromUrl(): Record<keyof ScenarioInputs, string> {
  const params = new URLSearchParams(window.location.search);
  const entries = FIELDS.map(({ key }) => {
    const value = params.get(key);
    return [key, value !== null && Number.isFinite(Number(value)) ? value : String(DEFAULTS[key])];
  });
  return Object.fromEntries(entries) as Record<keyof ScenarioInputs, string>;
}

/** What-if editor: changes in, baseline vs scenario MRR and cash out (POST /scenario). */
export function ScenarioEditor() {
  const { formats } = useApp();
  const t = useT();
  const id = useId();
  // The scenario is page state: a reload or a shared link opens on the same changes.
  const [text, setText] = useState(scenarioFromUrl);
  const inputs = useMemo<ScenarioInputs>(
    () => ({
      churn: Number(text.churn || 0),
      price: Number(text.price || 0),
      newGrowth: Number(text.newGrowth || 0),
      costs: Number(text.costs || 0),
      horizon: Number(text.horizon || DEFAULTS.horizon),
    }),
    [text],
  );
  const ok = valid(inputs);
  const body = useMemo(() => JSON.stringify(scenarioBody(inputs)), [inputs]);
  useEffect(() => {
    if (ok)
      setSearchParams(
        Object.fromEntries(
          FIELDS.map(({ key }) => [key, inputs[key] === DEFAULTS[key] ? '' : String(inputs[key])]),
        ),
      );
  }, [inputs, ok]);
  const [result, setResult] = useState<ScenarioResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!ok) return;
    let live = true;
    // Typing "15" should not ask twice: wait for a pause.
    const timer = window.setTimeout(() => {
      setBusy(true);
      api<ScenarioResult>('/scenario', { method: 'POST', json: JSON.parse(body) as unknown })
        .then(
          (data) => {
            if (!live) return;
            setResult(data);
            setError(null);
          },
          (e: Error) => live && setError(e),
        )
        .finally(() => live && setBusy(false));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [body, ok]);

  const fmt = (v: number | null) => (v === null ? '—' : money(v, formats));
  const compact = (v: number) => money(v, formats, true);
  const runway = (v: number | null) =>
    v === null
      ? t('scenario.notBurning')
      : t('scenario.runway', { months: decimal(v, formats.locale, 1) });

  const shown = result;
  const labels = shown?.baseline.months.map((m) => m.period) ?? [];
  const hasCash = shown?.baseline.months.some((m) => m.cash !== null) ?? false;
  const last = shown
    ? { b: shown.baseline.months.at(-1)!, s: shown.scenario.months.at(-1)!, n: shown.horizon }
    : null;
  const line = (name: string, data: (number | null)[], color: string, dashed: boolean) => ({
    name,
    type: 'line',
    symbol: 'none',
    color,
    lineStyle: dashed ? { type: 'dashed' } : {},
    data,
  });
  const chartOption = (series: ReturnType<typeof line>[]) => ({
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : '—'),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: compact } },
    series,
  });

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="scenario">
      <h2 id={`${id}-title`}>{t('scenario.title')}</h2>
      <p className="hint">
        {t('scenario.hint', { window: shown?.window ?? 3 })}
        {shown ? ` ${t('scenario.firstMonth', { date: shown.as_of })}` : ''}
      </p>
      <form
        onSubmit={(e) => e.preventDefault()}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end', margin: '8px 0' }}
        aria-describedby={`${id}-status`}
      >
        {FIELDS.map((f) => (
          <label
            key={f.key}
            htmlFor={`${id}-${f.key}`}
            style={{ display: 'flex', flexDirection: 'column', gap: 2, fontSize: '0.85em' }}
          >
            {t(`scenario.${f.key}`)}
            <input
              id={`${id}-${f.key}`}
              name={f.key}
              type="number"
              inputMode="decimal"
              min={f.min}
              max={f.max}
              step={f.step}
              value={text[f.key]}
              aria-describedby={`${id}-${f.key}-hint`}
              onChange={(e) => setText((t) => ({ ...t, [f.key]: e.target.value }))}
              style={{ width: '9em' }}
            />
            <span id={`${id}-${f.key}-hint`} className="sr-only">
              {t(`scenario.${f.key}.hint`)}
            </span>
          </label>
        ))}
        <button
          type="button"
          onClick={() =>
            setText({ churn: '0', price: '0', newGrowth: '0', costs: '0', horizon: '12' })
          }
        >
          {t('scenario.reset')}
        </button>
      </form>
      <p id={`${id}-status`} role="status" className={error || !ok ? 'error' : 'hint'}>
        {!ok ? t('scenario.invalid') : error ? error.message : busy ? t('scenario.projecting') : ''}
      </p>
      {shown && last ? (
        <>
          <h3 style={{ fontSize: '0.95rem' }}>MRR</h3>
          <Chart
            testId="scenario-mrr-chart"
            height={260}
            label={t('scenario.mrrChart', { count: shown.horizon })}
            option={chartOption([
              line(
                t('scenario.baselineMrr'),
                shown.baseline.months.map((m) => m.mrr),
                '#868e96',
                false,
              ),
              line(
                t('scenario.scenarioMrr'),
                shown.scenario.months.map((m) => m.mrr),
                '#3b5bdb',
                true,
              ),
            ])}
          />
          {hasCash ? (
            <>
              <h3 style={{ fontSize: '0.95rem' }}>{t('scenario.cash')}</h3>
              <Chart
                testId="scenario-cash-chart"
                height={260}
                label={t('scenario.cashChart', { count: shown.horizon })}
                option={chartOption([
                  line(
                    t('scenario.baselineCash'),
                    shown.baseline.months.map((m) => m.cash),
                    '#868e96',
                    false,
                  ),
                  line(
                    t('scenario.scenarioCash'),
                    shown.scenario.months.map((m) => m.cash),
                    '#2b8a3e',
                    true,
                  ),
                ])}
              />
            </>
          ) : (
            <p className="hint">{t('scenario.noCash')}</p>
          )}
          <div className="table-wrap">
            <table data-testid="scenario-table">
              <caption style={{ textAlign: 'left' }}>
                {t('scenario.month', { count: last.n, period: last.b.period })}
              </caption>
              <thead>
                <tr>
                  <th scope="col"> </th>
                  <th scope="col" className="num">
                    MRR
                  </th>
                  <th scope="col" className="num">
                    ARR
                  </th>
                  <th scope="col" className="num">
                    {t('scenario.cash')}
                  </th>
                  <th scope="col" className="num">
                    {t('scenario.runwayCol')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['baseline', t('scenario.baseline'), last.b],
                    ['scenario', t('scenario.scenario'), last.s],
                  ] as const
                ).map(([key, label, m]) => (
                  <tr key={key} data-testid={`scenario-row-${key}`}>
                    <th scope="row">{label}</th>
                    <td className="num" data-testid={`scenario-mrr-${key}`} data-value={m.mrr}>
                      {fmt(m.mrr)}
                    </td>
                    <td className="num">{fmt(m.arr)}</td>
                    <td className="num">{fmt(m.cash)}</td>
                    <td className="num">{m.cash === null ? '—' : runway(m.runway_months)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
