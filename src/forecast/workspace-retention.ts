import { DataError } from '../model/errors.ts';
import { monotoneAlive, projectExisting, type CohortState } from './cohort.ts';
import { derl } from './derl.ts';
import { fitSbg, isGeometricLimit, type SbgFit } from './sbg.ts';
import { monthsAfter } from './series.ts';

/** One monthly cohort as the metrics layer reports it (complete months only). */
export interface CohortHistory {
  readonly cohort: string;
  readonly months: readonly { readonly customers: number; readonly mrr: number }[];
}

export interface WorkspaceRetention {
  readonly source: 'workspace';
  readonly model: 'sBG';
  readonly currency: string;
  readonly alpha: number;
  readonly beta: number;
  readonly log_likelihood: number;
  readonly geometric_limit: boolean;
  readonly cohorts: number;
  readonly period: 'month';
  readonly discount_rate: number;
  readonly discount_rate_per_period: number;
  readonly derl: number;
  readonly predictive_ltv: number | null;
  readonly existing: { readonly customers: number; readonly mrr: number };
  readonly projection: readonly { period: string; customers: number; mrr: number }[];
}

/**
 * The workspace's monthly cohorts pooled into one sBG fit (Fader & Hardie 2007); today's
 * customers and MRR carried along the fitted curve without new business; the DERL of a new
 * customer at `annualDiscountRate` and the predictive LTV (today's ARPA over the first
 * month plus the discounted renewals, before gross margin). `fit` and `arpa` come beside
 * the summary for callers that print more of them.
 */
export function workspaceRetention(
  records: readonly CohortHistory[],
  currency: string,
  horizon: number,
  annualDiscountRate: number,
): { summary: WorkspaceRetention; fit: SbgFit; arpa: number | null } {
  const rate = (1 + annualDiscountRate) ** (1 / 12) - 1;
  const cohorts = records.map((c) => monotoneAlive(c.months.map((m) => m.customers)));
  if (cohorts.every((c) => c.length < 2 || c[0]! <= 0))
    throw new DataError('the workspace has no cohort with two complete months yet: nothing to fit');
  const fit = fitSbg(cohorts);
  const states: CohortState[] = records.map((c) => {
    const last = c.months.at(-1)!;
    return { age: c.months.length - 1, customers: last.customers, mrr: last.mrr };
  });
  const lastMonth = records
    .map((c) => c.cohort)
    .sort()
    .at(-1)!;
  const months = monthsAfter(lastMonth, horizon);
  const projection = projectExisting(fit, states, horizon).map((p, i) => ({
    period: months[i]!,
    customers: p.customers,
    mrr: p.mrr,
  }));
  const existing = states.reduce(
    (s, c) => ({ customers: s.customers + c.customers, mrr: s.mrr + c.mrr }),
    { customers: 0, mrr: 0 },
  );
  const arpa = existing.customers === 0 ? null : existing.mrr / existing.customers;
  const newCustomerDerl = derl(fit, rate, 0);
  const summary: WorkspaceRetention = {
    source: 'workspace',
    model: 'sBG',
    currency,
    alpha: fit.alpha,
    beta: fit.beta,
    log_likelihood: fit.logLikelihood,
    geometric_limit: isGeometricLimit(fit),
    cohorts: cohorts.length,
    period: 'month',
    discount_rate: annualDiscountRate,
    discount_rate_per_period: rate,
    derl: newCustomerDerl,
    predictive_ltv: arpa === null ? null : arpa * (1 + newCustomerDerl / (1 + rate)),
    existing,
    projection,
  };
  return { summary, fit, arpa };
}
