/**
 * A column of optional texts read one at a time: an array is one, and so is a column
 * packed to cross threads and read in place (src/api/packed-texts.ts), which never splits
 * a million texts into a million strings at once.
 */
export interface TextColumn {
  readonly length: number;
  at(i: number): string | null | undefined;
}

/** The first position of `text` in the column, -1 if none. */
export function positionOf(column: TextColumn, text: string): number {
  for (let i = 0; i < column.length; i++) if (column.at(i) === text) return i;
  return -1;
}
