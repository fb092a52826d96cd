/** Below it a square is a safe integer (MRR up to ~94.9M minor units). */
const EXACT_SQUARE_ROOT = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER));

/**
 * A positive MRR's square, exact: a number while that is a safe integer, a bigint past
 * 2^53; 0 for no MRR (what a sum of squares of paying customers adds).
 */
export function squareOf(value: number): number | bigint {
  if (value <= 0) return 0;
  return value <= EXACT_SQUARE_ROOT ? value * value : BigInt(value) * BigInt(value);
}
