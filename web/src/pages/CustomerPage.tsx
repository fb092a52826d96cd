import type { CustomerDetail, MrrLine } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { money } from '../format.ts';
import { Chart } from '../components/Chart.tsx';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { Downloads } from '../components/Downloads.tsx';

/** One customer: who, the lines that make up its MRR, MRR history (a step chart), subscriptions and movements. */
export function CustomerPage({ id }: { id: string }) {
  const { formats } = useApp();
  const base = `/customers/${encodeURIComponent(id)}`;
  const { data, error, loading } = useApi<CustomerDetail>(base);
  if (!data) return <Status error={error} loading={loading} />;
  // The server's history ends with today's value (FX moves it between changes).
  const steps = data.mrr_history.map((h) => [h.date, h.mrr] as const);
  const f = { ...formats, currency: data.currency };
  return (
    <>
      <p className="crumbs">
        <Link href="/customers">Customers</Link> /
      </p>
      <h1>{data.name ?? data.customer_id}</h1>
      <dl className="facts">
        {(
          [
            ['Customer id', data.customer_id],
            ['MRR', money(data.mrr, f)],
            ['Plan', data.plan],
            ['Status', data.status.replace('_', ' ')],
            ['First paid', data.first_paid],
            ['Email', data.email],
            ['Country', data.country],
            ['Segment', data.segment],
            ['Channel', data.channel],
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
        <h2>MRR history</h2>
        <Chart
          testId="customer-chart"
          label={`MRR of ${data.name ?? data.customer_id} over time`}
          height={240}
          option={{
            tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => money(Number(v), f) },
            grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
            xAxis: { type: 'time' },
            yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v, f, true) } },
            series: [{ type: 'line', step: 'end', data: steps, color: '#3b5bdb', symbolSize: 4 }],
          }}
        />
        <Downloads path={`${base}/history`} what="MRR history" params={{}} />
      </section>
      <section className="panel">
        <h2>Subscriptions</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Subscription</th>
                <th scope="col">Plan</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">Billing</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
              </tr>
            </thead>
            <tbody>
              {data.subscriptions.map((s) => (
                <tr key={s.subscription_id}>
                  <th scope="row">{s.subscription_id}</th>
                  <td>{s.plan ?? ''}</td>
                  <td className="num">{money(s.amount, { ...formats, currency: s.currency })}</td>
                  <td>
                    {s.interval_count > 1 ? `${s.interval_count} ${s.interval}s` : s.interval}
                  </td>
                  <td className="num">{s.quantity}</td>
                  <td>{s.start_date}</td>
                  <td>{s.end_date ?? 'ongoing'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Downloads path={`${base}/subscriptions`} what="Subscriptions" params={{}} />
      </section>
      <section className="panel">
        <h2>Movements</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  MRR after
                </th>
              </tr>
            </thead>
            <tbody>
              {[...data.movements].reverse().map((m) => (
                <tr key={`${m.date}-${m.type}`}>
                  <td>{m.date}</td>
                  <td>{m.type}</td>
                  <td className="num">{money(m.amount, f)}</td>
                  <td className="num">{money(m.mrr_after, f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {/* The movements feed, for this customer: the same movements. */}
        <Downloads path="/movements" what="Movements" params={{ customer_id: id }} />
      </section>
    </>
  );
}

/** Each line's price × quantity − discount, normalized to a month and converted: the shares add up to the MRR. */
function MrrLines({ data }: { data: CustomerDetail }) {
  const { formats } = useApp();
  const f = { ...formats, currency: data.currency };
  const native = (v: number, currency: string) => money(v, { ...formats, currency });
  const billing = (l: MrrLine) =>
    l.interval === null
      ? `${l.period_start} – ${l.period_end}`
      : l.interval_count > 1
        ? `every ${l.interval_count} ${l.interval}s`
        : `per ${l.interval}`;
  return (
    <section className="panel">
      <h2>What makes up the MRR today</h2>
      {data.delinquent_invoice ? (
        <p className="hint">
          Invoice {data.delinquent_invoice} is late: under the delinquency rule the MRR is 0 until
          it is paid.
        </p>
      ) : null}
      <div className="table-wrap">
        <table data-testid="mrr-lines">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Kind</th>
              <th scope="col">Plan</th>
              <th scope="col" className="num">
                Qty × price
              </th>
              <th scope="col">Billing</th>
              <th scope="col" className="num">
                Discount
              </th>
              <th scope="col" className="num">
                Monthly
              </th>
              <th scope="col" className="num">
                FX rate
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
                  {l.source} {l.id}
                  {l.line_id ? ` / ${l.line_id}` : ''}
                </th>
                <td>{l.kind}</td>
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
                Total
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
        what="MRR lines"
        params={{}}
      />
    </section>
  );
}
