import { describe, expect, it } from 'vitest';
import { customerSatisfaction, netPromoterScore, surveyScores, ticketTimes } from './support.ts';
import { months, t, utcDay } from '../../test/fixtures/engine/test-rows.ts';

describe('experience', () => {
  it('scores NPS as % promoters − % detractors (SPEC §5)', () => {
    // 5 promoters, 3 passives, 2 detractors of 10: 50% − 20% = 30.
    expect(netPromoterScore([10, 9, 9, 10, 9, 8, 7, 7, 6, 0])).toBeCloseTo(30, 10);
    expect(netPromoterScore([0, 1])).toBe(-100);
    expect(netPromoterScore([])).toBeNull();
  });

  it('scores CSAT as the share of 4-5 answers', () => {
    expect(customerSatisfaction([5, 4, 3, 1])).toBe(0.5);
    expect(customerSatisfaction([])).toBeNull();
  });

  it('groups surveys by the period they were submitted in', () => {
    const s = surveyScores(
      [
        {
          response_id: '1',
          kind: 'nps',
          score: 10,
          submitted_at: t('2024-01-02T10:00'),
          customer_id: null,
          comment: null,
        },
        {
          response_id: '2',
          kind: 'csat',
          score: 2,
          submitted_at: t('2024-02-02T10:00'),
          customer_id: null,
          comment: null,
        },
      ],
      months('2024-01-01', '2024-02-29'),
      utcDay,
    );
    expect(s.nps).toEqual([100, null]);
    expect(s.csat).toEqual([null, 0]);
  });

  it('pools the 90 days ending on the last day of each period for the rolling scores', () => {
    const answer = (id: string, kind: 'nps' | 'csat', score: number, at: string) => ({
      response_id: id,
      kind,
      score,
      submitted_at: t(`${at}T10:00`),
      customer_id: null,
      comment: null,
    });
    const s = surveyScores(
      [
        // Before the first period: inside March's window (2024-01-02 … 2024-03-31).
        answer('a', 'nps', 0, '2023-12-20'),
        answer('b', 'nps', 0, '2024-01-05'),
        answer('c', 'nps', 10, '2024-02-10'),
        answer('d', 'nps', 9, '2024-03-03'),
        answer('e', 'nps', 8, '2024-04-01'),
        answer('f', 'csat', 5, '2024-01-02'),
        answer('g', 'csat', 1, '2024-04-15'),
      ],
      months('2024-01-01', '2024-04-30'),
      utcDay,
    );
    // January's window 2023-11-03 … 2024-01-31: a, b → −100 (2 detractors of 2).
    // March's window 2024-01-02 … 2024-03-31: b, c, d → (2 − 1) / 3 = 33.3.
    // April's window 2024-02-01 … 2024-04-30: c, d, e → (2 − 0) / 3 = 66.7.
    expect(s.npsRollingResponses).toEqual([2, 3, 3, 3]);
    expect(s.npsRolling[0]).toBe(-100);
    expect(s.npsRolling[2]).toBeCloseTo(100 / 3, 10);
    expect(s.npsRolling[3]).toBeCloseTo(200 / 3, 10);
    // The monthly score of the same data swings from −100 to +100.
    expect(s.nps).toEqual([-100, 100, 100, 0]);
    expect(s.csatRolling).toEqual([1, 1, 1, 0]);
    expect(s.csatRollingResponses).toEqual([1, 1, 1, 1]);
  });

  it('gives median and mean hours to first response and resolution of tickets created in the period', () => {
    const ticket = (
      id: string,
      created: string,
      response: string | null,
      resolved: string | null,
    ) => ({
      ticket_id: id,
      created_at: t(created),
      customer_id: null,
      first_response_at: response ? t(response) : null,
      resolved_at: resolved ? t(resolved) : null,
      channel: null,
    });
    const times = ticketTimes(
      [
        ticket('a', '2024-01-01T08:00', '2024-01-01T09:00', '2024-01-01T12:00'),
        ticket('b', '2024-01-02T08:00', '2024-01-02T10:00', '2024-01-03T08:00'),
        ticket('c', '2024-01-03T08:00', '2024-01-03T14:00', null),
      ],
      months('2024-01-01', '2024-01-31'),
      utcDay,
    );
    expect(times.firstResponseMedian).toEqual([2]);
    expect(times.firstResponseMean).toEqual([3]);
    expect(times.resolutionMedian).toEqual([14]);
    expect(times.resolutionMean).toEqual([14]);
  });
});
