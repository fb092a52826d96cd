import { describe, expect, it } from 'vitest';
import { elapsedShare, evaluateGoals, forecastPacing, rawProgress } from './progress.ts';
import type { Goal, GoalForecast, MetricReading } from './types.ts';

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

/** A reading of the metric as of `asOf` (the last day of its last complete period). */
const reading = (
  current: number | null,
  asOf: string,
  extra: Partial<MetricReading> = {},
): MetricReading => ({
  current,
  period: asOf.slice(0, 7),
  asOf,
  baseline: null,
  baselinePeriod: null,
  direction: 'up',
  forecast: null,
  forecastNote: null,
  ...extra,
});

const status = (goals: Goal[], current: number | null, today: string, direction?: 'down') =>
  evaluateGoals(
    goals,
    () => (current === null ? null : reading(current, today, direction ? { direction } : {})),
    today,
  );

describe('goal progress and pacing (known answers)', () => {
  it('progress is the share of the way from baseline to target, both directions', () => {
    expect(rawProgress(10_000, 20_000, 15_000, 'up')).toBe(0.5);
    expect(rawProgress(0.05, 0.02, 0.035, 'down')).toBeCloseTo(0.5);
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
    expect(status([churn], 0.035, '2024-07-01', 'down')[0]!.status).toBe('on_track');
    expect(status([churn], 0.06, '2024-07-01', 'down')[0]).toMatchObject({
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
    const [p] = evaluateGoals([parent, a, b], () => reading(12_000, '2024-07-01'), '2024-07-01');
    // (3 × 0.2 + 1 × 1) / 4 = 0.4
    expect(p!.progress).toBeCloseTo(0.4);
    expect(p!.children).toEqual(['a', 'b']);
    expect(p!.status).toBe('at_risk');
  });

  it('survives a cycle in parent links', () => {
    const x: Goal = { ...mrrGoal, id: 'x', parentId: 'y' };
    const y: Goal = { ...mrrGoal, id: 'y', parentId: 'x' };
    expect(evaluateGoals([x, y], () => reading(15_000, '2024-07-01'), '2024-07-01')).toHaveLength(
      2,
    );
  });
});

describe('baseline, lower-is-better goals and forecast pacing (known answers)', () => {
  const arr: Goal = {
    id: 'arr',
    name: 'ARR $1M',
    kind: 'money',
    metric: 'arr',
    start: '2026-01-01',
    due: '2026-12-31',
    target: 1_000_000,
  };

  it('takes the baseline from history at the start and judges the last complete month', () => {
    // On 6 Dec the last complete month is November: the line is judged at 30 Nov.
    const [g] = evaluateGoals(
      [arr],
      () =>
        reading(520_000, '2026-11-30', {
          period: '2026-11',
          baseline: 400_000,
          baselinePeriod: '2025-12',
        }),
      '2026-12-06',
    );
    expect(g).toMatchObject({
      baseline: 400_000,
      baselineFrom: 'history',
      baselinePeriod: '2025-12',
      period: '2026-11',
      asOf: '2026-11-30',
      progress: 0.2,
      daysLeft: 25,
    });
    // 333 of 364 days elapsed on 30 Nov: the line asks for 400k + 600k × 333/364.
    expect(g!.expected).toBeCloseTo(333 / 364, 10);
    expect(g!.expectedValue).toBeCloseTo(400_000 + 600_000 * (333 / 364), 6);
    expect(g!.status).toBe('off_track');
  });

  it('a baseline that is set wins over history', () => {
    const [g] = evaluateGoals(
      [{ ...arr, baseline: 500_000 }],
      () => reading(750_000, '2026-06-30', { baseline: 400_000, baselinePeriod: '2025-12' }),
      '2026-07-03',
    );
    expect(g).toMatchObject({ baseline: 500_000, baselineFrom: 'set', baselinePeriod: null });
    expect(g!.progress).toBe(0.5);
  });

  it('no history before the start: no baseline, no progress', () => {
    const [g] = evaluateGoals([arr], () => reading(10_000, '2026-03-31'), '2026-04-02');
    expect(g).toMatchObject({ baseline: null, baselineFrom: null, progress: 0 });
  });

  it('lower is better: a churn goal moves down, and "under 3 %" from below is kept', () => {
    const churn: Goal = {
      id: 'churn',
      name: 'Churn under 3%',
      kind: 'rate',
      metric: 'customer_churn_rate',
      start: '2026-01-01',
      due: '2026-12-31',
      target: 0.03,
    };
    const at = (current: number, baseline: number) =>
      evaluateGoals(
        [churn],
        () => reading(current, '2026-11-30', { baseline, direction: 'down' }),
        '2026-12-06',
      )[0]!;
    // From 5 % to 3 %: 4 % is half way.
    expect(at(0.04, 0.05)).toMatchObject({ progress: 0.5, direction: 'down' });
    expect(at(0.06, 0.05).progress).toBe(0);
    expect(at(0.025, 0.05)).toMatchObject({ progress: 1, status: 'achieved' });
    // Already under 3 % at the start: achieved while it stays under, not once above.
    expect(at(0.029, 0.02)).toMatchObject({ progress: 1, status: 'achieved' });
    expect(at(0.031, 0.02)).toMatchObject({ progress: 0 });
  });

  it('the forecast can only make the pacing worse, and says by how much', () => {
    const forecast = (probability: number): GoalForecast => ({
      period: '2026-12',
      value: 900_000,
      lo80: 800_000,
      hi80: 1_000_000,
      probability,
      status: forecastPacing(probability),
    });
    const mrr: Goal = { ...mrrGoal, start: '2024-01-01', due: '2024-12-31' };
    const judge = (probability: number) =>
      evaluateGoals(
        [mrr],
        () => reading(15_000, '2024-06-30', { forecast: forecast(probability) }),
        '2024-07-05',
      )[0]!;
    // 15k is half way and the line asks for 49.6 % on 30 June: on track by the line.
    expect(judge(0.7)).toMatchObject({ lineStatus: 'on_track', status: 'on_track' });
    expect(judge(0.3)).toMatchObject({ lineStatus: 'on_track', status: 'at_risk' });
    expect(judge(0.1)).toMatchObject({ lineStatus: 'on_track', status: 'off_track' });
    expect(forecastPacing(0.5)).toBe('on_track');
    expect(forecastPacing(0.2)).toBe('at_risk');
    expect(forecastPacing(0.19)).toBe('off_track');
  });
});
