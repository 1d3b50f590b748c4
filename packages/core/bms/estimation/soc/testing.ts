/**
 * Test helpers for SoC estimators (used by tests in several folders; not itself a test file).
 *
 * `makeTestEcm` builds a simple analytic NMC-like two-RC equivalent-circuit model; `simulateEcm`
 * is the exact discrete-time simulation of the same model under zero-order-hold current, used as
 * the truth the estimators are scored against.
 *
 * Pure: no Node imports, no wall clock, no global RNG.
 */
import type { EcmModel } from '../../types.js';
import type { Rng } from '../../../numerics/rng.js';
import { hysteresisTracker, modelHysteresis } from './hysteresis.js';

/** Universal gas constant [J/(mol·K)] (CODATA 2018). */
const GAS_CONSTANT_J_PER_MOL_K = 8.314462618;
const T_REF_K = 298.15;

/** Parameters of {@link makeTestEcm}; every field is optional in the overrides. */
export interface TestEcmParams {
  /** Capacity [A·h]. Default 3 Ah (an 18650/21700-class NMC cell). */
  capacity_Ah: number;
  /** Series resistance at 25 °C [Ω]. Default 30 mΩ. */
  r0Ref_ohm: number;
  /** Arrhenius activation energy of R0 (and R1, R2) [J/mol]. Default 30 kJ/mol (typical liquid/solid electrolyte ionic conduction, 0.3 eV). */
  activationEnergy_J_per_mol: number;
  /** First RC pair at 25 °C: resistance [Ω], time constant [s]. Default 15 mΩ, 10 s (charge transfer). */
  r1Ref_ohm: number;
  tau1_s: number;
  /** Second RC pair at 25 °C. Default 20 mΩ, 200 s (diffusion). */
  r2Ref_ohm: number;
  tau2_s: number;
  /** Scale of the entropic term dOCV/dT [V/K] (see `ocv_V`). Default 1e-4 V/K. */
  entropic_V_per_K: number;
  /** Voltage limits [V]. Defaults 2.8 V and 4.3 V. */
  vMin_V: number;
  vMax_V: number;
  /**
   * OCV hysteresis magnitude at z = 0.5 [V]; 0 (default) = no hysteresis element. With M > 0 the
   * model gets `hysteresis = {m_V(z) = M·(1.3 − 0.6 z), gamma}` (larger at low SoC, as commonly
   * observed; illustrative).
   */
  hysteresisM_V: number;
  /** Hysteresis rate γ [–] (h e-folds per C/γ of charge). Default 50 (e-folds in 2 % of capacity; illustrative). */
  hysteresisGamma: number;
}

export const TEST_ECM_DEFAULTS: Readonly<TestEcmParams> = Object.freeze({
  capacity_Ah: 3,
  r0Ref_ohm: 0.03,
  activationEnergy_J_per_mol: 30e3,
  r1Ref_ohm: 0.015,
  tau1_s: 10,
  r2Ref_ohm: 0.02,
  tau2_s: 200,
  entropic_V_per_K: 1e-4,
  vMin_V: 2.8,
  vMax_V: 4.3,
  hysteresisM_V: 0,
  hysteresisGamma: 50,
});

/**
 * A smooth, strictly monotone, NMC-like test model:
 *
 *   OCV(z, T) = 3.4 + 0.8 z − 0.1 e^(−20 z) + 0.05 tanh(4 (z − 0.5)) + s·(3z − 2)·(T − 298.15)   [V]
 *
 * (≈ 3.25 V at z = 0, 4.25 V at z = 1; the entropic term s·(3z−2) goes from −2s to +s V/K),
 *
 *   R0(T) = R0ref·exp(Ea/R·(1/T − 1/298.15)),   R1, R2 with the same Arrhenius factor,
 *   τ1, τ2 constant.
 *
 * Values are illustrative, not a fitted cell.
 */
export function makeTestEcm(overrides: Partial<TestEcmParams> = {}): EcmModel {
  const p: TestEcmParams = { ...TEST_ECM_DEFAULTS, ...overrides };
  const eaOverR_K = p.activationEnergy_J_per_mol / GAS_CONSTANT_J_PER_MOL_K;
  const s = p.entropic_V_per_K;
  const arrhenius = (temp_K: number) => Math.exp(eaOverR_K * (1 / temp_K - 1 / T_REF_K));
  const model: EcmModel = {
    capacity_As: p.capacity_Ah * 3600,
    ocv_V(z: number, temp_K: number): number {
      return 3.4 + 0.8 * z - 0.1 * Math.exp(-20 * z) + 0.05 * Math.tanh(4 * (z - 0.5)) + s * (3 * z - 2) * (temp_K - T_REF_K);
    },
    dOcvDz_V(z: number, temp_K: number): number {
      const c = Math.cosh(4 * (z - 0.5));
      return 0.8 + 2 * Math.exp(-20 * z) + 0.2 / (c * c) + 3 * s * (temp_K - T_REF_K);
    },
    r0_ohm: (_z: number, temp_K: number) => p.r0Ref_ohm * arrhenius(temp_K),
    r1_ohm: (_z: number, temp_K: number) => p.r1Ref_ohm * arrhenius(temp_K),
    tau1_s: () => p.tau1_s,
    r2_ohm: (_z: number, temp_K: number) => p.r2Ref_ohm * arrhenius(temp_K),
    tau2_s: () => p.tau2_s,
    vMin_V: p.vMin_V,
    vMax_V: p.vMax_V,
  };
  if (p.hysteresisM_V > 0) {
    const mh = p.hysteresisM_V;
    model.hysteresis = { m_V: (z: number) => mh * (1.3 - 0.6 * z), gamma: p.hysteresisGamma };
  }
  return model;
}

