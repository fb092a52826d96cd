import { Cron } from 'croner';
import type { NotificationChannel } from '../notify/types.ts';

/** Monday 08:00 and the 1st of the month 08:00, in the schedule's zone. */
export const DEFAULT_CRONS = { weekly: '0 8 * * 1', monthly: '0 8 1 * *' } as const;

export interface ReportSchedule {
  readonly id: string;
  /** Five-field cron (minute hour day-of-month month day-of-week). */
  readonly cron: string;
  readonly timeZone: string;
  readonly channels: readonly NotificationChannel[];
  /** ISO instants. */
  readonly createdAt: string;
  readonly lastRunAt: string | null;
}

export const SCHEDULES_COLLECTION = 'report_schedules';

/** Throws with croner's message when the pattern is not valid cron. */
export function nextRunAfter(cron: string, timeZone: string, after: Date): Date | null {
  const job = new Cron(cron, { timezone: timeZone, paused: true });
  try {
    return job.nextRun(after);
  } finally {
    job.stop();
  }
}

/**
 * Whether a run fell due since the last one (or since creation). Missed runs collapse into
 * one: a digest is a summary of now, so sending three stale copies after downtime helps nobody.
 */
export function isDue(schedule: ReportSchedule, now: Date): boolean {
  const since = new Date(schedule.lastRunAt ?? schedule.createdAt);
  const next = nextRunAfter(schedule.cron, schedule.timeZone, since);
  return next !== null && next.getTime() <= now.getTime();
}
