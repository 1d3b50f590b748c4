/**
 * Extended Kalman filter SoC estimator (name 'ekf') on the two-RC equivalent-circuit model,
 * following Plett, "Battery Management Systems Vol. II", 2015, ch. 3 (EKF for the ESC model,
 * here without hysteresis), written out with scalars for the 3-state case.
 *
 * State x = [z, v1, v2] (SoC [–], RC-branch voltages [V]). Input: measured current I [A], positive
 * on discharge, held over the step Δt [s] (zero-order hold).
 *
 * Prediction (exact RC discretisation; parameters at the posterior SoC ẑ and temperature T):
 *   a_j = exp(−Δt/τ_j),  b_0 = −η·Δt/Q,  b_j = R_j·(1 − a_j)          (j = 1, 2)
 *   z⁻ = z + b_0·I,  v_j⁻ = a_j·v_j + b_j·I
 *   P⁻ = A P Aᵀ + Q_w·Δt + σ_I²·b bᵀ,   A = diag(1, a_1, a_2),  b = [b_0, b_1, b_2]ᵀ
 * Measurement:
 *   ŷ = OCV(z⁻, T) − v1⁻ − v2⁻ − R0(z⁻, T)·I,    H = [∂OCV/∂z(z⁻, T), −1, −1]
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
import type { EcmModel, SocEstimator } from '../../types.js';
import { InputError } from '../../../errors.js';
import { badState, checkResetSoc, checkSocInputs, DEFAULT_TEMP_K, numOpt, socFromOcv } from './ocv.js';

/** Options shared by {@link EkfSoc} and the UKF. Variances and standard deviations in SI. */
export interface KalmanSocOptions {
  /**
   * Process-noise spectral densities (variance growth per second), so that Q_w = diag(z, v1, v2)·Δt:
   * z [1/s], v1 and v2 [V²/s]. Defaults z = 1e-8 /s (σ_z grows by ≈ 0.6 % SoC per hour without
   * voltage information: covers capacity and current-gain errors of a few %), v1 = v2 = 1e-7 V²/s
   * (RC-parameter mismatch of a few mV). Tuned on the analytic test cell of testing.ts, including
   * a run with a deliberately mismatched model (−3 % capacity, +13 % R0); retune for a fitted model.
   */
  processNoise?: { z?: number; v1?: number; v2?: number };
  /**
   * Voltage measurement-noise standard deviation [V]. Default 2 mV: a 1 mV ADC (σ ≈ 1 mV, spec
   * bms.md) plus about as much model error.
   */
  measurementNoise_V?: number;
  /**
   * Initial covariance diagonal: z [–], v1 and v2 [V²]. Defaults z = 0.04 (σ = 0.2: a stored
   * initial SoC may be far off), v1 = v2 = 1e-6 V² (σ = 1 mV: a reset assumes the cell is at rest,
   * so the RC voltages are known to be ≈ 0; a larger value lets the EKF explain an initial SoC
   * error by a spurious diffusion voltage after its first, linearised, over-confident update).
   */
  initialCovariance?: { z?: number; v1?: number; v2?: number };
  /**
   * Current-sensor noise standard deviation [A]. Default 1 % of the 1C current (capacity/1 h),
   * i.e. 0.03 A for a 3 Ah cell: the order of a 1 % gain error at typical currents.
   */
  currentSensorNoise_A?: number;
  /** Coulombic efficiency on charge, 0 < η ≤ 1. Default 1 (ideal). */
  coulombicEfficiency?: number;
}

/** Resolved numeric form of {@link KalmanSocOptions}. @internal */
export interface ResolvedKalmanOptions {
  qz: number;
  q1: number;
  q2: number;
  r_V2: number;
  p0z: number;
  p01: number;
  p02: number;
  sI2: number;
  eta: number;
}

/** Validates options and fills the documented defaults. @internal shared with ukf.ts. */
export function resolveKalmanOptions(name: string, model: EcmModel, opts: KalmanSocOptions): ResolvedKalmanOptions {
  for (const field of ['processNoise', 'initialCovariance'] as const) {
    const v: unknown = opts[field];
    if (v !== undefined && (typeof v !== 'object' || v === null)) {
      throw new InputError(`SoC estimator '${name}': option must be an object {z, v1, v2}`, { field, value: v });
    }
  }
  const pn = opts.processNoise ?? {};
  const ic = opts.initialCovariance ?? {};
  const sv = numOpt(name, 'measurementNoise_V', opts.measurementNoise_V, 2e-3, 0, true);
  const si = numOpt(name, 'currentSensorNoise_A', opts.currentSensorNoise_A, (0.01 * model.capacity_As) / 3600, 0);
  const eta = numOpt(name, 'coulombicEfficiency', opts.coulombicEfficiency, 1, 0, true);
  if (eta > 1) throw new InputError(`SoC estimator '${name}': coulombic efficiency must be <= 1`, { field: 'coulombicEfficiency', value: eta });
  if (!(model.capacity_As > 0)) throw new InputError(`SoC estimator '${name}': model capacity must be > 0`, { field: 'capacity_As', value: model.capacity_As });
  return {
    qz: numOpt(name, 'processNoise.z', pn.z, 1e-8, 0),
    q1: numOpt(name, 'processNoise.v1', pn.v1, 1e-7, 0),
    q2: numOpt(name, 'processNoise.v2', pn.v2, 1e-7, 0),
    r_V2: sv * sv,
    p0z: numOpt(name, 'initialCovariance.z', ic.z, 0.04, 0, true),
    p01: numOpt(name, 'initialCovariance.v1', ic.v1, 1e-6, 0, true),
    p02: numOpt(name, 'initialCovariance.v2', ic.v2, 1e-6, 0, true),
    sI2: si * si,
    eta,
  };
}

