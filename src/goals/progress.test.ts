import { describe, expect, it } from 'vitest';
import { elapsedShare, evaluateGoals, rawProgress } from './progress.ts';
import type { Goal } from './types.ts';

const mrrGoal: Goal = {
  id: 'mrr',
  name: 'MRR to $20k',
  kind: 'money',
  metric: 'mrr',
  start: '2024-01-01',
  due: '2024-12-31',
  baseline: 10_000,
  target: 20_000,
};

const status = (goals: Goal[], current: number | null, today: string) =>
  evaluateGoals(goals, () => current, today);

describe('goal progress and pacing (known answers)', () => {
  it('progress is the share of the way from baseline to target, both directions', () => {
    expect(rawProgress(10_000, 20_000, 15_000)).toBe(0.5);
    expect(rawProgress(0.05, 0.02, 0.035)).toBeCloseTo(0.5);
    expect(elapsedShare('2024-01-01', '2024-12-31', '2024-07-01')).toBeCloseTo(182 / 365);
  });

  it('on track, at risk and off track against the straight line', () => {
    // 2024-07-01: 49.9% of the time elapsed; the line asks for $14,986.
    const [onTrack] = status([mrrGoal], 14_600, '2024-07-01');
    expect(onTrack).toMatchObject({ status: 'on_track', progress: 0.46 });
    expect(onTrack!.expectedValue).toBeCloseTo(10_000 + 10_000 * (182 / 365));
    expect(status([mrrGoal], 14_000, '2024-07-01')[0]!.status).toBe('at_risk');
    expect(status([mrrGoal], 12_000, '2024-07-01')[0]!.status).toBe('off_track');
    expect(status([mrrGoal], 20_500, '2024-07-01')[0]).toMatchObject({
      status: 'achieved',
      progress: 1,
    });
    expect(status([mrrGoal], 19_000, '2025-01-02')[0]!.status).toBe('missed');
  });

  it('a decrease goal (churn rate from 5% to 2%)', () => {
    const churn: Goal = {
      ...mrrGoal,
      id: 'churn',
      kind: 'rate',
      metric: 'customer_churn_rate',
      baseline: 0.05,
      target: 0.02,
    };
    expect(status([churn], 0.035, '2024-07-01')[0]!.status).toBe('on_track');
    expect(status([churn], 0.06, '2024-07-01')[0]).toMatchObject({
      status: 'off_track',
      progress: 0,
    });
  });

  it('yes/no and task goals', () => {
    const launch: Goal = {
      id: 'l',
      name: 'Launch EU',
      kind: 'boolean',
      start: '2024-01-01',
      due: '2024-01-11',
    };
    expect(status([launch], null, '2024-01-05')[0]!.status).toBe('on_track');
    expect(status([launch], null, '2024-01-10')[0]!.status).toBe('at_risk');
    expect(status([{ ...launch, done: true }], null, '2024-01-10')[0]!.status).toBe('achieved');
    const tasks: Goal = {
      id: 't',
      name: 'SOC 2',
      kind: 'tasks',
      start: '2024-01-01',
      due: '2024-01-11',
      tasks: [
        { title: 'a', done: true },
        { title: 'b', done: true },
        { title: 'c', done: false },
        { title: 'd', done: false },
      ],
    };
    expect(status([tasks], null, '2024-01-06')[0]).toMatchObject({
      progress: 0.5,
      current: 2,
      status: 'on_track',
    });
  });

  it('rolls weighted children up into the parent', () => {
    const parent: Goal = {
      id: 'p',
      name: 'H2 plan',
      kind: 'tasks',
      start: '2024-01-01',
      due: '2024-12-31',
    };
    const a: Goal = { ...mrrGoal, id: 'a', parentId: 'p', weight: 3 };
    const b: Goal = {
      id: 'b',
      name: 'Ship',
      kind: 'boolean',
      start: '2024-01-01',
      due: '2024-12-31',
      done: true,
      parentId: 'p',
      weight: 1,
    };
    const [p] = evaluateGoals([parent, a, b], () => 12_000, '2024-07-01');
    // (3 × 0.2 + 1 × 1) / 4 = 0.4
    expect(p!.progress).toBeCloseTo(0.4);
    expect(p!.children).toEqual(['a', 'b']);
    expect(p!.status).toBe('at_risk');
  });

  it('survives a cycle in parent links', () => {
    const x: Goal = { ...mrrGoal, id: 'x', parentId: 'y' };
    const y: Goal = { ...mrrGoal, id: 'y', parentId: 'x' };
    expect(evaluateGoals([x, y], () => 15_000, '2024-07-01')).toHaveLength(2);
  });
});
