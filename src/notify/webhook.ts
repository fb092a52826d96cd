import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Notification } from './types.ts';

export const SIGNATURE_HEADER = 'x-northstar-signature';
export const TIMESTAMP_HEADER = 'x-northstar-timestamp';
/** Receivers should reject older deliveries so a captured request cannot be replayed. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the timestamp is signed against replays. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check of the signature and of the timestamp's age. */
export function verifySignature(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'northstar', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
}

/** Posts `{ event, title, text, data }` signed with the channel's secret. */
export async function sendWebhook(
  channel: { url: string; secret: string },
  notification: Notification,
  now = new Date(),
): Promise<void> {
  const body = JSON.stringify({
    event: notification.event,
    title: notification.title,
    text: notification.text,
    data: notification.data,
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  await postJson(channel.url, body, {
    [SIGNATURE_HEADER]: signPayload(channel.secret, timestamp, body),
    [TIMESTAMP_HEADER]: String(timestamp),
  });
}
