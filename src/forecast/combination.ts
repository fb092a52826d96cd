import { DAMPED_MEMBER, NAIVE_MEMBER, THETA_MEMBER, type Member } from './members.ts';
import { seasonalAdjustment } from './seasonal-adjustment.ts';

/**
 * The point forecast Northstar gives: the median of damped trend and Theta, each fitted on
 * the seasonally adjusted series and, for a positive series, also on its logarithm (growth
 * that compounds is a straight line there). Averaging several sound models is more accurate
 * on average than picking one by its backtest (the M3 and M4 competitions' finding, and
 * ours: see bench/forecast.ts), and the median keeps one member's bad fit from pulling the
 * forecast away. No member is selected or weighted by its backtest.
 */

export interface Variant {
  readonly id: string;
  readonly label: string;
  readonly member: Member;
  readonly log: boolean;
}

export const VARIANTS: readonly Variant[] = [
  { id: 'damped', label: 'Damped trend', member: DAMPED_MEMBER, log: false },
  { id: 'theta', label: 'Theta', member: THETA_MEMBER, log: false },
  { id: 'damped-log', label: 'Damped trend on log values', member: DAMPED_MEMBER, log: true },
  { id: 'theta-log', label: 'Theta on log values', member: THETA_MEMBER, log: true },
];

/** The forecast of last resort, used only when every variant failed on the series. */
export const FALLBACK: Variant = {
  id: 'naive',
  label: 'Naive (last value)',
  member: NAIVE_MEMBER,
  log: false,
};

export interface PointCombination {
  readonly mean: readonly number[];
  /** Each used variant's own forecast, back in season. */
  readonly byVariant: ReadonlyMap<string, readonly number[]>;
  /** The variants whose forecasts the median took, in VARIANTS order. */
  readonly used: readonly Variant[];
  /** Variants that could not forecast this series, and why. */
  readonly dropped: readonly { readonly id: string; readonly reason: string }[];
  /** Whether the series was seasonally adjusted before fitting. */
  readonly seasonal: boolean;
}

/** Median of each column; with an even count, the mean of the two middle values. */
export function columnMedian(rows: readonly (readonly number[])[], h: number): number[] {
  return Array.from({ length: h }, (_, i) => {
    const values = rows.map((r) => r[i]!).sort((a, b) => a - b);
    const k = values.length;
    return k % 2 === 1 ? values[(k - 1) / 2]! : (values[k / 2 - 1]! + values[k / 2]!) / 2;
  });
}

function variantForecast(variant: Variant, x: readonly number[], h: number): number[] {
  if (x.length < variant.member.minLength)
    throw new Error(`needs ${variant.member.minLength} observations; got ${x.length}`);
  const input = variant.log ? x.map(Math.log) : x;
  const out = variant.member.forecast(input, h);
  const mean = variant.log ? out.map(Math.exp) : out;
  if (mean.length !== h || mean.some((v) => !Number.isFinite(v)))
    throw new Error('the fit produced a non-finite forecast');
  return mean;
}

export function combinationPoint(
  y: readonly number[],
  h: number,
  m: number,
  variants: readonly Variant[] = VARIANTS,
): PointCombination {
  const adjustment = seasonalAdjustment(y, m);
  const positive = y.every((v) => v > 0);
  const forecasts: number[][] = [];
  const used: Variant[] = [];
  const dropped: { id: string; reason: string }[] = [];
  for (const variant of variants) {
    if (variant.log && !positive) {
      dropped.push({ id: variant.id, reason: 'the series is not positive throughout' });
      continue;
    }
    try {
      forecasts.push(variantForecast(variant, adjustment.adjusted, h));
      used.push(variant);
    } catch (error) {
      dropped.push({
        id: variant.id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (used.length === 0) {
    forecasts.push(variantForecast(FALLBACK, adjustment.adjusted, h));
    used.push(FALLBACK);
  }
  const n = y.length;
  return {
    mean: adjustment.reseason(columnMedian(forecasts, h), n),
    byVariant: new Map(used.map((v, i) => [v.id, adjustment.reseason(forecasts[i]!, n)])),
    used,
    dropped,
    seasonal: adjustment.indices !== null,
  };
}
