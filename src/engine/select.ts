/**
 * Sum of the `count` largest values, in O(n) on average (quickselect), without sorting.
 * Reorders `values` in place.
 */
export function sumOfLargest(values: Float64Array, count: number): number {
  const n = values.length;
  if (count <= 0) return 0;
  if (count >= n) return values.reduce((a, b) => a + b, 0);
  // Partition so that the `count` largest values occupy the last `count` places.
  const target = n - count;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  let sum = 0;
  for (let i = target; i < n; i++) sum += values[i]!;
  return sum;
}
