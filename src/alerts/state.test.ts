import { describe, expect, it } from 'vitest';
import { transition } from './state.ts';
import type { AlertRule, AlertState, Condition } from './types.ts';

const rule: AlertRule = {
  id: 'mrr-drop',
  name: 'MRR drop',
  kind: 'threshold',
  metric: 'mrr',
  op: 'below',
  value: 100,
  cooldownMinutes: 60,
};
const firing: Condition = { firing: true, value: 90, period: '2024-03', message: 'low' };
const fine: Condition = { firing: false, value: 120, period: '2024-03', message: 'ok' };
const at = (minutes: number) => new Date(Date.UTC(2024, 3, 1, 0, minutes));

function run(conditions: [Condition, number][]) {
  let state: AlertState | null = null;
  return conditions.map(([c, minute]) => {
    const t = transition(rule, state, c, at(minute));
    state = t.state;
    return t.event ? `${t.event.type}${t.event.suppressed ? ' (suppressed)' : ''}` : null;
  });
}

describe('transition', () => {
  it('alerts once while the condition holds (de-duplication) and reports recovery once', () => {
    expect(
      run([
        [fine, 0],
        [firing, 1],
        [firing, 2],
        [firing, 3],
        [fine, 4],
        [fine, 5],
      ]),
    ).toEqual([null, 'fired', null, null, 'recovered', null]);
  });

  it('holds back a new firing within the cooldown, and its recovery with it', () => {
    expect(
      run([
        [firing, 0],
        [fine, 10],
        [firing, 20],
        [fine, 30],
        [firing, 61],
      ]),
    ).toEqual(['fired', 'recovered', 'fired (suppressed)', 'recovered (suppressed)', 'fired']);
  });

  it('keeps the time the condition started', () => {
    const first = transition(rule, null, firing, at(0));
    const second = transition(rule, first.state, firing, at(5));
    expect(second.state.since).toBe(at(0).toISOString());
    expect(second.state.lastEvaluatedAt).toBe(at(5).toISOString());
  });
});

describe('transition with a set-valued condition', () => {
  const set = (members: string[]): Condition => ({
    firing: members.length > 0,
    value: members.length,
    period: null,
    message: members.join(','),
    members,
  });
  it('fires again only when someone joins the set', () => {
    let state: AlertState | null = null;
    const events = (
      [
        [['a'], 0],
        [['a'], 70],
        [['a', 'b'], 140],
        [['b'], 210],
        [['b', 'a'], 280],
        [[], 350],
      ] as [string[], number][]
    ).map(([members, minute]) => {
      const t = transition(rule, state, set(members), at(minute));
      state = t.state;
      return t.event?.type ?? null;
    });
    expect(events).toEqual(['fired', null, 'fired', null, 'fired', 'recovered']);
  });
});