/** SoC-state clamp applied after each measurement update (Plett, Vol. II, 2015, ch. 3 code). */
export const Z_STATE_MIN = -0.05;
export const Z_STATE_MAX = 1.05;

export class EkfSoc implements SocEstimator {
  readonly name = 'ekf';
  private readonly model: EcmModel;
  private readonly o: ResolvedKalmanOptions;
  // State.
  private z = 0.5;
  private v1 = 0;
  private v2 = 0;
  // Symmetric covariance, upper triangle.
  private p00 = 0;
  private p01 = 0;
  private p02 = 0;
  private p11 = 0;
  private p12 = 0;
  private p22 = 0;
  private pendingInit = true;
  private innovation_V = 0;

  constructor(model: EcmModel, opts: KalmanSocOptions = {}) {
    this.model = model;
    this.o = resolveKalmanOptions(this.name, model, opts);
    this.initState(0.5);
    this.pendingInit = true;
  }

  /** Estimated SoC (0..1). */
  get soc(): number {
    const z = this.z;
    return z < 0 ? 0 : z > 1 ? 1 : z;
  }

  /** Posterior standard deviation of SoC, √P_zz [–]. */
  get socStd(): number {
    return Math.sqrt(this.p00);
  }

  /** Last innovation V − ŷ [V] (0 before the first update). */
  get voltageResidual_V(): number {
    return this.innovation_V;
  }

  /** RC-branch voltage estimates [V] (diagnostics). */
  get v1_V(): number {
    return this.v1;
  }
  get v2_V(): number {
    return this.v2;
  }

  reset(initial: { soc?: number; voltage_V?: number; temp_K?: number }): void {
    if (initial.soc !== undefined) this.initState(checkResetSoc(this.name, initial.soc));
    else if (initial.voltage_V !== undefined) this.initState(socFromOcv(this.model, initial.voltage_V, initial.temp_K ?? DEFAULT_TEMP_K));
    else {
      this.initState(0.5);
      this.pendingInit = true;
    }
  }

  private initState(z: number): void {
    this.z = z;
    this.v1 = 0;
    this.v2 = 0;
    this.p00 = this.o.p0z;
    this.p11 = this.o.p01;
    this.p22 = this.o.p02;
    this.p01 = this.p02 = this.p12 = 0;
    this.innovation_V = 0;
    this.pendingInit = false;
  }

  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number {
    checkSocInputs(this.name, current_A, voltage_V, temp_K, dt_s);
    if (this.pendingInit) this.initState(socFromOcv(this.model, voltage_V, temp_K));
    const m = this.model;
    const o = this.o;
    const I = current_A;

    // ---- Time update -------------------------------------------------------------------------
    const zp = this.z;
    const a1 = Math.exp(-dt_s / m.tau1_s(zp, temp_K));
    const a2 = Math.exp(-dt_s / m.tau2_s(zp, temp_K));
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
    const h0 = m.dOcvDz_V(z, temp_K);
    const yHat = m.ocv_V(z, temp_K) - v1 - v2 - r0 * I;
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
    let zn = z + k0 * e;
    const v1n = v1 + k1 * e;
    const v2n = v2 + k2 * e;

    // Joseph form: P = M P⁻ Mᵀ + r K Kᵀ, M = I − K H, with H = [h0, −1, −1]:
    //   M = [[1 − k0 h0, k0, k0], [−k1 h0, 1 + k1, k1], [−k2 h0, k2, 1 + k2]].
    const m00 = 1 - k0 * h0, m01 = k0, m02 = k0;
    const m10 = -k1 * h0, m11 = 1 + k1, m12 = k1;
    const m20 = -k2 * h0, m21 = k2, m22 = 1 + k2;
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

    if (!Number.isFinite(zn)) badState(this.name, 'soc state z', zn);
    if (!Number.isFinite(v1n) || !Number.isFinite(v2n)) badState(this.name, 'RC voltage state', Number.isFinite(v1n) ? v2n : v1n);
    if (!Number.isFinite(this.p00) || !Number.isFinite(this.p11) || !Number.isFinite(this.p22)) badState(this.name, 'covariance', this.p00);
    zn = zn < Z_STATE_MIN ? Z_STATE_MIN : zn > Z_STATE_MAX ? Z_STATE_MAX : zn;
    this.z = zn;
    this.v1 = v1n;
    this.v2 = v2n;
    this.innovation_V = e;
    return this.soc;
  }
}
