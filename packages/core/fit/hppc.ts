/**
 * HPPC pulses: segmentation, SoC, per-pulse fit of R0, R1, τ1, R2, τ2, and the voltage model used
 * for the fit and for the residuals.
 *
 * Segmentation. A pulse is a run of samples with |I| above C/50 of one sign (C/50: well above the
 * current noise of a cycler, far below any pulse), preceded by rest, at most 120 s long (longer
 * runs are the SoC steps between pulse sets: counted, not fitted). Its window runs from the last
 * rest sample before it through the following rest, up to the next pulse, a logging gap, or 30 min.
 *
 * SoC. Coulomb counting with the cyclers' counter semantics (each sample's current held over the
 * interval ending at it), anchored at `initialSoc` (1: the files start from a full charge and a
 * rest, as the Panasonic HPPC files do — their `Ah` counter starts at 0 at 4.17–4.18 V). Logging
 * gaps (an interval > 20× the median step and > 30 s) are not counted: the Panasonic files log only
 * the pulses, and the discharge to the next SoC step happens inside a gap (the file's `Ah` column
 * jumps there, the logged current does not). Across a gap with rest on both sides the SoC change is
 * taken from the OCV difference of the rest voltages before the pulse before the gap and the pulse
 * after it (`bridge`: the discharge-branch curve; a difference, so a temperature offset of the OCV
 * or the IR offset of a low-rate branch cancels). The charge so inferred is reported per gap.
 *
 * Slow branch (option `slowRc`): fitted on the long rests of the whole file (`slow-rc.ts`) and its
 * voltage added back to the measured voltage before the pulse windows are built, so that the
 * per-pulse fit below sees the pulse-scale response only.
 *
 * Pulse model (the same exact zero-order-hold discretisation as `EcmModel` users):
 *     V_k = V_pre − [U(z0) − U(z0 − q_k/Q)] − R0·I_k − v1_k − v2_k
 *     v_j ← v_j·e^(−Δt/τj) + Rj·I_k·(1 − e^(−Δt/τj))      (I_k held over (t_{k−1}, t_k])
 * with V_pre the rest voltage before the pulse (RC branches assumed relaxed; starts at the mean of
 * the last rest samples, then fitted with the rest, the window including up to 60 s of rest before
 * the pulse) and U the OCV curve. R0 starts at the instantaneous step (V_pre − V_first)/I_first; all five
 * parameters are then fitted by Levenberg–Marquardt (ml-levenberg-marquardt) on the pulse and its
 * relaxation (rest thinned to log-spaced points so the fast part is not outweighed by the tail),
 * in scaled coordinates (R/R0_step, ln τ1, ln(τ2/τ1)), with a sixth parameter scaling the OCV drop
 * (the local slope; see OCV_SCALE_MIN); τ2 ≥ 1.5·τ1 enforced by the bound on
 * ln(τ2/τ1), τ1 in [0.05 s, 5× the pulse], τ2 ≤ 3× the relaxation window, R0 in [0.5, 1.1]× the step
 * value, R1, R2 in [0, 50]× it; three starting points (τ1 = pulse/10, pulse/3, pulse; τ2 = 20·τ1), the best kept. Pulses shorter than 2 s
 * (e.g. cut off at min_V) give R0 only.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { MeasuredSeries } from '../data/measured.js';
import { InputError } from '../errors.js';
import { medianDt } from './ocv.js';
import { interpSorted } from '../numerics/interp.js';
import { fitSlowRc, slowRcVoltage, type SlowRcFit } from './slow-rc.js';

/** An OCV curve on an increasing SoC grid (monotone increasing voltages). */
export interface OcvCurve {
  soc: Float64Array;
  ocv_V: Float64Array;
}

export interface EcmParams {
  r0_ohm: number;
  r1_ohm: number;
  tau1_s: number;
  r2_ohm: number;
  tau2_s: number;
}

export interface PulseFit extends EcmParams {
  /** Index of the pulse in its file (0-based). */
  index: number;
  start_s: number;
  duration_s: number;
  /** Mean current over the pulse [A] (positive discharge). */
  current_A: number;
  /** SoC at the pulse start. */
  soc: number;
  /** Mean cell temperature over the pulse [K]. */
  temp_K: number;
  /** R0 from the instantaneous step [Ω]. */
  r0Step_ohm: number;
  /** Fitted scale of the OCV drop during the pulse (1 = the OCV curve's slope). */
  ocvScale: number;
  /** False: too short for the RC fit (R0 only; R1…τ2 are NaN and not used). */
  rcFitted: boolean;
  /** RMS residual of this pulse's own fit over its window [mV]. */
  rms_mV: number;
  /** The fitted window (thinned): times [s, from the file start], data, and this pulse's fit. */
  t_s: Float64Array;
  v_V: Float64Array;
  vFit_V: Float64Array;
  /** Internal: what the model needs to re-simulate the window. */
  window: PulseWindow;
}

