import { useApi } from '../hooks.ts';
import type { MetricDefinition } from '../api.ts';
import { Link } from '../components/Link.tsx';
import { Status } from '../components/Status.tsx';
import { useT } from '../i18n/index.ts';

/** Every metric with its definition; each links to its page. */
export function MetricsIndex() {
  const t = useT();
  const { data, error, loading } = useApi<{ items: MetricDefinition[] }>('/metric-definitions');
  if (!data) return <Status error={error} loading={loading} />;
  return (
    <>
      <h1>{t('metrics.title')}</h1>
      <p className="lede">{t('metrics.lede')}</p>
      <dl className="definitions">
        {data.items.map((m) => (
          <div key={m.id}>
            <dt>
              <Link href={`/metrics/${m.id}`}>{m.label}</Link>
            </dt>
            <dd>{m.formula}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
