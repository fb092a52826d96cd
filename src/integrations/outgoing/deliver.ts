import { randomBytes } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload } from '../../notify/webhook.ts';
import type { Store } from '../../store/store.ts';
import {
  DEFAULT_RETRY,
  DELIVERIES,
  OUTBOX,
  SUBSCRIPTIONS,
  TEST_EVENT,
  type DeliveryLogEntry,
  type OutboxItem,
  type RetryPolicy,
  type WebhookEvent,
  type WebhookSubscription,
} from './types.ts';

export const EVENT_HEADER = 'x-northstar-event';
export const DELIVERY_HEADER = 'x-northstar-delivery';
/** Delivery log entries kept per workspace; older ones are removed as new ones come. */
export const LOG_LIMIT = 2_000;

/** The part of the store deliveries use: the JSON documents. */
export type DocumentStore = Pick<
  Store,
  'putDocument' | 'getDocument' | 'listDocuments' | 'deleteDocument'
>;

/**
 * The same documents through one queue: deliveries to several receivers run at once, but an
 * embedded store takes one write at a time.
 */
export function serializedDocuments(store: DocumentStore): DocumentStore {
  let chain: Promise<unknown> = Promise.resolve();
  const queue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    putDocument: (w, c, id, body) => queue(() => store.putDocument(w, c, id, body)),
    getDocument: <T>(w: string, c: string, id: string) =>
      queue(() => store.getDocument<T>(w, c, id)),
    listDocuments: <T>(w: string, c: string) => queue(() => store.listDocuments<T>(w, c)),
    deleteDocument: (w, c, id) => queue(() => store.deleteDocument(w, c, id)),
  };
}

export interface DeliveryOptions {
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** The clock (tests move it). */
  readonly now?: (() => Date) | undefined;
  /** How to wait between inline attempts (tests may skip the wait). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface DeliveryOutcome {
  readonly subscription: string;
  readonly event: string;
  readonly delivered: boolean;
  /** Attempts made in this call. */
  readonly attempts: number;
  /** When a later attempt is queued in the outbox. */
  readonly queuedFor: string | null;
}

interface AttemptResult {
  readonly status: number | null;
  readonly error: string | null;
}

/** One signed POST; never throws: the answer's status or the network error comes back. */
export async function postSigned(
  subscription: Pick<WebhookSubscription, 'url' | 'secret'>,
  event: WebhookEvent<string>,
  attempt: number,
  now: Date,
  timeoutMs: number,
): Promise<AttemptResult> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'northstar-webhooks',
        [SIGNATURE_HEADER]: signPayload(subscription.secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_HEADER]: event.type,
        [DELIVERY_HEADER]: `${event.id}.${attempt}`,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    // The body is not read: receivers answer 2xx, anything else is retried.
    await response.body?.cancel();
    return response.ok
      ? { status: response.status, error: null }
      : { status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    return { status: null, error: cause ? `${message} (${cause})` : message };
  }
}

/** What one test delivery got back. */
export interface TestDeliveryResult {
  readonly ok: boolean;
  readonly status_code: number | null;
  readonly error: string | null;
}

/**
 * One signed `webhook.test` POST to a subscription, so its owner can check the receiver
 * and its signature check: not logged, not retried.
 */
export async function testDelivery(
  workspaceId: string,
  subscription: WebhookSubscription,
  now: Date = new Date(),
): Promise<TestDeliveryResult> {
  const event: WebhookEvent<typeof TEST_EVENT> = {
    id: `evt_test_${randomBytes(8).toString('hex')}`,
    type: TEST_EVENT,
    workspace: workspaceId,
    created_at: now.toISOString(),
    data: { subscription: subscription.id, events: subscription.events },
  };
  const result = await postSigned(subscription, event, 1, now, DEFAULT_RETRY.timeoutMs);
  return { ok: result.error === null, status_code: result.status, error: result.error };
}

