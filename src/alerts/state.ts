import {
  DEFAULT_COOLDOWN_MINUTES,
  type AlertEvent,
  type AlertRule,
  type AlertState,
  type Condition,
} from './types.ts';

export interface Transition {
  readonly state: AlertState;
  readonly event: AlertEvent | null;
}

/**
 * One step of a rule's life. A condition alerts once when it starts (de-duplication: it
 * stays `firing` without new alerts while it holds), recovery is reported once, and a rule
 * that fires again within its cooldown after the last notification is recorded but not
 * sent, so a metric hovering around a threshold does not page people all day.
 */
export function transition(
  rule: AlertRule,
  previous: AlertState | null,
  condition: Condition,
  now: Date,
): Transition {
  const at = now.toISOString();
  const base = {
    ruleId: rule.id,
    lastEvaluatedAt: at,
    lastValue: condition.value,
  };
  const event = (type: AlertEvent['type'], suppressed = false): AlertEvent => ({
    ruleId: rule.id,
    ruleName: rule.name,
    type,
    at,
    value: condition.value,
    period: condition.period,
    message: condition.message,
    ...(suppressed ? { suppressed } : {}),
  });
  const wasFiring = previous?.status === 'firing';
  const lastNotifiedAt = previous?.lastNotifiedAt ?? null;

  if (condition.firing && wasFiring) return { state: { ...previous!, ...base }, event: null };
  if (condition.firing) {
    const cooldownMs = (rule.cooldownMinutes ?? DEFAULT_COOLDOWN_MINUTES) * 60_000;
    const cooling =
      lastNotifiedAt !== null && now.getTime() - Date.parse(lastNotifiedAt) < cooldownMs;
    return {
      state: {
        ...base,
        status: 'firing',
        since: at,
        lastNotifiedAt: cooling ? lastNotifiedAt : at,
        notified: !cooling,
      },
      event: event('fired', cooling),
    };
  }
  if (wasFiring)
    return {
      state: { ...base, status: 'ok', since: at, lastNotifiedAt, notified: previous!.notified },
      event: event('recovered', !previous!.notified),
    };
  return {
    state: {
      ...base,
      status: 'ok',
      since: previous?.since ?? null,
      lastNotifiedAt,
      notified: previous?.notified ?? false,
    },
    event: null,
  };
}
