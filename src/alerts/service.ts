import { DEFAULT_LOCALE, translate } from '../i18n/index.ts';
import { formatDay } from '../model/day.ts';
import type { Store } from '../store/store.ts';
import { goalStatuses } from '../goals/service.ts';
import { formatPresented } from '../insights/format.ts';
import {
  assertMetrics,
  metricInfo,
  querySeries,
  workspaceToday,
  type SeriesSet,
} from '../metrics/query.ts';
import { deliver, type DeliveryOptions } from '../notify/dispatch.ts';
import type { Notification } from '../notify/types.ts';
import { RiskError, type CustomerRisk } from '../risk/model.ts';
import { scoreChurnRisk } from '../risk/service.ts';
import { evaluateRule, metricsOf, riskHorizonsOf, type RiskSignal } from './evaluate.ts';
import { transition } from './state.ts';
import {
  COLLECTIONS,
  type AlertEvent,
  type AlertRule,
  type AlertState,
  type AtRiskRule,
  type Condition,
} from './types.ts';

export async function listRules(store: Store, workspaceId: string): Promise<AlertRule[]> {
  return (await store.listDocuments<AlertRule>(workspaceId, COLLECTIONS.rules)).map((d) => d.body);
}

/** The rules `evaluateAlerts` evaluates (a rule is enabled unless switched off). */
export async function enabledRules(store: Store, workspaceId: string): Promise<AlertRule[]> {
  return (await listRules(store, workspaceId)).filter((r) => r.enabled !== false);
}

export async function saveRule(store: Store, workspaceId: string, rule: AlertRule): Promise<void> {
  assertMetrics(metricsOf(rule));
  if (rule.kind === 'at_risk') assertAtRiskRule(rule);
  await store.putDocument(workspaceId, COLLECTIONS.rules, rule.id, rule);
}

function assertAtRiskRule(rule: AtRiskRule): void {
  if (!Number.isFinite(rule.minMrr) || rule.minMrr < 0)
    throw new Error(`the minimum MRR must be a non-negative amount, not ${rule.minMrr}`);
  if (
    rule.probability !== undefined &&
    !(Number.isFinite(rule.probability) && rule.probability > 0 && rule.probability <= 1)
  )
    throw new Error(`the churn probability must be above 0 and at most 1, not ${rule.probability}`);
  if (
    rule.horizonDays !== undefined &&
    !(Number.isInteger(rule.horizonDays) && rule.horizonDays > 0)
  )
    throw new Error(`the horizon must be a whole number of days ≥ 1, not ${rule.horizonDays}`);
}

export async function removeRule(store: Store, workspaceId: string, id: string): Promise<boolean> {
  await store.deleteDocument(workspaceId, COLLECTIONS.state, id);
  return store.deleteDocument(workspaceId, COLLECTIONS.rules, id);
}

/** Stored events, oldest first (ids start with the ISO instant). */
export async function listEvents(
  store: Store,
  workspaceId: string,
  since?: string,
): Promise<AlertEvent[]> {
  const events = (await store.listDocuments<AlertEvent>(workspaceId, COLLECTIONS.events)).map(
    (d) => d.body,
  );
  return since === undefined ? events : events.filter((e) => e.at >= since);
}

export async function listStates(store: Store, workspaceId: string): Promise<AlertState[]> {
  return (await store.listDocuments<AlertState>(workspaceId, COLLECTIONS.state)).map((d) => d.body);
}

export interface AlertCheck {
  readonly rule: AlertRule;
  readonly condition: Condition;
  readonly state: AlertState;
  readonly event: AlertEvent | null;
}

/** Scores today's paying customers for churn within a horizon (default: `scoreChurnRisk`). */
export type RiskScorer = (
  store: Store,
  workspaceId: string,
  now: Date,
  options: { readonly horizonDays: number },
) => Promise<{ readonly currency: string; readonly customers: readonly CustomerRisk[] }>;

export interface EvaluateOptions extends DeliveryOptions {
  /** Evaluate and report without saving state or sending anything. */
  readonly dryRun?: boolean;
  /** How at-risk rules get churn scores (tests inject a stub instead of training a model). */
  readonly scoreRisk?: RiskScorer;
}

/** Scores each horizon once; a workspace too young to train on reads as a quiet condition. */
async function riskSignals(
  store: Store,
  workspaceId: string,
  now: Date,
  horizons: readonly number[],
  scorer: RiskScorer,
): Promise<Record<number, RiskSignal>> {
  const out: Record<number, RiskSignal> = {};
  for (const horizonDays of horizons) {
    try {
      const report = await scorer(store, workspaceId, now, { horizonDays });
      out[horizonDays] = { currency: report.currency, customers: report.customers };
    } catch (error) {
      if (!(error instanceof RiskError)) throw error;
      out[horizonDays] = { error: error.message };
    }
  }
  return out;
}

export function alertNotification(event: AlertEvent, locale = DEFAULT_LOCALE): Notification {
  const fired = event.type === 'fired';
  return {
    event: fired ? 'alert.fired' : 'alert.recovered',
    title: translate(locale, fired ? 'alert.fired' : 'alert.recovered', { rule: event.ruleName }),
    text: event.message,
    data: event,
  };
}

/**
 * Evaluates every enabled rule of the workspace now, records state and events, and sends
 * notifications for new firings and recoveries. Call it on demand (`northstar alerts check`)
 * and after each import; running it twice in a row sends nothing the second time.
 */
export async function evaluateAlerts(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
  options: EvaluateOptions = {},
): Promise<AlertCheck[]> {
  const rules = await enabledRules(store, workspaceId);
  if (rules.length === 0) return [];
  const today = await workspaceToday(store, workspaceId, now);
  const metrics = [...new Set(rules.flatMap(metricsOf))];
  const series: SeriesSet =
    metrics.length === 0
      ? { currency: '', interval: 'month', periods: [], values: {} }
      : await querySeries(store, { workspaceId, metrics, now });
  const goals = rules.some((r) => r.kind === 'goal')
    ? await goalStatuses(store, workspaceId, now)
    : [];
  const horizons = riskHorizonsOf(rules);
  const risk =
    horizons.length === 0
      ? {}
      : await riskSignals(store, workspaceId, now, horizons, options.scoreRisk ?? scoreChurnRisk);
  const locale = (await store.workspace(workspaceId)).locale ?? DEFAULT_LOCALE;
  const ctx = {
    series,
    today: formatDay(today),
    goals,
    risk,
    locale,
    format: (metric: string, value: number) => {
      const info = metricInfo(metric);
      return info ? formatPresented(info, value, series.currency, locale) : String(value);
    },
  };

  const checks: AlertCheck[] = [];
  for (const rule of rules) {
    const condition = evaluateRule(rule, ctx);
    const previous = await store.getDocument<AlertState>(workspaceId, COLLECTIONS.state, rule.id);
    const step = transition(rule, previous, condition, now);
    let event = step.event;
    if (!options.dryRun) {
      if (event && !event.suppressed && (rule.channels ?? []).length > 0)
        event = {
          ...event,
          deliveries: await deliver(rule.channels ?? [], alertNotification(event, locale), options),
        };
      await store.putDocument(workspaceId, COLLECTIONS.state, rule.id, step.state);
      if (event)
        await store.putDocument(
          workspaceId,
          COLLECTIONS.events,
          `${event.at}_${rule.id}_${event.type}`,
          event,
        );
    }
    checks.push({ rule, condition, state: step.state, event });
  }
  return checks;
}
