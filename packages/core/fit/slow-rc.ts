/**
 * Slow polarisation (diffusion) from the long rests of an HPPC test: one RC pair (R_s, τ_s) with τ_s
 * of minutes, which 10 s pulses alone cannot resolve (their own fit sees it only as a small
 * non-recovering drop, absorbed by the OCV-slope scale).
 *
 * Data: the rest samples of every continuously logged pulse set that lie at least `MIN_SINCE_S`
 * (300 s) after the last current, where the pulse-scale branches (τ ≤ ~75 s) have relaxed to < 2 %:
 *     V(t) = a_s + b_s·(U(z(t)) − Ū_s) − R_s·x(t; τ_s)
 * with U the OCV curve along the counted SoC (local level a_s and slope scale b_s free per set: the
 * absolute OCV, hysteresis and a local slope error are not the question here), and x the response of
 * a unit-resistance RC branch with time constant τ_s to the measured current (zero-order hold, as
 * everywhere in the fit), including the SoC step before the set that falls in a logging gap
 * (assumed: a 1C discharge of the bridged charge starting at the gap start, then rest).
 * For a given τ_s the model is linear: a_s, b_s are eliminated per set (Frisch–Waugh: residuals of V
 * and x after regressing each on [1, U − Ū_s] within the set) and R_s is one least-squares ratio.
 * τ_s is chosen on a log grid (150 s … 6000 s, 41 points; below 150 s a branch has decayed to < 14 %
 * at 300 s and belongs to the pulse fit) by the smallest residual; R_s < 0 at the
 * best τ_s means no slow branch is seen (R_s = 0).
 */
import { interpSorted } from '../numerics/interp.js';

export interface SlowRcInput {
  t_s: Float64Array;
  current_A: Float64Array;
  voltage_V: Float64Array;
  /** Counted SoC of every sample. */
  soc: Float64Array;
  /** Index of the pulse set (continuous logging between gaps) of every sample. */
  set: Int32Array;
  /** True where the sample is a rest sample usable for the slow fit. */
  active: (k: number) => boolean;
  /** Charge removed in the logging gap before each set [A·s] (0 for none), by set index. */
  gapCharge_As: number[];
  /** 1C current used for the assumed SoC step in a gap [A]. */
  stepCurrent_A: number;
  ocv: { soc: Float64Array; ocv_V: Float64Array };
}

export interface SlowRcFit {
  r_ohm: number;
  tau_s: number;
  /** RMS residual at the best τ [mV] and with no slow branch (R = 0) [mV]. */
  rms_mV: number;
  rmsWithout_mV: number;
  points: number;
}

/** Rest samples used start this long after the last current [s]. */
export const MIN_SINCE_S = 300;
const TAU_MIN_S = 150;
const TAU_MAX_S = 6000;
const TAU_GRID = 41;

/** Unit-resistance RC response x(t) at every sample (reset at each set start to the gap step's remainder). */
function response(inp: SlowRcInput, tau: number): Float64Array {
  const { t_s: t, current_A: I, set } = inp;
  const n = t.length;
  const x = new Float64Array(n);
  let v = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || set[k] !== set[k - 1]) {
      // the set starts after a gap (or the file start): the gap's assumed step, then rest
      v = k === 0 ? 0 : v;
      const q = inp.gapCharge_As[set[k]] ?? 0;
      if (k > 0) {
        const gap = t[k] - t[k - 1];
        const dur = q > 0 ? q / inp.stepCurrent_A : 0;
        if (dur > 0 && dur < gap) {
          v = v * Math.exp(-dur / tau) + inp.stepCurrent_A * (1 - Math.exp(-dur / tau));
          v *= Math.exp(-(gap - dur) / tau);
        } else v *= Math.exp(-gap / tau);
      }
      x[k] = v;
      continue;
    }
    const e = Math.exp(-(t[k] - t[k - 1]) / tau);
    v = v * e + I[k] * (1 - e);
    x[k] = v;
  }
  return x;
}

export function fitSlowRc(inp: SlowRcInput): SlowRcFit | null {
  const n = inp.t_s.length;
  // usable samples per set
  const since = new Float64Array(n);
  let last = -Infinity;
  for (let k = 0; k < n; k++) {
    if (inp.active(k)) last = inp.t_s[k];
    since[k] = inp.t_s[k] - last;
  }
  const sets = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    if (inp.active(k) || !(since[k] >= MIN_SINCE_S)) continue;
    const s = inp.set[k];
    let a = sets.get(s);
    if (!a) sets.set(s, (a = []));
    a.push(k);
  }
  const groups = [...sets.values()].filter((a) => a.length >= 5);
  if (!groups.length) return null;
  const u = new Float64Array(n);
  for (const g of groups) for (const k of g) u[k] = interpSorted(inp.ocv.soc, inp.ocv.ocv_V, inp.soc[k]);
  /** Residual of y after regressing on [1, u] within each group (in place into out). */
  const partial = (y: Float64Array, out: Float64Array) => {
    for (const g of groups) {
      let su = 0,
        sy = 0;
      for (const k of g) {
        su += u[k];
        sy += y[k];
      }
      const mu = su / g.length,
        my = sy / g.length;
      let suu = 0,
        suy = 0;
      for (const k of g) {
        suu += (u[k] - mu) ** 2;
        suy += (u[k] - mu) * (y[k] - my);
      }
      const b = suu > 1e-12 ? suy / suu : 0;
      for (const k of g) out[k] = y[k] - my - b * (u[k] - mu);
    }
  };
  const rv = new Float64Array(n);
  partial(inp.voltage_V, rv);
  let points = 0;
  let ssV = 0;
  for (const g of groups)
    for (const k of g) {
      ssV += rv[k] ** 2;
      points++;
    }
  const rx = new Float64Array(n);
  let best: { tau: number; r: number; ss: number } | null = null;
  for (let i = 0; i < TAU_GRID; i++) {
    const tau = TAU_MIN_S * Math.pow(TAU_MAX_S / TAU_MIN_S, i / (TAU_GRID - 1));
    partial(response(inp, tau), rx);
    let sxx = 0,
      sxv = 0;
    for (const g of groups)
      for (const k of g) {
        sxx += rx[k] ** 2;
        sxv += rx[k] * rv[k];
      }
    if (!(sxx > 0)) continue;
    const r = -sxv / sxx; // V = … − R·x
    const ss = ssV - (sxv * sxv) / sxx;
    if (r > 0 && (!best || ss < best.ss)) best = { tau, r, ss };
  }
  const rmsWithout_mV = Math.sqrt(ssV / points) * 1000;
  if (!best) return { r_ohm: 0, tau_s: TAU_MAX_S, rms_mV: rmsWithout_mV, rmsWithout_mV, points };
  return { r_ohm: best.r, tau_s: best.tau, rms_mV: Math.sqrt(Math.max(0, best.ss) / points) * 1000, rmsWithout_mV, points };
}

/** The slow branch's voltage R·x(t) at every sample (for removing it from the pulse windows). */
export function slowRcVoltage(inp: SlowRcInput, fit: SlowRcFit): Float64Array {
  const x = response(inp, fit.tau_s);
  for (let k = 0; k < x.length; k++) x[k] *= fit.r_ohm;
  return x;
}
