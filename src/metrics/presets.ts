/**
 * Stage presets: the handful of metrics a company should watch first at its stage. The CLI
 * (`--preset`) and the dashboard (preset switcher) both read this list.
 */
export const STAGE_PRESET_IDS = ['early', 'growth', 'mature'] as const;
export type StagePresetId = (typeof STAGE_PRESET_IDS)[number];

export interface StagePreset {
  readonly id: StagePresetId;
  readonly label: string;
  /** Why these metrics, in one sentence a founder can act on. */
  readonly description: string;
  /** Metric ids, most important first. */
  readonly metrics: readonly string[];
}

export const STAGE_PRESETS: readonly StagePreset[] = [
  {
    id: 'early',
    label: 'Early stage',
    description:
      'Finding product-market fit: is revenue growing, do customers stay and use the product, how long does the cash last?',
    metrics: [
      'mrr',
      'mrr_growth_rate',
      'new_customers',
      'customer_churn_rate',
      'stickiness',
      'nps_90d',
      'runway_months',
    ],
  },
  {
    id: 'growth',
    label: 'Growth stage',
    description:
      'Scaling what works: efficient acquisition, expansion outrunning churn, and burn that buys growth.',
    metrics: [
      'arr',
      'net_new_mrr',
      'nrr',
      'quick_ratio',
      'cac_payback_months',
      'ltv_to_cac',
      'burn_multiple',
    ],
  },
  {
    id: 'mature',
    label: 'Mature',
    description:
      'Durable, profitable growth: retention of revenue, the balance of growth and margin, concentration risk.',
    metrics: ['arr', 'grr', 'nrr', 'rule_of_40', 'gross_margin', 'arpa', 'customer_concentration'],
  },
];

export function presetById(id: string): StagePreset | undefined {
  return STAGE_PRESETS.find((p) => p.id === id);
}
