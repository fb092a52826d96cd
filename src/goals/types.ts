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
  /**
   * The customers the metric is read for: those whose attribute `dimension` (plan,
   * currency, country or an attribute of customers.csv) is `value`. None: the workspace.
   */
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

/** Which way a metric goal counts as progress: up (ARR) or down (churn). */
export type GoalDirection = 'up' | 'down';

/** What the forecast says about a metric goal at its due month. */
export interface GoalForecast {
  /** `YYYY-MM`: the forecast month containing the due date. */
  readonly period: string;
  /** The forecast's point and 80 % band there. */
  readonly value: number;
  readonly lo80: number;
  readonly hi80: number;
  /** Chance of reaching the target by then (see probability.ts), 0–1. */
  readonly probability: number;
  /** Pacing by that chance: on track ≥ 50 %, at risk ≥ 20 %, off track below. */
  readonly status: 'on_track' | 'at_risk' | 'off_track';
}

/**
 * What the history and the forecast say about a metric goal: read by the service from the
 * metrics core, judged by evaluateGoals. Values are in presented units.
 */
export interface MetricReading {
  /** The value of the last complete period (a running month is never judged). */
  readonly current: number | null;
  /** That period (`YYYY-MM`) and its last day; null when no period is complete yet. */
  readonly period: string | null;
  readonly asOf: string | null;
  /** The value of the last complete period before the goal's start (its baseline). */
  readonly baseline: number | null;
  readonly baselinePeriod: string | null;
  /** The metric's direction: down for churn, cost and payback metrics. */
  readonly direction: GoalDirection;
  /** Null when the metric cannot be forecast to the due date; `forecastNote` says why. */
  readonly forecast: GoalForecast | null;
  readonly forecastNote: string | null;
}

export interface GoalStatus {
  readonly id: string;
  readonly name: string;
  readonly kind: GoalKind;
  readonly metric: string | null;
  /** The segment the metric is read for; null: the whole workspace. */
  readonly segment: Goal['segment'] | null;
  /** Metric goals: the value of the last complete period (`period`, ending `asOf`). */
  readonly current: number | null;
  readonly period: string | null;
  readonly asOf: string | null;
  /** The goal's baseline: as set, or the metric in `baselinePeriod` (before the start). */
  readonly baseline: number | null;
  readonly baselineFrom: 'set' | 'history' | null;
  readonly baselinePeriod: string | null;
  readonly target: number | null;
  /** Metric goals: whether lower values are progress (churn) or higher (ARR). */
  readonly direction: GoalDirection | null;
  /** Share of the way from baseline to target, clamped to [0, 1]. */
  readonly progress: number;
  /**
   * Where the straight line from baseline (at start) to target (at due) is, in [0, 1], on
   * the day the current value is from (`asOf`, else today).
   */
  readonly expected: number;
  /** Value the straight line asks for on that day (metric goals). */
  readonly expectedValue: number | null;
  /** Pacing against the straight line alone. */
  readonly lineStatus: Pacing;
  readonly forecast: GoalForecast | null;
  readonly forecastNote: string | null;
  /** The worse of the straight line's and the forecast's pacing (achieved and missed aside). */
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
