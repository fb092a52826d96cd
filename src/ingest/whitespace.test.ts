import { describe, expect, it } from 'vitest';
import { isWhitespace } from './whitespace.ts';

describe('isWhitespace', () => {
  it('is exactly the set String.prototype.trim removes, over the whole BMP', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const char = String.fromCharCode(c);
      expect(isWhitespace(c), c.toString(16)).toBe(char.trim() === '');
    }
  });
});
