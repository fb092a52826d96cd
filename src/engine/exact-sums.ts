/**
 * Integer sums that stay exact at any size: each adds into a float while that is exact
 * (magnitudes below 2^53) and is folded into a BigInt before it could stop being. Floats
 * keep the common case fast (a million customers add ~a billion values); the BigInt keeps
 * sums of squares beyond 2^53 exact.
 */
export class ExactSums {
  private readonly low: Float64Array;
  private readonly high: bigint[];

  constructor(length: number, from?: readonly bigint[]) {
    this.low = new Float64Array(length);
    this.high = from ? [...from] : new Array<bigint>(length).fill(0n);
  }

  get length(): number {
    return this.low.length;
  }

  /** Adds an integer: a number must be exact (a safe integer); a bigint is any size. */
  add(k: number, value: number | bigint): void {
    if (typeof value === 'bigint') {
      this.high[k] = this.high[k]! + value;
      return;
    }
    if (!Number.isSafeInteger(value))
      throw new Error(`a contribution of ${value} is not an exact integer`);
    const low = this.low[k]!;
    if (Math.abs(low) + Math.abs(value) < FLOAT_EXACT) {
      this.low[k] = low + value;
    } else {
      this.high[k] = this.high[k]! + BigInt(low) + BigInt(value);
      this.low[k] = 0;
    }
  }

  /**
   * Adds `sign` times each of `values` at its index (zeros skipped): `add` over a whole
   * series, in one loop (a full recompute adds about a thousand values per customer).
   */
  addEach(values: ArrayLike<number>, sign: 1 | -1): void {
    const low = this.low;
    for (let k = 0; k < values.length; k++) {
      const value = values[k]!;
      if (value === 0) continue;
      const sum = low[k]!;
      if (Number.isSafeInteger(value) && Math.abs(sum) + Math.abs(value) < FLOAT_EXACT)
        low[k] = sum + sign * value;
      else this.add(k, sign * value);
    }
  }

  /** Adds every sum of `other` (of the same length) to this one's. */
  addSums(other: ExactSums): void {
    for (let k = 0; k < this.length; k++) {
      const value = other.get(k);
      if (value !== 0n) this.add(k, value);
    }
  }

  /** Sum k as a number (rounded beyond 2^53), without making a BigInt while it fits a float. */
  toNumber(k: number): number {
    const high = this.high[k]!;
    return high === 0n ? this.low[k]! : Number(high + BigInt(this.low[k]!));
  }

  /** Every sum back to 0, in place. */
  clear(): void {
    this.low.fill(0);
    this.high.fill(0n);
  }

  get(k: number): bigint {
    return this.high[k]! + BigInt(this.low[k]!);
  }

  values(): bigint[] {
    return Array.from({ length: this.length }, (_, k) => this.get(k));
  }
}

const FLOAT_EXACT = 2 ** 53;
