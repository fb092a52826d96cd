import { expect, it } from 'vitest';
import { plural } from './plural.ts';

it('puts the noun in the number of the count', () => {
  expect(plural(1, 'problem')).toBe('1 problem');
  expect(plural(0, 'row')).toBe('0 rows');
  expect(plural(10_001, 'problem')).toBe('10,001 problems');
  expect(plural(2, 'company', 'companies')).toBe('2 companies');
});
