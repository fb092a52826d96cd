import type { Day } from '../model/day.ts';
import type { SurveyRow, TicketRow } from '../model/kinds.ts';
import { mean, median } from './averages.ts';
import { firstAtLeast } from './first-at-least.ts';
import type { PeriodIndex } from './period-index.ts';
import type { ZoneDay } from './engagement.ts';

const MS_PER_HOUR = 3_600_000;

/** Customer experience per period: NPS and CSAT from surveys, response times from tickets. */

/**
 * Net promoter score: % promoters (9-10) − % detractors (0-6) of the NPS responses, from
 * −100 to 100. Null without responses.
 */
export function netPromoterScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s >= 9) promoters++;
    else if (s <= 6) detractors++;
  }
  return ((promoters - detractors) / scores.length) * 100;
}

/** Share of CSAT responses scoring 4 or 5 (on 1-5). Null without responses. */
export function customerSatisfaction(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return scores.filter((s) => s >= 4).length / scores.length;
}

/**
 * Days the rolling survey scores pool: a month's score of a dozen answers swings from −100
 * to +100, a quarter's answers give a score that moves with the customers' mood.
 */
export const SURVEY_WINDOW_DAYS = 90;

export interface SurveyScores {
  readonly nps: (number | null)[];
  readonly csat: (number | null)[];
  readonly npsResponses: number[];
  readonly csatResponses: number[];
  /** Over the SURVEY_WINDOW_DAYS ending on the period's last day (or the whole period if longer). */
  readonly npsRolling: (number | null)[];
  readonly csatRolling: (number | null)[];
  readonly npsRollingResponses: number[];
  readonly csatRollingResponses: number[];
}

/** Scores of the responses in each period's rolling window, and how many there were. */
function rollingScores(
  responses: { day: Day; score: number }[],
  periods: PeriodIndex,
  score: (scores: readonly number[]) => number | null,
): { scores: (number | null)[]; counts: number[] } {
  responses.sort((a, b) => a.day - b.day);
  const days = responses.map((r) => r.day);
  const scores: (number | null)[] = [];
  const counts: number[] = [];
  for (const p of periods.periods) {
    const from = firstAtLeast(days, Math.min(p.start, p.end - SURVEY_WINDOW_DAYS + 1));
    const to = firstAtLeast(days, p.end + 1);
    const inWindow = responses.slice(from, to).map((r) => r.score);
    scores.push(score(inWindow));
    counts.push(inWindow.length);
  }
  return { scores, counts };
}

export function surveyScores(
  surveys: readonly SurveyRow[],
  periods: PeriodIndex,
  dayOf: ZoneDay,
): SurveyScores {
  const nps = periods.buckets<number>();
  const csat = periods.buckets<number>();
  // Every response, also those before the first period: a window reaches back past it.
  const all = {
    nps: [] as { day: Day; score: number }[],
    csat: [] as { day: Day; score: number }[],
  };
  for (const s of surveys) {
    const day = dayOf(s.submitted_at);
    all[s.kind === 'nps' ? 'nps' : 'csat'].push({ day, score: s.score });
    const k = periods.of(day);
    if (k >= 0) (s.kind === 'nps' ? nps : csat)[k]!.push(s.score);
  }
  const npsRolling = rollingScores(all.nps, periods, netPromoterScore);
  const csatRolling = rollingScores(all.csat, periods, customerSatisfaction);
  return {
    nps: nps.map(netPromoterScore),
    csat: csat.map(customerSatisfaction),
    npsResponses: nps.map((b) => b.length),
    csatResponses: csat.map((b) => b.length),
    npsRolling: npsRolling.scores,
    csatRolling: csatRolling.scores,
    npsRollingResponses: npsRolling.counts,
    csatRollingResponses: csatRolling.counts,
  };
}

export interface TicketTimes {
  readonly firstResponseMedian: (number | null)[];
  readonly firstResponseMean: (number | null)[];
  readonly resolutionMedian: (number | null)[];
  readonly resolutionMean: (number | null)[];
  readonly tickets: number[];
}

/**
 * Hours from creation to first response and to resolution of the tickets created in each
 * period; tickets without the moment (not yet answered or resolved) are left out.
 */
export function ticketTimes(
  tickets: readonly TicketRow[],
  periods: PeriodIndex,
  dayOf: ZoneDay,
): TicketTimes {
  const response = periods.buckets<number>();
  const resolution = periods.buckets<number>();
  const count = new Array<number>(periods.length).fill(0);
  for (const t of tickets) {
    const k = periods.of(dayOf(t.created_at));
    if (k < 0) continue;
    count[k]! += 1;
    if (t.first_response_at !== null && t.first_response_at >= t.created_at)
      response[k]!.push((t.first_response_at - t.created_at) / MS_PER_HOUR);
    if (t.resolved_at !== null && t.resolved_at >= t.created_at)
      resolution[k]!.push((t.resolved_at - t.created_at) / MS_PER_HOUR);
  }
  return {
    firstResponseMedian: response.map(median),
    firstResponseMean: response.map(mean),
    resolutionMedian: resolution.map(median),
    resolutionMean: resolution.map(mean),
    tickets: count,
  };
}
