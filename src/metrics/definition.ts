import type { BusinessFacts } from '../engine/business.ts';
import type { PeriodFacts } from '../engine/mrr.ts';
import type { ImportKind } from '../model/kinds.ts';
import { metricTexts } from '../i18n/index.ts';
import {
  DEFINITION_SWITCHES,
  definitionSwitches,
  NORTHSTAR_DEFINITIONS,
  type DefinitionSwitches,
  type WorkspaceSettings,
} from '../model/workspace.ts';

/** What a value measures; money values are minor units until a surface formats them. */
export type MetricUnit =
  'money' | 'count' | 'rate' | 'ratio' | 'index' | 'points' | 'months' | 'days' | 'hours';
/** Whether a higher value is good news (`up`), bad news (`down`) or neither. */
export type MetricDirection = 'up' | 'down' | 'neutral';

export interface MetricInputs {
  readonly facts: PeriodFacts;
  /** Period index. */
  readonly k: number;
  /** Facts from the other kinds (invoices, costs, funnel…); without them those metrics are null. */
  readonly business?: BusinessFacts;
  /** Workspace settings; the definition switches default to Northstar's when absent. */
  readonly settings?: Partial<WorkspaceSettings>;
}

/** Workspace settings a metric's value can depend on (shown by `northstar explain`). */
export type SettingName = keyof WorkspaceSettings;

export interface MetricDefinition {
  readonly id: string;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly direction: MetricDirection;
  /** The formula in words (Northstar's default definitions), shown by every surface. */
  readonly formula: string;
  /** Value for one period; null when undefined (a ratio over zero). */
  readonly compute: (inputs: MetricInputs) => number | null;
  /** Import kinds it reads besides the subscriptions/invoices behind MRR. */
  readonly inputs?: readonly ImportKind[];
  /**
   * The imports it cannot be computed without (each entry: any one of its kinds). When one
   * is absent the value is null and the reason says which file to import (see missing.ts).
   */
  readonly requires?: readonly RequiredInput[];
  /** Settings that change its value. */
  readonly settings?: readonly SettingName[];
  /** The formula under the workspace's definition switches, when they change it. */
  readonly formulaFor?: (switches: DefinitionSwitches) => string;
  /**
   * Why a running period's value (month-to-date…) cannot be set beside the same days of the
   * previous period. Absent: it can, since its inputs are flows summed over those days and
   * stocks read on their last day.
   */
  readonly notComparedToDate?: NotComparedToDate;
}

/** Why a metric has no same-days comparison (see `NOT_COMPARED_TO_DATE` for the words). */
// Runway is compared: its cash and its three months of burn are read back from the measure
// day, so on the equivalent day they cover the same span.
export type NotComparedToDate = 'trailing_average' | 'year_anchor';

export const NOT_COMPARED_TO_DATE: Readonly<Record<NotComparedToDate, string>> = {
  trailing_average:
    'it averages whole months before the period, which the same days of the previous period cannot match',
  year_anchor:
    "it measures against twelve months before the period's end, not against the equivalent day",
};

/** A ratio whose denominator is zero is not defined: null, never 0 or Infinity. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Null-propagating ratio over values that may be unknown. */
export function ratioOf(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null ? null : ratio(numerator, denominator);
}

/** An import a metric needs: any one of `kinds`, and what in it matters. */
export interface RequiredInput {
  readonly kinds: readonly ImportKind[];
  /** The columns, categories or stages that matter, e.g. "sales, marketing". */
  readonly detail?: string;
}

/** `needs('costs', 'sales, marketing')`: the costs import, for its sales and marketing rows. */
export const needs = (kind: ImportKind, detail?: string): RequiredInput =>
  detail === undefined ? { kinds: [kind] } : { kinds: [kind], detail };

/** Any one of several imports, e.g. signups from the funnel or from customers' created_at. */
export const needsOneOf = (kinds: readonly ImportKind[], detail?: string): RequiredInput =>
  detail === undefined ? { kinds } : { kinds, detail };

export const define = (d: MetricDefinition): MetricDefinition => d;

export const switchesOf = (inputs: MetricInputs): DefinitionSwitches =>
  definitionSwitches(inputs.settings ?? {});

/**
 * The formula text in force under the given settings. Under another profile than Northstar's,
 * or with switches changed, it ends by naming the profile and the switches that differ from
 * Northstar's defaults and change this metric, so any surface showing it says what produced
 * the number.
 */
export function formulaText(metric: MetricDefinition, settings: Partial<WorkspaceSettings> = {}) {
  const text = metric.formulaFor ? metric.formulaFor(definitionSwitches(settings)) : metric.formula;
  return `${text}${definitionsNote(metric, settings)}`;
}

/**
 * The metric's name and formula in the locale's language. A translated formula is the one
 * of Northstar's default definitions: under other switches or another profile the formula
 * stays the registry's English words (with its definitions note), never a translation that
 * describes another computation.
 */
export function metricWords(
  metric: MetricDefinition,
  settings: Partial<WorkspaceSettings> = {},
  locale = 'en',
): { label: string; formula: string } {
  const formula = formulaText(metric, settings);
  const translated = metricTexts(locale, metric.id);
  if (!translated) return { label: metric.label, formula };
  return {
    label: translated.label,
    formula: formula === formulaText(metric) ? translated.formula : formula,
  };
}

/** " Definitions: profile stripe; usageInMrr = false." or "" under Northstar's defaults. */
export function definitionsNote(
  metric: MetricDefinition,
  settings: Partial<WorkspaceSettings>,
): string {
  const differing = switchesChanged(settings).filter((name) => metric.settings?.includes(name));
  const profile = settings.profile ?? 'northstar';
  if (differing.length === 0 && profile === 'northstar') return '';
  const switches = definitionSwitches(settings);
  const listed = differing.map((name) => `${name} = ${JSON.stringify(switches[name])}`);
  return ` Definitions: profile ${profile}; ${listed.length > 0 ? listed.join(', ') : "Northstar's defaults for this metric"}.`;
}

/** The definition switches whose value in `settings` differs from Northstar's default. */
export function switchesChanged(
  settings: Partial<WorkspaceSettings>,
): (keyof DefinitionSwitches)[] {
  const switches = definitionSwitches(settings);
  return DEFINITION_SWITCHES.filter((name) => switches[name] !== NORTHSTAR_DEFINITIONS[name]);
}

/** Every setting that shapes MRR itself, hence every MRR-derived metric. */
export const MRR_SETTINGS: readonly SettingName[] = [
  'currency',
  'timeZone',
  'churnTiming',
  'mrrSource',
  'delinquencyDays',
  'discounts',
  'discountsReduceMrr',
  'freeCustomers',
  'refundsReduceMrr',
  'partialPeriods',
  'usageInMrr',
  'joinAndLeaveMovements',
  'reactivationWindowDays',
];
