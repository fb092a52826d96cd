/**
 * The chance that a forecast ends at or beyond a goal's target, read from the forecast's
 * calibrated bands at the due month. The bands give five quantiles of the forecast
 * distribution: 2.5 % (lo95), 10 % (lo80), 50 % (the point), 90 % (hi80) and 97.5 %
 * (hi95). The target's distance from the point is turned into a standard-normal z-score by
 * straight lines through those quantiles' z-scores (0, ±1.2816, ±1.96), measured on the
 * band's own scale (log values when the bands are multiplicative), and extended past the
 * 95 % band with the slope of its last segment; the probability is Φ(z). So the answer
 * agrees exactly with every band the forecast page draws, and is a normal approximation
 * only between and beyond them.
 */

/** The forecast at the due month, as the forecast pipeline gives it. */
export interface DueBand {
  readonly value: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** 'log': the bands are a multiple of the point (a positive series); else differences. */
  readonly scale: 'log' | 'additive';
}

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** z-score of a distance `d` ≥ 0 from the point, with the 80 % and 95 % half-widths. */
function zOf(d: number, w80: number, w95: number): number {
  if (w80 <= 0) return d === 0 ? 0 : Infinity;
  if (d <= w80) return (Z80 * d) / w80;
  // Capped bands can have no room between 80 % and 95 %: beyond the 80 % band is then 95 %.
  if (w95 <= w80) return Z95 + (d - w80) * (Z95 / w80);
  return Z80 + ((Z95 - Z80) * (d - w80)) / (w95 - w80);
}

/**
 * Probability that the metric at the due month is at least `target` (`direction` 'up') or
 * at most `target` ('down'), in [0, 1].
 */
export function probabilityOfReaching(
  band: DueBand,
  target: number,
  direction: 'up' | 'down',
): number {
  const log = band.scale === 'log' && band.lo95 > 0 && band.value > 0;
  // A positive series cannot reach zero or below: a target there is certain (down) or free (up).
  if (log && target <= 0) return direction === 'up' ? 1 : 0;
  const at = (x: number) => (log ? Math.log(x) : x);
  const d = at(target) - at(band.value);
  const z =
    d >= 0
      ? zOf(d, at(band.hi80) - at(band.value), at(band.hi95) - at(band.value))
      : -zOf(-d, at(band.value) - at(band.lo80), at(band.value) - at(band.lo95));
  const below = normalCdf(z);
  return direction === 'up' ? 1 - below : below;
}
