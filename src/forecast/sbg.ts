import { nelderMead } from './optimize.ts';

/**
 * The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007,
 * "How to project customer retention", J. Interactive Marketing 21(1)). Each customer churns
 * at the end of any period with a constant probability θ; θ varies across customers as
 * Beta(α, β). Retention then rises with tenure, as real cohorts show, because the customers
 * likely to churn leave first.
 */
export interface SbgParams {
  readonly alpha: number;
  readonly beta: number;
}

/** P(T = t) for t = 1..T: the probability of churning at the end of period t (eq. 7 recursion). */
export function churnProbabilities({ alpha, beta }: SbgParams, periods: number): number[] {
  const p: number[] = [];
  for (let t = 1; t <= periods; t++)
    p.push(
      t === 1 ? alpha / (alpha + beta) : (p[t - 2]! * (beta + t - 2)) / (alpha + beta + t - 1),
    );
  return p;
}

/** S(t) for t = 0..T: the share of a cohort still a customer after t periods. */
export function survival(params: SbgParams, periods: number): number[] {
  const s = [1];
  churnProbabilities(params, periods).forEach((p, t) => s.push(s[t]! - p));
  return s;
}

/** r(t) = S(t)/S(t−1) = (β + t − 1)/(α + β + t − 1): the retention rate of period t ≥ 1. */
export function retentionRate({ alpha, beta }: SbgParams, t: number): number {
  return (beta + t - 1) / (alpha + beta + t - 1);
}

/**
 * Log-likelihood of cohorts' alive counts (each from period 0): customers lost in period t
 * contribute log P(T = t), those still alive at a cohort's last period log S(T) (censored).
 */
export function logLikelihood(params: SbgParams, cohorts: readonly (readonly number[])[]): number {
  const longest = Math.max(...cohorts.map((c) => c.length - 1));
  const p = churnProbabilities(params, longest);
  const s = survival(params, longest);
  let ll = 0;
  for (const alive of cohorts) {
    for (let t = 1; t < alive.length; t++) {
      const lost = alive[t - 1]! - alive[t]!;
      if (lost > 0) ll += lost * Math.log(p[t - 1]!);
    }
    const last = alive.length - 1;
    if (alive[last]! > 0) ll += alive[last]! * Math.log(s[last]!);
  }
  return ll;
}

const LOG_PARAM_MAX = Math.log(1e6);

/** True when α and β reached the search cap: customers look alike, churn is geometric. */
export function isGeometricLimit({ alpha, beta }: SbgParams): boolean {
  return alpha + beta > 1e5;
}

export interface SbgFit extends SbgParams {
  readonly logLikelihood: number;
  /** Periods of churn the fit saw (the longest cohort's length − 1). */
  readonly periods: number;
}

/**
 * Maximum-likelihood α and β. The search runs on log α and log β, which keeps both positive
 * without constraints; Nelder–Mead needs no gradients of the beta functions.
 */
export function fitSbg(cohorts: readonly (readonly number[])[]): SbgFit {
  const usable = cohorts.filter((c) => c.length >= 2 && c[0]! > 0);
  if (usable.length === 0) throw new Error('fitSbg: no cohort with two or more periods');
  for (const alive of usable)
    for (let t = 1; t < alive.length; t++)
      if (alive[t]! > alive[t - 1]! || alive[t]! < 0)
        throw new Error(
          `fitSbg: alive counts must not rise (period ${t}: ${alive[t]} after ${alive[t - 1]})`,
        );
  // Cohorts without heterogeneity push α and β towards infinity (the geometric limit);
  // capping the search keeps the numbers finite while θ = α/(α+β) stays right.
  const param = (x: number) => Math.exp(Math.min(x, LOG_PARAM_MAX));
  const objective = ([a, b]: readonly number[]) => {
    const value = -logLikelihood({ alpha: param(a!), beta: param(b!) }, usable);
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };
  const [a, b] = nelderMead(objective, [0, 0], { tolerance: 1e-15 });
  const params = { alpha: param(a!), beta: param(b!) };
  return {
    ...params,
    logLikelihood: logLikelihood(params, usable),
    periods: Math.max(...usable.map((c) => c.length - 1)),
  };
}
