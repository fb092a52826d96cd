import { useState, type FormEvent, type ReactElement } from 'react';
import { api, type Goal, type MetricDefinition } from '../api.ts';
import { metricLabel, useT, type MessageKey } from '../i18n/index.ts';
import { useApp } from '../context.ts';

interface Fields {
  name: string;
  metric: string;
  target: string;
  baseline: string;
  start: string;
  due: string;
}

type FieldErrors = Partial<Record<keyof Fields, MessageKey>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A number as typed: "1000000", "1 000 000", "1,000,000" or "2,5" (a decimal comma). */
function parseAmount(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return null;
  const normal = /^-?\d+,\d{1,2}$/.test(compact)
    ? compact.replace(',', '.')
    : compact.replace(/,/g, '');
  const value = Number(normal);
  return Number.isFinite(value) ? value : null;
}

/** Rates are typed in percent and stored as fractions. */
const toStored = (value: number, unit: string | undefined) =>
  unit === 'rate' ? value / 100 : value;
const toTyped = (value: number | undefined, unit: string | undefined) =>
  value === undefined ? '' : String(unit === 'rate' ? Math.round(value * 1e6) / 1e4 : value);

function fieldsOf(goal: Goal | null, definitions: Map<string, MetricDefinition>): Fields {
  const unit = goal?.metric ? definitions.get(goal.metric)?.unit : undefined;
  const year = new Date().getFullYear();
  return {
    name: goal?.name ?? '',
    metric: goal?.metric ?? '',
    target: toTyped(goal?.target, unit),
    baseline: toTyped(goal?.baseline, unit),
    start: goal?.start ?? `${year}-01-01`,
    due: goal?.due ?? `${year}-12-31`,
  };
}

function check(f: Fields): FieldErrors {
  const errors: FieldErrors = {};
  if (f.name.trim() === '') errors.name = 'goals.error.name';
  if (f.metric === '') errors.metric = 'goals.error.metric';
  if (parseAmount(f.target) === null) errors.target = 'goals.error.target';
  if (f.baseline.trim() !== '' && parseAmount(f.baseline) === null)
    errors.baseline = 'goals.error.baseline';
  if (!DAY.test(f.start)) errors.start = 'goals.error.date';
  if (!DAY.test(f.due)) errors.due = 'goals.error.date';
  else if (DAY.test(f.start) && f.due <= f.start) errors.due = 'goals.error.dueBeforeStart';
  return errors;
}

/**
 * Creates a metric goal or edits one (POST /goals, PUT /goals/{id}). Fields are checked
 * here first, each error beside its field; what the server still refuses is shown above
 * the buttons. An edit keeps what the form does not show (parent, weight, segment).
 */
export function GoalForm({
  goal,
  definitions,
  onSaved,
  onCancel,
}: {
  goal: Goal | null;
  definitions: Map<string, MetricDefinition>;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { formats } = useApp();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(goal, definitions));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unit = definitions.get(fields.metric)?.unit;
  const set = (key: keyof Fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check(fields);
    setErrors(found);
    setServerError(null);
    if (Object.keys(found).length > 0) return;
    const baseline = parseAmount(fields.baseline);
    const kept = goal
      ? {
          ...(goal.parentId === undefined ? {} : { parentId: goal.parentId }),
          ...(goal.weight === undefined ? {} : { weight: goal.weight }),
          ...(goal.segment === undefined ? {} : { segment: goal.segment }),
        }
      : {};
    const body = {
      ...kept,
      name: fields.name.trim(),
      kind: unit === 'money' ? 'money' : unit === 'rate' ? 'rate' : 'number',
      metric: fields.metric,
      target: toStored(parseAmount(fields.target)!, unit),
      ...(baseline === null ? {} : { baseline: toStored(baseline, unit) }),
      start: fields.start,
      due: fields.due,
    };
    setBusy(true);
    try {
      if (goal) await api(`/goals/${encodeURIComponent(goal.id)}`, { method: 'PUT', json: body });
      else await api('/goals', { method: 'POST', json: body });
      onSaved();
    } catch (error) {
      setServerError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof Fields, label: string, input: ReactElement, hint?: string) => (
    <label className={errors[key] ? 'field invalid' : 'field'}>
      <span>{label}</span>
      {input}
      {hint ? <small className="hint">{hint}</small> : null}
      {errors[key] ? (
        <small className="field-error" id={`goal-${key}-error`} role="alert">
          {t(errors[key])}
        </small>
      ) : null}
    </label>
  );
  const describedBy = (key: keyof Fields) =>
    errors[key] ? { 'aria-invalid': true, 'aria-describedby': `goal-${key}-error` } : {};
  const metrics = [...definitions.values()].sort((a, b) =>
    metricLabel(formats.locale, a).localeCompare(metricLabel(formats.locale, b), formats.locale),
  );

  return (
    <form
      className="goal-form panel"
      aria-label={goal ? t('goals.form.editTitle') : t('goals.form.newTitle')}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2>{goal ? t('goals.form.editTitle') : t('goals.form.newTitle')}</h2>
      <div className="goal-fields">
        {field(
          'name',
          t('goals.field.name'),
          <input
            name="name"
            value={fields.name}
            maxLength={200}
            onChange={(e) => set('name')(e.target.value)}
            {...describedBy('name')}
          />,
        )}
        {field(
          'metric',
          t('goals.field.metric'),
          <select
            name="metric"
            value={fields.metric}
            onChange={(e) => set('metric')(e.target.value)}
            {...describedBy('metric')}
          >
            <option value="">{t('goals.field.chooseMetric')}</option>
            {metrics.map((m) => (
              <option key={m.id} value={m.id}>
                {metricLabel(formats.locale, m)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'target',
          t('goals.field.target'),
          <input
            name="target"
            inputMode="decimal"
            value={fields.target}
            onChange={(e) => set('target')(e.target.value)}
            {...describedBy('target')}
          />,
          unit === 'rate' ? t('goals.field.percentHint') : undefined,
        )}
        {field(
          'baseline',
          t('goals.field.baseline'),
          <input
            name="baseline"
            inputMode="decimal"
            value={fields.baseline}
            placeholder={t('goals.field.baselinePlaceholder')}
            onChange={(e) => set('baseline')(e.target.value)}
            {...describedBy('baseline')}
          />,
          t('goals.field.baselineHint'),
        )}
        {field(
          'start',
          t('goals.field.start'),
          <input
            name="start"
            type="date"
            value={fields.start}
            onChange={(e) => set('start')(e.target.value)}
            {...describedBy('start')}
          />,
        )}
        {field(
          'due',
          t('goals.field.due'),
          <input
            name="due"
            type="date"
            value={fields.due}
            onChange={(e) => set('due')(e.target.value)}
            {...describedBy('due')}
          />,
        )}
      </div>
      {serverError ? (
        <p className="error" role="alert" data-testid="goal-form-error">
          {t('goals.error.save', { message: serverError })}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('goals.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('goals.cancel')}
        </button>
      </div>
    </form>
  );
}
