import type { Store } from '../../store/store.ts';
import type { AppliedVersion } from './ordering.ts';

/**
 * What webhook handling remembers between deliveries, in the store beside the workspace's
 * data (so it survives restarts and is shared by every server on the database): which
 * events were processed (Stripe delivers at least once), the newest snapshot applied per
 * object (Stripe does not deliver in order; see ./ordering.ts), and the payloads refused
 * as unusable, with the reason.
 */

export type LedgerStore = Pick<Store, 'getDocument' | 'putDocument'>;

const EVENTS = 'stripe_events';
const OBJECTS = 'stripe_objects';
const REJECTED = 'stripe_rejected';
/** The document collections the ledger keeps (a workspace copy takes them along). */
export const LEDGER_COLLECTIONS: readonly string[] = [EVENTS, OBJECTS, REJECTED];

export interface ProcessedEvent {
  readonly created: number;
  readonly status: string;
}

export interface RejectedEvent {
  readonly type: string;
  readonly created: number;
  readonly reason: string;
  /** ISO instant of the last delivery refused. */
  readonly at: string;
}

export class EventLedger {
  constructor(private readonly store: LedgerStore) {}

  async has(workspaceId: string, eventId: string): Promise<boolean> {
    return (await this.store.getDocument<ProcessedEvent>(workspaceId, EVENTS, eventId)) !== null;
  }

  objectVersion(workspaceId: string, objectId: string): Promise<AppliedVersion | null> {
    return this.store.getDocument<AppliedVersion>(workspaceId, OBJECTS, objectId);
  }

  /**
   * Marks the event processed, and with `applied` the object's newest snapshot. Called once
   * the rows are stored: a crash before makes Stripe's retry apply it again (by key, so
   * the rows come out the same).
   */
  async record(
    workspaceId: string,
    eventId: string,
    processed: ProcessedEvent,
    applied?: { objectId: string; version: AppliedVersion },
  ): Promise<void> {
    if (applied)
      await this.store.putDocument(workspaceId, OBJECTS, applied.objectId, applied.version);
    await this.store.putDocument(workspaceId, EVENTS, eventId, processed);
  }

  async reject(workspaceId: string, eventId: string, rejected: RejectedEvent): Promise<void> {
    await this.store.putDocument(workspaceId, REJECTED, eventId, rejected);
  }
}
