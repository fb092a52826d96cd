import { dayProblem } from '../model/day.ts';

export const GOAL_KINDS = ['number', 'money', 'rate', 'boolean', 'tasks'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

export interface GoalTask {
  readonly title: string;
  readonly done: boolean;
}

/** A stored goal. Values are in the metric's presented units (money in major units, rates as fractions). */
export interface Goal {
  readonly id: string;
  readonly name: string;
  readonly kind: GoalKind;
  /** Metric id for number, money and rate goals. */
  readonly metric?: string;
  /** Recorded for when metrics can be cut by segment; not applied yet. */
  readonly segment?: { readonly dimension: string; readonly value: string };
  /** ISO dates. */
  readonly start: string;
  readonly due: string;
  readonly baseline?: number;
  readonly target?: number;
  /** Yes/no goals. */
  readonly done?: boolean;
  readonly tasks?: readonly GoalTask[];
  readonly parentId?: string;
  /** Weight in the parent's roll-up (default 1). */
  readonly weight?: number;
}

export const PACING = ['achieved', 'on_track', 'at_risk', 'off_track', 'missed'] as const;
export type Pacing = (typeof PACING)[number];

export interface GoalStatus {
  readonly id: string;
  readonly name: string;
  readonly kind: GoalKind;
  readonly metric: string | null;
  readonly current: number | null;
  readonly baseline: number | null;
  readonly target: number | null;
  /** Share of the way from baseline to target, clamped to [0, 1]. */
  readonly progress: number;
  /** Where the straight line from baseline (at start) to target (at due) is today, in [0, 1]. */
  readonly expected: number;
  /** Value the straight line asks for today (metric goals). */
  readonly expectedValue: number | null;
  readonly status: Pacing;
  readonly daysLeft: number;
  readonly children: readonly string[];
}

export const GOALS_COLLECTION = 'goals';

/**
 * Why a goal's dates cannot be used (not a real date, or due before start), or null. Every
 * surface that saves a goal checks this, so a stored goal always has real dates.
 */
export function goalDatesProblem(start: string, due: string): string | null {
  const problem = dayProblem(start) ?? dayProblem(due);
  if (problem !== null) return problem;
  return due < start ? `due ${due} is before start ${start}` : null;
}
