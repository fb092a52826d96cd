/** Small deterministic optimizers shared by the models (no library does both in a few lines). */

/** Golden-section search for the minimum of a unimodal `f` on [lo, hi]. */
export function goldenSection(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tolerance = 1e-10,
): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/**
 * Minimizes `f` on a closed interval: a coarse grid first, so a function with several
 * dips (the SES error curve can have two) is refined around the best of them.
 */
export function minimizeOnInterval(
  f: (x: number) => number,
  lo: number,
  hi: number,
  gridPoints = 50,
): number {
  let best = lo;
  let bestValue = Infinity;
  const step = (hi - lo) / gridPoints;
  for (let i = 0; i <= gridPoints; i++) {
    const x = lo + i * step;
    const value = f(x);
    if (value < bestValue) {
      bestValue = value;
      best = x;
    }
  }
  const x = goldenSection(f, Math.max(lo, best - step), Math.min(hi, best + step));
  return f(x) <= bestValue ? x : best;
}

/**
 * Nelder–Mead simplex minimization (Lagarias et al. 1998 coefficients), restarted once
 * from its own answer because a collapsed simplex can stop short of the optimum.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  { tolerance = 1e-12, maxIterations = 5000, step = 0.5 } = {},
): number[] {
  let x = [...start];
  for (let restart = 0; restart < 2; restart++)
    x = simplexSearch(f, x, tolerance, maxIterations, step);
  return x;
}

function simplexSearch(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  tolerance: number,
  maxIterations: number,
  step: number,
): number[] {
  const dim = start.length;
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: f(start) }];
  for (let i = 0; i < dim; i++) {
    const x = [...start];
    x[i] = x[i]! + step;
    simplex.push({ x, v: f(x) });
  }
  const blend = (a: readonly number[], b: readonly number[], t: number) =>
    a.map((ai, i) => ai + t * (b[i]! - ai));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0]!;
    const worst = simplex[dim]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) break;
    const centroid = Array.from(
      { length: dim },
      (_, i) => simplex.slice(0, dim).reduce((sum, p) => sum + p.x[i]!, 0) / dim,
    );
    const reflected = blend(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.v) {
      const expanded = blend(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[dim] = fe < fr ? { x: expanded, v: fe } : { x: reflected, v: fr };
    } else if (fr < simplex[dim - 1]!.v) {
      simplex[dim] = { x: reflected, v: fr };
    } else {
      const outside = fr < worst.v;
      const contracted = blend(centroid, outside ? reflected : worst.x, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : worst.v)) simplex[dim] = { x: contracted, v: fc };
      else
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = blend(best.x, p.x, 0.5);
          return { x, v: f(x) };
        });
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  return simplex[0]!.x;
}
