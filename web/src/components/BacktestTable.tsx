import type { Forecast } from '../api.ts';
import { useApp } from '../context.ts';
import { Downloads } from './Downloads.tsx';
import { useApi } from '../hooks.ts';
import { decimal, percent } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { modelName } from './ForecastPanel.tsx';

/** One model's rolling-origin backtest, as `GET /forecast` reports it. */
export interface ModelAccuracy {
  id: string;
  label: string;
  origins: number;
  excluded: string | null;
  mase: number | null;
  smape: number | null;
  mae: number | null;
  coverage80: number | null;
  coverage95: number | null;
}

export type BacktestedForecast = Omit<Forecast, 'backtest'> & {
  backtest: {
    method: string;
    origins: number;
    first_origin: string | null;
    last_origin: string | null;
    horizon: number;
    selection: string;
    models: ModelAccuracy[];
  };
};

/** Each model's backtest accuracy: MASE, sMAPE and how often the 80%/95% bands held the actual. */
export function BacktestTable({ path }: { path: string }) {
  const { formats } = useApp();
  const t = useT();
  const { data, error } = useApi<BacktestedForecast>(path);
  if (error)
    return (
      <section className="panel" aria-labelledby="backtest">
        <h2 id="backtest">{t('backtest.title')}</h2>
        <p className="hint">{error.message}</p>
      </section>
    );
  if (!data) return null;
  const { backtest } = data;
  const excluded = backtest.models.filter((m) => m.excluded);
  const num = (v: number | null) => (v === null ? '—' : decimal(v, formats.locale));
  const pct = (v: number | null) => (v === null ? '—' : percent(v, formats.locale, 0));
  return (
    <section className="panel" aria-labelledby="backtest" data-testid="backtest">
      <h2 id="backtest">{t('backtest.accuracy')}</h2>
      <p className="hint">
        {t(backtest.first_origin && backtest.last_origin ? 'backtest.hintRange' : 'backtest.hint', {
          origins: backtest.origins,
          first: backtest.first_origin ?? '',
          last: backtest.last_origin ?? '',
          horizon: backtest.horizon,
          model: modelName(formats.locale, { id: data.model, label: data.model_label }),
        })}
      </p>
      <div className="table-wrap">
        <table data-testid="backtest-table">
          <caption className="sr-only">{t('backtest.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backtest.col.model')}</th>
              <th scope="col" className="num">
                MASE
              </th>
              <th scope="col" className="num">
                sMAPE
              </th>
              <th scope="col" className="num">
                {t('backtest.col.coverage80')}
              </th>
              <th scope="col" className="num">
                {t('backtest.col.coverage95')}
              </th>
            </tr>
          </thead>
          <tbody>
            {backtest.models.map((m) => (
              <tr
                key={m.id}
                data-model={m.id}
                aria-current={m.id === data.model ? 'true' : undefined}
              >
                <th scope="row">
                  {m.id === data.model
                    ? t('backtest.chosen', { model: modelName(formats.locale, m) })
                    : modelName(formats.locale, m)}
                  {m.excluded ? ' *' : null}
                </th>
                <td className="num">{num(m.mase)}</td>
                <td className="num">
                  {m.smape === null ? '—' : percent(m.smape, formats.locale, 1)}
                </td>
                <td className="num">{pct(m.coverage80)}</td>
                <td className="num">{pct(m.coverage95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {excluded.length > 0 ? (
        <ul className="hint" style={{ fontSize: '0.85em', margin: '6px 0 0', paddingLeft: 18 }}>
          {excluded.map((m) => (
            <li key={m.id}>
              *{' '}
              {t('backtest.excluded', {
                model: modelName(formats.locale, m),
                reason: m.excluded ?? '',
              })}
            </li>
          ))}
        </ul>
      ) : null}
      <Downloads
        path={`${path.split('?')[0]}/backtest`}
        what={t('backtest.accuracy')}
        params={Object.fromEntries(new URLSearchParams(path.split('?')[1] ?? ''))}
      />
    </section>
  );
}
