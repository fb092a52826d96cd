import { formatDay } from '../model/day.ts';
import type { Store } from '../store/store.ts';
import { goalStatuses } from '../goals/service.ts';
import { formatPresented } from '../insights/format.ts';
import {
  assertMetrics,
  loadSeries,
  metricInfo,
  workspaceToday,
  type SeriesSet,
} from '../insights/metric-series.ts';
import { deliver, type DeliveryOptions } from '../notify/dispatch.ts';
import type { Notification } from '../notify/types.ts';
import { evaluateRule, metricsOf } from './evaluate.ts';
import { transition } from './state.ts';
import {
  COLLECTIONS,
  type AlertEvent,
  type AlertRule,
  type AlertState,
  type Condition,
} from './types.ts';

export async function listRules(store: Store, workspaceId: string): Promise<AlertRule[]> {
  return (await store.listDocuments<AlertRule>(workspaceId, COLLECTIONS.rules)).map((d) => d.body);
}

export async function saveRule(store: Store, workspaceId: string, rule: AlertRule): Promise<void> {
  assertMetrics(metricsOf(rule));
  await store.putDocument(workspaceId, COLLECTIONS.rules, rule.id, rule);
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

export interface EvaluateOptions extends DeliveryOptions {
  /** Evaluate and report without saving state or sending anything. */
  readonly dryRun?: boolean;
}

export function alertNotification(event: AlertEvent): Notification {
  const fired = event.type === 'fired';
  return {
    event: fired ? 'alert.fired' : 'alert.recovered',
    title: `${fired ? 'Alert' : 'Recovered'}: ${event.ruleName}`,
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
  const rules = (await listRules(store, workspaceId)).filter((r) => r.enabled !== false);
  if (rules.length === 0) return [];
  const today = await workspaceToday(store, workspaceId, now);
  const metrics = [...new Set(rules.flatMap(metricsOf))];
  const series: SeriesSet =
    metrics.length === 0
      ? { currency: '', interval: 'month', periods: [], values: {} }
      : await loadSeries(store, workspaceId, { to: today, metrics });
  const goals = rules.some((r) => r.kind === 'goal')
    ? await goalStatuses(store, workspaceId, now)
    : [];
  const ctx = {
    series,
    today: formatDay(today),
    goals,
    format: (metric: string, value: number) => {
      const info = metricInfo(metric);
      return info ? formatPresented(info, value, series.currency) : String(value);
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
          deliveries: await deliver(rule.channels ?? [], alertNotification(event), options),
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
