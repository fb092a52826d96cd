import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

const DAY_MS = 86_400_000;
/** Average days per period of each interval (close enough to count periods). */
const INTERVAL_DAYS: Record<string, number> = {
  day: 1,
  week: 7,
  month: 30.44,
  quarter: 91.31,
  year: 365.25,
};
/** Periods one answer may have: ten years of days, far more than any chart shows. */
export const MAX_PERIODS = 3_660;
/** How far past today `to` may reach (history ends today; a month or quarter end may be ahead). */
const MAX_DAYS_AHEAD = 400;

/** Start of a `YYYY-MM` or `YYYY-MM-DD` bound, epoch ms (UTC); null when it is neither. */
function instant(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? 1)) : null;
}

/**
 * Bounds the periods a range query asks the engine for. Within the years the schemas allow,
 * `interval=day&from=1970-01&to=2100-12` still asked for 48,000 days: 19-37 s of CPU and up
 * to 1.9 GB for one answer (a viewer key could repeat it). History ends today, so `to` may
 * reach little beyond; an explicit `from` may span at most MAX_PERIODS periods.
 */
export async function limitRangeQuery(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  const to = instant(query['to']);
  if (to !== null && to > Date.now() + MAX_DAYS_AHEAD * DAY_MS)
    throw new ApiError(
      400,
      'invalid_range',
      `to ${String(query['to'])} is more than ${MAX_DAYS_AHEAD} days ahead; history ends today`,
    );
  const from = instant(query['from']);
  const days = INTERVAL_DAYS[String(query['interval'] ?? 'month')] ?? INTERVAL_DAYS['month']!;
  if (from !== null && ((to ?? Date.now()) - from) / DAY_MS / days > MAX_PERIODS)
    throw new ApiError(
      400,
      'invalid_range',
      `from ${String(query['from'])} asks for more than ${MAX_PERIODS.toLocaleString('en-US')} periods; choose a later from or a longer interval`,
    );
}