/**
 * Exact discrete simulation of the two-RC model under zero-order-hold current (current_A[k] held
 * over the interval ending at sample k), starting from rest (v1 = v2 = 0) at SoC z0:
 *
 *   z_k  = z_{k−1} − I_k·Δt / Q
 *   a_j  = exp(−Δt / τ_j(z_{k−1}, T)),   v_j,k = a_j·v_j,k−1 + R_j(z_{k−1}, T)·(1 − a_j)·I_k
 *   h_k  = e^(−γ|I_k|Δt/Q)·h_{k−1} − (1 − e^(−γ|I_k|Δt/Q))·sgn I_k      (only with a hysteresis element)
 *   V_k  = OCV(z_k, T) + M(z_k, T)·h_k − v1_k − v2_k − R0(z_k, T)·I_k
 *
 * (Plett, "Battery Management Systems Vol. I", 2015, ch. 2, exact RC discretisation). This is the
 * same discretisation the EKF/UKF use, so with exact inputs the only model error is the point at
 * which the parameters are evaluated. SoC is not clamped.
 *
 * @param h0 initial hysteresis state (default 0; ignored without a hysteresis element)
 * @returns soc[k], terminal voltage_V[k] and hysteresis state h[k] after sample k (same length as current_A).
 */
export function simulateEcm(model: EcmModel, current_A: Float64Array, dt_s: number, z0: number, temp_K: number, h0 = 0): { soc: Float64Array; voltage_V: Float64Array; h: Float64Array } {
  const n = current_A.length;
  const soc = new Float64Array(n);
  const voltage_V = new Float64Array(n);
  const hOut = new Float64Array(n);
  const hy = modelHysteresis('test cell', model);
  const track = hy === null ? null : hysteresisTracker(hy, model.capacity_As);
  track?.reset(h0);
  let h = hy ? h0 : 0;
  const q = model.capacity_As;
  let z = z0;
  let v1 = 0;
  let v2 = 0;
  for (let k = 0; k < n; k++) {
    const i = current_A[k];
    const a1 = Math.exp(-dt_s / model.tau1_s(z, temp_K));
    const a2 = Math.exp(-dt_s / model.tau2_s(z, temp_K));
    v1 = a1 * v1 + model.r1_ohm(z, temp_K) * (1 - a1) * i;
    v2 = a2 * v2 + model.r2_ohm(z, temp_K) * (1 - a2) * i;
    z -= (i * dt_s) / q;
    soc[k] = z;
    let ocv = model.ocv_V(z, temp_K);
    if (hy && track) {
      h = track.step(i, dt_s);
      ocv += hy.m_V(z, temp_K) * h;
    }
    hOut[k] = h;
    voltage_V[k] = ocv - v1 - v2 - model.r0_ohm(z, temp_K) * i;
  }
  return { soc, voltage_V, h: hOut };
}

/**
 * A drive-like current profile [A] (positive on discharge), n samples of dt_s: seeded random
 * pulses between −1.5C and +3C (regen to hard acceleration, biased to discharge) lasting 2–29 s,
 * interleaved (probability 0.2 per segment) with rests of 20–199 s. The sign of a pulse is
 * flipped when the Coulomb-counted SoC from z0 would leave [0.15, 0.97], so the profile stays
 * inside the usable window. Illustrative, not a standard cycle.
 */
export function drivePulseCurrent(rng: Rng, n: number, dt_s: number, capacity_As: number, z0: number): Float64Array {
  const oneC_A = capacity_As / 3600;
  const current_A = new Float64Array(n);
  let z = z0;
  let k = 0;
  while (k < n) {
    let i_A: number;
    let steps: number;
    if (rng.uniform() < 0.2) {
      i_A = 0;
      steps = Math.max(1, Math.round((20 + Math.floor(rng.uniform() * 180)) / dt_s));
    } else {
      i_A = oneC_A * (-1.5 + 4.5 * rng.uniform());
      steps = Math.max(1, Math.round((2 + Math.floor(rng.uniform() * 28)) / dt_s));
    }
    if (z < 0.15 && i_A > 0) i_A = -i_A;
    if (z > 0.97 && i_A < 0) i_A = -i_A;
    for (let j = 0; j < steps && k < n; j++, k++) {
      current_A[k] = i_A;
      z -= (i_A * dt_s) / capacity_As;
    }
  }
  return current_A;
}
