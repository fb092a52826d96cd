/**
 * The MRR of the top customers across shards without gathering every value in one place:
 * each shard ranks its own values once (on its thread), and the merge finds the threshold
 * value by binary search. Values are whole minor units (each customer's MRR is rounded
 * once), so every sum below is an exact integer whatever the shards.
 */

/** Running sums of the values sorted from largest: sums[i] = Σ of the i largest. */
export function rankedSums(values: Float64Array): Float64Array {
  const sorted = values.slice().sort();
  const n = sorted.length;
  const sums = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) sums[i + 1] = sums[i]! + sorted[n - 1 - i]!;
  return sums;
}

/** How many of a shard's ranked values (see rankedSums) are at least `v`. */
function countAtLeast(sums: Float64Array, v: number): number {
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[mid + 1]! - sums[mid]! >= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Σ of the `top` largest values of all shards, from each shard's rankedSums. */
export function sumOfTopAcross(shards: readonly Float64Array[], top: number): number {
  let count = 0;
  let total = 0;
  let largest = 0;
  for (const sums of shards) {
    const n = sums.length - 1;
    count += n;
    total += sums[n]!;
    if (n > 0) largest = Math.max(largest, sums[1]!);
  }
  if (top <= 0) return 0;
  if (top >= count) return total;
  // The threshold: the largest v with at least `top` values ≥ v (the top-th largest value).
  let lo = 1;
  let hi = largest;
  const atLeast = (v: number) => shards.reduce((n, sums) => n + countAtLeast(sums, v), 0);
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (atLeast(mid) >= top) lo = mid;
    else hi = mid - 1;
  }
  let sum = 0;
  let above = 0;
  for (const sums of shards) {
    const n = countAtLeast(sums, lo + 1);
    above += n;
    sum += sums[n]!;
  }
  return sum + (top - above) * lo;
}
