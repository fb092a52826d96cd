/**
 * ASCII text written into one growing byte buffer and read back as one flat string. A full
 * recompute writes a million customers' shares of a few hundred numbers each: built as
 * string pieces, their concatenation and collection cost more than the walk that made the
 * numbers.
 */
export class AsciiText {
  private bytes = new Uint8Array(1024);
  private length = 0;
  private readonly digits = new Uint8Array(24);

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
    this.reserve(1);
    this.bytes[this.length++] = code;
    return this;
  }

  /** Appends a number as JSON writes it (`String(value)`; `null` when not finite). */
  number(value: number): this {
    if (!Number.isSafeInteger(value))
      return this.ascii(Number.isFinite(value) ? String(value) : 'null');
    this.reserve(17);
    let rest = value;
    if (rest < 0) {
      this.bytes[this.length++] = MINUS;
      rest = -rest;
    }
    // Digits backwards, then copied forwards: exact for any safe integer (-0 writes 0).
    let n = 0;
    do {
      const next = Math.floor(rest / 10);
      this.digits[n++] = ZERO + (rest - next * 10);
      rest = next;
    } while (rest > 0);
    while (n > 0) this.bytes[this.length++] = this.digits[--n]!;
    return this;
  }

  /** The text written since the last reset. */
  toString(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString('latin1');
  }

  private reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

const ZERO = 48;
const MINUS = 45;
