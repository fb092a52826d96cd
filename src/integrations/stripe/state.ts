import { readFile, rename } from 'node:fs/promises';
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

/** The collection of the sync checkpoint and catalog. */
export const STRIPE_STATE_COLLECTION = 'stripe';
const COLLECTION = STRIPE_STATE_COLLECTION;
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

/**
 * Earlier versions kept this state in `<db>.stripe-sync.json` beside the DuckDB file. A
 * workspace the store has no state for takes its entry from that file once; the file is
 * renamed `….imported` when no workspace of it is left to take.
 */
export async function adoptStateFile(
  store: StateStore,
  workspaceId: string,
  dbPath: string,
): Promise<boolean> {
  const path = `${dbPath}.stripe-sync.json`;
  let file: { workspaces?: Record<string, WorkspaceStripeState> };
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as typeof file;
  } catch {
    return false; // none (or unreadable: a sync starts afresh, as it always could)
  }
  const entry = file.workspaces?.[workspaceId];
  if (entry === undefined) return false;
  if ((await store.getDocument(workspaceId, COLLECTION, ID)) === null)
    await saveStripeState(store, workspaceId, {
      ...emptyWorkspaceState(),
      ...entry,
      catalog: { ...emptyCatalog(), ...entry.catalog },
    });
  if (Object.keys(file.workspaces ?? {}).length === 1) await rename(path, `${path}.imported`);
  return true;
}
