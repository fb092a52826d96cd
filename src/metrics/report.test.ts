/** The report's running period: labelled partial, compared with nothing (issue 14). */
import { describe, expect, it } from 'vitest';
import { computeMrr } from '../engine/mrr.ts';
import { mrrInputsFromRows } from '../engine/rows-to-inputs.ts';
import { d, subscription } from '../engine/test-rows.ts';
import { DEFAULT_SETTINGS } from '../model/workspace.ts';
import { metricsReport, selectMetrics } from './report.ts';

const settings = { ...DEFAULT_SETTINGS, currency: 'USD' };
const mrrUpTo = (lastDay: string) =>
  computeMrr(mrrInputsFromRows([subscription('a', 1000, '2024-01-01')]), {
    interval: 'month',
    mode: 'event',
    lastDay: d(lastDay),
    settings,
  });
const metrics = selectMetrics(['mrr', 'net_new_mrr']);

describe('partial periods', () => {
  it('marks the month running past today as partial, through today, without comparisons', () => {
    const report = metricsReport(
      mrrUpTo('2024-03-06'),
      metrics,
      { to: '2024-03-06' },
      {
        comparisons: true,
        today: '2024-03-06',
      },
    );
    const [jan, feb, mar] = report.periods;
    expect(mar).toMatchObject({ period: '2024-03', partial: true, through: '2024-03-06' });
    expect(mar!.comparisons!.mrr).toMatchObject({ value: 10, previous: null, change: null });
    expect(mar!.comparisons!.net_new_mrr!.good).toBeNull();
    expect(feb).not.toHaveProperty('partial');
    expect(feb!.comparisons!.mrr!.previous).toBe(jan!.metrics.mrr);
  });

  it('a month that ends on the last day counted is complete', () => {
    const report = metricsReport(
      mrrUpTo('2024-03-31'),
      metrics,
      { to: '2024-03-31' },
      {
        today: '2024-03-31',
      },
    );
    expect(report.periods.at(-1)).not.toHaveProperty('partial');
  });

  it('a range that ends after today still marks the running month', () => {
    const report = metricsReport(
      mrrUpTo('2024-03-31'),
      metrics,
      { to: '2024-03-31' },
      {
        today: '2024-03-10',
      },
    );
    expect(report.periods.at(-1)).toMatchObject({ partial: true, through: '2024-03-10' });
  });
});
