import type { ContributorsReport } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { money } from '../format.ts';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { Downloads } from '../components/Downloads.tsx';

/** The customers behind a metric's value in one period, with the source rows of each movement. */
export function Contributors({ metric, period }: { metric: string; period: string }) {
  const { formats, filters } = useApp();
  const query = new URLSearchParams({ period, interval: filters.interval });
  if (filters.to) query.set('to', filters.to);
  const { data, error, loading } = useApi<ContributorsReport>(
    `/metrics/${metric}/contributors?${query}`,
  );
  if (!data) return <Status error={error} loading={loading} />;
  const f = { ...formats, currency: data.currency };
  const amount = (v: number) => (data.unit === 'money' ? money(v, f) : String(v));
  return (
    <>
      <p className="crumbs">
        <Link href={`/metrics/${metric}`}>{metric}</Link> /
      </p>
      <h1>
        {metric} in {data.period}
      </h1>
      <p className="lede" data-testid="contributors-total" data-value={data.value}>
        {amount(data.value)} from {data.contributors.length} customer
        {data.contributors.length === 1 ? '' : 's'} ({data.start} – {data.end}
        {filters.segment ? ', whole workspace' : ''})
      </p>
      <section className="panel">
        <div className="table-wrap">
          <table data-testid="contributors">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Movements</th>
                <th scope="col">Source rows</th>
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
                    {c.movements.map((m) => `${m.date} ${m.type} ${money(m.amount, f)}`).join('; ')}
                  </td>
                  <td>{c.sources.map((s) => `${s.source} ${s.id}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Downloads
          path={`/metrics/${metric}/contributors`}
          what={`${metric} ${data.period}`}
          params={Object.fromEntries(query)}
        />
      </section>
    </>
  );
}
