import { describe, expect, it } from 'vitest';
import { autoEts, mstlEts } from './ets.ts';

describe('augurs ETS and MSTL', () => {
  it('AutoETS follows a noisy linear trend with nested intervals', () => {
    const noise = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.4, -0.3, 0.1];
    const y = Array.from({ length: 40 }, (_, t) => 100 + 3 * t + noise[t % 10]!);
    const f = autoEts(y, 6);
    expect(f.mean).toHaveLength(6);
    f.mean.forEach((v, i) => expect(Math.abs(v - (100 + 3 * (40 + i)))).toBeLessThan(2));
    for (let i = 0; i < 6; i++) {
      expect(f.lo95[i]!).toBeLessThanOrEqual(f.lo80[i]!);
      expect(f.lo80[i]!).toBeLessThanOrEqual(f.mean[i]!);
      expect(f.hi80[i]!).toBeLessThanOrEqual(f.hi95[i]!);
    }
  });

  it('MSTL keeps a monthly seasonal shape', () => {
    const y = Array.from({ length: 48 }, (_, t) => 200 + t + 20 * Math.sin((2 * Math.PI * t) / 12));
    const f = mstlEts(y, 12, 12);
    f.mean.forEach((v, i) => {
      const t = 48 + i;
      expect(Math.abs(v - (200 + t + 20 * Math.sin((2 * Math.PI * t) / 12)))).toBeLessThan(3);
    });
  });

  it('refuses series too short for the model', () => {
    expect(() => autoEts([1, 2, 3], 2)).toThrow(/at least 6/);
    expect(() =>
      mstlEts(
        Array.from({ length: 20 }, (_, t) => t),
        2,
        12,
      ),
    ).toThrow(/more than 24/);
  });
});
