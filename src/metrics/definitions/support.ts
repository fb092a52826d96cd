import { define, needs, type MetricDefinition } from '../definition.ts';

/** Customer experience: surveys and support tickets. */

export const SUPPORT_METRICS: readonly MetricDefinition[] = [
  define({
    id: 'nps',
    label: 'Net promoter score',
    unit: 'points',
    direction: 'up',
    formula:
      '% promoters (scores 9-10) − % detractors (0-6) among the NPS responses submitted in the period, from −100 to 100.',
    inputs: ['surveys'],
    requires: [needs('surveys', 'kind nps')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.surveys?.nps[k] ?? null,
  }),
  define({
    id: 'csat',
    label: 'Customer satisfaction',
    unit: 'rate',
    direction: 'up',
    formula: 'Share of the CSAT responses submitted in the period that score 4 or 5 (on 1-5).',
    inputs: ['surveys'],
    requires: [needs('surveys', 'kind csat')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.surveys?.csat[k] ?? null,
  }),
  define({
    id: 'first_response_time_hours',
    label: 'First response time (median)',
    unit: 'hours',
    direction: 'down',
    formula:
      'Median hours from creation to first response over the tickets created in the period (tickets not yet answered are left out).',
    inputs: ['tickets'],
    requires: [needs('tickets', 'first_response_at')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.tickets?.firstResponseMedian[k] ?? null,
  }),
  define({
    id: 'first_response_time_hours_mean',
    label: 'First response time (mean)',
    unit: 'hours',
    direction: 'down',
    formula: 'Mean hours from creation to first response over the tickets created in the period.',
    inputs: ['tickets'],
    requires: [needs('tickets', 'first_response_at')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.tickets?.firstResponseMean[k] ?? null,
  }),
  define({
    id: 'resolution_time_hours',
    label: 'Resolution time (median)',
    unit: 'hours',
    direction: 'down',
    formula:
      'Median hours from creation to resolution over the tickets created in the period (unresolved tickets are left out).',
    inputs: ['tickets'],
    requires: [needs('tickets', 'resolved_at')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.tickets?.resolutionMedian[k] ?? null,
  }),
  define({
    id: 'resolution_time_hours_mean',
    label: 'Resolution time (mean)',
    unit: 'hours',
    direction: 'down',
    formula: 'Mean hours from creation to resolution over the tickets created in the period.',
    inputs: ['tickets'],
    requires: [needs('tickets', 'resolved_at')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.tickets?.resolutionMean[k] ?? null,
  }),
];
