import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useApp } from '../context.ts';
import { LOCALES } from '../format.ts';
import { useApi } from '../hooks.ts';
import { useT, type MessageKey } from '../i18n/index.ts';
import {
  DISCOUNTS_IN_MRR,
  CHURN_DENOMINATORS,
  CHURN_WINDOWS,
  DEFINITION_PROFILES,
  FREE_CUSTOMERS,
  JOIN_AND_LEAVE_MOVEMENTS,
  PARTIAL_PERIOD_NORMALIZATIONS,
  PROFILE_DEFINITIONS,
  REACTIVATION_TREATMENTS,
  type DefinitionSwitches,
} from '../../../src/model/workspace.ts';
import { Status } from './Status.tsx';

/** `GET /settings`: every setting by its API name. */
type SettingsView = Record<string, string | number | boolean | null>;

type Field =
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'yes-no' }
  | { kind: 'days' }
  | { kind: 'text' };

/** The definition switches in the order `northstar explain` lists them, with their inputs. */
const SWITCH_FIELDS: readonly (readonly [
  keyof DefinitionSwitches | 'mrrSource' | 'delinquencyDays' | 'activationEvent',
  Field,
])[] = [
  ['mrrSource', { kind: 'choice', choices: ['subscriptions', 'invoices'] }],
  ['churnTiming', { kind: 'choice', choices: ['period_end', 'immediate'] }],
  ['churnWindow', { kind: 'choice', choices: CHURN_WINDOWS }],
  ['churnDenominator', { kind: 'choice', choices: CHURN_DENOMINATORS }],
  ['countJoinAndLeave', { kind: 'yes-no' }],
  ['joinAndLeaveMovements', { kind: 'choice', choices: JOIN_AND_LEAVE_MOVEMENTS }],
  ['reactivation', { kind: 'choice', choices: REACTIVATION_TREATMENTS }],
  ['reactivationWindowDays', { kind: 'days' }],
  ['freeCustomers', { kind: 'choice', choices: FREE_CUSTOMERS }],
  ['discounts', { kind: 'choice', choices: DISCOUNTS_IN_MRR }],
  ['refundsReduceMrr', { kind: 'yes-no' }],
  ['usageInMrr', { kind: 'yes-no' }],
  ['partialPeriods', { kind: 'choice', choices: PARTIAL_PERIOD_NORMALIZATIONS }],
  ['delinquencyDays', { kind: 'days' }],
  ['activationEvent', { kind: 'text' }],
];

/** `churnWindow` → `churn_window`: the API's name of a stored setting. */
const apiName = (stored: string) => stored.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const CURRENCIES = Intl.supportedValuesOf('currency');
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** The workspace settings `northstar workspace` changes, as a form (admins only). */
export function WorkspaceSettingsForm() {
  const t = useT();
  const { reloadMe } = useApp();
  const loaded = useApi<SettingsView>('/settings');
  // What the server holds (the PATCH answer after a save) and what the form shows.
  const [saved, setSaved] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<SettingsView | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setSaved(loaded.data);
    setDraft(loaded.data);
  }, [loaded.data]);
  if (!saved || !draft) return <Status error={loaded.error} loading={loaded.loading} />;

  const set = (name: string, value: string | number | boolean | null) =>
    setDraft({ ...draft, [name]: value });
  const chooseProfile = (profile: string) => {
    const switches = PROFILE_DEFINITIONS[profile as keyof typeof PROFILE_DEFINITIONS];
    const next: SettingsView = { ...draft, profile };
    for (const [stored, value] of Object.entries(switches)) next[apiName(stored)] = value;
    setDraft(next);
  };
  const save = async () => {
    const changes = Object.fromEntries(
      Object.entries(draft).filter(([name, value]) => name !== 'demo' && value !== saved[name]),
    );
    if (Object.keys(changes).length === 0)
      return setOutcome({ ok: true, text: t('settings.unchanged') });
    // A new profile goes with every switch the form shows: the server applies the profile
    // first and the switches given after it, which then gives exactly what the form shows.
    if ('profile' in changes)
      for (const [stored] of SWITCH_FIELDS)
        changes[apiName(stored)] = draft[apiName(stored)] ?? null;
    setBusy(true);
    try {
      const next = await api<SettingsView>('/settings', { method: 'PATCH', json: changes });
      setSaved(next);
      setDraft(next);
      setOutcome({ ok: true, text: t('settings.saved') });
      reloadMe();
    } catch (e) {
      setOutcome({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const input = (stored: string, field: Field) => {
    const name = apiName(stored);
    const value = draft[name];
    const label = t(`settings.field.${stored}` as MessageKey);
    if (field.kind === 'yes-no')
      return (
        <label key={name} className="inline">
          <input
            type="checkbox"
            name={name}
            checked={value === true}
            onChange={(e) => set(name, e.target.checked)}
          />
          {label}
        </label>
      );
    return (
      <label key={name}>
        {label}
        {field.kind === 'choice' ? (
          <select name={name} value={String(value)} onChange={(e) => set(name, e.target.value)}>
            {field.choices.map((c) => (
              <option key={c} value={c}>
                {t(`settings.choice.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        ) : field.kind === 'days' ? (
          <input
            type="number"
            name={name}
            min={0}
            step={1}
            value={value === null ? '' : String(value)}
            onChange={(e) => set(name, e.target.value === '' ? null : Number(e.target.value))}
          />
        ) : (
          <input
            type="text"
            name={name}
            value={String(value ?? '')}
            onChange={(e) => set(name, e.target.value)}
          />
        )}
      </label>
    );
  };

  return (
    <form
      className="settings-form"
      data-testid="workspace-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="hint">{t('settings.workspaceHint')}</p>
      <label>
        {t('settings.currency')}
        <select
          name="currency"
          value={String(draft.currency)}
          onChange={(e) => set('currency', e.target.value)}
        >
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.timeZone')}
        <select
          name="time_zone"
          value={String(draft.time_zone)}
          onChange={(e) => set('time_zone', e.target.value)}
        >
          {(TIME_ZONES.includes(String(draft.time_zone))
            ? TIME_ZONES
            : [String(draft.time_zone), ...TIME_ZONES]
          ).map((z) => (
            <option key={z}>{z}</option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.locale')}
        <select
          name="locale"
          value={String(draft.locale)}
          onChange={(e) => set('locale', e.target.value)}
        >
          {(LOCALES.some(([l]) => l === draft.locale)
            ? LOCALES
            : [[String(draft.locale), String(draft.locale)] as const, ...LOCALES]
          ).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.profile')}
        <select
          name="profile"
          value={String(draft.profile)}
          onChange={(e) => chooseProfile(e.target.value)}
        >
          {DEFINITION_PROFILES.map((p) => (
            <option key={p} value={p}>
              {p === 'northstar' ? t('settings.profileDefault') : p}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{t('settings.profileHint')}</p>
      <fieldset>
        <legend>{t('settings.switches')}</legend>
        {SWITCH_FIELDS.map(([stored, field]) => input(stored, field))}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? t('settings.saving') : t('settings.save')}
      </button>
      <div aria-live="polite">
        {outcome && (
          <p className={outcome.ok ? 'success' : 'error'} role={outcome.ok ? 'status' : 'alert'}>
            {outcome.text}
          </p>
        )}
      </div>
    </form>
  );
}
