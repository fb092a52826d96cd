import { formatDay, MS_PER_DAY } from '../model/day.ts';
import type { Store } from '../store/store.ts';
import { listEvents } from '../alerts/service.ts';
import { lastCompleteIndex } from '../alerts/evaluate.ts';
import { goalStatuses } from '../goals/service.ts';
import { formatPresented } from '../insights/format.ts';
import { metricInfo, querySeries, workspaceToday, type MetricInfo } from '../metrics/query.ts';
import { metricById, metricWords } from '../metrics/registry.ts';
import { DEFAULT_LOCALE } from '../i18n/index.ts';
import { explainChange } from '../insights/service.ts';
import { deliver, type DeliveryOptions } from '../notify/dispatch.ts';
import type { DeliveryResult, Notification, NotificationChannel } from '../notify/types.ts';
import { renderDigest, type DigestData } from './digest.ts';
import { isDue, SCHEDULES_COLLECTION, type ReportSchedule } from './schedule.ts';

/** Headline KPIs of the digest, in order. */
export const DIGEST_KPIS = [
  'mrr',
  'arr',
  'net_new_mrr',
  'customers',
  'customer_churn_rate',
  'nrr',
  'arpa',
  'quick_ratio',
] as const;

/**
 * Everything a digest says, for the last complete period: KPIs against the period before,
 * goals, alerts since `since` (default: 31 days), and the MRR insight sentences.
 */
export async function buildDigest(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
  since?: Date,
): Promise<DigestData> {
  const today = await workspaceToday(store, workspaceId, now);
  const settings = await store.workspace(workspaceId);
  const locale = settings.locale ?? DEFAULT_LOCALE;
  const kpiIds = DIGEST_KPIS.filter((id) => metricInfo(id) !== undefined);
  const series = await querySeries(store, { workspaceId, metrics: kpiIds, now });
  const todayIso = formatDay(today);
  let k = lastCompleteIndex(series, todayIso);
  if (k < 0) k = series.periods.length - 1;
  const kpis = kpiIds.map((id) => {
    const value = k >= 0 ? (series.values[id]?.[k] ?? null) : null;
    const previous = k >= 1 ? (series.values[id]?.[k - 1] ?? null) : null;
    return {
      metric: { ...metricInfo(id)!, label: metricWords(metricById(id)!, settings, locale).label },
      value,
      previous,
      change: value === null || previous === null ? null : value - previous,
    };
  });
  const alertsSince = (since ?? new Date(now.getTime() - 31 * MS_PER_DAY)).toISOString();
  let insights: string[] = [];
  if (k >= 1) {
    try {
      const insight = await explainChange(store, workspaceId, {
        metric: 'mrr',
        period: series.periods[k]!.label,
        now,
        locale,
      });
      insights = insight.sentences.map((s) => s.text);
    } catch {
      // A digest without the "what changed" paragraph is still worth sending.
    }
  }
  return {
    workspaceId,
    locale,
    currency: series.currency,
    period: k >= 0 ? series.periods[k]!.label : todayIso,
    previousPeriod: k >= 1 ? series.periods[k - 1]!.label : null,
    kpis,
    goals: await goalStatuses(store, workspaceId, now),
    alerts: (await listEvents(store, workspaceId, alertsSince)).filter((e) => !e.suppressed),
    insights,
  };
}

export function digestNotification(data: DigestData): Notification {
  return renderDigest(data, (metric: MetricInfo, value) =>
    formatPresented(metric, value, data.currency, data.locale),
  );
}

/** Builds the digest now and sends it to the channels (`northstar report send`). */
export async function sendReport(
  store: Store,
  workspaceId: string,
  channels: readonly NotificationChannel[],
  now: Date = new Date(),
  options: DeliveryOptions & { since?: Date } = {},
): Promise<{ notification: Notification; deliveries: DeliveryResult[] }> {
  const notification = digestNotification(
    await buildDigest(store, workspaceId, now, options.since),
  );
  return { notification, deliveries: await deliver(channels, notification, options) };
}

export async function listSchedules(store: Store, workspaceId: string): Promise<ReportSchedule[]> {
  return (await store.listDocuments<ReportSchedule>(workspaceId, SCHEDULES_COLLECTION)).map(
    (d) => d.body,
  );
}

export async function saveSchedule(
  store: Store,
  workspaceId: string,
  schedule: ReportSchedule,
): Promise<void> {
  isDue(schedule, new Date(schedule.createdAt)); // throws on an invalid cron pattern
  await store.putDocument(workspaceId, SCHEDULES_COLLECTION, schedule.id, schedule);
}

export async function removeSchedule(
  store: Store,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  return store.deleteDocument(workspaceId, SCHEDULES_COLLECTION, id);
}

/**
 * Sends every schedule that fell due and records the run. Meant for a system cron or
 * timer calling `northstar report run-due` every few minutes, and for the server's timer.
 */
export async function runDueReports(
  store: Store,
  workspaceId: string,
  now: Date = new Date(),
  options: DeliveryOptions = {},
): Promise<{ scheduleId: string; deliveries: DeliveryResult[] }[]> {
  const due = (await listSchedules(store, workspaceId)).filter((s) => isDue(s, now));
  const runs = [];
  for (const schedule of due) {
    const since = new Date(schedule.lastRunAt ?? schedule.createdAt);
    const { deliveries } = await sendReport(store, workspaceId, schedule.channels, now, {
      ...options,
      since,
    });
    await saveSchedule(store, workspaceId, { ...schedule, lastRunAt: now.toISOString() });
    runs.push({ scheduleId: schedule.id, deliveries });
  }
  return runs;
}
