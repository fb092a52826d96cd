import { query, type Insight, type ReportPeriod } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { attributeValue, money, percent, type Formats } from '../format.ts';
import { translate, translateOr, type MessageKey } from '../i18n/index.ts';

/** The month before `YYYY-MM`. */
function monthBefore(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The insight's sentences in the user's language and number format, from the figures the
 * API computed (the same sentences the API words in English; no number is made up here).
 */
export function insightSentences(insight: Insight, f: Formats): string[] {
  const d = insight.decomposition;
  if (!d) return insight.sentences;
  const t = (key: MessageKey, params: Record<string, string> = {}) =>
    translate(f.locale, key, params);
  const amount = (v: number) => money(Math.abs(v), { ...f, currency: insight.currency });
  const signed = (v: number) => `${v > 0 ? '+' : '−'}${amount(v)}`;
  const component = (type: string) => translateOr(f.locale, `component.${type}`, type);
  const metric = translateOr(f.locale, `metric.${insight.metric}`, insight.label);
  const span = { metric, from: insight.from_period, to: insight.to_period };
  const end = amount(insight.end_value ?? 0);
  const out: string[] = [];
  if (d.change === 0) out.push(t('insight.unchanged', { ...span, end }));
  else
    out.push(
      t(d.change > 0 ? 'insight.grew' : 'insight.fell', {
        ...span,
        end,
        change: amount(d.change),
        rate: d.change_rate === null ? '' : ` (${percent(Math.abs(d.change_rate), f.locale)})`,
      }),
    );
  if (d.gained !== 0 || d.lost !== 0)
    out.push(t('insight.movements', { gained: amount(d.gained), lost: amount(d.lost) }));
  const main = [...d.by_type]
    .filter((x) => x.amount !== 0)
    .sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount))[0];
  if (main)
    out.push(t('insight.driver', { type: component(main.type), amount: signed(main.amount) }));
  let best: { dimension: string; value: string; amount: number } | null = null;
  for (const s of d.by_segment)
    for (const row of s.rows)
      if (row.value !== '(none)' && row.value !== '(not by customer)')
        if (!best || Math.abs(row.amount) > Math.abs(best.amount))
          best = { dimension: s.dimension, value: row.value, amount: row.amount };
  if (best && best.amount !== 0)
    out.push(
      t('insight.segment', {
        dimension: translateOr(f.locale, `dimension.${best.dimension}`, best.dimension),
        value: attributeValue(best.value),
        amount: signed(best.amount),
      }),
    );
  const top = d.top_customers[0];
  if (top)
    out.push(
      t('insight.customer', {
        name: top.name ?? top.customer_id,
        amount: signed(top.amount),
        types: top.types.map(component).join(t('insight.and')),
      }),
    );
  return out;
}

/**
 * What moved MRR over the chosen range, in sentences (workspace-wide): up to the period the
 * cards show (its last month), from the month before the range's start, or from the month
 * before that period when no start is chosen. A running period is never explained.
 */
export function InsightPanel({
  segmented,
  period,
  from,
}: {
  segmented: boolean;
  period: ReportPeriod | undefined;
  from: string;
}) {
  const { formats } = useApp();
  const path =
    period && !period.partial
      ? `/insights${query({
          metric: 'mrr',
          period: period.end.slice(0, 7),
          compare_with: monthBefore(from || period.start.slice(0, 7)),
        })}`
      : '/insights?metric=mrr';
  const { data, error } = useApi<Insight>(path);
  if (error || !data || data.sentences.length === 0) return null;
  return (
    <section className="panel insights" aria-labelledby="insights" data-testid="insights">
      <h2 id="insights">
        {translate(formats.locale, 'insight.title', {
          from: data.from_period,
          to: data.to_period,
        })}
        {segmented ? ` ${translate(formats.locale, 'insight.wholeWorkspace')}` : ''}
      </h2>
      <ul>
        {insightSentences(data, formats).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </section>
  );
}
