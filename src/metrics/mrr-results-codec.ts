import type { Day } from '../model/day.ts';
import {
  CONTRIBUTION_SERIES,
  type CustomerContribution,
  type LedgerMovement,
} from '../engine/customer-contribution.ts';
import { MOVEMENT_TYPES } from '../engine/mrr.ts';
import { ExactSums } from '../engine/exact-sums.ts';
import type { MrrSums } from '../engine/mrr-sums.ts';
import { AsciiText } from './ascii-text.ts';

/**
 * How stored MRR results are written as text (the store keeps them opaque). A customer's
 * contribution is a few runs per series (its MRR holds for months at a time), so a
 * customer costs a few hundred bytes, not periods × series numbers.
 */

/** Runs of a series: [first period, value, count, value, count, …]; absent when all zero. */
type Runs = number[];

interface EncodedContribution {
  /** [series index, …runs] per series with a value. */
  s: [number, ...Runs][];
  /** [month, startMrr, …runs of paying, then runs of mrr], or absent. */
  c?: [number, number, Runs, Runs];
  /** Movements: [day, type index, amount, before, after]. */
  m: [number, number, number, number, number][];
  /** First change day, or null. */
  f: Day | null;
}

/**
 * `values` as runs appended to `out` as JSON (`[first,value,count,…]`, led by `lead` when
 * not null; after a comma when `comma`), or nothing when all are zero (then false): a full
 * recompute encodes a million customers, and building arrays for JSON.stringify cost more
 * than the rest of the walk. Values before `from` are known to be 0.
 */
function writeRuns(
  out: AsciiText,
  values: ArrayLike<number>,
  lead: number | null,
  comma: boolean,
  from = 0,
): boolean {
  const length = values.length;
  let first = from;
  while (first < length && values[first] === 0) first++;
  if (first === length) return false;
  let last = length - 1;
  while (values[last] === 0) last--;
  if (comma) out.char(COMMA);
  out.char(OPEN);
  if (lead !== null) out.number(lead).char(COMMA);
  out.number(first);
  for (let k = first; k <= last;) {
    const value = values[k]!;
    let next = k + 1;
    while (next <= last && values[next] === value) next++;
    out
      .char(COMMA)
      .number(value)
      .char(COMMA)
      .number(next - k);
    k = next;
  }
  out.char(CLOSE);
  return true;
}

const OPEN = 91; // [
const CLOSE = 93; // ]
const COMMA = 44; // ,

function fromRuns(runs: Runs | null, length: number): Float64Array {
  const out = new Float64Array(length);
  if (runs === null) return out;
  let k = runs[0]!;
  for (let i = 1; i < runs.length; i += 2) {
    out.fill(runs[i]!, k, k + runs[i + 1]!);
    k += runs[i + 1]!;
  }
  return out;
}

/** One writer for every share a thread encodes (a share's text is copied out of it). */
const shareText = new AsciiText();

/** The JSON text of an EncodedContribution, written directly (see writeRuns). */
export function encodeContribution(c: CustomerContribution): string {
  const out = shareText.reset().ascii('{"s":[');
  let any = false;
  const from = c.firstPeriod ?? 0;
  c.series.forEach((values, i) => {
    if (writeRuns(out, values, i, any, from)) any = true;
  });
  out.ascii('],"m":[');
  c.movements.forEach((m, i) => {
    if (i > 0) out.char(COMMA);
    out.char(OPEN).number(m.day).char(COMMA).number(MOVEMENT_TYPES.indexOf(m.type));
    out.char(COMMA).number(m.amount).char(COMMA).number(m.before);
    out.char(COMMA).number(m.after).char(CLOSE);
  });
  out.ascii('],"f":');
  if (c.firstChangeDay === null) out.ascii('null');
  else out.number(c.firstChangeDay);
  if (c.cohort !== null) {
    out.ascii(',"c":[').number(c.cohort.month).char(COMMA).number(c.cohort.startMrr);
    if (!writeRuns(out, c.cohort.paying, null, true)) out.ascii(',[]');
    if (!writeRuns(out, c.cohort.mrr, null, true)) out.ascii(',[]');
    out.char(CLOSE);
  }
  return out.char(125).toString(); // }
}

export function decodeContribution(
  text: string,
  periods: number,
  months: number,
): CustomerContribution {
  const encoded = JSON.parse(text) as EncodedContribution;
  const series: Float64Array[] = CONTRIBUTION_SERIES.map(() => new Float64Array(periods));
  for (const [i, ...runs] of encoded.s) series[i] = fromRuns(runs, periods);
  const movements: LedgerMovement[] = encoded.m.map(([day, type, amount, before, after]) => ({
    day,
    type: MOVEMENT_TYPES[type]!,
    amount,
    before,
    after,
  }));
  const cohort = encoded.c;
  const width = cohort === undefined ? 0 : months - cohort[0];
  const orNull = (runs: Runs) => (runs.length === 0 ? null : runs);
  return {
    series,
    cohort:
      cohort === undefined
        ? null
        : {
            month: cohort[0],
            startMrr: cohort[1],
            paying: [...fromRuns(orNull(cohort[2]), width)],
            mrr: [...fromRuns(orNull(cohort[3]), width)],
          },
    movements,
    firstChangeDay: encoded.f,
  };
}

/** What the stored sums cover, beside the sums. */
export interface ResultsCoverage {
  /** Last day of history the results take into account (today when computed). */
  readonly through: Day;
  /** First day of the first period (monthly periods from it to `through`). */
  readonly firstDay: Day;
  /** Customers with stored results. */
  readonly customers: number;
  /** Of them, those whose MRR first changes in the first period (it exists because of them). */
  readonly firstPeriodCustomers: number;
}

interface EncodedSums extends ResultsCoverage {
  series: string[][];
  cohortSize: string[];
  cohortStartMrr: string[];
  cohortPaying: string[][];
  cohortMrr: string[][];
  endMrrCounts: [number, number][][];
}

export function encodeResults(coverage: ResultsCoverage, sums: MrrSums): string {
  const text = (values: ExactSums) => values.values().map(String);
  const encoded: EncodedSums = {
    ...coverage,
    series: sums.series.map(text),
    cohortSize: text(sums.cohortSize),
    cohortStartMrr: text(sums.cohortStartMrr),
    cohortPaying: sums.cohortPaying.map(text),
    cohortMrr: sums.cohortMrr.map(text),
    // In value order: the same sums give the same text, however their customers were added.
    endMrrCounts: sums.endMrrCounts.map((counts) => [...counts].sort((a, b) => a[0] - b[0])),
  };
  return JSON.stringify(encoded);
}

export function decodeResults(text: string): { coverage: ResultsCoverage; sums: MrrSums } {
  const e = JSON.parse(text) as EncodedSums;
  const big = (values: readonly string[]) => new ExactSums(values.length, values.map(BigInt));
  return {
    coverage: {
      through: e.through,
      firstDay: e.firstDay,
      customers: e.customers,
      firstPeriodCustomers: e.firstPeriodCustomers,
    },
    sums: {
      series: e.series.map(big),
      cohortSize: big(e.cohortSize),
      cohortStartMrr: big(e.cohortStartMrr),
      cohortPaying: e.cohortPaying.map(big),
      cohortMrr: e.cohortMrr.map(big),
      endMrrCounts: e.endMrrCounts.map((pairs) => new Map(pairs)),
    },
  };
}
