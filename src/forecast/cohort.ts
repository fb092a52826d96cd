import type { SbgParams } from './sbg.ts';

/** One acquisition cohort as the projection needs it. */
export interface CohortState {
  /** Periods since the cohort's first payment (0 = the month it started). */
  readonly age: number;
  /** Its customers still paying now. */
  readonly customers: number;
  /** Its MRR now. */
  readonly mrr: number;
}

/**
 * Conditional survival S(age+h)/S(age) under sBG, as a product of period retention rates:
 * a cohort that has already lost its most churn-prone customers keeps more of the rest.
 */
export function conditionalSurvival({ alpha, beta }: SbgParams, age: number, h: number): number {
  let s = 1;
  for (let t = age + 1; t <= age + h; t++) s *= (beta + t - 1) / (alpha + beta + t - 1);
  return s;
}

export interface ExistingProjection {
  /** Months ahead, 1..horizon. */
  readonly step: number;
  readonly customers: number;
  readonly mrr: number;
}

/**
 * Today's customers and MRR carried forward along the fitted retention curve, each cohort
 * from its own age. Revenue per surviving customer is held at today's level: expansion and
 * contraction are left to the time-series forecasts and to scenarios.
 */
export function projectExisting(
  params: SbgParams,
  cohorts: readonly CohortState[],
  horizon: number,
): ExistingProjection[] {
  return Array.from({ length: horizon }, (_, i) => {
    const step = i + 1;
    let customers = 0;
    let mrr = 0;
    for (const c of cohorts) {
      const s = conditionalSurvival(params, c.age, step);
      customers += c.customers * s;
      mrr += c.mrr * s;
    }
    return { step, customers, mrr };
  });
}

/** Alive counts of a cohort that cannot rise: a returning customer is not a new survivor. */
export function monotoneAlive(counts: readonly number[]): number[] {
  const out: number[] = [];
  for (const c of counts) out.push(out.length === 0 ? c : Math.min(out[out.length - 1]!, c));
  return out;
}
