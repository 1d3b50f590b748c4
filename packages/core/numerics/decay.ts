/**
 * exp(−Δt/τ) of the last (Δt, τ) asked, recomputed only when either changes: a loop at a fixed step
 * with a constant time constant (or many groups sharing one) pays for one exponential. τ ≤ 0 gives 0
 * (a branch without memory). Pure: no Node imports.
 */
export class DecayCache {
  private dt = NaN;
  private tau = NaN;
  private e = 0;

  of(dt_s: number, tau_s: number): number {
    if (dt_s !== this.dt || tau_s !== this.tau) {
      this.dt = dt_s;
      this.tau = tau_s;
      this.e = tau_s > 0 ? Math.exp(-dt_s / tau_s) : 0;
    }
    return this.e;
  }
}
