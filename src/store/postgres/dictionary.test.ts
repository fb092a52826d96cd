import { describe, expect, it } from 'vitest';
import { compareCodePoints, LocalCodes, translate, unite } from './dictionary.ts';

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('dictionary coding', () => {
  it('orders strings by code point, like UTF-8 bytes (C collation)', () => {
    const words = ['a', 'B', '', 'ab', 'é', '\uffff', '😀', '\ue000', 'z\ud83d\ude00', 'zz', 'Z'];
    const sorted = [...words].sort(compareCodePoints);
    expect(sorted).toEqual([...words].sort(byBytes));
    // Plain UTF-16 comparison would put U+FFFF after the emoji (a surrogate pair).
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
  });

  it('unites sorted sources by merging and translates local codes', () => {
    const a = new LocalCodes();
    const b = new LocalCodes();
    const aRows = ['c1', 'c1', 'c3', 'c4', 'c4'].map((v) => a.code(v));
    const bRows = ['c2', 'c3', 'c5'].map((v) => b.code(v));
    const { values, translations } = unite([a.values, b.values], true);
    expect(values).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    const aCodes = Int32Array.from(aRows);
    const bCodes = Int32Array.from(bRows);
    translate(aCodes, translations[0]!);
    translate(bCodes, translations[1]!);
    expect(Array.from(aCodes, (i) => values[i])).toEqual(['c1', 'c1', 'c3', 'c4', 'c4']);
    expect(Array.from(bCodes, (i) => values[i])).toEqual(['c2', 'c3', 'c5']);
  });

  it('sorts unsorted sources (currencies in order of appearance)', () => {
    expect(unite([['USD', 'EUR'], ['GBP', 'EUR'], []], false)).toEqual({
      values: ['EUR', 'GBP', 'USD'],
      translations: [Int32Array.from([2, 0]), Int32Array.from([1, 0]), new Int32Array(0)],
    });
  });
});