export interface PulseWindow {
  t_s: Float64Array;
  current_A: Float64Array;
  /** OCV drop since the pulse start [V] at each window point. */
  dU_V: Float64Array;
  vPre_V: number;
  /** Samples averaged into each window point. */
  count: Float64Array;
}

export interface GapInfo {
  start_s: number;
  length_s: number;
  /** Charge inferred for the gap from the OCV bridge [Ah] (positive: discharged). */
  bridgedAh: number;
}

export interface HppcResult {
  file: string;
  /** Median of the pulse temperatures [K]. */
  temp_K: number;
  pulses: PulseFit[];
  gaps: GapInfo[];
  /** Slow branch from the long rests (`slow-rc.ts`); null when not asked for or no usable rest. */
  slow: SlowRcFit | null;
  notes: string[];
}

export interface HppcOptions {
  file?: string;
  /** Capacity defining the SoC axis [Ah] (the OCV test's usable capacity). */
  capacity_Ah: number;
  /** Nominal capacity [Ah] for the current threshold (C/50); default capacity_Ah. */
  nominalCapacity_Ah?: number;
  /** The average OCV (for the OCV drop during a pulse). */
  ocv: OcvCurve;
  /** The discharge-branch curve (OCV − M) for bridging gaps after discharge; default `ocv`. */
  bridge?: OcvCurve;
  /** SoC at the first sample (default 1, a full cell). */
  initialSoc?: number;
  /** Temperature [K] when the file has no temperature column. */
  temp_K?: number;
  /**
   * Fit a slow RC branch (τ of minutes) on the long rests (`slow-rc.ts`) and remove its voltage
   * from the pulse windows before the per-pulse fits (default false).
   */
  slowRc?: boolean;
}

const MIN_RC_PULSE_S = 2;
/** Rest before a pulse included in its window [s] (anchors the pre-pulse voltage, which is fitted). */
const PRE_REST_S = 60;
/**
 * Bounds of the fitted scale of the OCV drop during a pulse (the local OCV slope relative to the
 * OCV curve's): a SoC error of 1 % at a bend of the curve changes the slope the pulse sees by tens
 * of per cent, which R2 and τ2 would otherwise absorb (the round-trip test shows 30 % errors in R2
 * from a 0.8 % SoC offset with the slope fixed, < 2 % with it free).
 */
const OCV_SCALE_MIN = 0.3;
const OCV_SCALE_MAX = 3;
const MAX_RELAX_S = 1800;
/** Longer current runs are SoC steps, not pulses: counted, not fitted (HPPC pulses last 10–30 s). */
const MAX_PULSE_S = 120;

/** SoC at which the (increasing) curve reaches v; clamped to the grid. */
function invert(c: OcvCurve, v: number): number {
  return interpSorted(c.ocv_V, c.soc, v);
}

/** Simulate the pulse model over a window (see the module comment). */
export function simulateWindow(w: PulseWindow, p: EcmParams, out?: Float64Array, ocvScale = 1): Float64Array {
  const n = w.t_s.length;
  const y = out ?? new Float64Array(n);
  let v1 = 0;
  let v2 = 0;
  y[0] = w.vPre_V - ocvScale * w.dU_V[0] - p.r0_ohm * w.current_A[0];
  for (let k = 1; k < n; k++) {
    const dt = w.t_s[k] - w.t_s[k - 1];
    const I = w.current_A[k];
    const e1 = Math.exp(-dt / p.tau1_s);
    const e2 = Math.exp(-dt / p.tau2_s);
    v1 = v1 * e1 + p.r1_ohm * I * (1 - e1);
    v2 = v2 * e2 + p.r2_ohm * I * (1 - e2);
    y[k] = w.vPre_V - ocvScale * w.dU_V[k] - p.r0_ohm * I - v1 - v2;
  }
  return y;
}

export function rmsDiff_mV(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / Math.max(1, a.length)) * 1000;
}

