import { CUSTOMER_TEXTS, type CustomerIndex } from './metrics-source.ts';
import { packTexts, textColumn, unpackTexts, type PackedTexts } from './packed-texts.ts';

/** The customers list's index as it crosses from a compute worker (see packed-texts.ts). */
export interface PackedCustomerIndex {
  readonly currency: string;
  readonly today: string;
  readonly ids: PackedTexts;
  readonly texts: Readonly<Record<keyof CustomerIndex['texts'], PackedTexts>>;
  readonly mrr: Float64Array;
  readonly byMrr: Int32Array;
}

export function packCustomerIndex(index: CustomerIndex): PackedCustomerIndex {
  const texts = Object.fromEntries(
    CUSTOMER_TEXTS.map((name) => [name, packTexts(index.texts[name])]),
  ) as PackedCustomerIndex['texts'];
  return { ...index, ids: packTexts(index.ids), texts };
}

export function unpackCustomerIndex(packed: PackedCustomerIndex): CustomerIndex {
  const texts = Object.fromEntries(
    CUSTOMER_TEXTS.map((name) => [name, textColumn(packed.texts[name])]),
  ) as CustomerIndex['texts'];
  // Ids are never null: the packing keeps them as they were.
  return { ...packed, ids: unpackTexts(packed.ids) as string[], texts };
}
