import { addMonths, dayFromParts, type Day } from '../model/day.ts';
import { formatPercentIn, translate, type Params, type ServerMessageKey } from '../i18n/index.ts';

/**
 * Built-in industry benchmarks, each with its source. Only published figures are listed,
 * stated as the source states them (median, average, range or threshold); none is
 * interpolated. Sources age: a figure older than 24 months carries a warning.
 */

export interface BenchmarkSource {
  readonly publisher: string;
  readonly title: string;
  readonly year: number;
  /** Given only where the address was checked. */
  readonly url?: string;
}

/** Who a figure applies to, by the workspace's own scale (major units of USD). */
export interface BenchmarkScope {
  /** ARPA per month. */
  readonly arpa?: readonly [number, number];
  /** Annual contract value (ARPA × 12). */
  readonly acv?: readonly [number, number];
  readonly arr?: readonly [number, number];
}

export interface Benchmark {
  readonly metric: string;
  /** The group the figure describes, in words. */
  readonly group: string;
  /** Exactly what the number is. */
  readonly measure: string;
  readonly median?: number;
  readonly average?: number;
  /** Interquartile range (25th to 75th percentile) where the source gives it. */
  readonly p25?: number;
  readonly p75?: number;
  /** A recommended range, or a threshold (`low` alone). */
  readonly low?: number;
  readonly high?: number;
  readonly scope?: BenchmarkScope;
  readonly source: BenchmarkSource;
}

const CHARTMOGUL: BenchmarkSource = {
  publisher: 'ChartMogul (Sid Jain), published by TechCrunch',
  title: 'Study up on churn rate basics to set customer and revenue benchmarks',
  year: 2022,
};
// ChartMogul's help pages carry no date; they are counted from 2022, the year of the
// churn study they summarize, so their figures are marked as older than 24 months.
const CHARTMOGUL_HELP_GROSS: BenchmarkSource = {
  publisher: 'ChartMogul Help Center',
  title: 'Chart: Gross MRR Churn Rate',
  year: 2022,
  url: 'https://help.chartmogul.com/hc/en-us/articles/204898491',
};
const CHARTMOGUL_HELP_CUSTOMERS: BenchmarkSource = {
  publisher: 'ChartMogul Help Center',
  title: 'Chart: Customer Churn Rate',
  year: 2022,
  url: 'https://help.chartmogul.com/hc/en-us/articles/203359321-Chart-Customer-Churn-Rate',
};
const HAMID: BenchmarkSource = {
  publisher: 'InsightSquared, interview with Mamoon Hamid (Social+Capital)',
  title: 'Measuring the SaaS Revolution with Mamoon Hamid',
  year: 2015,
  url: 'https://www.insightsquared.com/blog/measuring-the-saas-revolution-with-mamoon-hamid/',
};
const SAAS_CAPITAL: BenchmarkSource = {
  publisher: 'SaaS Capital',
  title: '2023 B2B SaaS Retention Benchmarks (research brief, 12th annual survey)',
  year: 2023,
};
const BESSEMER_100M: BenchmarkSource = {
  publisher: 'Bessemer Venture Partners',
  title: 'Scaling to $100 Million',
  year: 2021,
  url: 'https://www.bvp.com/atlas/scaling-to-100-million',
};
const KBCM: BenchmarkSource = {
  publisher: 'KeyBanc Capital Markets (KBCM Technology Group)',
  title: '2019 Private SaaS Company Survey (10th annual)',
  year: 2019,
};
const BESSEMER_LAW6: BenchmarkSource = {
  publisher: 'Bessemer Venture Partners (David Cowan)',
  title: 'Bessemer Cloud Computing Law #6: Build the Revenue Engine',
  year: 2012,
  url: 'http://www.bvp.com/blog/bessemer-cloud-computing-law-6-build-revenue-engine',
};
const FELD: BenchmarkSource = {
  publisher: 'Brad Feld, Feld Thoughts',
  title: 'The Rule of 40% For a Healthy SaaS Company',
  year: 2015,
};

