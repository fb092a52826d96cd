import type { Day } from '../model/day.ts';
import type { Period } from '../model/period.ts';

/** Finds the period that holds a day, by binary search over sorted, contiguous periods. */
export class PeriodIndex {
  constructor(readonly periods: readonly Period[]) {}

  /** Index of the period containing `day`, or -1 outside them. */
  of(day: Day): number {
    const p = this.periods;
    let lo = 0;
    let hi = p.length - 1;
    if (hi < 0 || day < p[0]!.start || day > p[hi]!.end) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p[mid]!.end < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get length(): number {
    return this.periods.length;
  }

  /** One list per period: where per-period samples (durations, scores) are gathered. */
  buckets<T>(): T[][] {
    return Array.from({ length: this.periods.length }, () => [] as T[]);
  }
}
