import { useEffect, useState } from 'react';
import { query, type CustomerSummary, type Page } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { money } from '../format.ts';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';

const PAGE = 25;

/** Customers by current MRR, with search and pagination. */
export function Customers() {
  const { formats, filters } = useApp();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const t = setTimeout(() => {
      setQ(search.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(t);
  }, [search]);
  const { data, error, loading } = useApi<Page<CustomerSummary>>(
    `/customers${query({ q, segment: filters.segment, limit: PAGE, offset })}`,
  );
  // A new segment starts again at the first page.
  useEffect(() => setOffset(0), [filters.segment]);
  return (
    <>
      <h1>Customers</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()} className="search">
        <label>
          Search
          <input
            type="search"
            placeholder="id, name or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </form>
      {!data ? (
        <Status error={error} loading={loading} />
      ) : (
        <>
          <p className="lede" role="status" data-testid="customer-count">
            {data.total} customer{data.total === 1 ? '' : 's'}
            {filters.segment ? ` in segment ${filters.segment} (today)` : ''}
          </p>
          <div className="table-wrap">
            <table data-testid="customers">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Country</th>
                  <th scope="col">Segment</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                  <th scope="col" className="num">
                    MRR
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.customer_id}>
                    <th scope="row">
                      <Link href={`/customers/${encodeURIComponent(c.customer_id)}`}>
                        {c.name ?? c.customer_id}
                      </Link>
                      <span className="sub">{c.customer_id}</span>
                    </th>
                    <td>{c.country ?? ''}</td>
                    <td>{c.segment ?? ''}</td>
                    <td>{c.status.replace('_', ' ')}</td>
                    <td>{c.first_paid ?? ''}</td>
                    <td className="num">{money(c.mrr, formats)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(offset - PAGE)}>
              Previous
            </button>
            <span>
              {data.total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE, data.total)} of{' '}
              {data.total}
            </span>
            <button
              type="button"
              disabled={offset + PAGE >= data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}
