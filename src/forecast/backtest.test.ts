import { describe, expect, it } from 'vitest';
import { backtestOrigins, runBacktest, summarize } from './backtest.ts';
import { gaussianForecast, type Forecaster } from './model.ts';

/** Knows the series' rule y = 2t: forecasts it exactly with ±1 intervals. */
const ORACLE: Forecaster = {
  id: 'oracle',
  label: 'Oracle',
  minLength: () => 1,
  forecast: (y, h) =>
    gaussianForecast(
      Array.from({ length: h }, (_, i) => 2 * (y.length + i)),
      Array.from({ length: h }, () => 1),
    ),
};
/** Always one too high. */
const HIGH: Forecaster = {
  ...ORACLE,
  id: 'high',
  forecast: (y, h) => {
    const f = ORACLE.forecast(y, h, { seasonLength: 1 });
    return gaussianForecast(
      f.mean.map((v) => v + 1),
      f.mean.map(() => 0.1),
    );
  },
};
/** Fails on short training data. */
const PICKY: Forecaster = {
  ...ORACLE,
  id: 'picky',
  forecast: (y, h, o) => {
    if (y.length < 8) throw new Error('too short');
    return ORACLE.forecast(y, h, o);
  },
};

const y = Array.from({ length: 12 }, (_, t) => 2 * t);

describe('rolling-origin backtest', () => {
  it('uses the most recent origins, each forecasting what is left up to the horizon', () => {
    expect(
      backtestOrigins(12, { horizon: 3, seasonLength: 1, minTrain: 6, maxOrigins: 4 }),
    ).toEqual([8, 9, 10, 11]);
    expect(backtestOrigins(12, { horizon: 3, seasonLength: 1, minTrain: 10 })).toEqual([10, 11]);
    const run = runBacktest(y, [ORACLE], { horizon: 3, seasonLength: 1, minTrain: 9 });
    expect(run.forecasts.get('oracle')!.map((f) => f!.mean.length)).toEqual([3, 2, 1]);
  });

  it('summarizes errors per model and per step, hand-checked', () => {
    const run = runBacktest(y, [ORACLE, HIGH], { horizon: 2, seasonLength: 1, minTrain: 9 });
    const oracle = summarize(y, run.origins, run.forecasts.get('oracle')!, 1, ORACLE, null);
    expect(oracle).toMatchObject({
      mase: 0,
      smape: 0,
      mae: 0,
      coverage80: 1,
      coverage95: 1,
      origins: 3,
    });
    const high = summarize(y, run.origins, run.forecasts.get('high')!, 1, HIGH, null);
    // Every error is 1; the naive scale of y = 2t is 2.
    expect(high.mae).toBe(1);
    expect(high.mase).toBe(0.5);
    expect(high.coverage95).toBe(0);
    expect(high.byStep.map((s) => [s.step, s.n])).toEqual([
      [1, 3],
      [2, 2],
    ]);
  });

  it('records a model failing at an origin, with the reason', () => {
    const run = runBacktest(y, [PICKY], { horizon: 1, seasonLength: 1, minTrain: 6 });
    expect(run.failures.get('picky')).toMatch(/no forecast from 6 observations: too short/);
    const summary = summarize(
      y,
      run.origins,
      run.forecasts.get('picky')!,
      1,
      PICKY,
      run.failures.get('picky')!,
    );
    expect(summary.mase).toBeNull();
  });
});
