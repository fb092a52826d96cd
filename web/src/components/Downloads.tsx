import { useState } from 'react';
import { download, query } from '../api.ts';
import { useT } from '../i18n/index.ts';

type Params = Parameters<typeof query>[0];

/**
 * CSV and XLSX buttons for a table or chart: the API serves `${path}.csv` and `.xlsx` from
 * the same query as the JSON the page draws.
 */
export function Downloads({ path, params, what }: { path: string; params: Params; what: string }) {
  const t = useT();
  const [failure, setFailure] = useState<string | null>(null);
  const get = (format: 'csv' | 'xlsx') => {
    setFailure(null);
    download(`${path}.${format}${query(params)}`).catch((e: Error) => setFailure(e.message));
  };
  return (
    <div className="downloads" role="group" aria-label={t('download.group', { what })}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="download"
          aria-label={t(`download.${format}`, { what })}
          data-testid={`download-${format}`}
          onClick={() => get(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      {failure ? (
        <span className="error" role="alert">
          {t('download.failed', { reason: failure })}
        </span>
      ) : null}
    </div>
  );
}
