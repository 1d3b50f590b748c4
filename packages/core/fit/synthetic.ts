/**
 * Synthetic characterisation tests from a known `EcmModel` (for the fit's round-trip tests and
 * for trying the fit without a lab): a single cell driven through current steps, sampled as a
 * cycler would, delivered as a `MeasuredSeries`.
 *
 * A step with a voltage limit also ends where the SoC reaches 0 or 1 (the model's OCV table is
 * clamped there, a real cell's voltage runs away). Exact zero-order-hold updates (the current of a sample is held over the interval ending at it,
 * as the cyclers' Ah counters assume): z ← z − I·Δt/C; v_j ← v_j·e^(−Δt/τj) + Rj·I·(1 − e^(−Δt/τj));
 * hysteresis h as in `EcmModel.hysteresis` (HysteresisTracker, minor loops included); V = OCV(z, T) + M(z, T)·h − R0·I − v1 − v2.
 * Optional Gaussian noise on the logged voltage and current from a seeded `Rng`.
 */
import type { EcmModel } from '../bms/types.js';
import type { MeasuredSeries } from '../data/measured.js';
import type { Rng } from '../numerics/rng.js';
import { hysteresisTracker, modelHysteresis } from '../bms/estimation/soc/hysteresis.js';

export interface SynthStep {
  /** Current [A], positive on discharge. */
  current_A: number;
  duration_s: number;
  /** Sampling interval [s]. */
  dt_s: number;
  /** Stop the step when the terminal voltage falls below / rises above this [V]. */
  vBelow_V?: number;
  vAbove_V?: number;
  /** False: the step runs but is not logged (a logging gap, as in the Panasonic HPPC files). */
  log?: boolean;
}

export interface SynthOptions {
  temp_K: number;
  initialSoc: number;
  /** Initial hysteresis state in [−1, 1] (default +1: after a charge). */
  initialH?: number;
  noise?: { rng: Rng; voltage_V: number; current_A: number };
}

export function simulateTest(ecm: EcmModel, steps: SynthStep[], o: SynthOptions): MeasuredSeries {
  const t: number[] = [];
  const I: number[] = [];
  const V: number[] = [];
  let time = 0;
  let z = o.initialSoc;
  let v1 = 0;
  let v2 = 0;
  let h = o.initialH ?? 1;
  const T = o.temp_K;
  const C = ecm.capacity_As;
  const hy = modelHysteresis('synthetic test', ecm);
  const track = hy === null ? null : hysteresisTracker(hy, C);
  track?.reset(h);
  const volt = (cur: number) => ecm.ocv_V(z, T) + (hy ? hy.m_V(z, T) * h : 0) - ecm.r0_ohm(z, T) * cur - v1 - v2;
  // the first sample: at rest
  t.push(0);
  I.push(0);
  V.push(volt(0));
  for (const st of steps) {
    const n = Math.max(1, Math.round(st.duration_s / st.dt_s));
    for (let k = 0; k < n; k++) {
      const dt = st.dt_s;
      const cur = st.current_A;
      const e1 = Math.exp(-dt / ecm.tau1_s(z, T));
      const e2 = Math.exp(-dt / ecm.tau2_s(z, T));
      const r1 = ecm.r1_ohm(z, T);
      const r2 = ecm.r2_ohm(z, T);
      v1 = v1 * e1 + r1 * cur * (1 - e1);
      v2 = v2 * e2 + r2 * cur * (1 - e2);
      if (track) h = track.step(cur, dt);
      z -= (cur * dt) / C;
      time += dt;
      const v = volt(cur);
      if (st.log !== false) {
        t.push(time);
        I.push(cur);
        V.push(v);
      }
      // the table OCV is clamped beyond SoC 0 and 1; a real cell's voltage plunges there: end the step
      if ((st.vBelow_V !== undefined && (v <= st.vBelow_V || z <= 0)) || (st.vAbove_V !== undefined && (v >= st.vAbove_V || z >= 1))) break;
    }
  }
  const n = t.length;
  const s: MeasuredSeries = {
    length: n,
    time_s: Float64Array.from(t),
    current_A: Float64Array.from(I),
    voltage_V: Float64Array.from(V),
    temp_K: new Float64Array(n).fill(T),
    step: null,
    line: Float64Array.from({ length: n }, (_, i) => i + 2),
  };
  if (o.noise) {
    const r = o.noise.rng;
    for (let k = 0; k < n; k++) {
      s.voltage_V[k] += r.normal(0, o.noise.voltage_V);
      s.current_A[k] += r.normal(0, o.noise.current_A);
    }
  }
  return s;
}

/** A C/20 OCV test: rest, discharge to min_V, rest 1 h, charge to max_V, rest 1 h (60 s logging). */
export function ocvTestSteps(ecm: EcmModel, cRate = 1 / 20): SynthStep[] {
  const I = (ecm.capacity_As / 3600) * cRate;
  const long = 3600 / cRate;
  return [
    { current_A: 0, duration_s: 600, dt_s: 60 },
    { current_A: I, duration_s: 1.2 * long, dt_s: 60, vBelow_V: ecm.vMin_V },
    { current_A: 0, duration_s: 3600, dt_s: 60 },
    { current_A: -I, duration_s: 1.2 * long, dt_s: 60, vAbove_V: ecm.vMax_V },
    { current_A: 0, duration_s: 3600, dt_s: 60 },
  ];
}

/**
 * An HPPC test: from full, a 1C discharge to each SoC of `socs` (logged or not), a 30 min rest,
 * then 10 s discharge pulses at each C-rate of `cRates`, each followed by a rest of `rest_s`
 * (0.1 s logging in the pulse and the first 10 s after it, 1 s afterwards).
 */
export function hppcTestSteps(ecm: EcmModel, o: { socs: number[]; cRates: number[]; rest_s: number; logSocSteps: boolean; pulse_s?: number }): SynthStep[] {
  const C_A = ecm.capacity_As / 3600;
  const steps: SynthStep[] = [{ current_A: 0, duration_s: 60, dt_s: 1 }];
  let z = 1;
  const pulse = o.pulse_s ?? 10;
  for (const target of o.socs) {
    // the pulses before this point removed charge too: track it
    const dAh = (z - target) * C_A;
    if (dAh > 0) steps.push({ current_A: C_A, duration_s: (dAh * 3600) / C_A, dt_s: 1, log: o.logSocSteps });
    steps.push({ current_A: 0, duration_s: 1800, dt_s: 10, log: o.logSocSteps });
    steps.push({ current_A: 0, duration_s: 20, dt_s: 1 });
    z = target;
    for (const c of o.cRates) {
      steps.push({ current_A: c * C_A, duration_s: pulse, dt_s: 0.1 });
      steps.push({ current_A: 0, duration_s: 10, dt_s: 0.1 });
      steps.push({ current_A: 0, duration_s: o.rest_s - 10, dt_s: 1 });
      z -= (c * C_A * pulse) / 3600 / C_A;
    }
  }
  return steps;
}
