/**
 * Unscented Kalman filter SoC estimator (name 'ukf') on the same two-RC model as the EKF
 * (see ekf.ts for the state, input and noise conventions).
 *
 * Scaled unscented transform (Julier & Uhlmann, "Unscented filtering and nonlinear estimation",
 * Proc. IEEE 92(3), 2004; scaling and weights as in Wan & van der Merwe, "The unscented Kalman
 * filter for nonlinear estimation", IEEE AS-SPCC 2000), n = 3 states, 2n+1 = 7 sigma points:
 *   λ = α²(n + κ) − n,  γ = √(n + λ)
 *   W_m0 = λ/(n+λ),  W_c0 = W_m0 + (1 − α² + β),  W_mi = W_ci = 1/(2(n+λ))   (i = 1..2n)
 *   χ_0 = x̂,  χ_i = x̂ + γ·L_:,i,  χ_{i+n} = x̂ − γ·L_:,i,   L Lᵀ = P (lower Cholesky)
 * Defaults α = 1, β = 2, κ = 0: n + κ = 3 is Julier & Uhlmann's choice that matches the fourth
 * moment of a Gaussian, β = 2 is optimal for Gaussian priors (Wan & van der Merwe 2000); with
 * α = 1 the weights are all ≥ 0 (W_m0 = 0, W_c0 = 2), which keeps the 3-state filter well
 * conditioned. Noise is additive (Plett, "Battery Management Systems Vol. II", 2015, ch. 3, uses
 * the augmented-state sigma-point filter; the additive form of Wan & van der Merwe 2000 is used
 * here because every noise source enters the 3-state model linearly):
 *
 *   Time update:  χ_i⁻ = f(χ_i, I) (exact RC discretisation, parameters at each point's SoC)
 *                 x⁻ = Σ W_mi χ_i⁻,  P⁻ = Σ W_ci (χ_i⁻ − x⁻)(·)ᵀ + Q_w·Δt + σ_I²·b bᵀ
 *   Hysteresis (optional model element): h⁻ from the exact update, the same for every point
 *   (deterministic, outside the covariance; see kalman-base.ts)
 *   Redraw sigma points from (x⁻, P⁻);  y_i = OCV(z_i) + M(z_i)·h⁻ − v1_i − v2_i − R0(z_i)·I
 *   ŷ = Σ W_mi y_i,  P_yy = Σ W_ci (y_i − ŷ)² + σ_v² + R0²σ_I²,  P_xy = Σ W_ci (χ_i − x⁻)(y_i − ŷ)
 *   K = P_xy / P_yy,  x = x⁻ + K (V − ŷ),  P = P⁻ − K P_yy Kᵀ
 *
 * Because L is lower triangular, only the sigma points ±γ·L_:,0 move the SoC; the model functions
 * are therefore evaluated at just three SoC values per stage (not seven). Hand-written 3×3
 * Cholesky; no allocation per update.
 */
import type { EcmModel } from '../../types.js';
import { InputError, NumericalError } from '../../../errors.js';
import { checkSocInputs, numOpt } from './ocv.js';
import { KalmanSocBase, type KalmanSocOptions } from './kalman-base.js';

/** UKF options: the EKF's plus the unscented-transform scaling parameters. */
export interface UkfSocOptions extends KalmanSocOptions {
  /** Spread α (0 < α ≤ 1). Default 1. */
  alpha?: number;
  /** Prior-distribution parameter β (2 optimal for Gaussian). Default 2. */
  beta?: number;
  /** Secondary scaling κ. Default 0 (n + κ = 3). */
  kappa?: number;
}

export class UkfSoc extends KalmanSocBase {
  private readonly gamma: number;
  private readonly wm0: number;
  private readonly wc0: number;
  private readonly wi: number;
  // Lower Cholesky factor (written by chol()).
  private l00 = 0;
  private l10 = 0;
  private l20 = 0;
  private l11 = 0;
  private l21 = 0;
  private l22 = 0;
  // Sigma points (7 each), preallocated.
  private readonly sz = new Float64Array(7);
  private readonly s1 = new Float64Array(7);
  private readonly s2 = new Float64Array(7);
  private readonly sy = new Float64Array(7);
  constructor(model: EcmModel, opts: UkfSocOptions = {}) {
    super('ukf', model, opts);
    const n = 3;
    const alpha = numOpt(this.name, 'alpha', opts.alpha, 1, 0, true);
    if (alpha > 1) throw new InputError("SoC estimator 'ukf': alpha must be in (0, 1]", { field: 'alpha', value: alpha });
    const beta = numOpt(this.name, 'beta', opts.beta, 2, 0);
    const kappa = numOpt(this.name, 'kappa', opts.kappa, 0, -n, true);
    const lambda = alpha * alpha * (n + kappa) - n;
    this.gamma = Math.sqrt(n + lambda);
    this.wm0 = lambda / (n + lambda);
    this.wc0 = this.wm0 + (1 - alpha * alpha + beta);
    this.wi = 1 / (2 * (n + lambda));
    this.initState(0.5);
    this.pendingInit = true;
  }

