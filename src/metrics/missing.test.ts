import { describe, expect, it } from 'vitest';
import { metricById, METRICS } from './registry.ts';
import { kindsRead, missingReason, missingReasons } from './missing.ts';

const all = { subscriptions: 3, invoices: 5, costs: 2, cash: 2, headcount: 1, funnel: 4 };

describe('missing inputs', () => {
  it('names the file a metric needs, and what in it', () => {
    expect(missingReason(metricById('cac')!, { subscriptions: 3 })).toBe(
      'needs costs.csv (sales, marketing)',
    );
    expect(missingReason(metricById('gross_margin')!, { subscriptions: 3 })).toBe(
      'needs invoices.csv and costs.csv (cogs)',
    );
    expect(missingReason(metricById('activation_rate')!, { customers: 2 })).toBe(
      'needs events.csv (the activation event)',
    );
    expect(missingReason(metricById('conversion_lead_to_demo')!, {})).toBe(
      'needs funnel.csv (lead and demo stages)',
    );
    expect(missingReason(metricById('cac')!, all)).toBeNull();
  });

  it('MRR metrics never miss an input: no subscriptions is an MRR of 0', () => {
    expect(missingReasons(METRICS, {})).not.toHaveProperty('mrr');
    expect(missingReasons(METRICS, {})).toHaveProperty('nps');
  });

  it('says when a segment cannot carry a company-wide input', () => {
    expect(missingReason(metricById('runway_months')!, all, [{ attribute: 'plan' }])).toBe(
      'cash.csv describes the whole company: not defined for a segment',
    );
    expect(missingReason(metricById('cac')!, all, [{ attribute: 'channel' }])).toBeNull();
    expect(missingReason(metricById('cac')!, all, [{ attribute: 'country' }])).toMatch(
      /channel segment/,
    );
  });

  it('explain reports the kinds a metric reads, MRR inputs first', () => {
    expect(kindsRead(metricById('cac')!)).toEqual([
      'subscriptions',
      'invoices',
      'fx_rates',
      'costs',
    ]);
  });
});
