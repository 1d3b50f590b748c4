/**
 * Tables on a uniform grid with linear interpolation and clamping at the ends. Used on hot paths
 * (OCV, dU/dT, Arrhenius factors), so evaluation is branch-light and allocation-free.
 */
export interface UniformTable {
  readonly x0: number;
  readonly dx: number;
  readonly y: Float64Array;
}

/** Samples `f` at n points from x0 to x1 inclusive. */
export function tabulateUniform(f: (x: number) => number, x0: number, x1: number, n: number): UniformTable {
  if (!(n >= 2) || !(x1 > x0)) throw new Error(`tabulateUniform: need n >= 2 and x1 > x0 (got n=${n}, x0=${x0}, x1=${x1})`);
  const y = new Float64Array(n);
  const dx = (x1 - x0) / (n - 1);
  for (let i = 0; i < n; i++) y[i] = f(x0 + i * dx);
  return { x0, dx, y };
}

/** Linear interpolation in a uniform table; clamps outside the grid. */
export function interpUniform(t: UniformTable, x: number): number {
  const y = t.y;
  const n = y.length;
  let s = (x - t.x0) / t.dx;
  if (!(s > 0)) return y[0];
  if (s >= n - 1) return y[n - 1];
  const i = s | 0;
  s -= i;
  return y[i] + (y[i + 1] - y[i]) * s;
}

/** Slope of the piecewise-linear table at x (one-sided at the ends). */
export function slopeUniform(t: UniformTable, x: number): number {
  const n = t.y.length;
  let i = Math.floor((x - t.x0) / t.dx);
  if (i < 0) i = 0;
  if (i > n - 2) i = n - 2;
  return (t.y[i + 1] - t.y[i]) / t.dx;
}

/** Linear interpolation on an arbitrary increasing grid (binary search); clamps at the ends. */
export function interpSorted(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const s = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + (ys[hi] - ys[lo]) * s;
}
