import { formatDay, type Day } from '../model/day.ts';
import { DataError } from '../model/errors.ts';
import { toMajor } from '../model/money.ts';
import type { Interval } from '../model/period.ts';
import {
  DEFINITION_SWITCHES,
  definitionSwitches,
  PROFILE_DEFINITIONS,
  type DefinitionProfile,
  type DefinitionSwitches,
  type WorkspaceSettings,
} from '../model/workspace.ts';
import type { Store } from '../store/store.ts';
import { queryMetrics } from './query.ts';
import { METRICS, type MetricDefinition } from './registry.ts';
import type { WorkspaceFacts } from './service.ts';

/**
 * `northstar compare --profile <name>`: the workspace's metrics in one period under its own
 * definitions beside another profile's, and for each definition switch the two disagree on,
 * the metrics it moves and the customers whose MRR or movements it changes. Every figure
 * comes from `queryMetrics` (the one query path) with the definitions overridden; a switch's
 * effect is measured by changing that switch alone, so interactions between switches show
 * in the totals, not in the per-switch lists.
 */
export interface ProfileComparison {
  period: string;
  start: string;
  end: string;
  currency: string;
  current: { profile: string; switches: DefinitionSwitches };
  other: { profile: DefinitionProfile; switches: DefinitionSwitches };
  /** Money in major units of `currency`. */
  metrics: MetricComparison[];
  /** One per switch whose value differs between the two. */
  rules: RuleEffect[];
}

export interface MetricComparison {
  id: string;
  label: string;
  unit: MetricDefinition['unit'];
  current: number | null;
  other: number | null;
  /** other − current; null when either is null. */
  difference: number | null;
}

export interface RuleEffect {
  switch: keyof DefinitionSwitches;
  current: DefinitionSwitches[keyof DefinitionSwitches];
  other: DefinitionSwitches[keyof DefinitionSwitches];
  /** Metrics whose value changes when only this switch takes the other profile's value. */
  metrics: string[];
  /** Customers whose MRR at the period's end or movements in it change, largest first. */
  customers: CustomerEffect[];
  /**
   * For a switch that changes how customers are counted, not their MRR (the churn rate's
   * join-and-leave and denominator switches): the customers it counts differently.
   */
  counted: string[];
}

export interface CustomerEffect {
  customer_id: string;
  mrr_current: number;
  mrr_other: number;
  /** Movements in the period, e.g. "new 80; churned 80" (major units; "" for none). */
  movements_current: string;
  movements_other: string;
}

export interface ProfileComparisonRequest {
  readonly workspaceId: string;
  readonly profile: DefinitionProfile;
  /** A period label (`2026-11`) or any day in it; default the last period. */
  readonly period?: string | undefined;
  readonly interval: Interval;
  /** `YYYY-MM` or `YYYY-MM-DD`: the last day of history taken into account (default today). */
  readonly to?: string | undefined;
  readonly now?: Date;
}

/** The metrics a definition switch can change: those that name a switch among their settings. */
const COMPARED = METRICS.filter((m) =>
  (m.settings ?? []).some((name) => (DEFINITION_SWITCHES as readonly string[]).includes(name)),
);

export async function compareProfiles(
  store: Store,
  request: ProfileComparisonRequest,
): Promise<ProfileComparison> {
  const run = async (definitions: Partial<WorkspaceSettings> | undefined) =>
    (
      await queryMetrics(store, {
        workspaceId: request.workspaceId,
        metrics: COMPARED.map((m) => m.id),
        interval: request.interval,
        to: request.to,
        movements: true,
        ...(definitions === undefined ? {} : { definitions }),
        ...(request.now === undefined ? {} : { now: request.now }),
      })
    ).facts;
  const current = await run(undefined);
  const target = PROFILE_DEFINITIONS[request.profile];
  const other = await run({ ...target, profile: request.profile });
  const period = pickPeriod(current, request.period);
  const ownSwitches = definitionSwitches(current.settings);
  const currentValues = valuesIn(current, period.label);
  const otherValues = valuesIn(other, period.label);

  const rules: RuleEffect[] = [];
  for (const name of DEFINITION_SWITCHES) {
    if (ownSwitches[name] === target[name]) continue;
    const alone = await run({ [name]: target[name] });
    const aloneValues = valuesIn(alone, period.label);
    rules.push({
      switch: name,
      current: ownSwitches[name],
      other: target[name],
      metrics: COMPARED.filter((m) => aloneValues.get(m.id) !== currentValues.get(m.id)).map(
        (m) => m.id,
      ),
      customers: customerEffects(current, alone, period),
      counted: countedDifferently(name, current, period),
    });
  }

  const currency = current.mrr.currency;
  const present = (m: MetricDefinition, v: number | null | undefined) =>
    v === null || v === undefined ? null : m.unit === 'money' ? toMajor(v, currency) : v;
  return {
    period: period.label,
    start: formatDay(period.start),
    end: formatDay(period.end),
    currency,
    current: { profile: current.settings.profile ?? 'northstar', switches: ownSwitches },
    other: { profile: request.profile, switches: target },
    metrics: COMPARED.map((m) => {
      const a = present(m, currentValues.get(m.id));
      const b = present(m, otherValues.get(m.id));
      return {
        id: m.id,
        label: m.label,
        unit: m.unit,
        current: a,
        other: b,
        difference: a === null || b === null ? null : roundNoise(b - a),
      };
    }),
    rules,
  };
}

