import type { CustomerDetail, MrrLine } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { money } from '../format.ts';
import { Chart } from '../components/Chart.tsx';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { translateOr, useT, type MessageKey, type Translate } from '../i18n/index.ts';

/** "per month", "every 3 months": a billing interval in the user's language. */
function billingText(t: Translate, interval: string, count: number): string {
  return count > 1
    ? t(`billing.every.${interval}` as MessageKey, { count })
    : t(`billing.per.${interval}` as MessageKey);
}
import { Downloads } from '../components/Downloads.tsx';

/** One customer: who, the lines that make up its MRR, MRR history (a step chart), subscriptions and movements. */
export function CustomerPage({ id }: { id: string }) {
  const { formats } = useApp();
  const t = useT();
  const base = `/customers/${encodeURIComponent(id)}`;
  const { data, error, loading } = useApi<CustomerDetail>(base);
  if (!data) return <Status error={error} loading={loading} />;
  // The server's history ends with today's value (FX moves it between changes).
  const steps = data.mrr_history.map((h) => [h.date, h.mrr] as const);
  const f = { ...formats, currency: data.currency };
  return (
    <>
      <p className="crumbs">
        <Link href="/customers">{t('nav.customers')}</Link> /
      </p>
      <h1>{data.name ?? data.customer_id}</h1>
      <dl className="facts">
        {(
          [
            [t('customer.id'), data.customer_id],
            ['MRR', money(data.mrr, f)],
            [t('attribute.plan'), data.plan],
            [
              t('customers.col.status'),
              translateOr(formats.locale, `customers.status.${data.status}`, data.status),
            ],
            [t('customer.firstPaid'), data.first_paid],
            [t('customer.email'), data.email],
            [t('attribute.country'), data.country],
            [t('attribute.segment'), data.segment],
            [t('attribute.channel'), data.channel],
            ...Object.entries(data.attributes),
          ] as [string, string | null][]
        )
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      <MrrLines data={data} />
      <section className="panel">
        <h2>{t('customer.history')}</h2>
        <Chart
          testId="customer-chart"
          label={t('customer.historyChart', { name: data.name ?? data.customer_id })}
          height={240}
          option={{
            tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => money(Number(v), f) },
            grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
            xAxis: { type: 'time' },
            yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v, f, true) } },
            series: [{ type: 'line', step: 'end', data: steps, color: '#3b5bdb', symbolSize: 4 }],
          }}
        />
        <Downloads path={`${base}/history`} what={t('customer.history')} params={{}} />
      </section>
      <section className="panel">
        <h2>{t('customer.subscriptions')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('col.subscription')}</th>
                <th scope="col">{t('attribute.plan')}</th>
                <th scope="col" className="num">
                  {t('col.price')}
                </th>
                <th scope="col">{t('col.billing')}</th>
                <th scope="col" className="num">
                  {t('col.quantity')}
                </th>
                <th scope="col">{t('table.from')}</th>
                <th scope="col">{t('col.until')}</th>
              </tr>
            </thead>
            <tbody>
              {data.subscriptions.map((s) => (
                <tr key={s.subscription_id}>
                  <th scope="row">{s.subscription_id}</th>
                  <td>{s.plan ?? ''}</td>
                  <td className="num">{money(s.amount, { ...formats, currency: s.currency })}</td>
                  <td>{billingText(t, s.interval, s.interval_count)}</td>
                  <td className="num">{s.quantity}</td>
                  <td>{s.start_date}</td>
                  <td>{s.end_date ?? t('customer.ongoing')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Downloads path={`${base}/subscriptions`} what={t('customer.subscriptions')} params={{}} />
      </section>
      <section className="panel">
        <h2>{t('customer.movements')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('col.date')}</th>
                <th scope="col">{t('col.type')}</th>
                <th scope="col" className="num">
                  {t('col.amount')}
                </th>
                <th scope="col" className="num">
                  {t('col.mrrAfter')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...data.movements].reverse().map((m) => (
                <tr key={`${m.date}-${m.type}`}>
                  <td>{m.date}</td>
                  <td>{translateOr(formats.locale, `movementType.${m.type}`, m.type)}</td>
                  <td className="num">{money(m.amount, f)}</td>
                  <td className="num">{money(m.mrr_after, f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {/* The movements feed, for this customer: the same movements. */}
        <Downloads path="/movements" what={t('customer.movements')} params={{ customer_id: id }} />
      </section>
    </>
  );
}

/** Each line's price × quantity − discount, normalized to a month and converted: the shares add up to the MRR. */
function MrrLines({ data }: { data: CustomerDetail }) {
  const { formats } = useApp();
  const t = useT();
  const f = { ...formats, currency: data.currency };
  const native = (v: number, currency: string) => money(v, { ...formats, currency });
  const billing = (l: MrrLine) =>
    l.interval === null
      ? `${l.period_start} – ${l.period_end}`
      : billingText(t, l.interval, l.interval_count);
  const word = (prefix: string, value: string) =>
    translateOr(formats.locale, `${prefix}.${value}`, value);
  return (
    <section className="panel">
      <h2>{t('customer.lines')}</h2>
      {data.delinquent_invoice ? (
        <p className="hint">{t('customer.delinquent', { invoice: data.delinquent_invoice })}</p>
      ) : null}
      <div className="table-wrap">
        <table data-testid="mrr-lines">
          <thead>
            <tr>
              <th scope="col">{t('col.source')}</th>
              <th scope="col">{t('col.kind')}</th>
              <th scope="col">{t('attribute.plan')}</th>
              <th scope="col" className="num">
                {t('col.quantityPrice')}
              </th>
              <th scope="col">{t('col.billing')}</th>
              <th scope="col" className="num">
                {t('col.discount')}
              </th>
              <th scope="col" className="num">
                {t('col.monthly')}
              </th>
              <th scope="col" className="num">
                {t('col.fxRate')}
              </th>
              <th scope="col" className="num">
                MRR
              </th>
            </tr>
          </thead>
          <tbody>
            {data.mrr_lines.map((l) => (
              <tr key={`${l.source}-${l.id}-${l.line_id}`} data-mrr={l.mrr}>
                <th scope="row">
                  {word('source', l.source)} {l.id}
                  {l.line_id ? ` / ${l.line_id}` : ''}
                </th>
                <td>{word('lineKind', l.kind)}</td>
                <td>{l.plan ?? ''}</td>
                <td className="num">
                  {l.source === 'subscription'
                    ? `${l.quantity} × ${native(l.amount, l.currency)}`
                    : native(l.amount, l.currency)}
                </td>
                <td>{billing(l)}</td>
                <td className="num">
                  {l.source === 'subscription'
                    ? l.discount_percent
                      ? `${l.discount_percent}%`
                      : ''
                    : l.discount
                      ? native(l.discount, l.currency)
                      : ''}
                </td>
                <td className="num">{native(l.monthly, l.currency)}</td>
                <td className="num">{l.currency === data.currency ? '' : l.fx_rate}</td>
                <td className="num">{money(l.mrr, f)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={8}>
                {t('col.total')}
              </th>
              <td className="num" data-testid="mrr-lines-total" data-value={data.mrr}>
                {money(data.mrr, f)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <Downloads
        path={`/customers/${encodeURIComponent(data.customer_id)}/lines`}
        what={t('customer.lines')}
        params={{}}
      />
    </section>
  );
}