const acvBand = (low: number, high: number, nrr: number, grr: number): Benchmark[] => {
  const group = `B2B SaaS companies with ARR ≥ $1M, ACV ${high === Infinity ? `over $${low / 1000}k` : low === 0 ? `under $${high / 1000}k` : `$${low / 1000}k–$${high / 1000}k`}`;
  return [
    {
      metric: 'nrr_t12m',
      group,
      measure: 'median annual net revenue retention',
      median: nrr,
      // The survey's group is ARR ≥ $1M: a smaller workspace is not compared with it.
      scope: { acv: [low, high], arr: [1_000_000, Infinity] },
      source: SAAS_CAPITAL,
    },
    {
      metric: 'grr_t12m',
      group,
      measure: 'median annual gross revenue retention',
      median: grr,
      scope: { acv: [low, high], arr: [1_000_000, Infinity] },
      source: SAAS_CAPITAL,
    },
  ];
};

export const BENCHMARKS: readonly Benchmark[] = [
  {
    metric: 'customer_churn_rate',
    group: 'SaaS businesses with ARPA under $10 a month',
    measure: 'median monthly customer (logo) churn rate',
    median: 0.068,
    scope: { arpa: [0, 10] },
    source: CHARTMOGUL,
  },
  {
    metric: 'customer_churn_rate',
    group: 'SaaS businesses with ARPA over $500 a month',
    measure: 'median monthly customer (logo) churn rate',
    median: 0.019,
    scope: { arpa: [500, Infinity] },
    source: CHARTMOGUL,
  },
  {
    metric: 'customer_churn_rate',
    // The page's range for SaaS in general; its own ARPA bands (the two figures above)
    // are used where they apply.
    group: 'SaaS businesses (ARPA between $10 and $500 a month)',
    measure: 'typical monthly customer churn rate of SaaS businesses',
    low: 0.03,
    high: 0.07,
    scope: { arpa: [10, 500] },
    source: CHARTMOGUL_HELP_CUSTOMERS,
  },
  {
    metric: 'gross_mrr_churn_rate',
    group: 'SaaS businesses with less than $10,000 of MRR',
    measure: 'typical monthly gross MRR churn rate (churn and contraction ÷ MRR at the start)',
    low: 0.08,
    high: 0.09,
    scope: { arr: [0, 120_000] },
    source: CHARTMOGUL_HELP_GROSS,
  },
  {
    metric: 'gross_mrr_churn_rate',
    group: 'SaaS businesses with more than $10,000 of MRR',
    measure: 'typical monthly gross MRR churn rate (churn and contraction ÷ MRR at the start)',
    low: 0.04,
    high: 0.05,
    scope: { arr: [120_000, Infinity] },
    source: CHARTMOGUL_HELP_GROSS,
  },
  {
    metric: 'quick_ratio',
    group: 'SaaS companies an early-stage investor backs',
    measure:
      'threshold: (new + expansion MRR) ÷ (churned + contraction MRR) of 4 or more, the bar Social+Capital set for its SaaS investments',
    low: 4,
    source: HAMID,
  },
  ...acvBand(0, 12_000, 1.0, 0.9),
  ...acvBand(12_000, 25_000, 1.02, 0.9),
  ...acvBand(25_000, 50_000, 1.03, 0.92),
  ...acvBand(50_000, 100_000, 1.05, 0.93),
  ...acvBand(100_000, 250_000, 1.07, 0.93),
  ...acvBand(250_000, Infinity, 1.1, 0.93),
  {
    metric: 'arr_growth_rate_yoy',
    group: 'Bessemer cloud portfolio companies with $1–10M ARR',
    measure: 'year-over-year ARR growth: average (about 200%) and middle 50% of companies',
    average: 2.0,
    p25: 1.0,
    p75: 2.3,
    scope: { arr: [1_000_000, 10_000_000] },
    source: BESSEMER_100M,
  },
  {
    metric: 'arr_growth_rate_yoy',
    group: 'Bessemer cloud portfolio companies with $50M+ ARR',
    measure: 'year-over-year ARR growth: average and middle 50% of companies',
    average: 0.6,
    p25: 0.35,
    p75: 0.8,
    scope: { arr: [50_000_000, Infinity] },
    source: BESSEMER_100M,
  },
  {
    metric: 'arr_growth_rate_yoy',
    group: 'Private SaaS companies surveyed (all sizes; 2018 growth)',
    measure: 'median organic ARR growth',
    median: 0.4,
    source: KBCM,
  },
  {
    metric: 'arr_growth_rate_yoy',
    group: 'Private SaaS companies surveyed with ARR over $25M (2018 growth)',
    measure: 'median organic ARR growth',
    median: 0.35,
    scope: { arr: [25_000_000, Infinity] },
    source: KBCM,
  },
  {
    metric: 'cac_payback_months',
    group: 'SaaS selling to SMB customers',
    measure:
      'CAC payback typically needed, in months (under 6: invest more; over 36: cause for concern)',
    low: 6,
    high: 18,
    scope: { acv: [0, 25_000] },
    source: BESSEMER_LAW6,
  },
  {
    metric: 'cac_payback_months',
    group: 'Enterprise SaaS with high upsell and long retention',
    measure: 'CAC payback that can be sustained, in months (over 36: cause for concern)',
    low: 24,
    high: 36,
    scope: { acv: [100_000, Infinity] },
    source: BESSEMER_LAW6,
  },
  {
    metric: 'rule_of_40',
    group: 'SaaS companies',
    measure: 'threshold: growth rate + profit margin of 40 percentage points or more',
    low: 40,
    source: FELD,
  },
];