  /**
   * Lower Cholesky factor of the symmetric 3×3 matrix (p00..p22). A pivot that is negative only by
   * rounding (≥ −1e-12 of its diagonal) is treated as 0 (semidefinite direction); a clearly
   * negative one throws.
   */
  private chol(p00: number, p01: number, p02: number, p11: number, p12: number, p22: number): void {
    if (!(p00 > 0)) this.notPd(p00);
    const l00 = Math.sqrt(p00);
    const l10 = p01 / l00;
    const l20 = p02 / l00;
    const d1 = p11 - l10 * l10;
    let l11 = 0;
    if (d1 > 0) l11 = Math.sqrt(d1);
    else if (!(d1 >= -1e-12 * p11)) this.notPd(d1);
    const l21 = l11 > 0 ? (p12 - l20 * l10) / l11 : 0;
    const d2 = p22 - l20 * l20 - l21 * l21;
    let l22 = 0;
    if (d2 > 0) l22 = Math.sqrt(d2);
    else if (!(d2 >= -1e-12 * p22)) this.notPd(d2);
    this.l00 = l00;
    this.l10 = l10;
    this.l20 = l20;
    this.l11 = l11;
    this.l21 = l21;
    this.l22 = l22;
  }

  private notPd(pivot: number): never {
    throw new NumericalError("SoC estimator 'ukf': covariance is not positive definite (Cholesky failed)", { quantity: 'covariance pivot', value: pivot });
  }

