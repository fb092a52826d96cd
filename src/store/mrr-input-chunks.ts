import type { MrrInputChunks, MrrInputs } from './store.ts';

/** A customer range of a chunked read: ids from `from` up to, not including, `to`. */
export interface CustomerRange {
  readonly from: string;
  readonly to: string | null;
  /** The same customers by position among all of the read's, in id order: `from` up to `to`. */
  readonly positions: { readonly from: number; readonly to: number };
}

/** The ranges that start at `starts` (the first id of each chunk of `size` customers). */
export function rangesFrom(
  starts: readonly string[],
  chunkSize: number,
  customers: number,
): CustomerRange[] {
  const size = Math.max(1, Math.trunc(chunkSize));
  return starts.map((from, i) => ({
    from,
    to: starts[i + 1] ?? null,
    positions: { from: i * size, to: Math.min((i + 1) * size, customers) },
  }));
}

/** The customer ranges of a chunked read, and what it knows of them before reading. */
export interface ChunkPlan {
  readonly firstDay: number | null;
  /** Customers with MRR inputs, in all the ranges. */
  readonly customers: number;
  readonly ranges: CustomerRange[];
  /** With `withPlans`: the plans of every range, read once (each range's `plan` codes index them). */
  readonly plans?: readonly string[];
}

/** One engine's side of a chunked read, all on one connection in one snapshot. */
export interface ChunkSession {
  plan(): Promise<ChunkPlan>;
  read(range: CustomerRange): Promise<MrrInputs>;
  /** Ends the snapshot and gives the connection back. */
  close(): Promise<void>;
}

/**
 * Store.readMrrInputChunks over an engine's session: plans the ranges at once, then reads
 * each chunk when the caller asks for it, and closes the session after the last one (or
 * when the caller stops early or a read fails).
 */
export async function chunkedMrrRead(session: ChunkSession): Promise<MrrInputChunks> {
  let plan: Awaited<ReturnType<ChunkSession['plan']>>;
  try {
    plan = await session.plan();
  } catch (error) {
    await session.close();
    throw error;
  }
  if (plan.ranges.length === 0) await session.close();
  async function* chunks(): AsyncGenerator<MrrInputs> {
    if (plan.ranges.length === 0) return;
    try {
      for (const range of plan.ranges) yield await session.read(range);
    } finally {
      await session.close();
    }
  }
  return {
    firstDay: plan.firstDay,
    customers: plan.customers,
    count: plan.ranges.length,
    chunks: chunks(),
    ...(plan.plans ? { plans: plan.plans } : {}),
  };
}
