import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { movementColumns, movementsOf } from './movement-columns.ts';
import { MOVEMENT_TYPES, type Movement } from './mrr.ts';

const movement: fc.Arbitrary<Movement> = fc.record({
  customer: fc.nat({ max: 2 ** 31 - 1 }),
  day: fc.integer({ min: -100_000, max: 100_000 }),
  type: fc.constantFrom(...MOVEMENT_TYPES),
  amount: fc.integer({ min: 0, max: 2 ** 52 }),
  before: fc.integer({ min: 0, max: 2 ** 52 }),
  after: fc.integer({ min: 0, max: 2 ** 52 }),
});

describe('movements as columns', () => {
  it('cross a structured clone and come back as they were, in order', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 200 }), (movements) => {
        expect(movementsOf(structuredClone(movementColumns(movements)))).toEqual(movements);
      }),
    );
  });
});
