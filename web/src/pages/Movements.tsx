import { query, type Page, type SegmentAttribute } from '../api.ts';
import { useApp } from '../context.ts';
import { filterParams, useSeries } from '../data.ts';
import { useApi, useSearchParam } from '../hooks.ts';
import { count, money, periodName, type Formats } from '../format.ts';
import { MrrChart } from '../components/MrrChart.tsx';
import { Downloads } from '../components/Downloads.tsx';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { Pager, pageOffset } from '../components/Pager.tsx';
import { useT, type MessageKey } from '../i18n/index.ts';
import { MOVEMENT_METRICS } from '../../../src/api/overview.ts';

const PAGE = 50;

/** The feed's types in the chart's order, each with its series name. */
const TYPES: readonly (readonly [string, MessageKey])[] = [
  ['new', 'series.new'],
  ['expansion', 'series.expansion'],
  ['reactivation', 'series.reactivation'],
  ['contraction', 'series.contraction'],
  ['churned', 'series.churn'],
];
const LOSSES = new Set(['contraction', 'churned']);

interface FeedMovement {
  date: string;
  period: string;
  customer_id: string;
  name: string | null;
  type: string;
  amount: number;
  mrr_before: number;
  mrr_after: number;
}

type Feed = Page<FeedMovement> & { totals: Record<string, number> };

/** A total's card: gains up, losses down, net new either way. */
function Total({
  type,
  label,
  value,
  f,
}: {
  type: string;
  label: string;
  value: number;
  f: Formats;
}) {
  const signed = LOSSES.has(type) && value !== 0 ? -value : value;
  return (
    <div className={`total ${LOSSES.has(type) ? 'loss' : 'gain'}`}>
      <dt>{label}</dt>
      <dd className="num" data-testid={`movement-total-${type}`} data-value={value}>
        {money(signed, f)}
      </dd>
    </div>
  );
}

/**
 * The MRR movements feed: each customer's movements with type and plan filters over the
 * filter bar's range (or one period chosen in the chart), totals that are the chart's bars,
 * and downloads. Every choice lives in the URL.
 */
export function Movements() {
  const { formats, filters } = useApp();
  const t = useT();
  const [type, setType] = useSearchParam('type');
  const [plan, setPlan] = useSearchParam('plan');
  const [chosen, setChosen] = useSearchParam('period');
  const [pageParam, setPage] = useSearchParam('page');
  const [offset, setOffset] = pageOffset(pageParam, setPage, PAGE);
  const planSegment = plan ? `plan=${plan}` : '';
  const plans = useApi<{ items: SegmentAttribute[] }>('/segments').data?.items.find(
    (a) => a.attribute === 'plan',
  )?.values;
  const series = useSeries(MOVEMENT_METRICS, { segment: planSegment });
  const period = series.data?.periods.find((p) => p.period === chosen);
  // One period: its days (a running one through today, as its bar). Else the filter bar's.
  const range = period
    ? { from: period.start, to: period.through ?? period.end }
    : { from: filters.from, to: filters.to };
  const params = {
    ...range,
    interval: filters.interval,
    segment: [filters.segment, planSegment],
    type,
  };
  const feed = useApi<Feed>(
    chosen && !period ? null : `/movements${query({ ...params, limit: PAGE, offset })}`,
  );
  const choose = (patch: Record<string, string>) => {
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'type') setType(value);
      if (key === 'plan') setPlan(value);
      if (key === 'period') setChosen(value);
    }
    setPage('');
  };
  const data = feed.data;
  const f = data ? { ...formats, currency: data.currency } : formats;
  const typeName = (id: string) => t(TYPES.find(([k]) => k === id)?.[1] ?? 'series.new');
  return (
    <>
      <h1>{t('movements.title')}</h1>
      <p className="lede">{t('movements.lede')}</p>
      <form className="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('movements.type')}
          <select value={type} onChange={(e) => choose({ type: e.target.value })}>
            <option value="">{t('movements.allTypes')}</option>
            {TYPES.map(([id, name]) => (
              <option key={id} value={id}>
                {t(name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('movements.plan')}
          <select value={plan} onChange={(e) => choose({ plan: e.target.value })}>
            <option value="">{t('movements.allPlans')}</option>
            {(plans ?? (plan ? [plan] : [])).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('movements.period')}
          <select value={chosen} onChange={(e) => choose({ period: e.target.value })}>
            <option value="">{t('movements.allPeriods')}</option>
            {(series.data?.periods.slice(series.visible) ?? [])
              .map((p) => (
                <option key={p.period} value={p.period}>
                  {periodName(p, filters.interval, formats.locale)}
                </option>
              ))
              .reverse()}
          </select>
        </label>
      </form>
      <section className="panel" aria-labelledby="movements-chart">
        <h2 id="movements-chart">{t('overview.movements')}</h2>
        {series.data ? (
          <>
            <p className="hint">{t('movements.chartHint')}</p>
            <MrrChart
              report={series.data}
              from={series.visible}
              formats={formats}
              onPeriod={(p) => choose({ period: p })}
            />
            <Downloads
              path="/metrics"
              what={t('overview.movements')}
              params={{
                ...filterParams(filters),
                metric: MOVEMENT_METRICS.join(','),
                segment: [filters.segment, planSegment],
              }}
            />
          </>
        ) : (
          <Status error={series.error} loading={series.loading} />
        )}
      </section>
      <section
        className="panel"
        aria-labelledby="movements-feed"
        aria-busy={feed.loading}
        data-testid="movements"
      >
        <h2 id="movements-feed">{t('movements.feed')}</h2>
        {!data ? (
          <Status error={feed.error} loading={feed.loading} />
        ) : (
          <>
            <dl className="facts totals" aria-label={t('movements.totals')}>
              {TYPES.map(([id, name]) => (
                <Total key={id} type={id} label={t(name)} value={data.totals[id] ?? 0} f={f} />
              ))}
              <Total
                type="net_new"
                label={t('series.netNew')}
                value={data.totals.net_new ?? 0}
                f={f}
              />
            </dl>
            <p role="status" data-testid="movement-count">
              {t('movements.count', { count: count(data.total, formats.locale) })}
            </p>
            {data.total === 0 ? (
              <p className="hint">{t('movements.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="movement-feed">
                  <thead>
                    <tr>
                      <th scope="col">{t('movements.col.date')}</th>
                      <th scope="col">{t('movements.col.customer')}</th>
                      <th scope="col">{t('movements.col.type')}</th>
                      <th scope="col" className="num">
                        {t('movements.col.amount')}
                      </th>
                      <th scope="col" className="num">
                        {t('movements.col.change')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((m, i) => (
                      <tr
                        key={`${m.date}-${m.customer_id}-${i}`}
                        data-type={m.type}
                        data-amount={m.amount}
                      >
                        <td>{m.date}</td>
                        <th scope="row">
                          <Link href={`/customers/${encodeURIComponent(m.customer_id)}`}>
                            {m.name ?? m.customer_id}
                          </Link>
                          {m.name ? <span className="sub">{m.customer_id}</span> : null}
                        </th>
                        <td className={`movement ${LOSSES.has(m.type) ? 'loss' : 'gain'}`}>
                          {typeName(m.type)}
                        </td>
                        <td className="num">
                          {money(LOSSES.has(m.type) ? -m.amount : m.amount, f)}
                        </td>
                        <td className="num">
                          {money(m.mrr_before, f)} → {money(m.mrr_after, f)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager offset={offset} size={PAGE} total={data.total} onOffset={setOffset} />
            <Downloads path="/movements" what={t('movements.feed')} params={params} />
          </>
        )}
      </section>
    </>
  );
}
