import type { Forecast } from '../api.ts';
import { useApp } from '../context.ts';
import { Downloads } from './Downloads.tsx';
import { useApi } from '../hooks.ts';
import { decimal, percent } from '../format.ts';

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
  const { data, error } = useApi<BacktestedForecast>(path);
  if (error)
    return (
      <section className="panel" aria-labelledby="backtest">
        <h2 id="backtest">Backtest</h2>
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
      <h2 id="backtest">Backtest accuracy</h2>
      <p className="hint">
        {backtest.origins} rolling origins
        {backtest.first_origin && backtest.last_origin
          ? ` (${backtest.first_origin} to ${backtest.last_origin})`
          : ''}
        , up to {backtest.horizon} months ahead. MASE below 1 beats the seasonal naive forecast;
        coverage is how often the backtest&rsquo;s actuals fell inside the calibrated 80% and 95%
        bands (the members give points only). The forecast: {data.model_label}.
      </p>
      <div className="table-wrap">
        <table data-testid="backtest-table">
          <caption className="sr-only">Backtest accuracy of each forecast model</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                MASE
              </th>
              <th scope="col" className="num">
                sMAPE
              </th>
              <th scope="col" className="num">
                80% coverage
              </th>
              <th scope="col" className="num">
                95% coverage
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
                  {m.label}
                  {m.id === data.model ? ' (the forecast)' : ''}
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
              * {m.label}: not backtested, {m.excluded}.
            </li>
          ))}
        </ul>
      ) : null}
      <Downloads
        path={`${path.split('?')[0]}/backtest`}
        what="Backtest accuracy"
        params={Object.fromEntries(new URLSearchParams(path.split('?')[1] ?? ''))}
      />
    </section>
  );
}
