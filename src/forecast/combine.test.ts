import { describe, expect, it } from 'vitest';
import { combineForecasts, inverseErrorWeights } from './combine.ts';
import type { ModelForecast } from './model.ts';

const flat = (v: number, width: number): ModelForecast => ({
  mean: [v],
  lo80: [v - width],
  hi80: [v + width],
  lo95: [v - 2 * width],
  hi95: [v + 2 * width],
});

describe('combination', () => {
  it('weights the 3 best models by 1/error', () => {
    const w = inverseErrorWeights(
      new Map<string, number | null>([
        ['a', 1],
        ['b', 2],
        ['c', 4],
        ['d', 8],
        ['e', null],
      ]),
    );
    expect([...w.keys()]).toEqual(['a', 'b', 'c']);
    expect(w.get('a')).toBeCloseTo(4 / 7, 15);
    expect(w.get('b')).toBeCloseTo(2 / 7, 15);
    expect(w.get('c')).toBeCloseTo(1 / 7, 15);
  });

  it('shares equally without errors, and gives a perfect model everything', () => {
    const equal = inverseErrorWeights(
      new Map([
        ['a', null],
        ['b', null],
      ]),
    );
    expect(equal.get('a')).toBe(0.5);
    const perfect = inverseErrorWeights(
      new Map([
        ['a', 0],
        ['b', 1],
      ]),
    );
    expect(perfect.get('a')).toBe(1);
    expect(perfect.has('b')).toBe(false);
  });

  it('averages means and bounds with the weights', () => {
    const c = combineForecasts(
      new Map([
        ['a', flat(10, 1)],
        ['b', flat(20, 3)],
      ]),
      new Map([
        ['a', 0.75],
        ['b', 0.25],
      ]),
    );
    expect(c.mean[0]).toBeCloseTo(12.5, 15);
    expect(c.lo80[0]).toBeCloseTo(0.75 * 9 + 0.25 * 17, 15);
    expect(c.hi95[0]).toBeCloseTo(0.75 * 12 + 0.25 * 26, 15);
  });
});
