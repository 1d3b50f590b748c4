/**
 * Open-loop check of a fitted model on a measured file: the model is driven by the measured
 * current and temperature along the reference SoC (Coulomb counting from a known initial SoC),
 * and its terminal voltage is compared with the measured one. No estimator is involved, so this
 * is the model's own error — what an estimator has to live with.
 *
 *   v1,v2: exact RC updates under the sample's current (zero-order hold, as in the filters)
 *   h:     the model's hysteresis state (HysteresisTracker, minor loops included), from `initialH`
 *   V_model = OCV(z, T) + M(z, T)·h − v1 − v2 − R0(z, T)·I
 *
 * Split in two so that a calibration can vary the hysteresis without redoing the rest
 * (`dynamic.ts`): `voltageTerms` computes, per sample, everything but the hysteresis term
 * (base = OCV − v1 − v2 − R0·I − V_measured, and M); `hysteresisResidual` adds M·h along the file.
 */
import type { EcmModel } from '../bms/types.js';
import type { MeasuredSeries } from '../data/measured.js';
import { hysteresisTracker, modelHysteresis, type HysteresisTracker } from '../bms/estimation/soc/hysteresis.js';
import { referenceSoc } from '../bms/estimation/soc/reference.js';

export interface VoltageCheck {
  samples: number;
  rms_mV: number;
  mean_mV: number;
  max_abs_mV: number;
}

/** Per-sample terms of the open-loop check that do not depend on the hysteresis state. */
export interface VoltageTerms {
  /** OCV − v1 − v2 − R0·I − V_measured [V] at sample k (NaN: left out, SoC below minSoc; k = 0 unused). */
  base_V: Float64Array;
  /** M(z, T) at sample k [V]. */
  m_V: Float64Array;
  current_A: Float64Array;
  dt_s: Float64Array;
}

export function voltageTerms(ecm: EcmModel, s: MeasuredSeries, refInitialSoc: number, capacity_Ah: number, fallbackTemp_K: number, minSoc = 0.02): VoltageTerms {
  const z = referenceSoc(s, refInitialSoc, capacity_Ah);
  const n = s.length;
  const base = new Float64Array(n).fill(NaN);
  const mV = new Float64Array(n);
  const dts = new Float64Array(n);
  const m = ecm.hysteresis ? ecm.hysteresis.m_V : null;
  let v1 = 0;
  let v2 = 0;
  for (let k = 1; k < n; k++) {
    const dt = s.time_s[k] - s.time_s[k - 1];
    const i = s.current_A[k];
    const T = s.temp_K ? s.temp_K[k] : fallbackTemp_K;
    const zp = z[k - 1];
    const a1 = Math.exp(-dt / ecm.tau1_s(zp, T));
    const a2 = Math.exp(-dt / ecm.tau2_s(zp, T));
    v1 = a1 * v1 + ecm.r1_ohm(zp, T) * (1 - a1) * i;
    v2 = a2 * v2 + ecm.r2_ohm(zp, T) * (1 - a2) * i;
    dts[k] = dt;
    const zk = z[k];
    if (zk < minSoc) continue;
    base[k] = ecm.ocv_V(zk, T) - v1 - v2 - ecm.r0_ohm(zk, T) * i - s.voltage_V[k];
    if (m) mV[k] = m(zk, T);
  }
  return { base_V: base, m_V: mV, current_A: s.current_A, dt_s: dts };
}

/** Thinned record of the residual (model − measured) for plots: the used samples whose index is a multiple of `every`. */
export interface ResidualTrace {
  every: number;
  index: number[];
  error_V: number[];
}

/**
 * The check's statistics for the terms with the hysteresis state stepped by `track` (null: none),
 * from `initialH`; `trace` (optional) collects a thinned residual record.
 */
export function hysteresisResidual(t: VoltageTerms, track: HysteresisTracker | null, initialH: number, trace?: ResidualTrace): VoltageCheck {
  track?.reset(initialH);
  let h = initialH;
  let se = 0;
  let sum = 0;
  let max = 0;
  let n = 0;
  const { base_V, m_V, current_A, dt_s } = t;
  for (let k = 1; k < base_V.length; k++) {
    if (track) h = track.step(current_A[k], dt_s[k]);
    const b = base_V[k];
    if (Number.isNaN(b)) continue;
    const e = track ? b + m_V[k] * h : b;
    if (trace && k % trace.every === 0) {
      trace.index.push(k);
      trace.error_V.push(e);
    }
    se += e * e;
    sum += e;
    if (Math.abs(e) > max) max = Math.abs(e);
    n++;
  }
  return { samples: n, rms_mV: n ? 1000 * Math.sqrt(se / n) : 0, mean_mV: n ? (1000 * sum) / n : 0, max_abs_mV: 1000 * max };
}

/**
 * @param initialH hysteresis state at the first sample (+1 after a charge, −1 after a discharge).
 * @param minSoc rows whose reference SoC is below this are left out (the model's table edge).
 */
export function modelVoltageCheck(ecm: EcmModel, s: MeasuredSeries, refInitialSoc: number, capacity_Ah: number, fallbackTemp_K: number, initialH = 1, minSoc = 0.02): VoltageCheck {
  const hy = modelHysteresis('voltage check', ecm);
  return hysteresisResidual(voltageTerms(ecm, s, refInitialSoc, capacity_Ah, fallbackTemp_K, minSoc), hy === null ? null : hysteresisTracker(hy, ecm.capacity_As), initialH);
}