/**
 * How close to a median or average counts as "around" it: within 5% of the figure. Survey
 * medians carry no finer meaning, and a wider band would call 91% "around" a 100% median.
 */
export const AROUND_TOLERANCE = 0.05;

/**
 * Where a value stands against a benchmark, in words of the locale's language (the
 * tolerance stated with it).
 */
export function placeAgainst(b: Benchmark, value: number, locale = 'en'): string {
  const say = (key: ServerMessageKey, params: Params = {}) => translate(locale, key, params);
  if (b.p25 !== undefined && b.p75 !== undefined) {
    if (value < b.p25) return say('benchmark.belowP25');
    if (value > b.p75) return say('benchmark.aboveP75');
    return say('benchmark.betweenP25P75');
  }
  if (b.low !== undefined && b.high === undefined)
    return say(value >= b.low ? 'benchmark.atOrAbove' : 'benchmark.below');
  if (b.low !== undefined && b.high !== undefined) {
    if (value < b.low) return say('benchmark.belowRange');
    if (value > b.high) return say('benchmark.aboveRange');
    return say('benchmark.withinRange');
  }
  const reference = b.median ?? b.average!;
  const figure = b.median !== undefined ? 'Median' : 'Average';
  const tolerance = { tolerance: formatPercentIn(locale, AROUND_TOLERANCE, 0) };
  if (Math.abs(value - reference) <= Math.abs(reference) * AROUND_TOLERANCE)
    return say(`benchmark.around${figure}`, tolerance);
  return say(`benchmark.${value < reference ? 'below' : 'above'}${figure}`, tolerance);
}

/** The benchmark figures a workspace of this scale compares with (unscoped ones always). */
export function applicable(
  benchmarks: readonly Benchmark[],
  scale: { arpa: number | null; arr: number | null },
): Benchmark[] {
  const inside = (range: readonly [number, number] | undefined, v: number | null) =>
    range === undefined || (v !== null && v >= range[0] && v < range[1]);
  return benchmarks.filter(
    (b) =>
      inside(b.scope?.arpa, scale.arpa) &&
      inside(b.scope?.acv, scale.arpa === null ? null : scale.arpa * 12) &&
      inside(b.scope?.arr, scale.arr),
  );
}

/** Sources published more than 24 months before `today` (judged from the end of their year). */
export function isStale(source: BenchmarkSource, today: Day): boolean {
  return dayFromParts(source.year, 12, 31) < addMonths(today, -24);
}