function fitPulse(w: PulseWindow, v: Float64Array, r0Step: number, pulseDur_s: number, relax_s: number): { p: EcmParams; ocvScale: number; vPre_V: number; rms_mV: number } {
  const n = v.length;
  const rs = r0Step;
  const toParams = (q: ArrayLike<number>): EcmParams => ({
    r0_ohm: q[0] * rs,
    r1_ohm: q[1] * rs,
    tau1_s: Math.exp(q[2]),
    r2_ohm: q[3] * rs,
    tau2_s: Math.exp(q[2] + q[4]),
  });
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i;
  // residuals in mV (keeps the library's absolute tolerances meaningful), weighted by √(samples
  // averaged in the point): a bin of k samples has 1/k of a sample's noise variance. The weighting is
  // applied to data, model and Jacobian here (uniform weights in the library).
  const ws = Float64Array.from(w.count, (c) => Math.sqrt(c));
  const yData = Float64Array.from(v, (u, i) => u * 1000 * ws[i]);
  const model = (q: number[]) => {
    const sim = simulateWindow({ ...w, vPre_V: w.vPre_V + q[6] / 1000 }, toParams(q), undefined, q[5]);
    for (let i = 0; i < n; i++) sim[i] *= 1000 * ws[i];
    return (i: number) => sim[i];
  };
  // analytic Jacobian by forward sensitivities of the recursion (exact, and far cheaper than differences)
  const jac = (q: number[]) => {
    const p = toParams(q);
    const J = new Float64Array(n * 7);
    let v1 = 0,
      v2 = 0,
      s1 = 0,
      s2 = 0,
      d1 = 0,
      d2 = 0;
    const t = w.t_s;
    const I = w.current_A;
    J[0] = -rs * I[0] * 1000;
    J[5] = -w.dU_V[0] * 1000;
    J[6] = 1;
    for (let k = 1; k < n; k++) {
      const dt = t[k] - t[k - 1];
      const e1 = Math.exp(-dt / p.tau1_s);
      const e2 = Math.exp(-dt / p.tau2_s);
      d1 = d1 * e1 + ((v1 - p.r1_ohm * I[k]) * e1 * dt) / (p.tau1_s * p.tau1_s);
      d2 = d2 * e2 + ((v2 - p.r2_ohm * I[k]) * e2 * dt) / (p.tau2_s * p.tau2_s);
      s1 = s1 * e1 + I[k] * (1 - e1);
      s2 = s2 * e2 + I[k] * (1 - e2);
      v1 = v1 * e1 + p.r1_ohm * I[k] * (1 - e1);
      v2 = v2 * e2 + p.r2_ohm * I[k] * (1 - e2);
      const o = k * 7;
      J[o] = -rs * I[k] * 1000;
      J[o + 1] = -rs * s1 * 1000;
      J[o + 2] = -(p.tau1_s * d1 + p.tau2_s * d2) * 1000;
      J[o + 3] = -rs * s2 * 1000;
      J[o + 4] = -p.tau2_s * d2 * 1000;
      J[o + 5] = -w.dU_V[k] * 1000;
      J[o + 6] = 1;
    }
    return (i: number) => {
      const o = i * 7;
      const c = ws[i];
      return [J[o] * c, J[o + 1] * c, J[o + 2] * c, J[o + 3] * c, J[o + 4] * c, J[o + 5] * c, J[o + 6] * c];
    };
  };
  const tau1Max = Math.max(1, 5 * pulseDur_s);
  const tau2Max = Math.max(10, 3 * relax_s);
  const minV = [0.5, 0, Math.log(0.05), 0, Math.log(1.5), OCV_SCALE_MIN, -20];
  const maxV = [1.1, 50, Math.log(tau1Max), 50, Math.log(tau2Max / 0.05), OCV_SCALE_MAX, 20];
  // the remaining drop at the pulse end, shared between the branches as a start
  const iEnd = w.current_A[w.current_A.length > 1 ? findLastActive(w.current_A) : 0];
  const vEnd = v[findLastActive(w.current_A)];
  const dRc = Math.max(0.1, (w.vPre_V - vEnd) / (iEnd || 1) / rs - 1);
  let best: { q: number[]; err: number } | null = null;
  for (const t1 of [pulseDur_s / 10, pulseDur_s / 3, pulseDur_s]) {
    for (const ratio of [20]) {
      const t1c = Math.min(Math.max(t1, 0.06), tau1Max * 0.9);
      const t2 = Math.min(t1c * ratio, tau2Max * 0.9);
      const init = [1, dRc / 2, Math.log(t1c), dRc / 2, Math.log(Math.max(1.6, t2 / t1c)), 1, 0];
      const r = levenbergMarquardt({ x, y: yData }, model, {
        initialValues: init,
        minValues: minV,
        maxValues: maxV,
        damping: 1e-2,
        jacobianFunction: jac,
        maxIterations: 100,
        errorTolerance: 1e-12,
      });
      if (!best || r.parameterError < best.err) best = { q: r.parameterValues, err: r.parameterError };
    }
  }
  const p = toParams(best!.q);
  const ocvScale = best!.q[5];
  const vPre_V = w.vPre_V + best!.q[6] / 1000;
  const fit = simulateWindow({ ...w, vPre_V }, p, undefined, ocvScale);
  return { p, ocvScale, vPre_V, rms_mV: rmsDiff_mV(fit, v) };
}

