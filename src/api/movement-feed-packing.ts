import type { MovementFeed } from './metrics-source.ts';
import { packTexts, unpackTexts, type PackedTexts } from './packed-texts.ts';

/**
 * The movements feed as it crosses from a compute worker: its columns as they are, its
 * customers' ids and names as packed texts (a million of each, see packed-texts.ts).
 */
export type PackedMovementFeed = Omit<MovementFeed, 'customerIds' | 'names'> & {
  readonly customerIds: PackedTexts;
  readonly names: PackedTexts;
};

export function packMovementFeed(feed: MovementFeed): PackedMovementFeed {
  return { ...feed, customerIds: packTexts(feed.customerIds), names: packTexts(feed.names) };
}

export function unpackMovementFeed(packed: PackedMovementFeed): MovementFeed {
  return {
    ...packed,
    // Packed from ids, never null: they come back as they were.
    customerIds: unpackTexts(packed.customerIds) as string[],
    names: unpackTexts(packed.names),
  };
}
