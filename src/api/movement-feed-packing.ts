import type { MovementFeed } from './metrics-source.ts';
import { packTexts, textColumn, type PackedTexts } from './packed-texts.ts';

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
    customerIds: textColumn(packed.customerIds),
    names: textColumn(packed.names),
  };
}
