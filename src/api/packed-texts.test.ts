import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packTexts, textColumn, unpackTexts } from './packed-texts.ts';

describe('packed texts', () => {
  it('unpack to the column packed: nulls, empty texts, any character', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.option(fc.string({ unit: fc.constantFrom('a', '', ' ', '\u001f', 'é', '😀') })),
        ),
        (values) => {
          const packed = structuredClone(packTexts(values));
          expect(unpackTexts(packed)).toEqual(values);
          const column = textColumn(packed);
          expect(column.length).toBe(values.length);
          values.forEach((v, i) => expect(column.at(i)).toBe(v));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('crosses as one string', () => {
    const packed = packTexts(['a', null, '', 'bc']);
    expect(packed.joined).toBe('abc');
    expect(unpackTexts(packed)).toEqual(['a', null, '', 'bc']);
  });
});
