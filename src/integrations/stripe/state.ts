import type { Store } from '../../store/store.ts';
import type { StripeCatalog } from './catalog.ts';
import { emptyCatalog } from './catalog.ts';

/**
 * Stripe integration state of a workspace, kept in the store (a document), so it lives
 * with the data on either engine: the catalog lookups mapping needs, and the checkpoint of
 * a sync in progress so an interrupted sync resumes.
 */

export const STAGES = [
  'products',
  'prices',
  'coupons',
  'customers',
  'subscriptions',
  'invoices',
  'credit_notes',
  'refunds',
] as const;
export type Stage = (typeof STAGES)[number];

export interface SyncCheckpoint {
  /** ISO instant the sync began. */
  startedAt: string;
  /** `--since` as Unix seconds, or null for everything. */
  since: number | null;
  done: Stage[];
  /** The stage in progress and the id of the last object written (`starting_after`). */
  cursor: { stage: Stage; after: string } | null;
}

export interface WorkspaceStripeState {
  catalog: StripeCatalog;
  /** Null when no sync is in progress (the last one finished, or none ran). */
  checkpoint: SyncCheckpoint | null;
  lastCompletedAt: string | null;
}

export type StateStore = Pick<Store, 'getDocument' | 'putDocument'>;

const COLLECTION = 'stripe';
const ID = 'state';

export function emptyWorkspaceState(): WorkspaceStripeState {
  return { catalog: emptyCatalog(), checkpoint: null, lastCompletedAt: null };
}

export async function loadStripeState(
  store: StateStore,
  workspaceId: string,
): Promise<WorkspaceStripeState> {
  const state = await store.getDocument<Partial<WorkspaceStripeState>>(workspaceId, COLLECTION, ID);
  if (state === null) return emptyWorkspaceState();
  return {
    ...emptyWorkspaceState(),
    ...state,
    catalog: { ...emptyCatalog(), ...state.catalog },
  };
}

export async function saveStripeState(
  store: StateStore,
  workspaceId: string,
  state: WorkspaceStripeState,
): Promise<void> {
  await store.putDocument(workspaceId, COLLECTION, ID, state);
}
