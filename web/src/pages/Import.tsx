import { useRef, useState, type DragEvent } from 'react';
import { api, ApiError, type ImportIssue } from '../api.ts';
import { useApp } from '../context.ts';
import { useT } from '../i18n/index.ts';

const KINDS = [
  'customers',
  'subscriptions',
  'invoices',
  'costs',
  'cash',
  'headcount',
  'funnel',
  'events',
  'surveys',
  'tickets',
  'fx_rates',
] as const;

interface Result {
  rows: number;
  inserted: number;
  updated: number;
  dry_run: boolean;
  file: string;
}

type Outcome =
  | { kind: 'ok'; result: Result }
  | { kind: 'invalid'; message: string; issues: ImportIssue[]; total: number }
  | { kind: 'error'; message: string };

/** Upload a CSV/XLSX file of one kind; every rejected row is listed, nothing is written then. */
export function Import() {
  const { me } = useApp();
  const t = useT();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const input = useRef<HTMLInputElement>(null);

  if (me.role !== 'admin') return <p className="error">{t('import.adminOnly')}</p>;

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const body = new FormData();
    body.append('file', file);
    try {
      const result = await api<Result>(`/imports/${kind}?dry_run=${dryRun}`, {
        method: 'POST',
        body,
      });
      setOutcome({ kind: 'ok', result });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_invalid')
        setOutcome({ kind: 'invalid', message: e.message, issues: e.issues, total: e.totalIssues });
      else setOutcome({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('import.title')}</h1>
      <form
        className="import"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <label>
          {t('import.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`importKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <div
          className={`dropzone${dragging ? ' over' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>
            {file
              ? t('import.fileSize', { name: file.name, size: Math.ceil(file.size / 1024) })
              : t('import.drop')}
          </p>
          <button type="button" onClick={() => input.current?.click()}>
            {t('import.choose')}
          </button>
          <input
            ref={input}
            type="file"
            accept=".csv,.xlsx,text/csv"
            className="sr-only"
            aria-label={t('import.file')}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <label className="inline">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          {t('import.dryRun')}
        </label>
        <button type="submit" disabled={!file || busy}>
          {busy ? t('import.busy') : t('import.submit')}
        </button>
      </form>
      <div aria-live="polite">{outcome && <OutcomeView outcome={outcome} />}</div>
    </>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const t = useT();
  if (outcome.kind === 'ok') {
    const r = outcome.result;
    return (
      <p className="success" role="status">
        {r.dry_run
          ? t('import.valid', { file: r.file, rows: r.rows })
          : t('import.done', {
              file: r.file,
              rows: r.rows,
              inserted: r.inserted,
              updated: r.updated,
            })}
      </p>
    );
  }
  if (outcome.kind === 'error')
    return (
      <p className="error" role="alert">
        {outcome.message}
      </p>
    );
  return (
    <section className="panel" data-testid="import-errors">
      <p className="error" role="alert">
        {outcome.message}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('import.col.row')}
              </th>
              <th scope="col">{t('import.col.column')}</th>
              <th scope="col">{t('import.col.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {outcome.issues.map((i, n) => (
              <tr key={n}>
                <td className="num">{i.row}</td>
                <td>{i.column ?? ''}</td>
                <td>{i.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {outcome.total > outcome.issues.length && (
        <p className="hint">{t('import.more', { count: outcome.total - outcome.issues.length })}</p>
      )}
    </section>
  );
}
