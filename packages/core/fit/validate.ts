/**
 * Open-loop check of a fitted model on a measured file: the model is driven by the measured
 * current and temperature along the reference SoC (Coulomb counting from a known initial SoC),
 * and its terminal voltage is compared with the measured one. No estimator is involved, so this
 * is the model's own error — what an estimator has to live with.
 *
 *   v1,v2: exact RC updates under the sample's current (zero-order hold, as in the filters)
 *   h:     the model's hysteresis state, exact update (hysteresisStep), from `initialH`
 *   V_model = OCV(z, T) + M(z, T)·h − v1 − v2 − R0(z, T)·I
 */
import type { EcmModel } from '../bms/types.js';
import type { MeasuredSeries } from '../data/measured.js';
import { hysteresisStep } from '../bms/estimation/soc/hysteresis.js';
import { referenceSoc } from '../bms/estimation/soc/reference.js';

export interface VoltageCheck {
  samples: number;
  rms_mV: number;
  mean_mV: number;
  max_abs_mV: number;
}

/**
 * @param initialH hysteresis state at the first sample (+1 after a charge, −1 after a discharge).
 * @param minSoc rows whose reference SoC is below this are left out (the model's table edge).
 */
export function modelVoltageCheck(ecm: EcmModel, s: MeasuredSeries, refInitialSoc: number, capacity_Ah: number, fallbackTemp_K: number, initialH = 1, minSoc = 0.02): VoltageCheck {
  const z = referenceSoc(s, refInitialSoc, capacity_Ah);
  const hy = ecm.hysteresis ?? null;
  let v1 = 0;
  let v2 = 0;
  let h = initialH;
  let se = 0;
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let k = 1; k < s.length; k++) {
    const dt = s.time_s[k] - s.time_s[k - 1];
    const i = s.current_A[k];
    const T = s.temp_K ? s.temp_K[k] : fallbackTemp_K;
    const zp = z[k - 1];
    const a1 = Math.exp(-dt / ecm.tau1_s(zp, T));
    const a2 = Math.exp(-dt / ecm.tau2_s(zp, T));
    v1 = a1 * v1 + ecm.r1_ohm(zp, T) * (1 - a1) * i;
    v2 = a2 * v2 + ecm.r2_ohm(zp, T) * (1 - a2) * i;
    if (hy) h = hysteresisStep(h, i, dt, hy.gamma, ecm.capacity_As);
    const zk = z[k];
    if (zk < minSoc) continue;
    const v = ecm.ocv_V(zk, T) + (hy ? hy.m_V(zk, T) * h : 0) - v1 - v2 - ecm.r0_ohm(zk, T) * i;
    const e = v - s.voltage_V[k];
    se += e * e;
    sum += e;
    if (Math.abs(e) > max) max = Math.abs(e);
    n++;
  }
  return { samples: n, rms_mV: n ? 1000 * Math.sqrt(se / n) : 0, mean_mV: n ? (1000 * sum) / n : 0, max_abs_mV: 1000 * max };
}
