/**
 * Extended Kalman filter SoC estimator (name 'ekf') on the two-RC equivalent-circuit model,
 * following Plett, "Battery Management Systems Vol. II", 2015, ch. 3 (EKF for the ESC model),
 * written out with scalars for the 3-state case; the model's optional one-state hysteresis is a
 * deterministic state outside the covariance (see kalman-base.ts for why).
 *
 * State x = [z, v1, v2] (SoC [–], RC-branch voltages [V]). Input: measured current I [A], positive
 * on discharge, held over the step Δt [s] (zero-order hold).
 *
 * Prediction (exact RC discretisation; parameters at the posterior SoC ẑ and temperature T):
 *   a_j = exp(−Δt/τ_j),  b_0 = −η·Δt/Q,  b_j = R_j·(1 − a_j)          (j = 1, 2)
 *   z⁻ = z + b_0·I,  v_j⁻ = a_j·v_j + b_j·I
 *   P⁻ = A P Aᵀ + Q_w·Δt + σ_I²·b bᵀ,   A = diag(1, a_1, a_2),  b = [b_0, b_1, b_2]ᵀ
 *   h⁻ = e^(−γ|I|Δt/Q)·h − (1 − e^(−γ|I|Δt/Q))·sgn I        (hysteresis, exact; only with the element)
 * Measurement:
 *   ŷ = OCV(z⁻, T) + M(z⁻, T)·h⁻ − v1⁻ − v2⁻ − R0(z⁻, T)·I,    H = [∂OCV/∂z + ∂M/∂z·h⁻, −1, −1]
 *   (∂M/∂z by a forward difference over δz = 1e-5: the model interface has no derivative of M)
 *   S = H P⁻ Hᵀ + σ_v² + R0²·σ_I²,   K = P⁻ Hᵀ / S,   x = x⁻ + K·(V − ŷ)
 *   P = (I − K H) P⁻ (I − K H)ᵀ + K (σ_v² + R0²σ_I²) Kᵀ     (Joseph form, keeps P symmetric PSD)
 *
 * The current-sensor noise σ_I enters both the state (through b) and the output (through R0);
 * the cross-correlation of the two is neglected (standard simplification). After the update z is
 * clamped to [−0.05, 1.05] as in Plett's reference code (Vol. II, ch. 3); `soc` reports 0..1.
 *
 * Noise parameters are tuning knobs (see {@link KalmanSocOptions}); the defaults were chosen on the
 * analytic test cell (testing.ts) with a 1 mV voltage sensor and a 1 % current-gain error.
 *
 * Reads only (current, voltage, temperature, dt) and the static model; allocation-free per update.
 */
import type { EcmModel } from '../../types.js';
import { checkSocInputs } from './ocv.js';
import { KalmanSocBase, type KalmanSocOptions } from './kalman-base.js';

export { KalmanSocBase, resolveKalmanOptions, Z_STATE_MAX, Z_STATE_MIN, type KalmanSocOptions, type ResolvedKalmanOptions } from './kalman-base.js';

/** Forward-difference step in SoC for ∂M/∂z of the hysteresis magnitude [–]. */
const DM_DZ_STEP = 1e-5;

