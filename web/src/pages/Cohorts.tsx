import { query, type Cohort } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi, useSearchParam } from '../hooks.ts';
import { count, money, percent, type Formats } from '../format.ts';
import { Status } from '../components/Status.tsx';
import { Downloads } from '../components/Downloads.tsx';

import { useT } from '../i18n/index.ts';

/** Cell colour: white at 0 %, deep blue at 100 % (revenue can exceed it: capped). */
function shade(value: number): string {
  const t = Math.max(0, Math.min(1, value));
  const light = Math.round(97 - t * 55);
  return `hsl(225 70% ${light}%)`;
}

type View = 'logo' | 'revenue' | 'customers' | 'mrr';

const VIEWS: readonly View[] = ['logo', 'revenue', 'customers', 'mrr'];

type Month = Cohort['months'][number];

/** The retention share that colours a cell: of customers, or of revenue. */
function shareOf(view: View, m: Month): number | null {
  return view === 'logo' || view === 'customers' ? m.logo_retention : m.revenue_retention;
}

function cellText(view: View, m: Month, f: Formats, share: number | null): string {
  if (view === 'customers') return count(m.customers, f.locale);
  if (view === 'mrr') return money(m.mrr, f);
  return share === null ? '' : percent(share, f.locale, 0);
}

/**
 * The average cohort k months on, over the cohorts that have reached month k, weighted by
 * size: Σ still paying ÷ Σ cohort sizes (revenue: Σ MRR ÷ Σ starting MRR); counts and MRR
 * as a plain mean per cohort.
 */
function averageAt(view: View, cohorts: readonly Cohort[], k: number) {
  const reached = cohorts.filter((c) => c.months[k] !== undefined);
  if (reached.length === 0) return null;
  const sum = (f: (c: Cohort) => number) => reached.reduce((s, c) => s + f(c), 0);
  const customers = sum((c) => c.months[k]!.customers);
  const mrr = sum((c) => c.months[k]!.mrr);
  const size = sum((c) => c.customers);
  const starting = sum((c) => c.starting_mrr);
  const month: Month = {
    month: k,
    customers: customers / reached.length,
    mrr: mrr / reached.length,
    logo_retention: size === 0 ? null : customers / size,
    revenue_retention: starting === 0 ? null : mrr / starting,
  };
  return {
    month,
    share: view === 'revenue' || view === 'mrr' ? month.revenue_retention : month.logo_retention,
  };
}

/** Monthly cohorts as a retention heat map (an HTML table: readable, printable, accessible). */
export function Cohorts() {
  const { formats, filters } = useApp();
  const t = useT();
  const [viewParam, setView] = useSearchParam('retention');
  const view = VIEWS.find((v) => v === viewParam) ?? 'logo';
  const params = { from: filters.from, to: filters.to, segment: filters.segment };
  const { data, error, loading } = useApi<{ currency: string; cohorts: Cohort[] }>(
    `/cohorts${query(params)}`,
  );
  if (!data) return <Status error={error} loading={loading} />;
  const f = { ...formats, currency: data.currency };
  const width = Math.max(0, ...data.cohorts.map((c) => c.months.length));
  const mean = (of: (c: Cohort) => number) =>
    data.cohorts.length === 0
      ? 0
      : data.cohorts.reduce((s, c) => s + of(c), 0) / data.cohorts.length;
  const shadeStyle = (share: number | null) =>
    share === null
      ? undefined
      : { background: shade(share), color: share > 0.6 ? '#fff' : undefined };
  return (
    <>
      <h1>{t('cohorts.title')}</h1>
      <div role="radiogroup" aria-label={t('cohorts.cellsShow')} className="segmented wrap">
        {VIEWS.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="view"
              checked={view === v}
              onChange={() => setView(v === 'logo' ? '' : v)}
            />
            {t(`cohorts.view.${v}`)}
          </label>
        ))}
      </div>
      <p className="hint">
        {t(`cohorts.hint.${view}`)} {t('cohorts.averageHint')}
      </p>
      <div className="table-wrap">
        <table className="heatmap" data-testid="cohorts">
          <thead>
            <tr>
              <th scope="col">{t('cohorts.cohort')}</th>
              <th scope="col" className="num">
                {t('cohorts.customers')}
              </th>
              <th scope="col" className="num">
                {t('cohorts.startingMrr')}
              </th>
              {Array.from({ length: width }, (_, k) => (
                <th scope="col" key={k} className="num">
                  M{k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="average" data-testid="cohort-average">
              <th scope="row">{t('cohorts.average')}</th>
              <td className="num">
                {count(
                  mean((c) => c.customers),
                  f.locale,
                )}
              </td>
              <td className="num">
                {money(
                  mean((c) => c.starting_mrr),
                  f,
                )}
              </td>
              {Array.from({ length: width }, (_, k) => {
                const a = averageAt(view, data.cohorts, k);
                return (
                  <td key={k} className="num cell" style={shadeStyle(a?.share ?? null)}>
                    {a ? cellText(view, a.month, f, a.share) : ''}
                  </td>
                );
              })}
            </tr>
            {data.cohorts.map((c) => (
              <tr key={c.cohort}>
                <th scope="row">{c.cohort}</th>
                <td className="num">{count(c.customers, f.locale)}</td>
                <td className="num">{money(c.starting_mrr, f)}</td>
                {Array.from({ length: width }, (_, k) => {
                  const m = c.months[k];
                  const share = m ? shareOf(view, m) : null;
                  return (
                    <td key={k} className="num cell" style={shadeStyle(share)}>
                      {m ? cellText(view, m, f, share) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Downloads path="/cohorts" what={t('cohorts.title')} params={params} />
    </>
  );
}
