import { describe, expect, it } from 'vitest';
import { detectAnomalies, median, theilSen } from './anomaly.ts';

/** Deterministic small noise: the detector must not need a random seed to be tested. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.01;

function seasonalSeries(n: number): number[] {
  return Array.from(
    { length: n },
    (_, i) => 10_000 * 1.02 ** i * (1 + 0.15 * Math.sin((2 * Math.PI * i) / 12)) * (1 + noise(i)),
  );
}

describe('robust helpers', () => {
  it('median and Theil–Sen resist one outlier', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const { slope, intercept } = theilSen([0, 2, 4, 600, 8, 10]);
    expect(slope).toBe(2);
    expect(intercept).toBe(0);
  });
});

describe('detectAnomalies', () => {
  it('finds a planted drop in a growing seasonal series and nothing else', () => {
    const series = seasonalSeries(36);
    series[30] = series[30]! * 0.7;
    const report = detectAnomalies(series);
    expect(report.seasonal).toBe(true);
    expect(report.anomalies).toEqual([30]);
    expect(report.scores[30]!).toBeLessThan(-3.5);
  });

  it('does not flag the seasonal peaks themselves', () => {
    expect(detectAnomalies(seasonalSeries(36)).anomalies).toEqual([]);
  });

  it('works from 12 points (trend only) and finds a planted spike on the last point', () => {
    const series = Array.from({ length: 12 }, (_, i) => 500 + 20 * i + 5 * noise(i) * 100);
    series[11] = 1_400;
    const report = detectAnomalies(series);
    expect(report.seasonal).toBe(false);
    expect(report.anomalies).toEqual([11]);
  });

  it('says nothing with fewer than 12 points', () => {
    expect(detectAnomalies([1, 2, 3, 100]).anomalies).toEqual([]);
  });

  it('handles a flat series with one outlier (MAD of zero)', () => {
    const series = Array.from({ length: 12 }, () => 0);
    series[5] = 7;
    expect(detectAnomalies(series).anomalies).toEqual([5]);
  });
});
