/**
 * Metrics with a drill-down (the customers and rows behind a period's value). Its own file,
 * with no imports, so the dashboard can read the list without the engine.
 */
export const CONTRIBUTOR_METRICS = [
  'mrr',
  'customers',
  'new_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'reactivation_mrr',
  'net_new_mrr',
  'fx_impact_mrr',
  'new_customers',
  'churned_customers',
  'reactivated_customers',
] as const;
