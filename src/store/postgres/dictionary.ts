/**
 * Dictionary coding of the MRR inputs, done in JS: rows arrive sorted by customer id, so
 * each source yields its distinct ids in order for free, and merging two sorted lists is
 * cheaper than asking the server for a UNION of them (two more scans and sorts).
 */

/** Maps UTF-16 code units so that comparing them orders strings by code point (as C collation does). */
const rank = (unit: number) =>
  unit < 0xd800 ? unit : unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;

/** Code point order, the order of PostgreSQL's C collation and of DuckDB. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Distinct values in order of first appearance, each given a local code. */
export class LocalCodes {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  private last: string | undefined;
  private lastCode = -1;

  code(value: string): number {
    // Sorted input repeats the previous value most of the time: skip the Map then.
    if (value === this.last) return this.lastCode;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    this.last = value;
    this.lastCode = code;
    return code;
  }
}

/**
 * The union of several sources' values in code point order, and per source the
 * translation from its local codes to positions in that union. With `sorted`, every
 * source is already in order (customer ids read with ORDER BY) and a linear merge
 * replaces the sort.
 */
export function unite(
  sources: readonly (readonly string[])[],
  sorted: boolean,
): { values: string[]; translations: Int32Array[] } {
  const values = sorted
    ? sources.reduce<readonly string[]>(mergeSorted, [])
    : [...new Set(sources.flat())].sort(compareCodePoints);
  return { values: [...values], translations: sources.map((s) => positions(s, values, sorted)) };
}

/** Where each of `part`'s values sits in `whole` (which contains them all). */
function positions(part: readonly string[], whole: readonly string[], sorted: boolean): Int32Array {
  const out = new Int32Array(part.length);
  if (sorted) {
    // Both in the same order: one forward walk, no hashing of a million ids.
    let p = 0;
    for (let k = 0; k < part.length; k++) {
      while (whole[p] !== part[k]) p++;
      out[k] = p;
    }
  } else {
    const index = new Map(whole.map((v, i) => [v, i]));
    for (let k = 0; k < part.length; k++) out[k] = index.get(part[k]!)!;
  }
  return out;
}

function mergeSorted(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = compareCodePoints(a[i]!, b[j]!);
    if (order <= 0) out.push(a[i++]!);
    if (order >= 0) {
      if (order > 0) out.push(b[j]!);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Rewrites local codes in place through a translation table. */
export function translate(column: Int32Array, translation: Int32Array): void {
  for (let i = 0; i < column.length; i++) column[i] = translation[column[i]!]!;
}
