/**
 * Running sums of floats kept as a value and its rounding error (Neumaier's compensated
 * summation). A plain running sum keeps a residue when an amount is added and later taken
 * away (6600 + 120909.33… − 120909.33… = 6600.000000000015), which an exact half cent then
 * rounds the other way; with the error kept beside it, the sum comes back to 6600. The
 * engine's timelines (./timeline.ts) and a customer's MRR lines (./customer-lines.ts) both
 * sum monthly amounts this way, so the two agree to the bit, in any order of the amounts.
 */

/** Adds `x` to the sum at `i` of `sums`, its rounding error to `errors` at `i`. */
export function addCompensated(
  sums: Float64Array,
  errors: Float64Array,
  i: number,
  x: number,
): void {
  const sum = sums[i]!;
  const next = sum + x;
  errors[i]! += Math.abs(sum) >= Math.abs(x) ? sum - next + x : x - next + sum;
  sums[i] = next;
}

/** The sum at `i`: its running value corrected by the error kept beside it. */
export function compensatedValue(sums: Float64Array, errors: Float64Array, i: number): number {
  return sums[i]! + errors[i]!;
}
