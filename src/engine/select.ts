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

/** Values drawn, evenly spaced, to guess where the `count` largest begin. */
const SAMPLE_SIZE = 4096;
/** Sample positions either side of the guess: four standard errors of a sample quantile. */
const MARGIN = 4 * Math.sqrt(SAMPLE_SIZE / 4);

/**
 * sumOfLargest over the values of several arrays (left as they are), in one pass over
 * them as a rule: a sample guesses a band of values the `count`-th largest falls in; the
 * values above it are summed, values equal to its ends counted, and only the few values
 * inside it are selected among. Values repeat a lot (plan prices), so counting the ends
 * keeps the band small. Should the guess miss, every value is selected among. For values
 * that are integers (minor units), as the sums stay below 2^53, the result is the same
 * number whatever the order of the additions.
 */
export function sumOfLargestAcross(parts: readonly Float64Array[], count: number): number {
  let n = 0;
  for (const part of parts) n += part.length;
  if (count <= 0) return 0;
  if (count >= n) return sumOfAll(parts);
  const sample = sampleOf(parts, n).sort();
  // The guess's position in the ascending sample, widened by the margin on both sides.
  const position = (1 - count / n) * (sample.length - 1);
  const low = sample[Math.max(0, Math.floor(position - MARGIN))]!;
  const high = sample[Math.min(sample.length - 1, Math.ceil(position + MARGIN))]!;

  let above = 0;
  let sumAbove = 0;
  let atHigh = 0;
  let atLow = 0;
  let band: Float64Array = new Float64Array(1024);
  let inBand = 0;
  for (const part of parts)
    for (let i = 0; i < part.length; i++) {
      const v = part[i]!;
      if (v > high) {
        above++;
        sumAbove += v;
      } else if (v === high) atHigh++;
      else if (v > low) {
        if (inBand === band.length) band = grown(band);
        band[inBand++] = v;
      } else if (v === low) atLow++;
    }
  let left = count - above;
  if (left < 0) return sumOfLargest(concatenated(parts, n), count);
  let sum = sumAbove;
  const fromHigh = Math.min(left, atHigh);
  sum += fromHigh * high;
  left -= fromHigh;
  if (left <= inBand) return sum + sumOfLargest(band.subarray(0, inBand), left);
  sum += sumOfLargest(band.subarray(0, inBand), inBand);
  left -= inBand;
  if (left <= atLow) return sum + left * low;
  return sumOfLargest(concatenated(parts, n), count);
}

function sumOfAll(parts: readonly Float64Array[]): number {
  let sum = 0;
  for (const part of parts) for (let i = 0; i < part.length; i++) sum += part[i]!;
  return sum;
}

/** Up to SAMPLE_SIZE values, evenly spaced over the parts taken end to end. */
function sampleOf(parts: readonly Float64Array[], n: number): Float64Array {
  const size = Math.min(SAMPLE_SIZE, n);
  const sample = new Float64Array(size);
  const step = n / size;
  let part = 0;
  let start = 0;
  for (let s = 0; s < size; s++) {
    const at = Math.floor(s * step);
    while (at >= start + parts[part]!.length) start += parts[part++]!.length;
    sample[s] = parts[part]![at - start]!;
  }
  return sample;
}

function concatenated(parts: readonly Float64Array[], n: number): Float64Array {
  const all = new Float64Array(n);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

function grown(values: Float64Array): Float64Array {
  const next = new Float64Array(values.length * 2);
  next.set(values);
  return next;
}
