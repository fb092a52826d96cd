import type { Insight } from '../api.ts';
import { useApi } from '../hooks.ts';

/** What moved MRR in the last complete month, in generated sentences (workspace-wide). */
export function InsightPanel({ segmented }: { segmented: boolean }) {
  const { data, error } = useApi<Insight>('/insights?metric=mrr');
  if (error || !data || data.sentences.length === 0) return null;
  return (
    <section className="panel insights" aria-labelledby="insights" data-testid="insights">
      <h2 id="insights">
        What changed in {data.to_period}
        {segmented ? ' (whole workspace)' : ''}
      </h2>
      <ul>
        {data.sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </section>
  );
}
