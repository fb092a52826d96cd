import { describe, expect, it } from 'vitest';
import { conditionalSurvival, monotoneAlive, projectExisting } from './cohort.ts';
import { survival } from './sbg.ts';

describe('cohort projection', () => {
  const p = { alpha: 0.704, beta: 1.182 };

  it('conditional survival is S(a+h)/S(a)', () => {
    const s = survival(p, 10);
    expect(conditionalSurvival(p, 3, 4)).toBeCloseTo(s[7]! / s[3]!, 14);
    expect(conditionalSurvival(p, 0, 0)).toBe(1);
  });

  it('older cohorts keep more of their MRR (hand-built two-cohort base)', () => {
    const [first] = projectExisting(
      p,
      [
        { age: 0, customers: 10, mrr: 1000 },
        { age: 6, customers: 5, mrr: 500 },
      ],
      1,
    );
    const s = survival(p, 7);
    expect(first!.mrr).toBeCloseTo(1000 * s[1]! + (500 * s[7]!) / s[6]!, 10);
    expect(first!.customers).toBeCloseTo(10 * s[1]! + (5 * s[7]!) / s[6]!, 10);
  });

  it('alive counts never rise', () => {
    expect(monotoneAlive([10, 8, 9, 7])).toEqual([10, 8, 8, 7]);
  });
});
