import { describe, expect, it } from 'vitest';
import { forecastBatch } from './batch.ts';
import { forecastSeries } from './pipeline.ts';
import { monthsAfter } from './series.ts';

function item(k: number) {
  const values = Array.from({ length: 24 + k }, (_, t) => 100 + k * t + ((t * 7 + k) % 5));
  return {
    name: `s${k}`,
    series: { periods: ['2020-01', ...monthsAfter('2020-01', values.length - 1)], values },
  };
}

describe('batch forecasts', () => {
  it('gives each series the forecast it gets alone, in order, from worker threads', async () => {
    const items = Array.from({ length: 16 }, (_, k) => item(k));
    const results = await forecastBatch(items, { horizon: 3 }, 2);
    expect(results).toHaveLength(16);
    results.forEach((result, k) =>
      expect(result).toEqual(forecastSeries(items[k]!.series, { horizon: 3 })),
    );
  }, 120_000);

  it('names the series it cannot forecast', async () => {
    const short = { name: 'tiny', series: { periods: ['2020-01', '2020-02'], values: [1, 2] } };
    await expect(forecastBatch([item(1), short], { horizon: 3 }, 1)).rejects.toThrow(
      /series "tiny": a forecast needs at least 8 months/,
    );
  });
});
