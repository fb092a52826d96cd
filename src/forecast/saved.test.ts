import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import type { SeriesForecast } from './pipeline.ts';
import { compareWithActuals, saveForecast, savedForecastOf, savedForecasts } from './saved.ts';

const row = (period: string, value: number, spread: number) => ({
  period,
  value,
  lo80: value - spread,
  hi80: value + spread,
  lo95: value - 2 * spread,
  hi95: value + 2 * spread,
  expected_error: null,
});

const result = {
  model: 'ets',
  model_label: 'AutoETS',
  history: { first: '2023-01', last: '2024-03', points: 15 },
  forecast: [row('2024-04', 1_000, 50), row('2024-05', 1_100, 50), row('2024-06', 1_200, 50)],
} as unknown as SeriesForecast;

let store: Store;
beforeAll(async () => {
  store = await openDuckDbStore(':memory:');
});
afterAll(async () => {
  await store.close();
});

describe('forecast versus actual', () => {
  it('saves with its date and lists per metric, oldest first', async () => {
    const later = savedForecastOf('mrr', 'USD', result, new Date('2024-04-02T09:00:00Z'));
    const earlier = savedForecastOf('mrr', 'USD', result, new Date('2024-04-01T09:00:00Z'));
    await saveForecast(store, 'w', later);
    await saveForecast(store, 'w', earlier);
    await saveForecast(store, 'w', savedForecastOf('arr', 'USD', result));
    const mrr = await savedForecasts(store, 'w', 'mrr');
    expect(mrr.map((f) => f.created_at)).toEqual([
      '2024-04-01T09:00:00.000Z',
      '2024-04-02T09:00:00.000Z',
    ]);
    expect(mrr[0]!.history_last).toBe('2024-03');
    expect(mrr[0]!.forecast[0]).toEqual({
      period: '2024-04',
      value: 1_000,
      lo80: 950,
      hi80: 1_050,
      lo95: 900,
      hi95: 1_100,
    });
  });

  it('errors per month by hand: actuals 1,040 and 1,000, June not known yet', () => {
    const saved = savedForecastOf('mrr', 'USD', result, new Date('2024-04-01T09:00:00Z'));
    const [cmp] = compareWithActuals([saved], {
      periods: ['2024-03', '2024-04', '2024-05'],
      values: [950, 1_040, 1_000],
    });
    expect(cmp!.rows.map((r) => [r.period, r.actual, r.error, r.inside80, r.inside95])).toEqual([
      ['2024-04', 1_040, 40, true, true],
      ['2024-05', 1_000, -100, false, true],
      ['2024-06', null, null, null, null],
    ]);
    expect(cmp!.rows[1]!.abs_pct_error).toBeCloseTo(0.1, 12);
    expect(cmp!.summary.months).toBe(2);
    expect(cmp!.summary.mae).toBeCloseTo(70, 12);
    expect(cmp!.summary.bias).toBeCloseTo(-30, 12);
    expect(cmp!.summary.mape).toBeCloseTo((40 / 1_040 + 0.1) / 2, 12);
    expect(cmp!.summary.coverage80).toBe(0.5);
    expect(cmp!.summary.coverage95).toBe(1);
  });
});
