import { createHash, randomUUID } from 'node:crypto';
import { formatDay, parseIsoDay } from '../../model/day.ts';
import { zoneClock } from '../../ingest/time.ts';
import { queryMetrics } from '../../metrics/query.ts';
import { movementRecords, type MovementRecord } from '../../metrics/report.ts';
import type { Store } from '../../store/store.ts';
import {
  deliverEvent,
  pruneLog,
  serializedDocuments,
  retryDueDeliveries,
  type DeliveryOptions,
  type DeliveryOutcome,
} from './deliver.ts';
import { listSubscriptions, WebhookError } from './subscriptions.ts';
import { STATE, type WebhookEvent, type WebhookEventType } from './types.ts';

/** The metrics a `metrics.updated` event carries (the current month to date). */
export const SNAPSHOT_METRICS = [
  'mrr',
  'arr',
  'customers',
  'new_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'reactivation_mrr',
  'net_new_mrr',
  'customer_churn_rate',
  'gross_mrr_churn_rate',
  'net_mrr_churn_rate',
  'nrr',
  'quick_ratio',
  'arpa',
] as const;

/** Movements dated this many days back are still compared with what was sent (late imports). */
export const LOOKBACK_DAYS = 90;
const CURSOR_ID = 'cursor';

/**
 * What was already published. A movement is new when it is dated on or after `floor` and its
 * key (date, customer, type) is not in `sent`; keys older than the lookback are forgotten.
 */
export interface PublishCursor {
  readonly floor: string;
  readonly sent: readonly string[];
  readonly metrics_hash: string | null;
  readonly published_at: string;
}

export interface PublishOptions extends DeliveryOptions {
  /**
   * Send the movements dated on or after this day (`YYYY-MM-DD`) that were not sent yet,
   * whatever the cursor says. Without it and without a cursor (the first publish), nothing
   * already in the data is sent: subscribers hear of changes from now on.
   */
  readonly since?: string | undefined;
  /** Send `metrics.updated` even when the snapshot did not change. */
  readonly forceMetrics?: boolean | undefined;
}

export interface PublishResult {
  readonly events: readonly {
    readonly id: string;
    readonly type: WebhookEventType;
    readonly count?: number;
  }[];
  readonly deliveries: readonly DeliveryOutcome[];
  /** Outbox retries that were due and made first. */
  readonly retried: readonly DeliveryOutcome[];
}

const movementKey = (m: MovementRecord) => `${m.date}|${m.customer_id}|${m.type}`;

/**
 * Computes what changed in the workspace since the last publish and delivers it to every
 * subscriber of the event: `movement.created` (the new MRR movements, in date order, in one
 * event) and `metrics.updated` (the current month's snapshot, when it changed). Due outbox
 * retries go first. Never throws for a failing receiver: outcomes are returned and logged.
 * Call it after imports, syncs and billing webhooks; without subscribers it computes nothing.
 */
export async function publishWorkspaceChanges(
  store: Store,
  workspaceId: string,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const clock = options.now ?? (() => new Date());
  const retried = await retryDueDeliveries(store, workspaceId, options);
  const subscriptions = await listSubscriptions(store, workspaceId);
  if (subscriptions.length === 0) {
    // Nobody listens: start afresh when someone subscribes, not with a backlog.
    await store.deleteDocument(workspaceId, STATE, CURSOR_ID);
    return { events: [], deliveries: [], retried };
  }
  if (options.since !== undefined && parseIsoDay(options.since) === null)
    throw new WebhookError(`since must be a date YYYY-MM-DD; got "${options.since}"`);

  const now = clock();
  const settings = await store.workspace(workspaceId);
  const today = zoneClock(settings.timeZone).dayOf(now.getTime());
  // A workspace without billing data has no MRR to compute (nor to publish) yet.
  const counts = await store.counts(workspaceId);
  const answer =
    counts.subscriptions + counts.invoices === 0
      ? null
      : await queryMetrics(store, {
          workspaceId,
          metrics: SNAPSHOT_METRICS,
          to: formatDay(today),
          movements: true,
        });
  const mrr = answer?.facts.mrr ?? null;
  const movements = mrr
    ? movementRecords(mrr, mrr.movements ?? []).sort(
        (a, b) => a.date.localeCompare(b.date) || a.customer_id.localeCompare(b.customer_id),
      )
    : [];
  const report = answer?.report ?? null;
  const latest = report?.periods.at(-1) ?? null;
  const snapshot =
    report && latest
      ? {
          period: latest.period,
          start: latest.start,
          end: latest.end,
          as_of: formatDay(today),
          currency: report.currency,
          metrics: latest.metrics,
        }
      : null;
  const metricsHash = snapshot
    ? createHash('sha256').update(JSON.stringify(snapshot.metrics)).digest('hex')
    : null;

  const cursor = await store.getDocument<PublishCursor>(workspaceId, STATE, CURSOR_ID);
  const todayText = formatDay(today);
  const floor = options.since ?? cursor?.floor ?? todayText;
  const sent = new Set(options.since !== undefined ? [] : (cursor?.sent ?? []));
  const initializing = cursor === null && options.since === undefined;
  const fresh = initializing
    ? []
    : movements.filter((m) => m.date >= floor && !sent.has(movementKey(m)));

  const wanted = new Set(subscriptions.flatMap((s) => s.events));
  const events: WebhookEvent[] = [];
  const stamp = now.toISOString();
  if (fresh.length > 0 && wanted.has('movement.created'))
    events.push({
      id: `evt_${randomUUID()}`,
      type: 'movement.created',
      workspace: workspaceId,
      created_at: stamp,
      data: { currency: settings.currency, movements: fresh },
    });
  if (
    snapshot &&
    wanted.has('metrics.updated') &&
    (options.forceMetrics || metricsHash !== (cursor?.metrics_hash ?? null))
  )
    events.push({
      id: `evt_${randomUUID()}`,
      type: 'metrics.updated',
      workspace: workspaceId,
      created_at: stamp,
      data: snapshot,
    });

  // The cursor moves before delivery: a failed delivery is retried from the outbox,
  // never re-detected as a new change.
  // Everything in the data now counts as sent; late arrivals within the lookback will not.
  const lookbackFloor = formatDay(today - LOOKBACK_DAYS);
  const keep = new Set<string>();
  for (const m of movements) if (m.date >= lookbackFloor) keep.add(movementKey(m));
  await store.putDocument(workspaceId, STATE, CURSOR_ID, {
    floor: lookbackFloor,
    sent: [...keep],
    metrics_hash: metricsHash,
    published_at: stamp,
  } satisfies PublishCursor);

  const documents = serializedDocuments(store);
  const deliveries = (
    await Promise.all(
      subscriptions.map(async (subscription) => {
        const outcomes: DeliveryOutcome[] = [];
        for (const event of events)
          if (subscription.events.includes(event.type))
            outcomes.push(await deliverEvent(documents, workspaceId, subscription, event, options));
        return outcomes;
      }),
    )
  ).flat();
  if (deliveries.length > 0) await pruneLog(store, workspaceId);
  return {
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      ...(e.type === 'movement.created' ? { count: fresh.length } : {}),
    })),
    deliveries,
    retried,
  };
}
