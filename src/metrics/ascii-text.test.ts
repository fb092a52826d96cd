import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiText } from './ascii-text.ts';

describe('AsciiText', () => {
  it('writes every number as String (JSON for the non-finite)', () => {
    const text = new AsciiText();
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.double(), fc.integer()), (value) => {
        const json = JSON.stringify(value);
        expect(text.reset().number(value).toString()).toBe(json);
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(text.reset().number(-0).char(44).number(-12).toString()).toBe('0,-12');
    // Where the digit count changes, and either side of the 32-bit fast path.
    const edges = [0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 1e15 - 1, 1e15];
    for (const value of [...edges, Number.MAX_SAFE_INTEGER].flatMap((v) => [v, -v]))
      expect(text.reset().number(value).toString()).toBe(JSON.stringify(value));
  });

  it('grows past its first buffer and starts again empty after reset', () => {
    const text = new AsciiText();
    for (let i = 0; i < 1000; i++) text.ascii('[').number(i).ascii(']');
    const long = text.toString();
    expect(long).toHaveLength(4890);
    expect(long.endsWith('[999]')).toBe(true);
    expect(text.reset().ascii('{}').toString()).toBe('{}');
  });
});
