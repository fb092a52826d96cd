/**
 * Two hash tables for the validator's hot loop, built on typed arrays because a JS Map of
 * millions of fresh strings costs more than the rest of validation (~0.6 µs an insert on a
 * 2-core machine, mostly growing and marking the Map's backing store).
 */

/** FNV-1a over the UTF-16 code units of s[a, b). */
export function hashText(s: string, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function hashKey(key: string | number): number {
  if (typeof key === 'string') return hashText(key, 0, key.length);
  if (!Number.isSafeInteger(key)) return hashText(String(key), 0, String(key).length);
  // Days and instants: mix both 32-bit halves.
  const low = key | 0;
  const high = Math.floor(key / 4_294_967_296) | 0;
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1 | 0), 0x85ebca6b | 0);
}

/** Remembers the first row of each key: `add` answers the earlier row of a duplicate. */
export class KeyTable {
  private mask = 1023;
  /** Pairs (hash, entry index + 1) side by side: one cache line per probe. 0 = empty. */
  private table = new Int32Array(2048);
  private readonly keys: (string | number)[] = [];
  private rows = new Int32Array(1024);

  get size(): number {
    return this.keys.length;
  }

  /** Adds key first seen on `row`; returns -1, or the earlier row when the key is a duplicate. */
  add(key: string | number, row: number): number {
    const h = hashKey(key);
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const entry = table[2 * i + 1] as number;
      if (entry === 0) break;
      if (table[2 * i] === h && this.keys[entry - 1] === key) return this.rows[entry - 1] as number;
      i = (i + 1) & mask;
    }
    const index = this.keys.length;
    this.keys.push(key);
    if (index === this.rows.length) {
      const rows = new Int32Array(this.rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
    }
    this.rows[index] = row;
    table[2 * i] = h;
    table[2 * i + 1] = index + 1;
    if ((index + 1) * 2 > mask) this.grow();
    return -1;
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const mask = capacity - 1;
    const table = new Int32Array(capacity * 2);
    for (let j = 0; j < old.length; j += 2) {
      const entry = old[j + 1] as number;
      if (entry === 0) continue;
      const h = old[j] as number;
      let i = h & mask;
      while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
      table[2 * i] = h;
      table[2 * i + 1] = entry;
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * Returns one shared string per distinct text value of a column (plan, channel, event
 * names…), compared straight against the file text so that repeated values allocate
 * nothing. Columns with too many distinct values (ids) turn it off after `limit` values.
 */
export class Interner {
  private readonly limit: number;
  private mask = 255;
  private slots: (string | undefined)[] = new Array<string | undefined>(256);
  private hashes = new Int32Array(256);
  private size = 0;
  private misses = 0;
  private lookups = 0;
  active = true;

  constructor(limit = 2048) {
    this.limit = limit;
  }

  /** The text s[a, b), shared when it was seen before. */
  intern(s: string, a: number, b: number): string {
    if (!this.active) return s.slice(a, b);
    const h = hashText(s, a, b);
    const length = b - a;
    let i = h & this.mask;
    this.lookups++;
    for (;;) {
      const candidate = this.slots[i];
      if (candidate === undefined) break;
      if (
        this.hashes[i] === h &&
        candidate.length === length &&
        sameText(candidate, s, a, length)
      ) {
        return candidate;
      }
      i = (i + 1) & this.mask;
    }
    const text = s.slice(a, b);
    this.misses++;
    // Mostly new values (an id column): stop paying for lookups.
    if (this.size >= this.limit || (this.lookups >= 1024 && this.misses * 2 > this.lookups)) {
      this.active = false;
      this.slots = [];
      return text;
    }
    this.slots[i] = text;
    this.hashes[i] = h;
    this.size++;
    if (this.size * 2 > this.mask) this.grow();
    return text;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    const capacity = oldSlots.length * 2;
    this.mask = capacity - 1;
    this.slots = new Array<string | undefined>(capacity);
    this.hashes = new Int32Array(capacity);
    for (let j = 0; j < oldSlots.length; j++) {
      const text = oldSlots[j];
      if (text === undefined) continue;
      const h = oldHashes[j] as number;
      let i = h & this.mask;
      while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
      this.slots[i] = text;
      this.hashes[i] = h;
    }
  }
}

function sameText(candidate: string, s: string, a: number, length: number): boolean {
  for (let k = 0; k < length; k++)
    if (candidate.charCodeAt(k) !== s.charCodeAt(a + k)) return false;
  return true;
}
