import { describe, expect, it } from 'vitest';
import { mean, median } from './averages.ts';

describe('averages', () => {
  it('median: the middle value, or the mean of the two middle ones; null of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]); // sorts a copy
  });

  it('mean: the arithmetic mean; null of nothing', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});
