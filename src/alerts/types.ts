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

/**
 * A high-value customer turning at-risk: some paying customer with MRR at or above `minMrr`
 * (major units) has a churn probability at or above `probability` within `horizonDays`.
 */
export interface AtRiskRule extends RuleBase {
  readonly kind: 'at_risk';
  /** Major units of the workspace's reporting currency. */
  readonly minMrr: number;
  /** 0–1 (default 0.5). */
  readonly probability?: number;
  /** Days (default 90). */
  readonly horizonDays?: number;
}

export const DEFAULT_AT_RISK_PROBABILITY = 0.5;
export const DEFAULT_AT_RISK_HORIZON_DAYS = 90;

export type AlertRule =
  ThresholdRule | ChangeRule | RatioRule | AnomalyRule | GoalRule | AtRiskRule;
export type AlertRuleKind = AlertRule['kind'];

/** What one evaluation found. */
export interface Condition {
  readonly firing: boolean;
  /** The value the rule looked at (presented units), when there is one. */
  readonly value: number | null;
  readonly period: string | null;
  readonly message: string;
  /**
   * What the condition is about (e.g. the ids of the at-risk customers), when a rule watches
   * a set: while it keeps firing, someone joining the set fires again.
   */
  readonly members?: readonly string[];
  /** The customers an at-risk rule names. */
  readonly customers?: readonly AtRiskCustomer[];
}

/** One high-value customer an at-risk rule fired on. */
export interface AtRiskCustomer {
  readonly customerId: string;
  /** Major units. */
  readonly mrr: number;
  readonly probability: number;
  /** The top reasons, as text. */
  readonly reasons: readonly string[];
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
  /** The condition's members at the last evaluation (set-valued rules). */
  readonly members?: readonly string[];
}

export interface AlertEvent {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly type: 'fired' | 'recovered';
  readonly at: string;
  readonly value: number | null;
  readonly period: string | null;
  readonly message: string;
  /** Customers named by an at-risk rule. */
  readonly customers?: readonly AtRiskCustomer[];
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
