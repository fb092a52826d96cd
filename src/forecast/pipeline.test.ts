import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LOG_SPREAD, MAX_SPREAD } from './calibration.ts';
import { forecastSeries, forecastValues } from './pipeline.ts';
import { monthsAfter } from './series.ts';

function series(values: number[], first = '2021-01') {
  const [start, ...rest] = [first, ...monthsAfter(first, values.length - 1)];
  return { periods: [start!, ...rest], values };
}

describe('forecastSeries', () => {
  it('forecasts a trending noisy series with the combination, its members and calibrated bands', () => {
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
      expect(row.lo80).toBeLessThan(row.value);
      expect(row.value).toBeLessThan(row.hi80);
      expect(row.hi80).toBeLessThanOrEqual(row.hi95);
      expect(row.expected_error).not.toBeNull();
    }
    expect(result.model).toBe('combination');
    expect(result.members.map((m) => m.id)).toEqual(['damped', 'theta', 'damped-log', 'theta-log']);
    expect(result.dropped).toEqual([]);
    expect(result.bands).toMatchObject({ method: 'backtest-calibrated', scale: 'log' });
    expect(result.backtest.origins).toBe(12);
    const combination = result.backtest.models.find((m) => m.id === 'combination')!;
    const naive = result.backtest.models.find((m) => m.id === 'snaive')!;
    expect(combination.mase!).toBeLessThan(naive.mase!);
  });

  it('uses plain differences for the bands of a series that goes negative, and says which members it dropped', () => {
    const values = Array.from({ length: 30 }, (_, t) => 40 - 3 * t + (t % 4));
    const result = forecastSeries(series(values), { horizon: 6 });
    expect(result.bands.scale).toBe('additive');
    expect(result.members.map((m) => m.id)).toEqual(['damped', 'theta']);
    expect(result.dropped.map((d) => d.id)).toEqual(['damped-log', 'theta-log']);
    expect(result.forecast[0]!.value).toBeLessThan(0);
  });

  it('keeps a never-negative series non-negative', () => {
    const values = Array.from({ length: 24 }, (_, t) => Math.max(0, 50 - 3 * t + (t % 3)));
    const result = forecastSeries(series(values), { horizon: 12 });
    for (const row of result.forecast) expect(row.lo95).toBeGreaterThanOrEqual(0);
  });

  it('forecasts a trending multiplicative seasonal cycle close to its continuation', () => {
    const cycle = [0.8, 0.85, 0.95, 1, 1.05, 1.1, 1.2, 1.15, 1.05, 1, 0.95, 0.9];
    const truth = (t: number) => (500 + 5 * t) * cycle[t % 12]!;
    const values = Array.from({ length: 60 }, (_, t) => truth(t));
    const result = forecastSeries(series(values), { horizon: 12 });
    expect(result.seasonally_adjusted).toBe(true);
    result.forecast.forEach((row, i) =>
      expect(Math.abs(row.value / truth(60 + i) - 1)).toBeLessThan(0.03),
    );
  });

  it('refuses a history too short to learn from', () => {
    expect(() => forecastSeries(series([1, 2, 3]), { horizon: 3 })).toThrow(/at least 8 months/);
  });

  it('never fails on a valid series: finite, ordered bands within the cap (property)', () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constant(0),
      fc.integer({ min: 1, max: 5 }),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 8, maxLength: 60 }),
        fc.integer({ min: 1, max: 18 }),
        fc.constantFrom(1, 4, 12),
        (y, h, m) => {
          const f = forecastValues(y, h, m);
          expect(f.point.used.length).toBeGreaterThan(0);
          const scale = Math.max(...y.map(Math.abs));
          for (let i = 0; i < h; i++) {
            const row = [f.lo95[i]!, f.lo80[i]!, f.mean[i]!, f.hi80[i]!, f.hi95[i]!];
            for (const v of row) expect(Number.isFinite(v)).toBe(true);
            for (let k = 1; k < row.length; k++) expect(row[k - 1]!).toBeLessThanOrEqual(row[k]!);
            const mean = f.point.mean[i]!;
            const limit =
              f.bands.scale === 'log'
                ? Math.abs(mean) * (Math.exp(MAX_LOG_SPREAD) - 1)
                : MAX_SPREAD * scale;
            expect(f.hi95[i]! - mean).toBeLessThanOrEqual(limit * (1 + 1e-9) + 1e-9);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
