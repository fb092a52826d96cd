import type { ContributorsReport } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { money } from '../format.ts';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { plural, translateOr, useT } from '../i18n/index.ts';
import { useDefinitions } from '../data.ts';
import { Downloads } from '../components/Downloads.tsx';

/** The customers behind a metric's value in one period, with the source rows of each movement. */
export function Contributors({ metric, period }: { metric: string; period: string }) {
  const { formats, filters } = useApp();
  const t = useT();
  const definitions = useDefinitions();
  const query = new URLSearchParams({ period, interval: filters.interval });
  if (filters.to) query.set('to', filters.to);
  const { data, error, loading } = useApi<ContributorsReport>(
    `/metrics/${metric}/contributors?${query}`,
  );
  if (!data) return <Status error={error} loading={loading} />;
  const f = { ...formats, currency: data.currency };
  const amount = (v: number) => (data.unit === 'money' ? money(v, f) : String(v));
  const label = definitions?.get(metric)?.label ?? metric;
  const type = (m: string) => translateOr(formats.locale, `movementType.${m}`, m);
  const source = (s: string) => translateOr(formats.locale, `source.${s}`, s);
  return (
    <>
      <p className="crumbs">
        <Link href={`/metrics/${metric}`}>{label}</Link> /
      </p>
      <h1>{t('contributors.title', { metric: label, period: data.period })}</h1>
      <p className="lede" data-testid="contributors-total" data-value={data.value}>
        {t(filters.segment ? 'contributors.totalWhole' : 'contributors.total', {
          amount: amount(data.value),
          customers: plural(formats.locale, 'customers.count', data.contributors.length),
          start: data.start,
          end: data.end,
        })}
      </p>
      <section className="panel">
        <div className="table-wrap">
          <table data-testid="contributors">
            <thead>
              <tr>
                <th scope="col">{t('col.customer')}</th>
                <th scope="col" className="num">
                  {t('col.amount')}
                </th>
                <th scope="col">{t('col.movements')}</th>
                <th scope="col">{t('col.sourceRows')}</th>
              </tr>
            </thead>
            <tbody>
              {data.contributors.map((c, i) => (
                <tr key={`${c.customer_id}-${i}`} data-amount={c.amount}>
                  <th scope="row">
                    <Link href={`/customers/${encodeURIComponent(c.customer_id)}`}>
                      {c.name ?? c.customer_id}
                    </Link>
                  </th>
                  <td className="num">{amount(c.amount)}</td>
                  <td>
                    {c.movements
                      .map((m) => `${m.date} ${type(m.type)} ${money(m.amount, f)}`)
                      .join('; ')}
                  </td>
                  <td>{c.sources.map((s) => `${source(s.source)} ${s.id}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Downloads
          path={`/metrics/${metric}/contributors`}
          what={t('contributors.title', { metric: label, period: data.period })}
          params={Object.fromEntries(query)}
        />
      </section>
    </>
  );
}