function findLastActive(I: Float64Array): number {
  for (let k = I.length - 1; k >= 0; k--) if (I[k] !== 0) return k;
  return 0;
}

/** Segment and fit every pulse of one HPPC file. */
export function fitHppc(s: MeasuredSeries, opts: HppcOptions): HppcResult {
  const file = opts.file ?? 'HPPC test';
  const n = s.length;
  if (n < 10) throw new InputError(`the HPPC test has only ${n} samples`, { file });
  const t = s.time_s;
  const I = s.current_A;
  const V = s.voltage_V;
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(I[k]) || !Number.isFinite(V[k]) || !Number.isFinite(t[k]))
      throw new InputError('non-finite time, current or voltage', { file, field: `line ${s.line[k]}`, value: [t[k], I[k], V[k]] });
  }
  const temps = s.temp_K;
  if (!temps && !(opts.temp_K !== undefined && Number.isFinite(opts.temp_K)))
    throw new InputError('the HPPC file has no temperature column; the fit needs the cell temperature of each pulse', { file, field: 'temperature' });
  const Q_As = opts.capacity_Ah * 3600;
  const thr = (opts.nominalCapacity_Ah ?? opts.capacity_Ah) / 50;
  const dtMed = medianDt(t, n);
  const gapThr = Math.max(20 * dtMed, 30);
  const bridge = opts.bridge ?? opts.ocv;
  const notes: string[] = [];
  const active = (k: number) => Math.abs(I[k]) > thr;
  const isGap = (k: number) => k > 0 && t[k] - t[k - 1] > gapThr;

  // logged charge q[k] (As, positive discharge), gaps not counted
  const q = new Float64Array(n);
  for (let k = 1; k < n; k++) q[k] = q[k - 1] + (isGap(k) ? 0 : I[k] * (t[k] - t[k - 1]));

  // pulses
  interface Raw {
    s: number;
    e: number;
    wEnd: number;
    gapBefore: boolean;
  }
  const raw: Raw[] = [];
  let k = 1;
  while (k < n) {
    if (!active(k) || active(k - 1)) {
      k++;
      continue;
    }
    const s0 = k;
    const sign = Math.sign(I[k]);
    while (k + 1 < n && active(k + 1) && Math.sign(I[k + 1]) === sign && !isGap(k + 1)) k++;
    const e = k;
    let w = e + 1;
    while (w + 1 < n && !active(w + 1) && !isGap(w + 1) && t[w + 1] - t[e] <= MAX_RELAX_S) w++;
    if (w >= n) w = n - 1;
    if (t[e] - t[s0 - 1] <= MAX_PULSE_S) raw.push({ s: s0, e, wEnd: w, gapBefore: false });
    k = e + 1;
  }
  if (!raw.length) throw new InputError(`no current pulses above C/50 = ${thr.toFixed(3)} A found`, { file, field: 'current_A' });
  // gap flags between pulses
  for (let i = 1; i < raw.length; i++) for (let j = raw[i - 1].e + 1; j <= raw[i].s; j++) if (isGap(j)) raw[i].gapBefore = true;

  // the rest voltage before a pulse starting at s0: mean of up to 5 rest samples within 30 s, not across a gap
  const restBefore = (volt: ArrayLike<number>, s0: number) => {
    let sum = 0;
    let c = 0;
    for (let j = s0 - 1; j >= 0 && c < 5 && t[s0 - 1] - t[j] <= 30 && !active(j); j--) {
      sum += volt[j];
      c++;
      if (isGap(j)) break;
    }
    return c ? sum / c : volt[s0 - 1];
  };
  const vPreOf = (s0: number) => restBefore(V, s0);

  // SoC at each pulse start
  const z0 = opts.initialSoc ?? 1;
  const socs: number[] = [];
  const gaps: GapInfo[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if (i === 0) {
      let gapCount = 0;
      for (let j = 1; j <= r.s; j++) if (isGap(j)) gapCount++;
      if (!gapCount) {
        socs.push(z0 - q[r.s - 1] / Q_As);
        continue;
      }
      // bridged from the rest at the start of the file
      const dzOcv = invert(bridge, vPreOf(r.s)) - invert(bridge, V[0]);
      socs.push(z0 + dzOcv);
      gaps.push({ start_s: t[0], length_s: t[r.s - 1] - t[0], bridgedAh: ((-dzOcv - q[r.s - 1] / Q_As) * Q_As) / 3600 });
      notes.push(`${gapCount} logging gap(s) before the first pulse: its SoC from the OCV difference to the rest at the start of the file`);
      continue;
    }
    const prev = raw[i - 1];
    const dzLogged = (q[r.s - 1] - q[prev.s - 1]) / Q_As;
    if (!r.gapBefore) {
      socs.push(socs[i - 1] - dzLogged);
      continue;
    }
    const dzOcv = invert(bridge, vPreOf(r.s)) - invert(bridge, vPreOf(prev.s));
    const zi = socs[i - 1] + dzOcv;
    socs.push(zi);
    let gs = 0;
    let gl = 0;
    for (let j = prev.e + 1; j <= r.s; j++)
      if (isGap(j)) {
        if (!gl) gs = t[j - 1];
        gl += t[j] - t[j - 1];
      }
    gaps.push({ start_s: gs, length_s: gl, bridgedAh: ((-dzOcv - dzLogged) * Q_As) / 3600 });
  }

  // slow branch on the long rests: SoC of every sample from the first pulse of its set
  let slow: SlowRcFit | null = null;
  let Vw = V;
  if (opts.slowRc) {
    const set = new Int32Array(n);
    for (let k = 1; k < n; k++) set[k] = set[k - 1] + (isGap(k) ? 1 : 0);
    const zAll = new Float64Array(n).fill(NaN);
    const anchor = new Map<number, number>();
    for (let i = 0; i < raw.length; i++) if (!anchor.has(set[raw[i].s])) anchor.set(set[raw[i].s], i);
    for (let k = 0; k < n; k++) {
      const i = anchor.get(set[k]);
      if (i !== undefined) zAll[k] = socs[i] - (q[k] - q[raw[i].s - 1]) / Q_As;
    }
    const gapCharge_As: number[] = [0];
    for (let k = 1; k < n; k++) if (set[k] !== set[k - 1]) gapCharge_As[set[k]] = Number.isFinite(zAll[k]) && Number.isFinite(zAll[k - 1]) ? Math.max(0, (zAll[k - 1] - zAll[k]) * Q_As) : 0;
    const inp = {
      t_s: t,
      current_A: I,
      voltage_V: V,
      soc: zAll,
      set,
      active: (k: number) => active(k) || !Number.isFinite(zAll[k]),
      gapCharge_As,
      stepCurrent_A: opts.nominalCapacity_Ah ?? opts.capacity_Ah,
      ocv: opts.ocv,
    };
    slow = fitSlowRc(inp);
    if (slow && slow.r_ohm > 0) {
      const vs = slowRcVoltage(inp, slow);
      Vw = Float64Array.from(V, (v, k) => v + vs[k]);
    }
  }
  const vPreW = (s0: number) => restBefore(Vw, s0);

  const pulses: PulseFit[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    const vPre = vPreW(r.s);
    const zStart = socs[i];
    const uStart = interpSorted(opts.ocv.soc, opts.ocv.ocv_V, zStart);
    // window points: the rest before the pulse (up to 60 s, averaged in ≤ 10 bins), the last rest
    // sample, every pulse sample, then the rest after it averaged in log-spaced bins (every sample
    // of the first 2 s, then bins 5 % of the time since the pulse end wide). At rest the current is
    // exactly zero in the model, so a bin's mean is the model at the bin's mean time up to
    // (width/τ)²/24 — negligible — while the noise falls with the number of samples averaged.
    const bins: number[][] = [];
    let p0 = r.s - 1;
    while (p0 - 1 >= 0 && !active(p0 - 1) && !isGap(p0) && t[r.s - 1] - t[p0 - 1] <= PRE_REST_S) p0--;
    const nPre = r.s - 1 - p0;
    for (let b = 0; b < Math.min(10, nPre); b++) {
      const lo = p0 + Math.floor((b * nPre) / Math.min(10, nPre));
      const hi = p0 + Math.floor(((b + 1) * nPre) / Math.min(10, nPre));
      const bin: number[] = [];
      for (let j = lo; j < hi; j++) bin.push(j);
      if (bin.length) bins.push(bin);
    }
    const nPreBins = bins.length;
    bins.push([r.s - 1]);
    for (let j = r.s; j <= r.e; j++) bins.push([j]);
    const tEnd = t[r.e];
    let cur: number[] = [];
    let binStart = tEnd;
    for (let j = r.e + 1; j <= r.wEnd; j++) {
      const since = t[j] - tEnd;
      if (since <= 2) {
        bins.push([j]);
        binStart = t[j];
        continue;
      }
      cur.push(j);
      if (t[j] - binStart >= 0.05 * since || j === r.wEnd) {
        bins.push(cur);
        cur = [];
        binStart = t[j];
      }
    }
    const m = bins.length;
    const wt = new Float64Array(m);
    const wi = new Float64Array(m);
    const du = new Float64Array(m);
    const vv = new Float64Array(m);
    const cnt = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const bin = bins[a];
      cnt[a] = bin.length;
      let ts = 0;
      let vs = 0;
      for (const j of bin) {
        ts += t[j];
        vs += Vw[j];
      }
      wt[a] = ts / bin.length;
      vv[a] = vs / bin.length;
      const j = bin[bin.length - 1];
      wi[a] = j >= r.s && j <= r.e ? I[j] : 0; // rest current treated as exactly zero
      du[a] = a <= nPreBins ? 0 : uStart - interpSorted(opts.ocv.soc, opts.ocv.ocv_V, zStart - (q[Math.min(j, r.e)] - q[r.s - 1]) / Q_As);
    }
    const w: PulseWindow = { t_s: wt, current_A: wi, dU_V: du, vPre_V: vPre, count: cnt };
    let tSum = 0;
    let iSum = 0;
    for (let j = r.s; j <= r.e; j++) {
      tSum += temps ? temps[j] : opts.temp_K!;
      iSum += I[j];
    }
    const temp_K = tSum / (r.e - r.s + 1);
    if (!Number.isFinite(temp_K)) throw new InputError('temperature is not finite during a pulse', { file, field: `line ${s.line[r.s]}`, value: temp_K });
    const current_A = iSum / (r.e - r.s + 1);
    const r0Step = (vPre - Vw[r.s]) / I[r.s];
    const duration_s = t[r.e] - t[r.s - 1];
    const base = { index: i, start_s: t[r.s - 1], duration_s, current_A, soc: zStart, temp_K, r0Step_ohm: r0Step, t_s: wt, v_V: vv, window: w };
    if (!(r0Step > 0)) {
      notes.push(`pulse ${i} at t = ${t[r.s].toFixed(1)} s: no voltage step in the current's direction (R0 = ${r0Step}), skipped`);
      continue;
    }
    if (duration_s < MIN_RC_PULSE_S || r.wEnd - r.e < 3) {
      const p: EcmParams = { r0_ohm: r0Step, r1_ohm: NaN, tau1_s: NaN, r2_ohm: NaN, tau2_s: NaN };
      pulses.push({ ...base, ...p, ocvScale: 1, rcFitted: false, rms_mV: NaN, vFit_V: new Float64Array(m).fill(NaN) });
      continue;
    }
    const relax_s = t[r.wEnd] - t[r.e];
    const f = fitPulse(w, vv, r0Step, duration_s, relax_s);
    w.vPre_V = f.vPre_V; // the fitted pre-pulse rest voltage anchors the final model's residuals too
    pulses.push({ ...base, ...f.p, ocvScale: f.ocvScale, rcFitted: true, rms_mV: f.rms_mV, vFit_V: simulateWindow(w, f.p, undefined, f.ocvScale) });
  }
  const ts = pulses.map((p) => p.temp_K).sort((a, b) => a - b);
  return { file, temp_K: ts[ts.length >> 1], pulses, gaps, slow, notes };
}
