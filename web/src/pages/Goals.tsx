import type { GoalStatus } from '../api.ts';
import { useApp } from '../context.ts';
import { useDefinitions } from '../data.ts';
import { useApi } from '../hooks.ts';
import { metricValue, percent } from '../format.ts';
import { Status } from '../components/Status.tsx';

const PACING: Record<GoalStatus['status'], string> = {
  achieved: 'Achieved',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  missed: 'Missed',
};

function Progress({ goal, locale }: { goal: GoalStatus; locale: string }) {
  return (
    <div className="progress" title={`expected by now: ${percent(goal.expected, locale, 0)}`}>
      <div
        role="progressbar"
        aria-label={`${goal.name} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(goal.progress * 100)}
        className="bar"
        style={{ width: `${Math.round(goal.progress * 100)}%` }}
      />
      <div className="expected" style={{ left: `${Math.round(goal.expected * 100)}%` }} />
    </div>
  );
}

/** Goals with progress against the straight line from baseline to target, and pacing. */
export function Goals() {
  const { formats } = useApp();
  const definitions = useDefinitions();
  const { data, error, loading } = useApi<{ items: GoalStatus[] }>('/goals/status');
  if (!data || !definitions) return <Status error={error} loading={loading} />;
  const value = (g: GoalStatus, v: number | null) => {
    const metric = g.metric ? definitions.get(g.metric) : undefined;
    return metric ? metricValue(metric, v, formats) : v === null ? '—' : String(v);
  };
  return (
    <>
      <h1>Goals</h1>
      {data.items.length === 0 ? (
        <p className="hint">
          No goals yet. Create them with <code>northstar goals add</code> or{' '}
          <code>POST /api/v1/goals</code>.
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="goals">
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col" className="num">
                  Current
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col">Progress</th>
                <th scope="col">Pacing</th>
                <th scope="col" className="num">
                  Days left
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.name}</th>
                  <td className="num">{value(g, g.current)}</td>
                  <td className="num">{value(g, g.target)}</td>
                  <td>
                    <Progress goal={g} locale={formats.locale} />
                    {percent(g.progress, formats.locale, 0)}
                  </td>
                  <td>
                    <span className={`pacing ${g.status}`}>{PACING[g.status]}</span>
                  </td>
                  <td className="num">{g.daysLeft}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
