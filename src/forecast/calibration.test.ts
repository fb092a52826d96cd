import { describe, expect, it } from 'vitest';
import {
  calibratedBands,
  calibrationOrigins,
  errorScale,
  K80,
  K95,
  MAX_LOG_SPREAD,
  MAX_SPREAD,
} from './calibration.ts';

describe('interval calibration', () => {
  it('spreads its origins over the last h + 6 points, or takes them all', () => {
    expect(calibrationOrigins(20, 3, 5, 12)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(calibrationOrigins(100, 18, 5, 4)).toEqual([76, 84, 91, 99]);
    expect(calibrationOrigins(8, 6, 5, 12)).toEqual([5, 6, 7]);
    expect(calibrationOrigins(5, 6, 5, 12)).toEqual([]);
    expect(calibrationOrigins(100, 18, 5, 1)).toEqual([99]);
  });

  it('fits the error scale a + b(k − 1) to absolute errors', () => {
    const errors = [1, 2, 3].flatMap((k) => [
      { step: k, error: k },
      { step: k, error: -k },
    ]);
    const sigma = errorScale(errors, 4);
    [1, 2, 3, 4].forEach((v, i) => expect(sigma[i]).toBeCloseTo(v, 12));
  });

  it('starts the scale at the one-step errors when the line would start below zero', () => {
    const errors = [
      { step: 1, error: 0.1 },
      { step: 2, error: 0.1 },
      { step: 3, error: 10 },
    ];
    const sigma = errorScale(errors, 3);
    expect(sigma[0]).toBeCloseTo(0.1, 12);
    expect(sigma[2]!).toBeGreaterThan(sigma[1]!);
  });

  it('widens bands multiplicatively for a positive series: forecast × exp(±k·σ)', () => {
    const y = [100, 110, 120];
    const errors = [
      { step: 1, actual: 110, forecast: 100 },
      { step: 1, actual: 100, forecast: 110 },
    ];
    const bands = calibratedBands(y, [130, 130], errors);
    const sigma = Math.log(1.1);
    expect(bands.scale).toBe('log');
    expect(bands.sigma[0]).toBeCloseTo(sigma, 12);
    expect(bands.hi80[0]).toBeCloseTo(130 * Math.exp(K80 * sigma), 9);
    expect(bands.lo95[0]).toBeCloseTo(130 * Math.exp(-K95 * sigma), 9);
  });

  it('caps runaway widths relative to the series’ scale', () => {
    const logBands = calibratedBands([1, 2, 3], [3], [{ step: 1, actual: 1000, forecast: 1 }]);
    expect(logBands.hi95[0]).toBeCloseTo(3 * Math.exp(MAX_LOG_SPREAD), 9);
    const plainBands = calibratedBands([-1, 2, 3], [3], [{ step: 1, actual: 1e9, forecast: 3 }]);
    expect(plainBands.scale).toBe('additive');
    expect(plainBands.hi95[0]).toBe(3 + 3 * MAX_SPREAD);
    expect(plainBands.lo80[0]).toBe(3 - 3 * MAX_SPREAD);
  });
});
