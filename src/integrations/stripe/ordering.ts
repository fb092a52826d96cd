import { createHash } from 'node:crypto';

/**
 * Which of two snapshots of one Stripe object is newer. Stripe does not deliver events in
 * order, and an event's `created` has whole seconds, in which Stripe often emits several
 * updates of one object. So beyond `created`, the object state is compared: an update
 * event carries the changed fields' previous values (`previous_attributes`), which tell
 * the state it started from. Within one second:
 *
 * - the incoming event started from the state applied → it is newer;
 * - the applied event started from the incoming state → the incoming one is older;
 * - the same state → nothing to do;
 * - `*.created` precedes and `*.deleted` follows any other event of the object;
 * - otherwise the order is unknown: the caller re-fetches the object when it can, or
 *   keeps what it applied rather than risk moving the object backwards.
 */

/** What the ledger keeps of the newest snapshot applied for an object. */
export interface AppliedVersion {
  /** `created` of the event applied (Unix seconds). */
  readonly created: number;
  readonly eventId: string;
  /** Fingerprint of the object state applied. */
  readonly state: string;
  /** Fingerprint of the state the event started from (null: unknown, e.g. re-fetched). */
  readonly prior: string | null;
  /** 0 for `*.created`, 2 for `*.deleted`, 1 otherwise. */
  readonly rank: number;
}

export interface SnapshotEvent {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  readonly object: unknown;
  readonly previousAttributes?: unknown;
}

export type Order = 'newer' | 'older' | 'same' | 'unknown';

/** A stable digest of a JSON value (object keys sorted at every level). */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The object as it was before the event: `previous_attributes` laid over it (nested
 * objects hold only their changed keys; lists come whole). Null when the event has none.
 */
export function priorState(object: unknown, previousAttributes: unknown): unknown {
  if (!isPlainObject(previousAttributes)) return null;
  const overlay = (base: unknown, changes: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
    for (const [key, previous] of Object.entries(changes)) {
      out[key] =
        isPlainObject(previous) && isPlainObject(out[key]) ? overlay(out[key], previous) : previous;
    }
    return out;
  };
  return overlay(object, previousAttributes);
}

export function eventRank(type: string): number {
  if (type.endsWith('.created')) return 0;
  if (type.endsWith('.deleted')) return 2;
  return 1;
}

/** What the ledger records once `event` (or a re-fetched `object`) is applied. */
export function versionOf(event: SnapshotEvent, refetched?: unknown): AppliedVersion {
  const prior = refetched === undefined ? priorState(event.object, event.previousAttributes) : null;
  return {
    created: event.created,
    eventId: event.id,
    state: fingerprint(refetched ?? event.object),
    prior: prior === null ? null : fingerprint(prior),
    rank: eventRank(event.type),
  };
}

/** How the incoming event's snapshot stands against the one applied. */
export function compareSnapshot(applied: AppliedVersion, event: SnapshotEvent): Order {
  if (event.created !== applied.created) return event.created > applied.created ? 'newer' : 'older';
  const incoming = versionOf(event);
  if (incoming.state === applied.state) return 'same';
  if (incoming.prior !== null && incoming.prior === applied.state) return 'newer';
  if (applied.prior !== null && applied.prior === incoming.state) return 'older';
  if (incoming.rank !== applied.rank) return incoming.rank > applied.rank ? 'newer' : 'older';
  return 'unknown';
}
