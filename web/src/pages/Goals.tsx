import { useState } from 'react';
import { api, type Goal, type GoalStatus, type MetricDefinition, type Pacing } from '../api.ts';
import { useApp } from '../context.ts';
import { useDefinitions } from '../data.ts';
import { useApi } from '../hooks.ts';
import { metricValue, percent, type Formats } from '../format.ts';
import { metricLabel, useT, type MessageKey, type Translate } from '../i18n/index.ts';
import { Status } from '../components/Status.tsx';
import { GoalForm } from '../components/GoalForm.tsx';

const PACING: Record<Pacing, MessageKey> = {
  achieved: 'goals.status.achieved',
  on_track: 'goals.status.on_track',
  at_risk: 'goals.status.at_risk',
  off_track: 'goals.status.off_track',
  missed: 'goals.status.missed',
};

function Progress({ goal, t, locale }: { goal: GoalStatus; t: Translate; locale: string }) {
  const expected = t('goals.expectedBy', {
    date: goal.asOf ?? '',
    share: percent(goal.expected, locale, 0),
  });
  return (
    <div className="progress" title={expected}>
      <div
        role="progressbar"
        aria-label={t('goals.progressLabel', { name: goal.name })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(goal.progress * 100)}
        aria-valuetext={`${percent(goal.progress, locale, 0)} · ${expected}`}
        className="bar"
        style={{ width: `${Math.round(goal.progress * 100)}%` }}
      />
      <div className="expected" style={{ left: `${Math.round(goal.expected * 100)}%` }} />
    </div>
  );
}

type Editing = { goal: Goal | null } | null;

/**
 * Goals with progress from the baseline (at the goal's start) to the target, judged on the
 * last complete month, paced against the straight line and the forecast's chance of getting
 * there; admins create, edit and delete them here.
 */
export function Goals() {
  const { formats, me } = useApp();
  const t = useT();
  const definitions = useDefinitions();
  // Bumped after every change: the paths change, so both lists are fetched again.
  const [version, setVersion] = useState(0);
  const statuses = useApi<{ items: GoalStatus[] }>(`/goals/status?v=${version}`);
  const stored = useApi<{ items: Goal[] }>(`/goals?v=${version}`);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const admin = me.role === 'admin';
  const { data } = statuses;
  if (!data || !definitions || !stored.data)
    return <Status error={statuses.error ?? stored.error} loading={statuses.loading} />;
  const goals = new Map(stored.data.items.map((g) => [g.id, g]));
  const changed = (message: MessageKey) => {
    setEditing(null);
    setDeleting(null);
    setNotice(message);
    setVersion((v) => v + 1);
  };
  const remove = async (id: string) => {
    setFailure(null);
    try {
      await api(`/goals/${encodeURIComponent(id)}`, { method: 'DELETE' });
      changed('goals.deleted');
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  const value = (g: GoalStatus, v: number | null) => formatValue(definitions, g, v, formats);

  return (
    <>
      <h1>{t('goals.title')}</h1>
      {notice ? (
        <p className="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
      {admin && editing === null ? (
        <p>
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setEditing({ goal: null });
            }}
          >
            {t('goals.new')}
          </button>
        </p>
      ) : null}
      {editing ? (
        <GoalForm
          key={editing.goal?.id ?? 'new'}
          goal={editing.goal}
          definitions={definitions}
          onSaved={() => changed('goals.saved')}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {data.items.length === 0 ? (
        <p className="hint">{admin ? t('goals.empty') : t('goals.emptyViewer')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="goals">
            <thead>
              <tr>
                <th scope="col">{t('goals.col.goal')}</th>
                <th scope="col" className="num">
                  {t('goals.col.baseline')}
                </th>
                <th scope="col" className="num">
                  {t('goals.col.current')}
                </th>
                <th scope="col" className="num">
                  {t('goals.col.target')}
                </th>
                <th scope="col">{t('goals.col.progress')}</th>
                <th scope="col">{t('goals.col.forecast')}</th>
                <th scope="col">{t('goals.col.pacing')}</th>
                <th scope="col" className="num">
                  {t('goals.col.daysLeft')}
                </th>
                {admin ? <th scope="col">{t('goals.col.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.items.map((g) => {
                const goal = goals.get(g.id);
                const metric = g.metric ? definitions.get(g.metric) : undefined;
                return (
                  <tr key={g.id} data-goal={g.id}>
                    <th scope="row">
                      {g.name}
                      {metric ? (
                        <small className="hint">
                          {' '}
                          {metricLabel(formats.locale, metric)}
                          {g.segment ? ` · ${g.segment.dimension}=${g.segment.value}` : ''}
                          {g.direction === 'down' ? ` · ${t('goals.lowerIsBetter')}` : ''}
                        </small>
                      ) : null}
                    </th>
                    <td className="num" data-testid="goal-baseline">
                      {value(g, g.baseline)}
                      <small className="hint">
                        {g.baselineFrom === 'set'
                          ? ` ${t('goals.baselineSet')}`
                          : g.baselinePeriod
                            ? ` ${g.baselinePeriod}`
                            : ''}
                      </small>
                    </td>
                    <td className="num" data-testid="goal-current">
                      {value(g, g.current)}
                      {g.period ? <small className="hint"> {g.period}</small> : null}
                    </td>
                    <td className="num">{value(g, g.target)}</td>
                    <td data-testid="goal-progress">
                      <Progress goal={g} t={t} locale={formats.locale} />
                      {percent(g.progress, formats.locale, 0)}
                    </td>
                    <td data-testid="goal-forecast" title={g.forecastNote ?? undefined}>
                      {g.forecast
                        ? t('goals.forecastChance', {
                            chance: percent(g.forecast.probability, formats.locale, 0),
                            period: g.forecast.period,
                          })
                        : '—'}
                    </td>
                    <td data-testid="goal-pacing">
                      <span className={`pacing ${g.status}`}>{t(PACING[g.status])}</span>
                      {g.metric && g.lineStatus !== g.status ? (
                        <small className="hint">
                          {' '}
                          {t('goals.line', { status: t(PACING[g.lineStatus]) })}
                        </small>
                      ) : null}
                    </td>
                    <td className="num">{g.daysLeft}</td>
                    {admin ? (
                      <td className="actions">
                        {deleting === g.id ? (
                          <>
                            <span>{t('goals.confirmDelete', { name: g.name })}</span>{' '}
                            <button type="button" onClick={() => void remove(g.id)}>
                              {t('goals.confirmYes')}
                            </button>{' '}
                            <button type="button" onClick={() => setDeleting(null)}>
                              {t('goals.cancel')}
                            </button>
                          </>
                        ) : (
                          <>
                            {goal?.metric ? (
                              <button
                                type="button"
                                aria-label={t('goals.editNamed', { name: g.name })}
                                onClick={() => {
                                  setNotice(null);
                                  setEditing({ goal });
                                }}
                              >
                                {t('goals.edit')}
                              </button>
                            ) : null}{' '}
                            <button
                              type="button"
                              aria-label={t('goals.deleteNamed', { name: g.name })}
                              onClick={() => setDeleting(g.id)}
                            >
                              {t('goals.delete')}
                            </button>
                          </>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint" data-testid="goals-note">
        {t('goals.note')}
      </p>
    </>
  );
}

function formatValue(
  definitions: Map<string, MetricDefinition>,
  g: GoalStatus,
  v: number | null,
  formats: Formats,
): string {
  const metric = g.metric ? definitions.get(g.metric) : undefined;
  return metric ? metricValue(metric, v, formats) : v === null ? '—' : String(v);
}