  /** Writes the 7 sigma points of (z, v1, v2; current Cholesky factor) into sz/s1/s2. */
  private sigma(z: number, v1: number, v2: number): void {
    const g = this.gamma;
    const sz = this.sz,
      s1 = this.s1,
      s2 = this.s2;
    const c00 = g * this.l00,
      c10 = g * this.l10,
      c20 = g * this.l20;
    const c11 = g * this.l11,
      c21 = g * this.l21,
      c22 = g * this.l22;
    sz[0] = z;
    s1[0] = v1;
    s2[0] = v2;
    // Column 0 (moves z).
    sz[1] = z + c00;
    s1[1] = v1 + c10;
    s2[1] = v2 + c20;
    sz[4] = z - c00;
    s1[4] = v1 - c10;
    s2[4] = v2 - c20;
    // Column 1 (z component is 0).
    sz[2] = z;
    s1[2] = v1 + c11;
    s2[2] = v2 + c21;
    sz[5] = z;
    s1[5] = v1 - c11;
    s2[5] = v2 - c21;
    // Column 2.
    sz[3] = z;
    s1[3] = v1;
    s2[3] = v2 + c22;
    sz[6] = z;
    s1[6] = v1;
    s2[6] = v2 - c22;
  }

  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number {
    checkSocInputs(this.name, current_A, voltage_V, temp_K, dt_s);
    if (this.pendingInit) this.initFromVoltage(voltage_V, temp_K);
    const m = this.model;
    const o = this.o;
    const I = current_A;
    const T = temp_K;
    const sz = this.sz,
      s1 = this.s1,
      s2 = this.s2,
      sy = this.sy;
    const wm0 = this.wm0,
      wc0 = this.wc0,
      wi = this.wi;
    const b0 = -((I < 0 ? o.eta : 1) * dt_s) / m.capacity_As;

    // ---- Time update: propagate sigma points through the exact RC discretisation ------------
    this.chol(this.p00, this.p01, this.p02, this.p11, this.p12, this.p22);
    this.sigma(this.z, this.v1, this.v2);
    // Parameters at the three distinct SoC values: index 0 (mean; shared by 0,2,3,5,6), 1 and 4.
    let bMean1 = 0,
      bMean2 = 0;
    for (let pass = 0; pass < 3; pass++) {
      const idx = pass === 0 ? 0 : pass === 1 ? 1 : 4;
      const zi = sz[idx];
      const a1 = Math.exp(-dt_s / m.tau1_s(zi, T));
      const a2 = Math.exp(-dt_s / m.tau2_s(zi, T));
      const b1 = m.r1_ohm(zi, T) * (1 - a1);
      const b2 = m.r2_ohm(zi, T) * (1 - a2);
      if (pass === 0) {
        bMean1 = b1;
        bMean2 = b2;
        for (let i = 0; i < 7; i++) {
          if (i === 1 || i === 4) continue;
          sz[i] += b0 * I;
          s1[i] = a1 * s1[i] + b1 * I;
          s2[i] = a2 * s2[i] + b2 * I;
        }
      } else {
        sz[idx] += b0 * I;
        s1[idx] = a1 * s1[idx] + b1 * I;
        s2[idx] = a2 * s2[idx] + b2 * I;
      }
    }
    let xz = wm0 * sz[0],
      x1 = wm0 * s1[0],
      x2 = wm0 * s2[0];
    for (let i = 1; i < 7; i++) {
      xz += wi * sz[i];
      x1 += wi * s1[i];
      x2 += wi * s2[i];
    }
    const sI2 = o.sI2;
    let p00 = o.qz * dt_s + sI2 * b0 * b0;
    let p01 = sI2 * b0 * bMean1;
    let p02 = sI2 * b0 * bMean2;
    let p11 = o.q1 * dt_s + sI2 * bMean1 * bMean1;
    let p12 = sI2 * bMean1 * bMean2;
    let p22 = o.q2 * dt_s + sI2 * bMean2 * bMean2;
    for (let i = 0; i < 7; i++) {
      const w = i === 0 ? wc0 : wi;
      const dz = sz[i] - xz,
        d1 = s1[i] - x1,
        d2 = s2[i] - x2;
      p00 += w * dz * dz;
      p01 += w * dz * d1;
      p02 += w * dz * d2;
      p11 += w * d1 * d1;
      p12 += w * d1 * d2;
      p22 += w * d2 * d2;
    }

    // ---- Measurement update: redraw sigma points from (x⁻, P⁻) -------------------------------
    this.chol(p00, p01, p02, p11, p12, p22);
    this.sigma(xz, x1, x2);
    const r0Mean = m.r0_ohm(xz, T);
    let ocvMean = m.ocv_V(xz, T);
    const hy = this.hyst;
    let h = 0;
    if (hy !== null) {
      h = this.hTrack!.step(I, dt_s);
      if (h !== 0) ocvMean += hy.m_V(xz, T) * h;
    }
    for (let i = 0; i < 7; i++) {
      if (i === 1 || i === 4) {
        let ocv = m.ocv_V(sz[i], T);
        if (h !== 0) ocv += hy!.m_V(sz[i], T) * h;
        sy[i] = ocv - s1[i] - s2[i] - m.r0_ohm(sz[i], T) * I;
      } else sy[i] = ocvMean - s1[i] - s2[i] - r0Mean * I;
    }
    let yHat = wm0 * sy[0];
    for (let i = 1; i < 7; i++) yHat += wi * sy[i];
    let pyy = o.r_V2 + r0Mean * r0Mean * sI2;
    let cz = 0,
      c1 = 0,
      c2 = 0;
    for (let i = 0; i < 7; i++) {
      const w = i === 0 ? wc0 : wi;
      const dy = sy[i] - yHat;
      pyy += w * dy * dy;
      cz += w * (sz[i] - xz) * dy;
      c1 += w * (s1[i] - x1) * dy;
      c2 += w * (s2[i] - x2) * dy;
    }
    const kz = cz / pyy,
      k1 = c1 / pyy,
      k2 = c2 / pyy;
    const e = voltage_V - yHat;
    const zn = xz + kz * e;
    const v1n = x1 + k1 * e;
    const v2n = x2 + k2 * e;
    // P = P⁻ − K P_yy Kᵀ = P⁻ − c cᵀ / P_yy (exactly symmetric in this storage).
    this.p00 = p00 - kz * cz;
    this.p01 = p01 - kz * c1;
    this.p02 = p02 - kz * c2;
    this.p11 = p11 - k1 * c1;
    this.p12 = p12 - k1 * c2;
    this.p22 = p22 - k2 * c2;

    return this.commit(zn, v1n, v2n, e);
  }
}
