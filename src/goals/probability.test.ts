import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, probabilityOfReaching, type DueBand } from './probability.ts';

/** A multiplicative band around 100: ×e^±0.2 holds 80 %, ×e^±0.35 holds 95 %. */
const logBand: DueBand = {
  value: 100,
  lo80: 100 * Math.exp(-0.2),
  hi80: 100 * Math.exp(0.2),
  lo95: 100 * Math.exp(-0.35),
  hi95: 100 * Math.exp(0.35),
  scale: 'log',
};

describe('probability of reaching a target from the forecast bands (known answers)', () => {
  it('the standard normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.2815515655446004)).toBeCloseTo(0.1, 6);
  });

  it('agrees with every band: 50 % at the point, 10 % beyond 80 %, 2.5 % beyond 95 %', () => {
    expect(probabilityOfReaching(logBand, 100, 'up')).toBeCloseTo(0.5, 6);
    expect(probabilityOfReaching(logBand, logBand.hi80, 'up')).toBeCloseTo(0.1, 6);
    expect(probabilityOfReaching(logBand, logBand.hi95, 'up')).toBeCloseTo(0.025, 6);
    expect(probabilityOfReaching(logBand, logBand.lo80, 'up')).toBeCloseTo(0.9, 6);
    expect(probabilityOfReaching(logBand, logBand.lo80, 'down')).toBeCloseTo(0.1, 6);
    expect(probabilityOfReaching(logBand, logBand.lo95, 'down')).toBeCloseTo(0.025, 6);
  });

  it('between the point and the 80 % bound: half the z-score, on the log scale', () => {
    // ln(target/100) = 0.1 is half of 0.2: z = 1.2816 / 2, P = 1 − Φ(0.6408) = 0.2608.
    expect(probabilityOfReaching(logBand, 100 * Math.exp(0.1), 'up')).toBeCloseTo(0.26084, 4);
  });

  it('beyond the 95 % band the z-score keeps the slope of the 80–95 % segment', () => {
    // 0.5 is two segment widths (0.15) past 0.2, each adding 0.6784 to z: z = 2.6384.
    expect(probabilityOfReaching(logBand, 100 * Math.exp(0.5), 'up')).toBeCloseTo(
      1 - normalCdf(2.638376403535507),
      8,
    );
  });

  it('additive bands, and a positive series cannot reach zero', () => {
    const band: DueBand = {
      value: 0.04,
      lo80: 0.02,
      hi80: 0.06,
      lo95: 0.01,
      hi95: 0.07,
      scale: 'additive',
    };
    expect(probabilityOfReaching(band, 0.02, 'down')).toBeCloseTo(0.1, 6);
    expect(probabilityOfReaching(band, 0.05, 'down')).toBeCloseTo(
      normalCdf(1.2815515655446004 / 2),
      8,
    );
    expect(probabilityOfReaching(logBand, 0, 'down')).toBe(0);
    expect(probabilityOfReaching(logBand, 0, 'up')).toBe(1);
  });

  it('is a probability that falls as the target rises, and up + down = 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const pLow = probabilityOfReaching(logBand, low, 'up');
          const pHigh = probabilityOfReaching(logBand, high, 'up');
          expect(pLow).toBeGreaterThanOrEqual(pHigh - 1e-12);
          expect(pLow).toBeGreaterThanOrEqual(0);
          expect(pLow).toBeLessThanOrEqual(1);
          expect(pLow + probabilityOfReaching(logBand, low, 'down')).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});
