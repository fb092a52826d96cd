import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../model/day.ts';
import { metricById } from './registry.ts';
import { applicable, BENCHMARKS, isStale, placeAgainst } from './benchmarks.ts';
import { OVERVIEW_KPIS } from '../api/overview.ts';

describe('benchmarks', () => {
  it('cites a source with publisher, title and year for every figure of a known metric', () => {
    for (const b of BENCHMARKS) {
      expect(metricById(b.metric), b.metric).toBeDefined();
      expect(b.source.publisher.length).toBeGreaterThan(3);
      expect(b.source.title.length).toBeGreaterThan(3);
      expect(b.source.year).toBeGreaterThan(2000);
    }
    const metrics = new Set(BENCHMARKS.map((b) => b.metric));
    for (const m of [
      'customer_churn_rate',
      'nrr_t12m',
      'grr_t12m',
      'arr_growth_rate_yoy',
      'cac_payback_months',
      'rule_of_40',
    ])
      expect(metrics).toContain(m);
  });

  it('places a value below, around or above a figure, or by percentile', () => {
    const median = BENCHMARKS.find(
      (b) => b.metric === 'customer_churn_rate' && b.median === 0.019,
    )!;
    expect(placeAgainst(median, 0.019)).toBe('around the median (within 5%)');
    expect(placeAgainst(median, 0.0199)).toBe('around the median (within 5%)');
    expect(placeAgainst(median, 0.05)).toBe('above the median (by more than 5%)');
    // 91.4% against a 100% median is below it, not "around" it (issue 14).
    const nrr = BENCHMARKS.find((b) => b.metric === 'nrr_t12m' && b.median === 1.0)!;
    expect(placeAgainst(nrr, 0.914)).toBe('below the median (by more than 5%)');
    const growth = BENCHMARKS.find((b) => b.p25 === 0.35)!;
    expect(placeAgainst(growth, 0.5)).toBe('between the 25th and 75th percentiles');
    expect(placeAgainst(growth, 0.2)).toBe('below the 25th percentile');
    const rule = BENCHMARKS.find((b) => b.metric === 'rule_of_40')!;
    expect(placeAgainst(rule, 41)).toBe('at or above');
  });

  it('picks the band of the workspace scale', () => {
    const small = applicable(BENCHMARKS, { arpa: 5, arr: 2_000_000 });
    expect(small.filter((b) => b.metric === 'customer_churn_rate').map((b) => b.median)).toEqual([
      0.068,
    ]);
    expect(small.find((b) => b.metric === 'nrr_t12m')!.median).toBe(1.0);
    // The retention survey covers ARR ≥ $1M: the demo's $512K is not compared with it.
    const demo = applicable(BENCHMARKS, { arpa: 229, arr: 512_000 });
    expect(demo.filter((b) => b.metric === 'nrr_t12m' || b.metric === 'grr_t12m')).toEqual([]);
    const large = applicable(BENCHMARKS, { arpa: 30_000, arr: 60_000_000 });
    expect(large.find((b) => b.metric === 'nrr_t12m')!.median).toBe(1.1);
  });

  it('gives the essentials cards a figure at the demo scale (ARR $512K, ARPA $229)', () => {
    const demo = applicable(BENCHMARKS, { arpa: 229, arr: 512_000 });
    const gross = demo.filter((b) => b.metric === 'gross_mrr_churn_rate');
    // More than $10,000 of MRR: ChartMogul's 4–5%, not the 8–9% of smaller businesses.
    expect(gross.map((b) => [b.low, b.high])).toEqual([[0.04, 0.05]]);
    expect(placeAgainst(gross[0]!, 0.031)).toBe('below the range');
    expect(placeAgainst(gross[0]!, 0.045)).toBe('within the range');
    expect(placeAgainst(gross[0]!, 0.06)).toBe('above the range');
    const small = applicable(BENCHMARKS, { arpa: 50, arr: 60_000 });
    expect(
      small.filter((b) => b.metric === 'gross_mrr_churn_rate').map((b) => [b.low, b.high]),
    ).toEqual([[0.08, 0.09]]);
    const quick = demo.find((b) => b.metric === 'quick_ratio')!;
    expect(placeAgainst(quick, 4)).toBe('at or above');
    expect(placeAgainst(quick, 2.5)).toBe('below');
    // Between the ARPA bands of the churn study: the help page's 3–7% for SaaS in general.
    const churn = demo.filter((b) => b.metric === 'customer_churn_rate');
    expect(churn.map((b) => [b.low, b.high])).toEqual([[0.03, 0.07]]);
    const essentials = new Set(OVERVIEW_KPIS);
    expect(new Set(demo.filter((b) => essentials.has(b.metric)).map((b) => b.metric))).toEqual(
      new Set(['customer_churn_rate', 'gross_mrr_churn_rate', 'quick_ratio']),
    );
  });

  it('warns about sources older than 24 months', () => {
    const today = parseIsoDay('2026-11-25')!;
    expect(isStale({ publisher: 'x', title: 'y', year: 2023, url: '' }, today)).toBe(true);
    expect(isStale({ publisher: 'x', title: 'y', year: 2025, url: '' }, today)).toBe(false);
  });
});
