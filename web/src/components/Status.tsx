import { useT } from '../i18n/index.ts';

/** Loading and error states, announced to screen readers. */
export function Status({ error, loading }: { error: Error | null; loading: boolean }) {
  const t = useT();
  if (error)
    return (
      <p className="error" role="alert">
        {error.message}
      </p>
    );
  return (
    <p className="loading" role="status">
      {loading ? t('app.loading') : t('app.nothing')}
    </p>
  );
}
