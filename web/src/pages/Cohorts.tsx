import { query, type Cohort } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi, useSearchParam } from '../hooks.ts';
import { money, percent } from '../format.ts';
import { Status } from '../components/Status.tsx';

/** Cell colour: white at 0 %, deep blue at 100 % (revenue can exceed it: capped). */
function shade(value: number): string {
  const t = Math.max(0, Math.min(1, value));
  const light = Math.round(97 - t * 55);
  return `hsl(225 70% ${light}%)`;
}

/** Monthly cohorts as a retention heat map (an HTML table: readable, printable, accessible). */
export function Cohorts() {
  const { formats, filters } = useApp();
  const [retention, setRetention] = useSearchParam('retention');
  const kind = retention === 'revenue' ? 'revenue' : 'logo';
  const setKind = (k: 'logo' | 'revenue') => setRetention(k === 'logo' ? '' : k);
  const { data, error, loading } = useApi<{ currency: string; cohorts: Cohort[] }>(
    `/cohorts${query({ from: filters.from, to: filters.to, segment: filters.segment })}`,
  );
  if (!data) return <Status error={error} loading={loading} />;
  const width = Math.max(0, ...data.cohorts.map((c) => c.months.length));
  return (
    <>
      <h1>Cohort retention</h1>
      <div role="radiogroup" aria-label="Retention" className="segmented">
        {(['logo', 'revenue'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
            {k === 'logo' ? 'Customers (logo)' : 'Revenue'}
          </label>
        ))}
      </div>
      <p className="hint">
        Customers grouped by month of first payment; each cell is the share{' '}
        {kind === 'logo' ? 'of the cohort still paying' : 'of its starting MRR still billed'} k
        months later.
      </p>
      <div className="table-wrap">
        <table className="heatmap" data-testid="cohorts">
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col" className="num">
                Customers
              </th>
              <th scope="col" className="num">
                Starting MRR
              </th>
              {Array.from({ length: width }, (_, k) => (
                <th scope="col" key={k} className="num">
                  M{k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.cohorts.map((c) => (
              <tr key={c.cohort}>
                <th scope="row">{c.cohort}</th>
                <td className="num">{c.customers}</td>
                <td className="num">
                  {money(c.starting_mrr, { ...formats, currency: data.currency }, true)}
                </td>
                {Array.from({ length: width }, (_, k) => {
                  const m = c.months[k];
                  const v = m ? (kind === 'logo' ? m.logo_retention : m.revenue_retention) : null;
                  return (
                    <td
                      key={k}
                      className="num cell"
                      style={
                        v === null
                          ? undefined
                          : { background: shade(v), color: v > 0.6 ? '#fff' : undefined }
                      }
                    >
                      {v === null ? '' : percent(v, formats.locale, 0)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
