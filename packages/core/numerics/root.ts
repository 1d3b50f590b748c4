/**
 * Root of a non-decreasing function on a bracket, by the Illinois variant of regula falsi
 * (Dowell & Jarratt, BIT 11, 1971) with a bisection safeguard: every second step that fails to
 * halve the bracket is replaced by a bisection, so the cost is never worse than about twice plain
 * bisection, and on the smooth or piecewise-linear curves used here (OCV tables) it converges in
 * ~6–12 evaluations instead of 50. Robust on flat and kinked curves because the bracket is kept.
 *
 * Pure: no Node imports.
 */

/**
 * Solves f(x) = target for x in [lo, hi] where f is non-decreasing and f(lo) < target < f(hi)
 * (the caller checks and clamps the ends; fLo and fHi are f(lo) and f(hi)). Returns x with
 * |bracket| ≤ tol_x (default 1e-13) or an exact hit.
 */
export function solveMonotone(f: (x: number) => number, target: number, lo: number, hi: number, fLo: number, fHi: number, tol_x = 1e-13): number {
  let a = lo;
  let b = hi;
  let fa = fLo - target;
  let fb = fHi - target;
  let side = 0; // −1: a kept twice in a row, +1: b kept twice (Illinois halving)
  for (let i = 0; i < 200 && b - a > tol_x; i++) {
    const width = b - a;
    let x = b - (fb * width) / (fb - fa);
    if (!(x > a && x < b)) x = 0.5 * (a + b);
    const fx = f(x) - target;
    if (fx === 0) return x;
    if (fx < 0) {
      a = x;
      fa = fx;
      if (side === -1) fb *= 0.5;
      side = -1;
    } else {
      b = x;
      fb = fx;
      if (side === 1) fa *= 0.5;
      side = 1;
    }
    // safeguard: a step that did not halve the bracket is followed by a bisection
    if (b - a > 0.5 * width) {
      const m = 0.5 * (a + b);
      const fm = f(m) - target;
      if (fm === 0) return m;
      if (fm < 0) {
        a = m;
        fa = fm;
      } else {
        b = m;
        fb = fm;
      }
      side = 0;
    }
  }
  return 0.5 * (a + b);
}
