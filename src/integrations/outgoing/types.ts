/** Outgoing webhooks: other systems subscribe a URL to Northstar's changes. */

export const WEBHOOK_EVENTS = ['metrics.updated', 'movement.created'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** Sent on request to check a receiver (never subscribed to, never retried). */
export const TEST_EVENT = 'webhook.test';

/** Store collections (documents per workspace). */
export const SUBSCRIPTIONS = 'webhook_subscriptions';
export const DELIVERIES = 'webhook_deliveries';
/** Deliveries waiting for a later attempt (backoff longer than the caller waits). */
export const OUTBOX = 'webhook_outbox';
/** The publish cursor: what was already sent. */
export const STATE = 'webhook_state';

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  /** HMAC-SHA256 key of the signatures; never shown after creation, never logged. */
  readonly secret: string;
  readonly description: string | null;
  /** ISO 8601 instant. */
  readonly created_at: string;
}

/** What is posted: the envelope every event shares. */
export interface WebhookEvent<T extends string = WebhookEventType> {
  /** Unique per event; receivers de-duplicate on it (a retried delivery keeps it). */
  readonly id: string;
  readonly type: T;
  readonly workspace: string;
  /** ISO 8601 instant. */
  readonly created_at: string;
  readonly data: unknown;
}

/** One attempt to deliver one event to one subscription. */
export interface DeliveryLogEntry {
  readonly id: string;
  readonly subscription: string;
  readonly event: string;
  readonly event_type: WebhookEventType;
  /** 1 for the first try. */
  readonly attempt: number;
  /** HTTP status of the answer; null when none came (network error, timeout). */
  readonly status_code: number | null;
  readonly ok: boolean;
  readonly error: string | null;
  /** ISO 8601 instant of the attempt. */
  readonly at: string;
  /** When the next attempt is due; null when delivered or when this was the last attempt. */
  readonly next_attempt_at: string | null;
}

export interface OutboxItem {
  readonly subscription: string;
  readonly event: WebhookEvent;
  /** The attempt due next. */
  readonly attempt: number;
  /** ISO 8601 instant. */
  readonly due_at: string;
}

export interface RetryPolicy {
  /** Waits before the 2nd, 3rd… attempt, ms; attempts = delays + 1. */
  readonly delaysMs: readonly number[];
  /**
   * Waits up to this long inside the call; a longer backoff goes to the outbox, which
   * `retryDueDeliveries` (or the next publish) works through.
   */
  readonly inlineWaitMs: number;
  /** Per attempt, ms. */
  readonly timeoutMs: number;
}

/** 1 s, 5 s, 30 s, 2 min, 10 min: six attempts over about 13 minutes. */
export const DEFAULT_RETRY: RetryPolicy = {
  delaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
  inlineWaitMs: 10_000,
  timeoutMs: 10_000,
};