function policyOf(options: DeliveryOptions): RetryPolicy {
  return { ...DEFAULT_RETRY, ...options.retry };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers one event to one subscription from `firstAttempt` on: every attempt is logged;
 * a failure waits out the backoff and tries again while the wait is short, and otherwise
 * queues the next attempt in the outbox. After the last attempt the event is given up.
 */
export async function deliverEvent(
  store: DocumentStore,
  workspaceId: string,
  subscription: WebhookSubscription,
  event: WebhookEvent,
  options: DeliveryOptions = {},
  firstAttempt = 1,
): Promise<DeliveryOutcome> {
  const policy = policyOf(options);
  const clock = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = policy.delaysMs.length + 1;
  const outboxId = `${event.id}.${subscription.id}`;
  let made = 0;
  for (let attempt = firstAttempt; attempt <= maxAttempts; attempt++) {
    const at = clock();
    const result = await postSigned(subscription, event, attempt, at, policy.timeoutMs);
    made++;
    const ok = result.error === null;
    const delay = ok || attempt === maxAttempts ? null : policy.delaysMs[attempt - 1]!;
    const nextAt = delay === null ? null : new Date(clock().getTime() + delay);
    await logAttempt(store, workspaceId, {
      id: `${at.toISOString()}.${subscription.id}.${event.id}.${attempt}`,
      subscription: subscription.id,
      event: event.id,
      event_type: event.type,
      attempt,
      status_code: result.status,
      ok,
      error: result.error,
      at: at.toISOString(),
      next_attempt_at: nextAt?.toISOString() ?? null,
    });
    if (delay === null || nextAt === null) {
      if (firstAttempt > 1) await store.deleteDocument(workspaceId, OUTBOX, outboxId);
      return {
        subscription: subscription.id,
        event: event.id,
        delivered: ok,
        attempts: made,
        queuedFor: null,
      };
    }
    if (delay > policy.inlineWaitMs) {
      const item: OutboxItem = {
        subscription: subscription.id,
        event,
        attempt: attempt + 1,
        due_at: nextAt.toISOString(),
      };
      await store.putDocument(workspaceId, OUTBOX, outboxId, item);
      return {
        subscription: subscription.id,
        event: event.id,
        delivered: false,
        attempts: made,
        queuedFor: item.due_at,
      };
    }
    await sleep(delay);
  }
  return {
    subscription: subscription.id,
    event: event.id,
    delivered: false,
    attempts: made,
    queuedFor: null,
  };
}

async function logAttempt(store: DocumentStore, workspaceId: string, entry: DeliveryLogEntry) {
  await store.putDocument(workspaceId, DELIVERIES, entry.id, entry);
}

/** Removes the oldest log entries beyond LOG_LIMIT. */
export async function pruneLog(
  store: DocumentStore,
  workspaceId: string,
  limit = LOG_LIMIT,
): Promise<void> {
  const entries = await store.listDocuments<DeliveryLogEntry>(workspaceId, DELIVERIES);
  for (const old of entries.slice(0, Math.max(0, entries.length - limit)))
    await store.deleteDocument(workspaceId, DELIVERIES, old.id);
}

/**
 * Works through the outbox: every queued attempt that is due is made now (and retried on
 * as the policy says). A server calls it every few seconds; `northstar webhooks retry` too.
 * Items of removed subscriptions are dropped.
 */
export async function retryDueDeliveries(
  store: DocumentStore,
  workspaceId: string,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome[]> {
  const now = (options.now ?? (() => new Date()))();
  const outcomes: DeliveryOutcome[] = [];
  for (const { id, body } of await store.listDocuments<OutboxItem>(workspaceId, OUTBOX)) {
    if (body.due_at > now.toISOString()) continue;
    const subscription = await store.getDocument<WebhookSubscription>(
      workspaceId,
      SUBSCRIPTIONS,
      body.subscription,
    );
    if (!subscription) {
      await store.deleteDocument(workspaceId, OUTBOX, id);
      continue;
    }
    outcomes.push(
      await deliverEvent(store, workspaceId, subscription, body.event, options, body.attempt),
    );
  }
  return outcomes;
}
