import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interner, KeyTable, hashText } from './hashing.ts';

describe('hashText', () => {
  it('hashes a slice like the same standalone string', () => {
    expect(hashText('xx,abc,yy', 3, 6)).toBe(hashText('abc', 0, 3));
    expect(hashText('abc', 0, 3)).not.toBe(hashText('abd', 0, 3));
  });
});

describe('KeyTable', () => {
  it('answers the first row of a repeated key, for strings and numbers', () => {
    const table = new KeyTable();
    expect(table.add('s1', 2)).toBe(-1);
    expect(table.add('s2', 3)).toBe(-1);
    expect(table.add('s1', 4)).toBe(2);
    expect(table.add(19723, 5)).toBe(-1);
    expect(table.add('19723', 6)).toBe(-1); // a string is not the number
    expect(table.add(19723, 7)).toBe(5);
    expect(table.add(1.5, 8)).toBe(-1);
    expect(table.add(1.5, 9)).toBe(8);
    expect(table.size).toBe(5);
  });

  it('behaves like a Map of first rows while growing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 2e12 })), {
          maxLength: 3000,
        }),
        (keys) => {
          const table = new KeyTable();
          const map = new Map<string | number, number>();
          keys.forEach((key, row) => {
            const earlier = map.get(key);
            expect(table.add(key, row)).toBe(earlier ?? -1);
            if (earlier === undefined) map.set(key, row);
          });
          expect(table.size).toBe(map.size);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('Interner', () => {
  it('returns the same string for the same text', () => {
    const interner = new Interner();
    const a = interner.intern('pro,pro,team', 0, 3);
    const b = interner.intern('pro,pro,team', 4, 7);
    expect(a).toBe('pro');
    expect(b).toBe(a);
    expect(interner.intern('pro,pro,team', 8, 12)).toBe('team');
  });

  it('turns itself off for columns of mostly distinct values, still returning the text', () => {
    const interner = new Interner(100);
    for (let i = 0; i < 300; i++)
      expect(interner.intern(`id${i}`, 0, `id${i}`.length)).toBe(`id${i}`);
    expect(interner.active).toBe(false);
    expect(interner.intern('x,yz', 2, 4)).toBe('yz');
  });
});
