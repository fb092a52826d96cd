import { conversionId } from '../../engine/funnel.ts';
import { define, needs, needsOneOf, type MetricDefinition } from '../definition.ts';

/** The acquisition funnel: conversion between stages, sales cycle, activation. */

/** The stage pairs SPEC §5 names; any other pair is available as a metric id on request. */
export const STANDARD_CONVERSIONS: readonly (readonly [string, string])[] = [
  ['visitor', 'signup'],
  ['signup', 'trial'],
  ['trial', 'customer'],
  ['lead', 'opportunity'],
  ['opportunity', 'customer'],
  ['lead', 'customer'],
];

/** The metric for the conversion from one funnel stage to another (any stage names). */
export function conversionMetric(from: string, to: string): MetricDefinition {
  return define({
    id: conversionId(from, to),
    label: `Conversion ${from} → ${to}`,
    unit: 'rate',
    direction: 'up',
    formula: `Funnel ids that entered the ${from} stage in the period and reached the ${to} stage (by the last day of history) ÷ ids that entered ${from} in the period. By channel with --segment channel=<name> or --by channel.`,
    inputs: ['funnel'],
    requires: [needs('funnel', `${from} and ${to} stages`)],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.conversion(from, to)?.[k] ?? null,
  });
}

/** Signups come from the funnel or, without one, from customers' created_at. */
const ACTIVATION_NEEDS = [
  needs('events', 'the activation event'),
  needsOneOf(['funnel', 'customers'], 'signups'),
];

export const FUNNEL_METRICS: readonly MetricDefinition[] = [
  ...STANDARD_CONVERSIONS.map(([from, to]) => conversionMetric(from, to)),
  define({
    id: 'sales_cycle_days',
    label: 'Sales cycle',
    unit: 'days',
    direction: 'down',
    formula:
      'Median days from the lead stage (or, without one, the opportunity stage) to the customer stage, over the funnel ids that became customers in the period.',
    inputs: ['funnel'],
    requires: [needs('funnel', 'lead or opportunity, and customer stages')],
    settings: ['timeZone'],
    compute: ({ business: b, k }) => b?.salesCycleDays?.[k] ?? null,
  }),
  define({
    id: 'activation_rate',
    label: 'Activation rate',
    unit: 'rate',
    direction: 'up',
    formula:
      'Signups of the period (funnel signup stages; without any, customers by created_at) whose customer performed the activation event (workspace setting activationEvent, default "activated") ÷ signups of the period.',
    inputs: ['funnel', 'customers', 'events'],
    requires: ACTIVATION_NEEDS,
    settings: ['timeZone', 'activationEvent'],
    compute: ({ business: b, k }) => b?.activation?.rate[k] ?? null,
  }),
  define({
    id: 'time_to_activation_days',
    label: 'Time to activation',
    unit: 'days',
    direction: 'down',
    formula:
      "Median days from signup to the customer's first activation event, over the period's signups that activated.",
    inputs: ['funnel', 'customers', 'events'],
    requires: ACTIVATION_NEEDS,
    settings: ['timeZone', 'activationEvent'],
    compute: ({ business: b, k }) => b?.activation?.medianDays[k] ?? null,
  }),
];
