import { useEffect, useState } from 'react';
import { query, type CustomerSummary, type Page } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi, useSearchParam } from '../hooks.ts';
import { attributeValue, money } from '../format.ts';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { Downloads } from '../components/Downloads.tsx';

import { Pager, pageOffset } from '../components/Pager.tsx';
import { plural, useT, type MessageKey } from '../i18n/index.ts';

const PAGE = 25;

type SortKey = 'name' | 'plan' | 'segment' | 'status' | 'first_paid' | 'churned_on' | 'mrr';

const COLUMNS: { key: SortKey; numeric?: boolean }[] = [
  { key: 'name' },
  { key: 'plan' },
  { key: 'segment' },
  { key: 'status' },
  { key: 'first_paid' },
  { key: 'churned_on' },
  { key: 'mrr', numeric: true },
];

const STATUSES = ['active', 'churned', 'never_paid'];

/** A column header that sorts the list by it (again: the other way round). */
function SortHeader({
  column,
  sort,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  sort: string;
  onSort: (sort: string) => void;
}) {
  const t = useT();
  const active = sort.replace(/^-/, '') === column.key;
  const descending = sort.startsWith('-');
  const next = active ? (descending ? column.key : `-${column.key}`) : column.key;
  return (
    <th
      scope="col"
      className={column.numeric ? 'num' : undefined}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}
    >
      <button type="button" className="sort" onClick={() => onSort(next)}>
        {t(`customers.col.${column.key}`)}
        <span aria-hidden="true">{active ? (descending ? ' ↓' : ' ↑') : ''}</span>
      </button>
    </th>
  );
}

/** Customers by current MRR, with search, sorting and pagination (all in the URL). */
export function Customers() {
  const { formats, filters } = useApp();
  const t = useT();
  const [q, setQ] = useSearchParam('q');
  const [sortParam, setSort] = useSearchParam('sort');
  const [pageParam, setPage] = useSearchParam('page');
  const sort = sortParam || '-mrr';
  const [offset, setOffset] = pageOffset(pageParam, setPage, PAGE);
  const [search, setSearch] = useState(q);
  useEffect(() => {
    const t = setTimeout(() => {
      if (search.trim() === q) return;
      setQ(search.trim());
      setPage('');
    }, 250);
    return () => clearTimeout(t);
  }, [search, q, setQ, setPage]);
  const { data, error, loading } = useApi<Page<CustomerSummary>>(
    `/customers${query({ q, segment: filters.segment, sort, limit: PAGE, offset })}`,
  );
  return (
    <>
      <h1>{t('customers.title')}</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()} className="search">
        <label>
          {t('customers.search')}
          <input
            type="search"
            placeholder={t('customers.searchHint')}
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
            {plural(formats.locale, 'customers.count', data.total)}
            {filters.segment ? t('customers.inSegment', { segment: filters.segment }) : ''}
          </p>
          <div className="table-wrap">
            <table data-testid="customers" className="customers">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <SortHeader
                      key={c.key}
                      column={c}
                      sort={sort}
                      onSort={(s) => {
                        setSort(s === '-mrr' ? '' : s);
                        setPage('');
                      }}
                    />
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.customer_id}>
                    <th scope="row">
                      <Link href={`/customers/${encodeURIComponent(c.customer_id)}`}>
                        {c.name ?? c.customer_id}
                      </Link>
                      <span className="sub">{c.email ?? c.customer_id}</span>
                    </th>
                    <td>{c.plan ?? ''}</td>
                    <td>{c.segment ? attributeValue(c.segment) : ''}</td>
                    <td className={`status ${c.status}`}>
                      {STATUSES.includes(c.status)
                        ? t(`customers.status.${c.status}` as MessageKey)
                        : c.status}
                    </td>
                    <td>{c.first_paid ?? ''}</td>
                    <td>{c.churned_on ?? ''}</td>
                    <td className="num">{money(c.mrr, formats)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} size={PAGE} total={data.total} onOffset={setOffset} />
          <Downloads
            path="/customers"
            what={t('customers.title')}
            params={{ q, segment: filters.segment, sort }}
          />
        </>
      )}
    </>
  );
}
