import { describe, expect, it } from 'vitest';
import type { EventRow } from '../model/kinds.ts';
import { periodsBetween } from '../model/period.ts';
import {
  activation,
  activeInWindows,
  averageDailyActive,
  measureDays,
  prepareActivity,
} from './engagement.ts';
import { d, months, t, utcDay } from '../../test/fixtures/engine/test-rows.ts';

const event = (customer: string, user: string, at: string, name = 'view'): EventRow => ({
  occurred_at: t(at),
  customer_id: customer,
  user_id: user,
  event: name,
  quantity: 1,
});

describe('engagement', () => {
  const events = [
    event('a', 'u1', '2024-01-01T09:00'),
    event('a', 'u1', '2024-01-01T10:00'),
    event('a', 'u2', '2024-01-01T10:00', 'export'),
    // Same user id at another customer: another user.
    event('b', 'u1', '2024-01-02T10:00'),
    event('a', 'u1', '2024-01-31T10:00'),
    event('a', 'u2', '2024-03-05T10:00', 'export'),
  ];
  const periods = periodsBetween(d('2024-01-01'), d('2024-03-31'), 'month');
  const activity = prepareActivity(events, utcDay, d('2024-03-31'));

  it('averages distinct users per day over the period', () => {
    // January: 2 users on the 1st, 1 on the 2nd, 1 on the 31st over 31 days.
    const dau = averageDailyActive(activity, periods, d('2024-03-31'));
    expect(dau[0]).toBeCloseTo(4 / 31, 12);
    expect(dau[1]).toBe(0);
  });

  it('counts distinct users in the 30 days ending on the measure day (MAU), per customer too', () => {
    const w = activeInWindows(activity, measureDays(periods, d('2024-03-31')), undefined, true);
    // Jan 31: window Jan 2-31 holds b/u1 and a/u1. Feb 29: window Jan 31-Feb 29 holds a/u1.
    expect(w.users).toEqual([2, 1, 1]);
    expect(w.byCustomer[0]).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    );
    // Adoption counts only the users with that event.
    const exports = activeInWindows(
      activity,
      Int32Array.from([d('2024-01-30'), d('2024-03-31')]),
      'export',
    );
    expect(exports.users).toEqual([1, 1]);
  });

  it('measures activation of signups and the median days to it', () => {
    const a = activation(
      [
        {
          id: 'f1',
          stage: 'signup',
          occurred_at: t('2024-01-01T00:00'),
          channel: null,
          customer_id: null,
          value: null,
        },
        {
          id: 'f1',
          stage: 'customer',
          occurred_at: t('2024-01-20T00:00'),
          channel: null,
          customer_id: 'a',
          value: null,
        },
        {
          id: 'f2',
          stage: 'signup',
          occurred_at: t('2024-01-03T00:00'),
          channel: null,
          customer_id: 'b',
          value: null,
        },
        {
          id: 'f3',
          stage: 'signup',
          occurred_at: t('2024-01-04T00:00'),
          channel: null,
          customer_id: null,
          value: null,
        },
      ],
      [],
      [
        event('a', 'u1', '2024-01-05T00:00', 'activated'),
        event('a', 'u1', '2024-01-09T00:00', 'activated'),
      ],
      'activated',
      months('2024-01-01', '2024-01-31'),
      utcDay,
      d('2024-01-31'),
    );
    expect(a.rate[0]).toBeCloseTo(1 / 3, 12);
    expect(a.medianDays).toEqual([4]);
  });
});