export class EkfSoc extends KalmanSocBase {
  constructor(model: EcmModel, opts: KalmanSocOptions = {}) {
    super('ekf', model, opts);
  }

  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number {
    checkSocInputs(this.name, current_A, voltage_V, temp_K, dt_s);
    if (this.pendingInit) this.initFromVoltage(voltage_V, temp_K);
    const m = this.model;
    const o = this.o;
    const I = current_A;

    // ---- Time update -------------------------------------------------------------------------
    const zp = this.z;
    const a1 = this.decay1.of(dt_s, m.tau1_s(zp, temp_K));
    const a2 = this.decay2.of(dt_s, m.tau2_s(zp, temp_K));
    const b0 = -((I < 0 ? o.eta : 1) * dt_s) / m.capacity_As;
    const b1 = m.r1_ohm(zp, temp_K) * (1 - a1);
    const b2 = m.r2_ohm(zp, temp_K) * (1 - a2);
    const z = zp + b0 * I;
    const v1 = a1 * this.v1 + b1 * I;
    const v2 = a2 * this.v2 + b2 * I;
    const s2 = o.sI2;
    const p00 = this.p00 + o.qz * dt_s + s2 * b0 * b0;
    const p01 = a1 * this.p01 + s2 * b0 * b1;
    const p02 = a2 * this.p02 + s2 * b0 * b2;
    const p11 = a1 * a1 * this.p11 + o.q1 * dt_s + s2 * b1 * b1;
    const p12 = a1 * a2 * this.p12 + s2 * b1 * b2;
    const p22 = a2 * a2 * this.p22 + o.q2 * dt_s + s2 * b2 * b2;

    // ---- Measurement update ------------------------------------------------------------------
    const r0 = m.r0_ohm(z, temp_K);
    let h0 = m.dOcvDz_V(z, temp_K);
    let yHat = m.ocv_V(z, temp_K) - v1 - v2 - r0 * I;
    const hy = this.hyst;
    if (hy !== null) {
      const h = this.hTrack!.step(I, dt_s);
      if (h !== 0) {
        const mz = hy.m_V(z, temp_K);
        yHat += mz * h;
        h0 += ((hy.m_V(z + DM_DZ_STEP, temp_K) - mz) / DM_DZ_STEP) * h;
      }
    }
    const e = voltage_V - yHat;
    const r = o.r_V2 + r0 * r0 * s2;
    // c = P⁻ Hᵀ with H = [h0, −1, −1].
    const c0 = p00 * h0 - p01 - p02;
    const c1 = p01 * h0 - p11 - p12;
    const c2 = p02 * h0 - p12 - p22;
    const S = h0 * c0 - c1 - c2 + r;
    const k0 = c0 / S;
    const k1 = c1 / S;
    const k2 = c2 / S;
    const zn = z + k0 * e;
    const v1n = v1 + k1 * e;
    const v2n = v2 + k2 * e;

    // Joseph form: P = M P⁻ Mᵀ + r K Kᵀ, M = I − K H, with H = [h0, −1, −1]:
    //   M = [[1 − k0 h0, k0, k0], [−k1 h0, 1 + k1, k1], [−k2 h0, k2, 1 + k2]].
    const m00 = 1 - k0 * h0,
      m01 = k0,
      m02 = k0;
    const m10 = -k1 * h0,
      m11 = 1 + k1,
      m12 = k1;
    const m20 = -k2 * h0,
      m21 = k2,
      m22 = 1 + k2;
    // N = M P⁻ (full 3×3; P⁻ symmetric).
    const n00 = m00 * p00 + m01 * p01 + m02 * p02;
    const n01 = m00 * p01 + m01 * p11 + m02 * p12;
    const n02 = m00 * p02 + m01 * p12 + m02 * p22;
    const n10 = m10 * p00 + m11 * p01 + m12 * p02;
    const n11 = m10 * p01 + m11 * p11 + m12 * p12;
    const n12 = m10 * p02 + m11 * p12 + m12 * p22;
    const n20 = m20 * p00 + m21 * p01 + m22 * p02;
    const n21 = m20 * p01 + m21 * p11 + m22 * p12;
    const n22 = m20 * p02 + m21 * p12 + m22 * p22;
    // P = N Mᵀ + r K Kᵀ (upper triangle).
    this.p00 = n00 * m00 + n01 * m01 + n02 * m02 + r * k0 * k0;
    this.p01 = n00 * m10 + n01 * m11 + n02 * m12 + r * k0 * k1;
    this.p02 = n00 * m20 + n01 * m21 + n02 * m22 + r * k0 * k2;
    this.p11 = n10 * m10 + n11 * m11 + n12 * m12 + r * k1 * k1;
    this.p12 = n10 * m20 + n11 * m21 + n12 * m22 + r * k1 * k2;
    this.p22 = n20 * m20 + n21 * m21 + n22 * m22 + r * k2 * k2;

    return this.commit(zn, v1n, v2n, e);
  }
}
