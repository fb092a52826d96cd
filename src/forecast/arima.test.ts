import { afterEach, describe, expect, it, vi } from 'vitest';
import { airlineSarima, autoArima, randomWalkWithDrift } from './arima.ts';
import { Z95 } from './model.ts';

/** Deterministic standard normal draws (Park–Miller + Box–Muller). */
function normals(count: number, seed = 7): number[] {
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from(
    { length: count },
    () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()),
  );
}

afterEach(() => vi.restoreAllMocks());

describe('ARIMA via the arima package', () => {
  it('AutoARIMA on an AR(1) forecasts decay towards the mean', () => {
    const e = normals(200);
    const y = [50];
    for (let t = 1; t < 200; t++) y.push(50 + 0.7 * (y[t - 1]! - 50) + e[t]!);
    const f = autoArima(y, 10);
    expect(Math.abs(f.mean[9]! - 50)).toBeLessThan(Math.abs(y[199]! - 50) + 1);
    expect(f.hi95[0]! - f.mean[0]!).toBeGreaterThan(Z95 * 0.7);
    expect(f.hi95[0]! - f.mean[0]!).toBeLessThan(Z95 * 1.4);
  });

  it('prints nothing on stdout (ctsa diagnostics would corrupt JSON output)', () => {
    const write = vi.spyOn(process.stdout, 'write');
    const walk = normals(60, 3).reduce<number[]>((acc, v) => [...acc, (acc.at(-1) ?? 0) + v], []);
    autoArima(walk, 3);
    expect(write).not.toHaveBeenCalled();
  });

  it('falls back to a random walk with drift when the package returns garbage for a random walk', () => {
    // This walk makes the package return subnormal numbers (its (0,1,0) failure).
    const walk = normals(60, 1).reduce<number[]>((acc, v) => [...acc, (acc.at(-1) ?? 0) + v], []);
    const f = autoArima(walk, 3);
    for (const v of f.mean) expect(Math.abs(v)).toBeGreaterThan(1e-100);
    expect(Math.abs(f.mean[0]! - walk[59]!)).toBeLessThan(1);
  });

  it('random walk with drift, hand-checked', () => {
    // Differences 2, 2, 4 → drift 8/3, σ² = ((2/3)² + (2/3)² + (4/3)²)/2 = 4/3.
    const f = randomWalkWithDrift([0, 2, 4, 8], 2);
    expect(f.mean[0]).toBeCloseTo(8 + 8 / 3, 12);
    expect(f.mean[1]).toBeCloseTo(8 + 16 / 3, 12);
    expect(f.hi95[1]! - f.mean[1]!).toBeCloseTo(Z95 * Math.sqrt((4 / 3) * 2 * (1 + 2 / 3)), 12);
  });

  it('the airline SARIMA follows trend and season', () => {
    const e = normals(60, 11);
    const y = Array.from(
      { length: 60 },
      (_, t) => 100 + 2 * t + 10 * Math.sin((2 * Math.PI * t) / 12) + 0.3 * e[t]!,
    );
    const f = airlineSarima(y, 12, 12);
    f.mean.forEach((v, i) => {
      const t = 60 + i;
      expect(Math.abs(v - (100 + 2 * t + 10 * Math.sin((2 * Math.PI * t) / 12)))).toBeLessThan(3);
    });
  });
});
