import { parseConversionId } from '../engine/funnel.ts';
import type { ImportKind } from '../model/kinds.ts';
import type { MetricDefinition } from './definition.ts';
import { ADOPTION_PREFIX, adoptionMetric, ENGAGEMENT_METRICS } from './definitions/engagement.ts';
import { FINANCE_METRICS } from './definitions/finance.ts';
import { conversionMetric, FUNNEL_METRICS } from './definitions/funnel.ts';
import { RECURRING_METRICS } from './definitions/recurring.ts';
import { REVENUE_METRICS } from './definitions/revenue.ts';
import { SUPPORT_METRICS } from './definitions/support.ts';

export {
  formulaText,
  metricWords,
  ratio,
  switchesChanged,
  type MetricDefinition,
  type MetricDirection,
  type MetricInputs,
  type MetricUnit,
} from './definition.ts';

/**
 * Every metric Northstar computes, in display order: the one registry every surface asks.
 * Conversions between any two funnel stages (`conversion_<from>_to_<to>`) and feature
 * adoption (`adoption_<event>`) are also metrics, made on request by `metricById`.
 */
export const METRICS: readonly MetricDefinition[] = [
  ...RECURRING_METRICS,
  ...REVENUE_METRICS,
  ...FINANCE_METRICS,
  ...FUNNEL_METRICS,
  ...ENGAGEMENT_METRICS,
  ...SUPPORT_METRICS,
];

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));

export function metricById(id: string): MetricDefinition | undefined {
  const known = BY_ID.get(id);
  if (known) return known;
  const stages = parseConversionId(id);
  if (stages) return conversionMetric(stages.from, stages.to);
  if (id.startsWith(ADOPTION_PREFIX) && id.length > ADOPTION_PREFIX.length)
    return adoptionMetric(id.slice(ADOPTION_PREFIX.length));
  return undefined;
}

/** The import kinds the given metrics read besides MRR's inputs. */
export function inputKinds(metrics: readonly MetricDefinition[]): ImportKind[] {
  return [...new Set(metrics.flatMap((m) => m.inputs ?? []))];
}
