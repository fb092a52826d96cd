import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.ts';
import {
  DELIVERIES,
  SUBSCRIPTIONS,
  WEBHOOK_EVENTS,
  type DeliveryLogEntry,
  type WebhookEventType,
  type WebhookSubscription,
} from './types.ts';

export class WebhookError extends Error {}

export interface NewSubscription {
  readonly url: string;
  readonly events: readonly string[];
  /** Generated (32 random bytes, hex) when not given. */
  readonly secret?: string | undefined;
  readonly description?: string | undefined;
  readonly now?: Date | undefined;
}

/** Validates the URL (http or https) and the event names; an unknown name lists the known ones. */
export function validateSubscription(url: string, events: readonly string[]): WebhookEventType[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new WebhookError(`"${url}": only http and https URLs can receive webhooks`);
  if (events.length === 0)
    throw new WebhookError(`give at least one event: ${WEBHOOK_EVENTS.join(', ')}`);
  const known = new Set<string>(WEBHOOK_EVENTS);
  const unknown = events.filter((e) => !known.has(e));
  if (unknown.length > 0)
    throw new WebhookError(
      `unknown event ${unknown.map((e) => `"${e}"`).join(', ')}; known events: ${WEBHOOK_EVENTS.join(', ')}`,
    );
  return [...new Set(events)] as WebhookEventType[];
}

export async function addSubscription(
  store: Store,
  workspaceId: string,
  input: NewSubscription,
): Promise<WebhookSubscription> {
  const events = validateSubscription(input.url, input.events);
  if (input.secret !== undefined && input.secret.length < 16)
    throw new WebhookError('a webhook secret must be at least 16 characters');
  const subscription: WebhookSubscription = {
    id: `wh_${randomBytes(8).toString('hex')}`,
    url: input.url,
    events,
    secret: input.secret ?? randomBytes(32).toString('hex'),
    description: input.description ?? null,
    created_at: (input.now ?? new Date()).toISOString(),
  };
  await store.putDocument(workspaceId, SUBSCRIPTIONS, subscription.id, subscription);
  return subscription;
}

export async function listSubscriptions(
  store: Store,
  workspaceId: string,
): Promise<WebhookSubscription[]> {
  return (await store.listDocuments<WebhookSubscription>(workspaceId, SUBSCRIPTIONS)).map(
    (d) => d.body,
  );
}

export function removeSubscription(
  store: Store,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  return store.deleteDocument(workspaceId, SUBSCRIPTIONS, id);
}

/** A subscription as lists and logs show it: the secret never leaves the store. */
export function publicSubscription(
  s: WebhookSubscription,
): Omit<WebhookSubscription, 'secret'> & { secret: string } {
  return { ...s, secret: `${s.secret.slice(0, 4)}…` };
}

/** Delivery attempts, oldest first; optionally of one subscription and only the last `limit`. */
export async function deliveryLog(
  store: Store,
  workspaceId: string,
  options: { subscription?: string | undefined; limit?: number | undefined } = {},
): Promise<DeliveryLogEntry[]> {
  const entries = (await store.listDocuments<DeliveryLogEntry>(workspaceId, DELIVERIES))
    .map((d) => d.body)
    .filter((e) => !options.subscription || e.subscription === options.subscription);
  return options.limit === undefined ? entries : entries.slice(-options.limit);
}
