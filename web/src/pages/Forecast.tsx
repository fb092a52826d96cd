import { useDefinitions } from '../data.ts';
import { ForecastPanel } from '../components/ForecastPanel.tsx';
import { BacktestTable } from '../components/BacktestTable.tsx';
import { ScenarioEditor } from '../components/ScenarioEditor.tsx';
import { Status } from '../components/Status.tsx';

/** MRR forecast (fan chart), each model's backtest accuracy, and the what-if editor. */
export function Forecast() {
  const definitions = useDefinitions();
  const mrr = definitions?.get('mrr');
  return (
    <>
      <h1>Forecast</h1>
      <p className="lede">
        MRR for the next 12 months with 80% and 95% prediction intervals, how accurate each model
        was on this workspace&rsquo;s own history, and what-if scenarios.
      </p>
      {mrr ? <ForecastPanel metric={mrr} /> : <Status error={null} loading={!definitions} />}
      {/* The same request as the fan chart's: the server answers the second from its cache. */}
      <BacktestTable path="/forecast?metric=mrr" />
      <ScenarioEditor />
    </>
  );
}
