import { cohortRecords, type CohortRecord } from './report.ts';
import { queryMetrics, type MetricQuery } from './query.ts';
import type { Store } from '../store/store.ts';

export interface CohortTable {
  readonly currency: string;
  readonly cohorts: CohortRecord[];
}

export type CohortQuery = Omit<
  MetricQuery,
  'metrics' | 'preset' | 'interval' | 'by' | 'compare' | 'movements'
>;

/**
 * The monthly cohorts by first payment (`northstar cohorts`, `/cohorts` and its downloads,
 * the retention fit): the MRR computation's own cohorts, from the month `from` names on.
 * Every computation of MRR counts its cohorts, so none keeps the workspace's movements for
 * them (at a million customers, 4.3M movement records the table never read), and a query
 * the kept results answer reads them from there.
 */
export async function cohortTable(store: Store, query: CohortQuery): Promise<CohortTable> {
  const answer = await queryMetrics(store, { ...query, interval: 'month', metrics: ['mrr'] });
  const { mrr } = answer.facts;
  const from = answer.range.from;
  const cohorts = cohortRecords(mrr.cohorts, mrr.currency).filter(
    (c) => !from || c.cohort >= from.slice(0, 7),
  );
  return { currency: mrr.currency, cohorts };
}
