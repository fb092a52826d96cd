import { describe, expect, it } from 'vitest';
import { forecastSeries, MODELS, planOrigins } from './pipeline.ts';
import { monthsAfter } from './series.ts';

function series(values: number[], first = '2021-01') {
  const [start, ...rest] = [first, ...monthsAfter(first, values.length - 1)];
  return { periods: [start!, ...rest], values };
}

describe('forecastSeries', () => {
  it('plans origins so every compared model has its history, keeping 12 origins', () => {
    const short = planOrigins(35, MODELS, 12);
    expect(short.minTrain).toBe(20);
    expect([...short.excluded.keys()].sort()).toEqual(['mstl', 'sarima']);
    const long = planOrigins(60, MODELS, 12);
    expect(long.minTrain).toBe(37);
    expect(long.excluded.size).toBe(0);
  });

  it('forecasts a trending noisy series, with backtest figures and the expected error per month', () => {
    const noise = [1.5, -2, 0.5, -1, 2.5, -0.5, 1, -1.5, 0, 2];
    const values = Array.from({ length: 36 }, (_, t) => 1000 + 25 * t + 10 * noise[t % 10]!);
    const result = forecastSeries(series(values), { horizon: 6 });
    expect(result.forecast.map((r) => r.period)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
    ]);
    for (const [i, row] of result.forecast.entries()) {
      expect(Math.abs(row.value - (1000 + 25 * (36 + i)))).toBeLessThan(60);
      expect(row.lo95).toBeLessThanOrEqual(row.lo80);
      expect(row.hi80).toBeLessThanOrEqual(row.hi95);
      expect(row.expected_error).not.toBeNull();
    }
    expect(result.backtest.origins).toBe(16);
    const chosen = result.backtest.models.find((m) => m.id === result.model)!;
    const best = Math.min(
      ...result.backtest.models.filter((m) => m.excluded === null).map((m) => m.mase ?? Infinity),
    );
    expect(chosen.mase).toBe(best);
    expect(chosen.mase!).toBeLessThan(1);
    const weights = Object.values(result.backtest.weights);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it('keeps a never-negative series non-negative', () => {
    const values = Array.from({ length: 24 }, (_, t) => Math.max(0, 50 - 3 * t + (t % 3)));
    const result = forecastSeries(series(values), { horizon: 12 });
    for (const row of result.forecast) expect(row.lo95).toBeGreaterThanOrEqual(0);
  });

  it('refuses a history too short to learn from', () => {
    expect(() => forecastSeries(series([1, 2, 3]), { horizon: 3 })).toThrow(/at least 8 months/);
  });
});
