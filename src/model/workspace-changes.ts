import { isKnownCurrency } from './currency.ts';
import {
  PROFILE_DEFINITIONS,
  type DefinitionProfile,
  type WorkspaceSettings,
} from './workspace.ts';

/** A change of workspace settings that cannot be made (unknown currency or time zone). */
export class SettingsError extends Error {}

/** Settings a user may change: everything but the demo flag, which imports set. */
export type SettingsInput = {
  -readonly [K in Exclude<keyof WorkspaceSettings, 'demo'>]?: WorkspaceSettings[K];
};

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The canonical form of a BCP 47 tag ([] when it is not one). */
function canonicalLocales(tag: string): string[] {
  try {
    return Intl.getCanonicalLocales(tag);
  } catch {
    return [];
  }
}

/**
 * The changes to store for a request, the same for the CLI (`northstar workspace`) and the
 * API (`PATCH /settings`): a profile first, so switches given with it refine it; the
 * currency upper-cased and known to the runtime; the time zone an IANA name; the locale a
 * BCP 47 tag in its canonical form.
 */
export function settingsChanges(input: SettingsInput): SettingsInput {
  const { profile, ...rest } = input;
  const changes: SettingsInput = {};
  if (profile !== undefined) Object.assign(changes, profileSwitches(profile), { profile });
  for (const [key, value] of Object.entries(rest))
    if (value !== undefined) Object.assign(changes, { [key]: value });
  if (changes.currency !== undefined) {
    const code = changes.currency.toUpperCase();
    if (!isKnownCurrency(code))
      throw new SettingsError(`unknown currency code "${input.currency}"`);
    changes.currency = code;
  }
  if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone))
    throw new SettingsError(
      `unknown time zone "${changes.timeZone}" (use an IANA name such as Europe/Paris)`,
    );
  if (changes.locale !== undefined) {
    const [locale] = canonicalLocales(changes.locale);
    if (!locale) throw new SettingsError(`unknown locale "${changes.locale}" (use fr-FR, de…)`);
    changes.locale = locale;
  }
  return changes;
}

function profileSwitches(profile: DefinitionProfile) {
  const switches = PROFILE_DEFINITIONS[profile];
  if (!switches) throw new SettingsError(`unknown definition profile "${profile}"`);
  return switches;
}
