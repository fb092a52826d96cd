import { describe, expect, it } from 'vitest';
import type { FunnelRow } from '../model/kinds.ts';
import {
  conversion,
  conversionId,
  parseConversionId,
  salesCycleDays,
  stageEntries,
} from './funnel.ts';
import { d, months, t, utcDay } from '../../test/fixtures/engine/test-rows.ts';

const row = (id: string, stage: string, at: string, channel: string | null = null): FunnelRow => ({
  id,
  stage,
  occurred_at: t(at),
  channel,
  customer_id: null,
  value: null,
});

describe('funnel', () => {
  const rows = [
    row('1', 'trial', '2024-01-05T10:00'),
    row('1', 'customer', '2024-02-03T10:00'),
    row('2', 'trial', '2024-01-20T10:00'),
    row('3', 'trial', '2024-01-25T10:00'),
    row('3', 'customer', '2024-03-05T10:00'),
    row('4', 'trial', '2024-02-10T10:00'),
    row('5', 'lead', '2024-01-01T00:00'),
    row('5', 'opportunity', '2024-01-11T00:00'),
    row('5', 'customer', '2024-02-01T00:00'),
    row('6', 'opportunity', '2024-02-01T00:00'),
    row('6', 'customer', '2024-02-06T00:00'),
  ];
  const periods = months('2024-01-01', '2024-03-31');

  it('follows the ids that entered a stage in the period to the later stage', () => {
    const entries = stageEntries(rows, utcDay, d('2024-03-31'));
    // January: 3 trials, 2 became customers (in February and March); February: 1 trial, none.
    const c = conversion(entries, 'trial', 'customer', periods, utcDay);
    expect(c[0]).toBeCloseTo(2 / 3, 12);
    expect(c.slice(1)).toEqual([0, null]);
  });

  it('ignores history after the last day', () => {
    const entries = stageEntries(rows, utcDay, d('2024-02-29'));
    expect(conversion(entries, 'trial', 'customer', periods, utcDay)[0]).toBeCloseTo(1 / 3, 12);
  });

  it('takes the median days from lead (else opportunity) to customer', () => {
    const entries = stageEntries(rows, utcDay, d('2024-03-31'));
    // February's customers: id 5 (31 days from lead) and id 6 (5 days from opportunity); id 1 has neither.
    expect(salesCycleDays(entries, periods, utcDay)).toEqual([null, 18, null]);
  });

  it('names conversions conversion_<from>_to_<to>', () => {
    expect(conversionId('trial', 'customer')).toBe('conversion_trial_to_customer');
    expect(parseConversionId('conversion_demo_call_to_customer')).toEqual({
      from: 'demo_call',
      to: 'customer',
    });
    expect(parseConversionId('mrr')).toBeNull();
  });
});
