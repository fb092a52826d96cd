/**
 * A column of optional texts as it crosses from a compute worker: one string of them all,
 * where each begins, and a mask of nulls. A structured clone copies a million strings one
 * by one (the customers list of 1M took ~3.8 s to clone, half of it on the thread that
 * answers requests); one string is one copy. On the answering thread a text is cut out of
 * it when read (textColumn): splitting the customers list's columns into a million strings
 * each held that thread for a second.
 */
export interface PackedTexts {
  readonly joined: string;
  /** Text i runs from `starts[i]` up to `starts[i + 1]` of `joined`. */
  readonly starts: Int32Array;
  readonly nulls: Uint8Array;
}

import type { TextColumn } from '../model/text-column.ts';

export function packTexts(values: TextColumn): PackedTexts {
  const texts = Array.from({ length: values.length }, (_, i) => values.at(i) ?? null);
  const starts = new Int32Array(texts.length + 1);
  const nulls = new Uint8Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    nulls[i] = text === null ? 1 : 0;
    starts[i + 1] = starts[i]! + (text?.length ?? 0);
  }
  return { joined: texts.join(''), starts, nulls };
}

/** The packed column, each text cut out when it is read. */
export function textColumn(packed: PackedTexts): TextColumn {
  const { joined, starts, nulls } = packed;
  return {
    length: nulls.length,
    at: (i) => (nulls[i] === 1 ? null : joined.slice(starts[i], starts[i + 1])),
  };
}

export function unpackTexts(packed: PackedTexts): (string | null)[] {
  const column = textColumn(packed);
  return Array.from({ length: column.length }, (_, i) => column.at(i) ?? null);
}
