import { useDefinitions } from '../data.ts';
import { ForecastPanel } from '../components/ForecastPanel.tsx';
import { BacktestTable } from '../components/BacktestTable.tsx';
import { ScenarioEditor } from '../components/ScenarioEditor.tsx';
import { Status } from '../components/Status.tsx';
import { useT } from '../i18n/index.ts';

/** MRR forecast (fan chart), each model's backtest accuracy, and the what-if editor. */
export function Forecast() {
  const t = useT();
  const definitions = useDefinitions();
  const mrr = definitions?.get('mrr');
  return (
    <>
      <h1>{t('forecast.title')}</h1>
      <p className="lede">{t('forecast.lede')}</p>
      {mrr ? <ForecastPanel metric={mrr} /> : <Status error={null} loading={!definitions} />}
      {/* The same request as the fan chart's: the server answers the second from its cache. */}
      <BacktestTable path="/forecast?metric=mrr" />
      <ScenarioEditor />
    </>
  );
}
