import { describe, expect, it } from 'vitest';
import { columnMedian, combinationPoint, VARIANTS, type Variant } from './combination.ts';

describe('median combination', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(columnMedian([[1], [9], [4]], 1)).toEqual([4]);
    expect(
      columnMedian(
        [
          [1, 10],
          [9, 20],
          [4, 30],
          [2, 40],
        ],
        2,
      ),
    ).toEqual([3, 25]);
  });

  it('drops a member that fails, names it, and combines the rest', () => {
    const broken: Variant = {
      ...VARIANTS[0]!,
      id: 'broken',
      member: { ...VARIANTS[0]!.member, forecast: () => [Number.NaN] },
    };
    const y = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    const point = combinationPoint(y, 1, 1, [broken, VARIANTS[1]!]);
    expect(point.used.map((v) => v.id)).toEqual(['theta']);
    expect(point.dropped).toEqual([
      { id: 'broken', reason: 'the fit produced a non-finite forecast' },
    ]);
    expect(point.mean[0]).toBeCloseTo(point.byVariant.get('theta')![0]!, 12);
  });

  it('falls back to the last value when every member fails', () => {
    const point = combinationPoint([3, 4, 5], 2, 1, [VARIANTS[0]!]);
    expect(point.used.map((v) => v.id)).toEqual(['naive']);
    expect(point.mean).toEqual([5, 5]);
  });
});
