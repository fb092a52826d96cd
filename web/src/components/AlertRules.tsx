import { useState } from 'react';
import { api, type MetricDefinition } from '../api.ts';
import { useApp } from '../context.ts';
import { useDefinitions } from '../data.ts';
import { metricValue, percent } from '../format.ts';
import { metricLabel, useT, type MessageKey } from '../i18n/index.ts';
import { useManagedList } from './useManagedList.tsx';

type Channel = { type: 'email'; to: string[] } | { type: string; [field: string]: unknown };

/** A rule as `GET /alerts/rules` lists it (webhook secrets masked). */
interface Rule {
  id: string;
  name: string;
  kind: 'threshold' | 'change' | 'ratio' | 'anomaly' | 'goal' | 'at_risk';
  metric?: string;
  op?: 'above' | 'below';
  value?: number;
  direction?: 'up' | 'down' | 'any';
  percent?: number;
  window?: number;
  threshold?: number;
  channels?: Channel[];
  enabled?: boolean;
}

/** The kinds the page edits; the others (set with the CLI or API) are listed and deletable. */
const EDITABLE = ['threshold', 'change', 'anomaly'] as const;
type EditableKind = (typeof EDITABLE)[number];

interface Draft {
  id: string | null;
  name: string;
  kind: EditableKind;
  metric: string;
  op: 'above' | 'below';
  /** As typed; a rate metric's value in percent. */
  value: string;
  direction: 'up' | 'down' | 'any';
  percent: string;
  window: string;
  threshold: string;
  email: string;
  /** Channels other than email, kept as they were. */
  otherChannels: Channel[];
  enabled: boolean;
}

const EMPTY: Draft = {
  id: null,
  name: '',
  kind: 'threshold',
  metric: 'mrr',
  op: 'below',
  value: '',
  direction: 'down',
  percent: '10',
  window: '1',
  threshold: '',
  email: '',
  otherChannels: [],
  enabled: true,
};

const isRate = (metric: MetricDefinition | undefined) => metric?.unit === 'rate';
/** Percent typed in the form ↔ the fraction the API keeps, without float noise (7.000000001). */
const toFraction = (typed: string) => Number((Number(typed) / 100).toPrecision(12));
const toPercent = (fraction: number) => String(Number((fraction * 100).toPrecision(12)));

function draftOf(rule: Rule, metrics: Map<string, MetricDefinition>): Draft {
  const email = rule.channels?.find(
    (c): c is { type: 'email'; to: string[] } => c.type === 'email',
  );
  const metric = rule.metric ?? EMPTY.metric;
  return {
    ...EMPTY,
    id: rule.id,
    name: rule.name,
    kind: rule.kind as EditableKind,
    metric,
    op: rule.op ?? EMPTY.op,
    value:
      rule.value === undefined
        ? ''
        : isRate(metrics.get(metric))
          ? toPercent(rule.value)
          : String(rule.value),
    direction: rule.direction ?? EMPTY.direction,
    percent: rule.percent === undefined ? '' : toPercent(rule.percent),
    window: String(rule.window ?? 1),
    threshold: rule.threshold === undefined ? '' : String(rule.threshold),
    email: email ? email.to.join(', ') : '',
    otherChannels: (rule.channels ?? []).filter((c) => c.type !== 'email'),
    enabled: rule.enabled ?? true,
  };
}

/** The body `POST /alerts/rules` takes for a draft (same id: the rule is replaced). */
function bodyOf(d: Draft, metrics: Map<string, MetricDefinition>) {
  const to = d.email
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const channels = [...d.otherChannels, ...(to.length ? [{ type: 'email', to }] : [])];
  const base = {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    kind: d.kind,
    metric: d.metric,
    enabled: d.enabled,
    channels,
  };
  if (d.kind === 'threshold')
    return {
      ...base,
      op: d.op,
      value: isRate(metrics.get(d.metric)) ? toFraction(d.value) : Number(d.value),
    };
  if (d.kind === 'change')
    return {
      ...base,
      direction: d.direction,
      percent: toFraction(d.percent),
      window: Number(d.window),
    };
  return { ...base, ...(d.threshold ? { threshold: Number(d.threshold) } : {}) };
}

