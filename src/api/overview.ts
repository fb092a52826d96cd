/**
 * What the dashboard's overview asks for by default, shared by the web app (which renders
 * it) and the server (which warms its answer in the background after a write, so the first
 * dashboard load after an import is served from the cache). No imports: the web build
 * reads this file too.
 */

/** The KPI cards of the "Essentials" preset (the default). */
export const OVERVIEW_KPIS: readonly string[] = [
  'mrr',
  'arr',
  'net_new_mrr',
  'customers',
  'arpa',
  'customer_churn_rate',
  'gross_mrr_churn_rate',
  'nrr',
  'quick_ratio',
];

/**
 * The series of the MRR movements chart: the stacked movements and the net new MRR line
 * (asked for here, not through a preset's cards, so the line never vanishes).
 */
export const MOVEMENT_METRICS: readonly string[] = [
  'new_mrr',
  'expansion_mrr',
  'reactivation_mrr',
  'contraction_mrr',
  'churned_mrr',
  'net_new_mrr',
];

/** What a card shows beside its value: the answers behind a survey score. */
export const CARD_COMPANIONS: Readonly<Record<string, string>> = {
  nps: 'nps_responses',
  csat: 'csat_responses',
  nps_90d: 'nps_90d_responses',
  csat_90d: 'csat_90d_responses',
};

/** Metric ids of the overview's `/metrics` request, in the order the dashboard sends them. */
export function overviewMetricIds(kpis: readonly string[] = OVERVIEW_KPIS): string[] {
  const companions = kpis.flatMap((id) => CARD_COMPANIONS[id] ?? []);
  return [...new Set([...kpis, ...companions, ...MOVEMENT_METRICS])];
}
