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
 *
 * A condition about a set (`members`, e.g. the at-risk customers) fires again while it
 * holds when someone joins the set (same cooldown); members leaving while others remain
 * change the recorded set quietly, and recovery comes when the set is empty.
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
    ...(condition.members !== undefined ? { members: condition.members } : {}),
  };
  const event = (type: AlertEvent['type'], suppressed = false): AlertEvent => ({
    ruleId: rule.id,
    ruleName: rule.name,
    type,
    at,
    value: condition.value,
    period: condition.period,
    message: condition.message,
    ...(condition.customers !== undefined ? { customers: condition.customers } : {}),
    ...(suppressed ? { suppressed } : {}),
  });
  const wasFiring = previous?.status === 'firing';
  const lastNotifiedAt = previous?.lastNotifiedAt ?? null;

  const cooldownMs = (rule.cooldownMinutes ?? DEFAULT_COOLDOWN_MINUTES) * 60_000;
  const cooling =
    lastNotifiedAt !== null && now.getTime() - Date.parse(lastNotifiedAt) < cooldownMs;
  if (condition.firing && wasFiring) {
    const before = new Set(previous!.members ?? condition.members ?? []);
    const joined = (condition.members ?? []).some((m) => !before.has(m));
    if (!joined) return { state: { ...previous!, ...base }, event: null };
    // Still firing, but about someone new: alert again (the condition started earlier).
    return {
      state: {
        ...previous!,
        ...base,
        lastNotifiedAt: cooling ? lastNotifiedAt : at,
        notified: previous!.notified || !cooling,
      },
      event: event('fired', cooling),
    };
  }
  if (condition.firing) {
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