/** Alert rules: list, create, edit (threshold, change, anomaly) and delete. */
export function AlertRules() {
  const t = useT();
  const { formats } = useApp();
  const metrics = useDefinitions();
  const list = useManagedList<Rule>('/alerts/rules');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  if (!metrics) return null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const label = (id: string | undefined) => {
    const metric = id ? metrics.get(id) : undefined;
    return metric ? metricLabel(formats.locale, metric) : (id ?? '');
  };

  const condition = (r: Rule): string => {
    const metric = label(r.metric);
    const definition = r.metric ? metrics.get(r.metric) : undefined;
    if (r.kind === 'threshold' && definition && r.value !== undefined)
      return t('settings.alerts.summary.threshold', {
        metric,
        op: t(`settings.alerts.op.${r.op ?? 'above'}`),
        value: metricValue(definition, r.value, formats),
      });
    if (r.kind === 'change')
      return t('settings.alerts.summary.change', {
        metric,
        direction: t(`settings.alerts.direction.${r.direction ?? 'any'}`),
        percent: percent(r.percent ?? 0, formats.locale, 0),
        window: r.window ?? 1,
      });
    if (r.kind === 'anomaly') return t('settings.alerts.summary.anomaly', { metric });
    return t('settings.alerts.summary.other');
  };

  const save = () =>
    list.act(async () => {
      await api('/alerts/rules', { method: 'POST', json: bodyOf(draft, metrics) });
      setDraft(EMPTY);
    });
  const remove = (r: Rule) => {
    if (!window.confirm(t('settings.alerts.deleteConfirm', { name: r.name }))) return;
    void list.act(() => api(`/alerts/rules/${encodeURIComponent(r.id)}`, { method: 'DELETE' }));
  };
  const rate = isRate(metrics.get(draft.metric));
  const sortedMetrics = [...metrics.values()].sort((a, b) =>
    metricLabel(formats.locale, a).localeCompare(metricLabel(formats.locale, b), formats.locale),
  );

  return (
    <>
      <p className="hint">{t('settings.alerts.hint')}</p>
      {list.view(
        (rules) => (
          <table data-testid="alert-rules">
            <thead>
              <tr>
                <th scope="col">{t('settings.name')}</th>
                <th scope="col">{t('settings.alerts.kind')}</th>
                <th scope="col">{t('settings.alerts.condition')}</th>
                <th scope="col">{t('settings.alerts.enabled')}</th>
                <th scope="col">{t('settings.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} data-rule={r.id}>
                  <th scope="row">{r.name}</th>
                  <td>{t(`settings.alerts.kind.${r.kind}` as MessageKey)}</td>
                  <td>{condition(r)}</td>
                  <td>{t(r.enabled === false ? 'settings.alerts.off' : 'settings.alerts.on')}</td>
                  <td className="actions">
                    {(EDITABLE as readonly string[]).includes(r.kind) && (
                      <button type="button" onClick={() => setDraft(draftOf(r, metrics))}>
                        {t('settings.edit')}
                      </button>
                    )}
                    <button type="button" onClick={() => remove(r)}>
                      {t('settings.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
        t('settings.alerts.none'),
      )}
      <form
        className="settings-row"
        data-testid="alert-rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('settings.name')}
          <input
            name="rule-name"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </label>
        <label>
          {t('settings.alerts.kind')}
          <select
            name="rule-kind"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as EditableKind })}
          >
            {EDITABLE.map((k) => (
              <option key={k} value={k}>
                {t(`settings.alerts.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.alerts.metric')}
          <select
            name="rule-metric"
            value={draft.metric}
            onChange={(e) => set({ metric: e.target.value })}
          >
            {sortedMetrics.map((m) => (
              <option key={m.id} value={m.id}>
                {metricLabel(formats.locale, m)}
              </option>
            ))}
          </select>
        </label>
        {draft.kind === 'threshold' && (
          <>
            <label>
              {t('settings.alerts.op')}
              <select
                name="rule-op"
                value={draft.op}
                onChange={(e) => set({ op: e.target.value as Draft['op'] })}
              >
                <option value="above">{t('settings.alerts.op.above')}</option>
                <option value="below">{t('settings.alerts.op.below')}</option>
              </select>
            </label>
            <label>
              {t(rate ? 'settings.alerts.valuePercent' : 'settings.alerts.value')}
              <input
                name="rule-value"
                type="number"
                step="any"
                required
                value={draft.value}
                onChange={(e) => set({ value: e.target.value })}
              />
            </label>
          </>
        )}
        {draft.kind === 'change' && (
          <>
            <label>
              {t('settings.alerts.direction')}
              <select
                name="rule-direction"
                value={draft.direction}
                onChange={(e) => set({ direction: e.target.value as Draft['direction'] })}
              >
                {(['up', 'down', 'any'] as const).map((d) => (
                  <option key={d} value={d}>
                    {t(`settings.alerts.direction.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('settings.alerts.percent')}
              <input
                name="rule-percent"
                type="number"
                min={0}
                step="any"
                required
                value={draft.percent}
                onChange={(e) => set({ percent: e.target.value })}
              />
            </label>
            <label>
              {t('settings.alerts.window')}
              <input
                name="rule-window"
                type="number"
                min={1}
                max={36}
                step={1}
                required
                value={draft.window}
                onChange={(e) => set({ window: e.target.value })}
              />
            </label>
          </>
        )}
        {draft.kind === 'anomaly' && (
          <label>
            {t('settings.alerts.sensitivity')}
            <input
              name="rule-threshold"
              type="number"
              min={0}
              step="any"
              value={draft.threshold}
              onChange={(e) => set({ threshold: e.target.value })}
            />
          </label>
        )}
        <label>
          {t('settings.alerts.email')}
          <input
            name="rule-email"
            value={draft.email}
            onChange={(e) => set({ email: e.target.value })}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            name="rule-enabled"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t('settings.alerts.enabled')}
        </label>
        <button type="submit" disabled={list.busy}>
          {t(draft.id ? 'settings.alerts.update' : 'settings.alerts.create')}
        </button>
        {draft.id && (
          <button type="button" onClick={() => setDraft(EMPTY)}>
            {t('settings.cancel')}
          </button>
        )}
      </form>
    </>
  );
}
