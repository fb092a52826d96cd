import { isoParts, scanIso, ISO_OK, wallMs, zoneClock } from '../../ingest/time.ts';
import type { EventRow } from '../../model/kinds.ts';

/**
 * Validation of a batch of usage events for the events API (SPEC §4 kind `events`): a JSON
 * array or NDJSON text of up to 10,000 events. Each event is accepted as a canonical row or
 * rejected with its index and reasons; the batch is never all-or-nothing, so a client can
 * retry just the rejects. An `idempotency_key` (or `id`) repeated within the batch is a
 * duplicate, reported and not written twice; across batches the store's key
 * (occurred_at, customer_id, user_id, event) makes a replayed event an update.
 */

export const MAX_EVENTS_PER_BATCH = 10_000;
const MAX_TEXT = 256;

export interface EventReject {
  /** Position in the batch (0-based; NDJSON: the n-th non-blank line). */
  readonly index: number;
  readonly reasons: string[];
}

export interface EventBatchResult {
  readonly accepted: EventRow[];
  /** For each accepted row, its index in the batch. */
  readonly acceptedIndexes: number[];
  readonly rejected: EventReject[];
  /** Indexes of events whose idempotency key appeared earlier in the batch. */
  readonly duplicates: number[];
  readonly total: number;
}

/** The batch as a whole cannot be read (not JSON/NDJSON, too many events): HTTP 400 / 413. */
export class EventBatchError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

export interface EventBatchOptions {
  /** Zone of timestamps written without an offset (the workspace's); default UTC. */
  readonly timeZone?: string;
  readonly maxEvents?: number;
}

/** Parses the body: an array (already parsed JSON), JSON array text, or NDJSON text/bytes. */
function items(body: unknown, max: number): { values: unknown[]; parseErrors: EventReject[] } {
  if (Array.isArray(body)) {
    if (body.length > max)
      throw new EventBatchError(
        `the batch has ${body.length} events; at most ${max} are accepted`,
        413,
      );
    return { values: body, parseErrors: [] };
  }
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array)
    text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  else if (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as { events?: unknown }).events)
  )
    return items((body as { events: unknown[] }).events, max);
  else
    throw new EventBatchError(
      'the body must be a JSON array of events, {"events": [...]}, or NDJSON (one event per line)',
      400,
    );
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{"events"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // A single-line object could also be NDJSON of one event: fall through only for '{'.
      if (trimmed.startsWith('['))
        throw new EventBatchError(`the body is not valid JSON: ${(error as Error).message}`, 400);
      parsed = undefined;
    }
    if (parsed !== undefined) return items(parsed, max);
  }
  const values: unknown[] = [];
  const parseErrors: EventReject[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (values.length >= max)
      throw new EventBatchError(
        `the batch has more than ${max} events; at most ${max} are accepted`,
        413,
      );
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      parseErrors.push({
        index: values.length,
        reasons: [`line ${lineNumber} is not JSON: ${(error as Error).message}`],
      });
      values.push(PARSE_FAILED);
    }
  }
  return { values, parseErrors };
}

const PARSE_FAILED = Symbol('parse failed');

function text(value: unknown, name: string, reasons: string[], required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) reasons.push(`${name} is required`);
    return null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    reasons.push(`${name} must be a string`);
    return null;
  }
  const trimmed = value.trim();
  if (trimmed === '' && required) reasons.push(`${name} is required`);
  else if (trimmed.length > MAX_TEXT) reasons.push(`${name} is longer than ${MAX_TEXT} characters`);
  else return trimmed === '' ? null : trimmed;
  return null;
}

function instant(value: unknown, timeZone: string, reasons: string[]): number | null {
  if (value === undefined || value === null || value === '') {
    reasons.push('occurred_at is required');
    return null;
  }
  if (typeof value === 'number') {
    // Epoch milliseconds; a value in seconds would land in 1970 and is almost surely a mistake.
    if (!Number.isFinite(value) || value < 1e11 || value > 1e14) {
      reasons.push(`occurred_at ${value} is not epoch milliseconds`);
      return null;
    }
    return Math.trunc(value);
  }
  if (typeof value !== 'string') {
    reasons.push('occurred_at must be an ISO 8601 string or epoch milliseconds');
    return null;
  }
  const s = value.trim();
  if (scanIso(s, 0, s.length) !== ISO_OK) {
    reasons.push(`occurred_at "${value}" is not an ISO 8601 date-time`);
    return null;
  }
  const wall = wallMs(isoParts);
  return isoParts.hasOffset
    ? wall - isoParts.offsetMinutes * 60_000
    : zoneClock(timeZone).instantOf(wall);
}

export function validateEventBatch(
  body: unknown,
  options: EventBatchOptions = {},
): EventBatchResult {
  const max = options.maxEvents ?? MAX_EVENTS_PER_BATCH;
  const timeZone = options.timeZone ?? 'UTC';
  const { values, parseErrors } = items(body, max);
  const rejected: EventReject[] = [...parseErrors];
  const accepted: EventRow[] = [];
  const acceptedIndexes: number[] = [];
  const duplicates: number[] = [];
  const keys = new Set<string>();
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === PARSE_FAILED) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rejected.push({ index, reasons: ['an event must be a JSON object'] });
      continue;
    }
    const e = value as Record<string, unknown>;
    const reasons: string[] = [];
    const occurredAt = instant(e.occurred_at ?? e.timestamp, timeZone, reasons);
    const customerId = text(e.customer_id, 'customer_id', reasons, true);
    const userId = text(e.user_id, 'user_id', reasons, true);
    const event = text(e.event, 'event', reasons, true);
    const key = text(e.idempotency_key ?? e.id, 'idempotency_key', reasons, false);
    let quantity = 1;
    if (e.quantity !== undefined && e.quantity !== null) {
      if (typeof e.quantity !== 'number' || !Number.isFinite(e.quantity) || e.quantity < 0)
        reasons.push('quantity must be a number, 0 or more');
      else quantity = e.quantity;
    }
    if (reasons.length > 0) {
      rejected.push({ index, reasons });
      continue;
    }
    if (key !== null) {
      if (keys.has(key)) {
        duplicates.push(index);
        continue;
      }
      keys.add(key);
    }
    accepted.push({
      occurred_at: occurredAt!,
      customer_id: customerId!,
      user_id: userId!,
      event: event!,
      quantity,
    });
    acceptedIndexes.push(index);
  }
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, acceptedIndexes, rejected, duplicates, total: values.length };
}
