import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packTexts, unpackTexts } from './packed-texts.ts';

describe('packed texts', () => {
  it('unpack to the column packed: nulls, empty texts, the separator itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.string({ unit: fc.constantFrom('a', '', ' ', '\u001f', 'é') }))),
        (values) => {
          const packed = structuredClone(packTexts(values));
          expect(unpackTexts(packed)).toEqual(values);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('crosses as one string when no text holds the separator', () => {
    const packed = packTexts(['a', null, '', 'b']);
    expect(Array.isArray(packed)).toBe(false);
    expect(unpackTexts(packed)).toEqual(['a', null, '', 'b']);
  });
});
