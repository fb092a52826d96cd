/**
 * ASCII text written into one growing byte buffer and read back as one flat string. A full
 * recompute writes a million customers' shares of a few hundred numbers each: built as
 * string pieces, their concatenation and collection cost more than the walk that made the
 * numbers.
 */
export class AsciiText {
  private bytes = new Uint8Array(1024);
  private length = 0;

  /** Empties the text (the buffer is kept for the next one). */
  reset(): this {
    this.length = 0;
    return this;
  }

  /** Appends an ASCII string (JSON punctuation, keys). */
  ascii(text: string): this {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.bytes[this.length++] = text.charCodeAt(i);
    return this;
  }

  /** Appends one ASCII character by its code. */
  char(code: number): this {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = code;
    return this;
  }

  /** Appends a number as JSON writes it (`String(value)`; `null` when not finite). */
  number(value: number): this {
    if (!Number.isSafeInteger(value))
      return this.ascii(Number.isFinite(value) ? String(value) : 'null');
    if (this.length + 17 > this.bytes.length) this.grow(17);
    const bytes = this.bytes;
    let rest = value;
    if (rest < 0) {
      bytes[this.length++] = MINUS;
      rest = -rest;
    }
    // Digits from the last, into their places: exact for any safe integer (-0 writes 0).
    // Below 2^31 in 32-bit integer arithmetic, several times faster than float division.
    let end = this.length + digitCount(rest);
    this.length = end;
    while (rest > INT32_MAX) {
      const next = Math.floor(rest / 10);
      bytes[--end] = ZERO + (rest - next * 10);
      rest = next;
    }
    let small = rest | 0;
    do {
      const next = (small / 10) | 0;
      bytes[--end] = ZERO + (small - next * 10);
      small = next;
    } while (small > 0);
    return this;
  }

  /** The text written since the last reset. */
  toString(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString('latin1');
  }

  private reserve(more: number): void {
    if (this.length + more > this.bytes.length) this.grow(more);
  }

  private grow(more: number): void {
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** Decimal digits of a non-negative safe integer (1 for 0). */
function digitCount(value: number): number {
  let digits = 1;
  for (let bound = 10; value >= bound && digits < 16; bound *= 10) digits++;
  return digits;
}

const ZERO = 48;
const INT32_MAX = 2 ** 31 - 1;
const MINUS = 45;
