import type { NotificationChannel } from '../notify/types.ts';

export type Comparison = 'above' | 'below';

interface RuleBase {
  readonly id: string;
  readonly name: string;
  /** After an alert fires, the same rule stays quiet this long even if it recovers and fires again. */
  readonly cooldownMinutes?: number;
  readonly channels?: readonly NotificationChannel[];
  readonly enabled?: boolean;
}

/** The metric's latest value above or below a fixed value (e.g. CAC above 500). */
export interface ThresholdRule extends RuleBase {
  readonly kind: 'threshold';
  readonly metric: string;
  readonly op: Comparison;
  readonly value: number;
}

/** The metric moved by more than `percent` (or `absolute`) against `window` periods earlier. */
export interface ChangeRule extends RuleBase {
  readonly kind: 'change';
  readonly metric: string;
  readonly direction: 'up' | 'down' | 'any';
  /** Fraction: 0.05 = 5 %. */
  readonly percent?: number;
  readonly absolute?: number;
  readonly window: number;
}

/** numerator ÷ denominator (both metrics) above or below a value, e.g. churned_mrr ÷ new_mrr above 1. */
export interface RatioRule extends RuleBase {
  readonly kind: 'ratio';
  readonly numerator: string;
  readonly denominator: string;
  readonly op: Comparison;
  readonly value: number;
}

/** The last complete period is an outlier against the series' trend and seasonality. */
export interface AnomalyRule extends RuleBase {
  readonly kind: 'anomaly';
  readonly metric: string;
  /** Robust z-score threshold (default 3.5). */
  readonly threshold?: number;
}

/** A goal (or any goal when `goalId` is absent) is at risk or off track. */
export interface GoalRule extends RuleBase {
  readonly kind: 'goal';
  readonly goalId?: string;
}

export type AlertRule = ThresholdRule | ChangeRule | RatioRule | AnomalyRule | GoalRule;
export type AlertRuleKind = AlertRule['kind'];

/** What one evaluation found. */
export interface Condition {
  readonly firing: boolean;
  /** The value the rule looked at (presented units), when there is one. */
  readonly value: number | null;
  readonly period: string | null;
  readonly message: string;
}

export interface AlertState {
  readonly ruleId: string;
  readonly status: 'ok' | 'firing';
  /** ISO instants. */
  readonly since: string | null;
  readonly lastNotifiedAt: string | null;
  readonly lastEvaluatedAt: string;
  readonly lastValue: number | null;
  /** Whether the current (or last) firing was sent; a recovery is sent only when it was. */
  readonly notified: boolean;
}

export interface AlertEvent {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly type: 'fired' | 'recovered';
  readonly at: string;
  readonly value: number | null;
  readonly period: string | null;
  readonly message: string;
  /** Set when a firing was held back by the cooldown (recorded, not sent). */
  readonly suppressed?: boolean;
  readonly deliveries?: readonly {
    readonly channel: string;
    readonly ok: boolean;
    readonly error?: string;
  }[];
}

export const COLLECTIONS = {
  rules: 'alert_rules',
  state: 'alert_state',
  events: 'alert_events',
} as const;

export const DEFAULT_COOLDOWN_MINUTES = 24 * 60;
