import { query, type Insight, type ReportPeriod } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { translate } from '../i18n/index.ts';

/** The month before `YYYY-MM`. */
function monthBefore(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
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
        {data.sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </section>
  );
}