interface PeriodRef {
  readonly label: string;
  readonly start: Day;
  readonly end: Day;
}

function pickPeriod(facts: WorkspaceFacts, wanted: string | undefined): PeriodRef {
  const periods = facts.mrr.periods;
  if (periods.length === 0) throw new DataError('the workspace has no MRR history to compare');
  if (wanted === undefined) return periods[periods.length - 1]!;
  const found = periods.find(
    (p) => p.label === wanted || (formatDay(p.start) <= wanted && wanted <= formatDay(p.end)),
  );
  if (!found)
    throw new DataError(
      `no period "${wanted}" in the workspace's history (${periods[0]!.label} to ${periods[periods.length - 1]!.label})`,
    );
  return found;
}

/** Each compared metric's value in the period labelled `label` (absent: the run has no such period). */
function valuesIn(facts: WorkspaceFacts, label: string): Map<string, number | null> {
  const k = facts.mrr.periods.findIndex((p) => p.label === label);
  const values = new Map<string, number | null>();
  if (k < 0) return values;
  for (const m of COMPARED)
    values.set(
      m.id,
      m.compute({ facts: facts.mrr.facts, k, business: facts.business, settings: facts.settings }),
    );
  return values;
}

/** The customers whose MRR at the period's end or movements within it differ between two runs. */
function customerEffects(
  a: WorkspaceFacts,
  b: WorkspaceFacts,
  period: PeriodRef,
): CustomerEffect[] {
  const currency = a.mrr.currency;
  const ids = [...new Set([...a.mrr.customerIds, ...b.mrr.customerIds])].sort();
  const effects: (CustomerEffect & { size: number })[] = [];
  const movesA = movementsByCustomer(a, period);
  const movesB = movementsByCustomer(b, period);
  for (const id of ids) {
    const mrrA = mrrAt(a, id, period.end);
    const mrrB = mrrAt(b, id, period.end);
    const movedA = movesA.get(id) ?? '';
    const movedB = movesB.get(id) ?? '';
    if (mrrA === mrrB && movedA === movedB) continue;
    effects.push({
      customer_id: id,
      mrr_current: toMajor(mrrA, currency),
      mrr_other: toMajor(mrrB, currency),
      movements_current: movedA,
      movements_other: movedB,
      size: Math.max(Math.abs(mrrB - mrrA), 1),
    });
  }
  effects.sort((x, y) => y.size - x.size || (x.customer_id < y.customer_id ? -1 : 1));
  return effects.map(({ size: _size, ...effect }) => effect);
}

/** Customers with a new movement in the period, and of those the ones that also churned in it. */
function countedDifferently(
  name: keyof DefinitionSwitches,
  facts: WorkspaceFacts,
  period: PeriodRef,
): string[] {
  if (name !== 'countJoinAndLeave' && name !== 'churnDenominator') return [];
  const types = new Map<string, Set<string>>();
  for (const m of facts.mrr.movements ?? []) {
    if (m.day < period.start || m.day > period.end) continue;
    const id = facts.mrr.customerIds[m.customer]!;
    types.set(id, (types.get(id) ?? new Set()).add(m.type));
  }
  return [...types]
    .filter(([, t]) => t.has('new') && (name === 'churnDenominator' || t.has('churned')))
    .map(([id]) => id)
    .sort();
}

function mrrAt(facts: WorkspaceFacts, customerId: string, day: Day): number {
  const c = facts.mrr.customers.indexOf(customerId);
  return c < 0 ? 0 : facts.mrr.customers.mrrOn(c, day);
}

/** Per customer id, its movements in the period as "type amount" in date order. */
function movementsByCustomer(facts: WorkspaceFacts, period: PeriodRef): Map<string, string> {
  const byCustomer = new Map<string, string[]>();
  for (const m of facts.mrr.movements ?? []) {
    if (m.day < period.start || m.day > period.end) continue;
    const id = facts.mrr.customerIds[m.customer]!;
    const text = `${m.type} ${toMajor(m.amount, facts.mrr.currency)}`;
    const list = byCustomer.get(id);
    if (list) list.push(text);
    else byCustomer.set(id, [text]);
  }
  return new Map([...byCustomer].map(([id, list]) => [id, list.join('; ')]));
}

/** A difference of two money or rate values without float noise (0.1 + 0.2 − 0.3). */
function roundNoise(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
