import { readFile, rename, writeFile } from 'node:fs/promises';
import type { StripeCatalog } from './catalog.ts';
import { emptyCatalog } from './catalog.ts';

/**
 * Stripe integration state of every workspace of one database, kept beside it in
 * `<db>.stripe-sync.json` (the store has no place for it): the catalog lookups mapping
 * needs, and the checkpoint of a sync in progress so an interrupted sync resumes.
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

interface StateFile {
  version: 1;
  workspaces: Record<string, WorkspaceStripeState>;
}

export function statePathFor(dbPath: string): string {
  return `${dbPath}.stripe-sync.json`;
}

export function emptyWorkspaceState(): WorkspaceStripeState {
  return { catalog: emptyCatalog(), checkpoint: null, lastCompletedAt: null };
}

async function readStateFile(path: string): Promise<StateFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, workspaces: {} };
    throw error;
  }
  const parsed = JSON.parse(text) as StateFile;
  return parsed.version === 1 ? parsed : { version: 1, workspaces: {} };
}

export async function loadStripeState(
  path: string,
  workspaceId: string,
): Promise<WorkspaceStripeState> {
  const file = await readStateFile(path);
  const state = file.workspaces[workspaceId];
  if (state === undefined) return emptyWorkspaceState();
  return {
    ...emptyWorkspaceState(),
    ...state,
    catalog: { ...emptyWorkspaceState().catalog, ...state.catalog },
  };
}

/** Writes one workspace's state; other workspaces' entries are kept. Atomic (rename). */
export async function saveStripeState(
  path: string,
  workspaceId: string,
  state: WorkspaceStripeState,
): Promise<void> {
  const file = await readStateFile(path);
  file.workspaces[workspaceId] = state;
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(file));
  await rename(temporary, path);
}
