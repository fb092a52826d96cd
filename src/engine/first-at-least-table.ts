import { firstAtLeast } from './first-at-least.ts';

/**
 * `firstAtLeast` over fixed ascending integers (days, grid points), answered from a table
 * of every value in their span: for lookups by the million, such as each subscription
 * row's paid window against the periods' measure days or each customer's first day against
 * the walk's grid, where binary searches showed up in profiles. The table holds one entry
 * per integer between the first and the last value.
 */
export class FirstAtLeastTable {
  private readonly first: number;
  private readonly table: Int32Array;

  constructor(private readonly sorted: Int32Array) {
    const n = sorted.length;
    this.first = n > 0 ? sorted[0]! : 0;
    this.table = new Int32Array(n > 0 ? sorted[n - 1]! - this.first + 1 : 0);
    for (let i = 0; i < this.table.length; i++)
      this.table[i] = firstAtLeast(sorted, this.first + i);
  }

  /** Index of the first value that is at least `value`; the count of values when none is. */
  of(value: number): number {
    const i = value - this.first;
    if (i <= 0) return 0;
    return i >= this.table.length ? this.sorted.length : this.table[i]!;
  }
}
