import { define, needs, ratio, ratioOf, type MetricDefinition } from '../definition.ts';

/** Product engagement from usage events. */

/** Metric id of a feature's adoption: `adoption_<event>`. */
export const ADOPTION_PREFIX = 'adoption_';

/** Adoption of one feature (one event name). */
export function adoptionMetric(event: string): MetricDefinition {
  return define({
    id: `${ADOPTION_PREFIX}${event}`,
    label: `Adoption of ${event}`,
    unit: 'rate',
    direction: 'up',
    formula: `Distinct users with a "${event}" event in the 30 days ending on the period's last day ÷ active users (mau) of the same window.`,
    inputs: ['events'],
    requires: [needs('events', `"${event}" events`)],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.adoption(event)?.[k] ?? null,
  });
}

export const ENGAGEMENT_METRICS: readonly MetricDefinition[] = [
  define({
    id: 'dau',
    label: 'Daily active users',
    unit: 'count',
    direction: 'up',
    formula:
      'Average over the days of the period (up to today) of the distinct users with at least one event that day; a user is a (customer_id, user_id) pair.',
    inputs: ['events'],
    requires: [needs('events')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.engagement?.dau[k] ?? null,
  }),
  define({
    id: 'mau',
    label: 'Monthly active users',
    unit: 'count',
    direction: 'up',
    formula:
      "Distinct users with at least one event in the 30 days ending on the period's last day.",
    inputs: ['events'],
    requires: [needs('events')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.engagement?.mau[k] ?? null,
  }),
  define({
    id: 'stickiness',
    label: 'Stickiness (DAU/MAU)',
    unit: 'rate',
    direction: 'up',
    formula: 'dau ÷ mau of the period.',
    inputs: ['events'],
    requires: [needs('events')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) =>
      b?.engagement ? ratioOf(b.engagement.dau[k]!, b.engagement.mau[k]!) : null,
  }),
  define({
    id: 'usage_rate',
    label: 'Seat usage rate',
    unit: 'rate',
    direction: 'up',
    formula:
      "Active users (30 days ending on the period's last day) of customers with paid seats ÷ those seats (Σ quantity of their paid subscription lines in force). Per customer it is the customer's active users ÷ its seats.",
    inputs: ['events', 'subscriptions'],
    requires: [needs('events'), needs('subscriptions', 'quantity')],
    settings: ['timeZone', 'churnTiming'],
    compute: ({ business: b, k }) =>
      b?.engagement ? ratio(b.engagement.seatedUsers[k]!, b.engagement.seats[k]!) : null,
  }),
];
