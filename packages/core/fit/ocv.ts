/**
 * OCV curve, capacity and hysteresis from a low-rate (C/20 … C/25) discharge–charge test.
 *
 * Method (in order):
 * 1. Segments. The discharge is the longest run of samples with current above 20 % of the test's
 *    largest discharge current; the charge is the longest such run of charge current after it.
 *    (20 %: far above the noise of a constant-current step, below any CC level; a CV tail that
 *    falls below it is not part of the branch.)
 * 2. Coulomb counting with the cyclers' own counter semantics: each sample's current is held over
 *    the interval that ends at it (Panasonic `Ah` column: Ah[k] = Ah[k−1] + I[k]·(t[k] − t[k−1])).
 *    The usable capacity is the charge delivered by the discharge (start: full, end: the cut-off).
 *    SoC on the discharge branch z = 1 − q/Q; on the charge branch z = η·q/Q counted up from the end
 *    of the discharge (z = 0 there by definition of the usable capacity).
 * 3. Resampling: each branch is averaged in bins of one grid step (bin centroids of SoC and
 *    voltage) and interpolated linearly between centroids onto the uniform SoC grid. The first 1 %
 *    of capacity of each branch is dropped: there the RC branches are still charging up after the
 *    current step (5·τ2 ≈ 0.2–1 % of capacity at C/20) and, after a reversal, the hysteresis state
 *    is still moving.
 * 4. OCV = average of the two branches, which cancels the IR drop (±I·R at the same |I|) and the
 *    hysteresis (±M) together. Where only one branch exists (e.g. above the end of a charge that
 *    stops at max_V without a CV phase), the branch is shifted by the nearest available half-gap.
 *    Made monotone by isotonic regression (pool-adjacent-violators) and a 1 µV minimum step, so
 *    that dOCV/dz > 0 everywhere (the Kalman filters divide by it).
 * 5. Hysteresis (`finishOcv`, once the resistance is known from the HPPC fit): half the gap between
 *    the branches minus the low-rate IR drop I·(R0 + R1 + R2)(z, T_test), floored at 0. Its rate γ
 *    from the shape of the charge branch just after the reversal: (V_chg − V_dis)/2 − I·R =
 *    M·(1 − e^(−γ·Δz)) (Plett's one-state model, h going from −1 to +1), by a log-spaced search
 *    over γ in [√10, GAMMA_MAX]; when the test shows no hysteresis (M < 0.5 mV) γ keeps its default.
 *    GAMMA_MAX = 100: settling faster than 3/γ = 3 % SoC cannot be told apart from the RC
 *    transients of the reversal itself (a slow polarisation with τ of 10–15 min, as the HPPC rests of
 *    a Li-ion cell show, settles in 3τ ≈ 3 % SoC at C/20) nor from the dropped first 1 % of the
 *    branch; a γ found at GAMMA_MAX is reported as resolution-limited. (Before: the grid ran to 1000 and the
 *    Panasonic 18650PF test landed at that bound, which let every short regen pulse of a drive
 *    cycle flip the full hysteresis — see README, measured data.)
 * 6. Coulombic efficiency: charge out / charge in only when the loop closes (the charge ends within
 *    3 mV of the rest voltage the discharge started from, after the final rest); otherwise 1
 *    (assumed: > 0.999 for Li-ion at low rate, e.g. Smith et al., J. Electrochem. Soc. 157 (2010)
 *    A196) with a note, because a charge that ends at max_V without CV did not return to full.
 */
import type { MeasuredSeries } from '../data/measured.js';
import { InputError } from '../errors.js';

/** Default SoC grid of the OCV table: 201 points (0.5 % steps; a C/20 test gives ≈ 6 samples per bin at 60 s logging). */
export const OCV_GRID_POINTS = 201;
/** Default γ when the test cannot resolve it (assumed: h settles within ≈ 3/γ = 6 % SoC after a reversal). */
export const DEFAULT_GAMMA = 50;
/** Upper end of the γ search (see the module comment, step 5). */
export const GAMMA_MAX = 100;
const TRANSIENT_FRACTION = 0.01;
const MIN_STEP_V = 1e-6;

export interface OcvBranches {
  file: string;
  /** Usable capacity: charge delivered by the low-rate discharge [Ah]. */
  capacity_Ah: number;
  dischargeAh: number;
  chargeAh: number;
  /** Mean |current| of the discharge and charge segments [A]. */
  dischargeCurrent_A: number;
  chargeCurrent_A: number;
  /** Mean temperature of the test [K] (NaN when the file has no temperature). */
  temp_K: number;
  coulombicEfficiency: number;
  /** charge out / charge in when the loop closes, else null. */
  coulombicEfficiencyMeasured: number | null;
  soc: Float64Array;
  /** Branches on the grid; NaN where the branch does not cover the point. */
  discharge_V: Float64Array;
  charge_V: Float64Array;
  /** Average of the branches (monotone), and half the gap (where both branches exist, else nearest). */
  ocv_V: Float64Array;
  halfGap_V: Float64Array;
  /** Lowest SoC reached by the charge branch (its start) and the highest. */
  chargeSocRange: [number, number] | null;
  /**
   * Rest voltages after a charge (h = +1): the rest before the discharge (SoC 1, the test starts
   * full) and the rest after the charge branch (its last SoC), where logged.
   */
  chargeRests: { soc: number; v_V: number }[];
  /** Raw branch samples (SoC, V) for plots. */
  raw: { dischargeSoc: Float64Array; dischargeV: Float64Array; chargeSoc: Float64Array; chargeV: Float64Array };
  notes: string[];
}

export interface OcvResult extends OcvBranches {
  /** Low-rate IR drop I·(R0 + R1 + R2) on the grid [V]. */
  irDrop_V: Float64Array;
  m_V: Float64Array;
  gamma: number;
  /** RMS of the hysteresis-shape fit on the charge branch after the reversal [mV] (null: not fitted). */
  gammaFitRms_mV: number | null;
  /** M bounds from the rest voltages after a charge: M ≤ (rest − discharge branch − I·R)/2 [V]. */
  restCaps?: { soc: number; m_V: number }[];
}

function longestRun(n: number, pred: (k: number) => boolean, from = 0): [number, number] | null {
  let best: [number, number] | null = null;
  let k = from;
  while (k < n) {
    if (!pred(k)) {
      k++;
      continue;
    }
    const s = k;
    while (k < n && pred(k)) k++;
    if (!best || k - 1 - s > best[1] - best[0]) best = [s, k - 1];
  }
  return best;
}

/** Median sampling interval [s]. */
export function medianDt(t: Float64Array, n: number): number {
  const d: number[] = [];
  const step = Math.max(1, Math.floor(n / 20000));
  for (let k = 1; k < n; k += step) d.push(t[k] - t[k - 1]);
  d.sort((a, b) => a - b);
  return d.length ? d[d.length >> 1] : NaN;
}

/**
 * Bin-centroid resampling of (z, v) onto a uniform grid; NaN outside the covered range (extended
 * by half a step with the end slope).
 */
export function resampleBranch(z: ArrayLike<number>, v: ArrayLike<number>, gridN: number): Float64Array {
  const dz = 1 / (gridN - 1);
  const sz = new Float64Array(gridN);
  const sv = new Float64Array(gridN);
  const cnt = new Int32Array(gridN);
  for (let i = 0; i < z.length; i++) {
    const g = Math.round(z[i] / dz);
    if (g < 0 || g >= gridN) continue;
    sz[g] += z[i];
    sv[g] += v[i];
    cnt[g]++;
  }
  const cz: number[] = [];
  const cv: number[] = [];
  for (let g = 0; g < gridN; g++)
    if (cnt[g] > 0) {
      cz.push(sz[g] / cnt[g]);
      cv.push(sv[g] / cnt[g]);
    }
  const out = new Float64Array(gridN).fill(NaN);
  if (cz.length < 2) return out;
  let j = 0;
  const m = cz.length;
  for (let g = 0; g < gridN; g++) {
    const x = g * dz;
    if (x < cz[0] - dz / 2 || x > cz[m - 1] + dz / 2) continue;
    while (j < m - 2 && cz[j + 1] < x) j++;
    const a = x < cz[0] ? 0 : x > cz[m - 1] ? m - 2 : j;
    out[g] = cv[a] + ((cv[a + 1] - cv[a]) * (x - cz[a])) / (cz[a + 1] - cz[a]);
  }
  return out;
}

/** Isotonic (non-decreasing) regression by pool-adjacent-violators, then a minimum step. */
export function monotoneIncreasing(y: Float64Array, minStep = MIN_STEP_V): Float64Array {
  const n = y.length;
  const val: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    val.push(y[i]);
    w.push(1);
    while (val.length > 1 && val[val.length - 2] > val[val.length - 1]) {
      const b = val.pop()!;
      const wb = w.pop()!;
      const a = val.pop()!;
      const wa = w.pop()!;
      val.push((a * wa + b * wb) / (wa + wb));
      w.push(wa + wb);
    }
  }
  const out = new Float64Array(n);
  let k = 0;
  for (let b = 0; b < val.length; b++) for (let j = 0; j < w[b]; j++) out[k++] = val[b];
  for (let i = 1; i < n; i++) if (out[i] < out[i - 1] + minStep) out[i] = out[i - 1] + minStep;
  return out;
}

/** Fill NaN entries with the nearest finite entry (ties: the lower index). */
export function fillNearest(y: Float64Array): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(y[i])) continue;
    for (let d = 1; d < n; d++) {
      if (i - d >= 0 && Number.isFinite(y[i - d])) {
        out[i] = y[i - d];
        break;
      }
      if (i + d < n && Number.isFinite(y[i + d])) {
        out[i] = y[i + d];
        break;
      }
    }
  }
  return out;
}

export function extractOcvBranches(s: MeasuredSeries, opts: { file?: string; gridPoints?: number } = {}): OcvBranches {
  const file = opts.file ?? 'OCV test';
  const n = s.length;
  const gridN = opts.gridPoints ?? OCV_GRID_POINTS;
  if (n < 10) throw new InputError(`the OCV test has only ${n} samples`, { file });
  const I = s.current_A;
  const V = s.voltage_V;
  const t = s.time_s;
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(I[k]) || !Number.isFinite(V[k]) || !Number.isFinite(t[k]))
      throw new InputError('non-finite time, current or voltage', { file, field: `line ${s.line[k]}`, value: [t[k], I[k], V[k]] });
  }
  let iDisMax = 0;
  let iChgMax = 0;
  for (let k = 0; k < n; k++) {
    if (I[k] > iDisMax) iDisMax = I[k];
    if (-I[k] > iChgMax) iChgMax = -I[k];
  }
  if (!(iDisMax > 0)) throw new InputError('the OCV test has no discharge (current positive on discharge; check --current-sign)', { file, field: 'current_A' });
  const dis = longestRun(n, (k) => I[k] > 0.2 * iDisMax);
  if (!dis || dis[1] - dis[0] < 20) throw new InputError('no low-rate discharge segment of at least 20 samples found', { file, field: 'current_A' });
  const chg = iChgMax > 0 ? longestRun(n, (k) => -I[k] > 0.2 * iChgMax, dis[1] + 1) : null;
  const notes: string[] = [];

  // the gap threshold: an interval 20× the median (or > 1 h) is a logging gap, not counted
  const dtMed = medianDt(t, n);
  const gapThr = Math.max(20 * dtMed, 3600);
  const dtAt = (k: number) => (k > 0 && t[k] - t[k - 1] < gapThr ? t[k] - t[k - 1] : 0);

  const count = (seg: [number, number], sign: 1 | -1) => {
    const q = new Float64Array(seg[1] - seg[0] + 1);
    let acc = 0;
    let iSum = 0;
    for (let k = seg[0]; k <= seg[1]; k++) {
      acc += sign * I[k] * dtAt(k);
      q[k - seg[0]] = acc;
      iSum += sign * I[k];
    }
    return { q, total_As: acc, meanI: iSum / q.length };
  };
  const d = count(dis, 1);
  const Q_As = d.total_As;
  if (!(Q_As > 0)) throw new InputError('the discharge segment delivers no charge', { file, field: 'current_A' });
  const capacity_Ah = Q_As / 3600;

  // temperature: mean over the test
  let temp_K = NaN;
  if (s.temp_K) {
    let sum = 0;
    let c = 0;
    for (let k = 0; k < n; k++)
      if (Number.isFinite(s.temp_K[k])) {
        sum += s.temp_K[k];
        c++;
      }
    if (c) temp_K = sum / c;
  }

  // coulombic efficiency only when the loop closes (rest voltage at the end ≈ rest voltage at the start)
  let ceMeasured: number | null = null;
  let chargeAh = 0;
  let chargeCurrent_A = 0;
  let c: ReturnType<typeof count> | null = null;
  const chargeRests: { soc: number; v_V: number }[] = [];
  if (dis[0] > 0 && Math.abs(I[dis[0] - 1]) < 0.2 * iDisMax) chargeRests.push({ soc: 1, v_V: V[dis[0] - 1] });
  if (chg) {
    c = count(chg, -1);
    chargeAh = c.total_As / 3600;
    chargeCurrent_A = c.meanI;
    const vStart = dis[0] > 0 ? V[dis[0] - 1] : NaN;
    let kEnd = chg[1];
    while (kEnd + 1 < n && Math.abs(I[kEnd + 1]) < 0.2 * iChgMax && t[kEnd + 1] - t[chg[1]] < 4 * 3600) kEnd++;
    const vEnd = kEnd > chg[1] ? V[kEnd] : NaN;
    if (Number.isFinite(vEnd)) chargeRests.push({ soc: NaN, v_V: vEnd }); // SoC set below, once η is known
    if (Number.isFinite(vStart) && Number.isFinite(vEnd) && Math.abs(vEnd - vStart) < 0.003) ceMeasured = Q_As / c.total_As;
    else
      notes.push(
        `charge returned ${chargeAh.toFixed(4)} Ah of the ${capacity_Ah.toFixed(4)} Ah discharged and its rest voltage (${Number.isFinite(vEnd) ? vEnd.toFixed(4) : 'not logged'} V) differs from the starting one (${Number.isFinite(vStart) ? vStart.toFixed(4) : 'not logged'} V): the loop does not close, coulombic efficiency not measurable, 1 assumed`,
      );
  } else notes.push('no charge segment: OCV from the discharge branch with the IR drop corrected by the HPPC resistance, no hysteresis');
  const eta = ceMeasured !== null ? Math.min(1, ceMeasured) : 1;
  for (const r of chargeRests) if (Number.isNaN(r.soc) && c) r.soc = Math.min(1, (eta * c.total_As) / Q_As);

  // branch samples with SoC, transient dropped
  const zd: number[] = [];
  const vd: number[] = [];
  for (let k = dis[0]; k <= dis[1]; k++) {
    const q = d.q[k - dis[0]];
    if (q < TRANSIENT_FRACTION * Q_As) continue;
    zd.push(1 - q / Q_As);
    vd.push(V[k]);
  }
  const zc: number[] = [];
  const vc: number[] = [];
  if (chg && c) {
    for (let k = chg[0]; k <= chg[1]; k++) {
      const q = c.q[k - chg[0]];
      if (q < TRANSIENT_FRACTION * Q_As) continue;
      zc.push((eta * q) / Q_As);
      vc.push(V[k]);
    }
  }
  const rev = <T>(a: T[]) => a.slice().reverse();
  const soc = new Float64Array(gridN);
  for (let g = 0; g < gridN; g++) soc[g] = g / (gridN - 1);
  const discharge_V = resampleBranch(rev(zd), rev(vd), gridN);
  const charge_V = zc.length >= 2 ? resampleBranch(zc, vc, gridN) : new Float64Array(gridN).fill(NaN);
  const halfRaw = new Float64Array(gridN).fill(NaN);
  let both = 0;
  for (let g = 0; g < gridN; g++) {
    if (Number.isFinite(discharge_V[g]) && Number.isFinite(charge_V[g])) {
      halfRaw[g] = (charge_V[g] - discharge_V[g]) / 2;
      both++;
    }
  }
  const halfGap_V = both ? fillNearest(halfRaw) : new Float64Array(gridN);
  const avg = new Float64Array(gridN).fill(NaN);
  for (let g = 0; g < gridN; g++) {
    if (Number.isFinite(discharge_V[g]) && Number.isFinite(charge_V[g])) avg[g] = (discharge_V[g] + charge_V[g]) / 2;
    else if (Number.isFinite(discharge_V[g])) avg[g] = discharge_V[g] + halfGap_V[g];
    else if (Number.isFinite(charge_V[g])) avg[g] = charge_V[g] - halfGap_V[g];
  }
  let covered = 0;
  for (let g = 0; g < gridN; g++) if (Number.isFinite(avg[g])) covered++;
  if (covered < gridN / 2) throw new InputError(`the branches cover only ${covered} of ${gridN} SoC grid points`, { file });
  // ends not covered by either branch (first 1 % dropped): extrapolate with the end slope
  const filled = extrapolateEnds(avg);
  const ocv_V = monotoneIncreasing(filled);
  if (chg && zc.length && zc[zc.length - 1] < 0.97)
    notes.push(
      `the charge branch ends at SoC ${zc[zc.length - 1].toFixed(3)} (no CV phase); above it the OCV and M come from the discharge branch and the rest voltage at full charge (without that rest: the discharge branch shifted by the nearest half-gap)`,
    );

  return {
    file,
    capacity_Ah,
    dischargeAh: capacity_Ah,
    chargeAh,
    dischargeCurrent_A: d.meanI,
    chargeCurrent_A,
    temp_K,
    coulombicEfficiency: eta,
    coulombicEfficiencyMeasured: ceMeasured,
    soc,
    discharge_V,
    charge_V,
    ocv_V,
    halfGap_V,
    chargeSocRange: zc.length ? [zc[0], zc[zc.length - 1]] : null,
    chargeRests,
    raw: { dischargeSoc: Float64Array.from(zd), dischargeV: Float64Array.from(vd), chargeSoc: Float64Array.from(zc), chargeV: Float64Array.from(vc) },
    notes,
  };
}

function extrapolateEnds(y: Float64Array): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  let a = 0;
  while (a < n && !Number.isFinite(y[a])) a++;
  let b = n - 1;
  while (b >= 0 && !Number.isFinite(y[b])) b--;
  const sa = y[a + 1] - y[a];
  for (let i = a - 1; i >= 0; i--) out[i] = y[a] - sa * (a - i);
  const sb = y[b] - y[b - 1];
  for (let i = b + 1; i < n; i++) out[i] = y[b] + sb * (i - b);
  return fillNearest(out); // interior holes (none expected) take the nearest value
}

/**
 * Completes the OCV result once the DC resistance at the test temperature is known: IR drop,
 * hysteresis magnitude M(z) and its rate γ (see the module comment, steps 4–5).
 */
export function finishOcv(b: OcvBranches, rDc_ohm: (z: number) => number): OcvResult {
  const n = b.soc.length;
  const irDrop_V = new Float64Array(n);
  const iLow = b.chargeSocRange ? 0.5 * (b.dischargeCurrent_A + b.chargeCurrent_A) : b.dischargeCurrent_A;
  for (let g = 0; g < n; g++) irDrop_V[g] = iLow * rDc_ohm(b.soc[g]);
  if (!b.chargeSocRange) {
    // discharge only: OCV = discharge branch + I·R
    const ocv = new Float64Array(n);
    for (let g = 0; g < n; g++) ocv[g] = b.ocv_V[g] + b.dischargeCurrent_A * rDc_ohm(b.soc[g]);
    return { ...b, ocv_V: monotoneIncreasing(ocv), irDrop_V, m_V: new Float64Array(n), gamma: DEFAULT_GAMMA, gammaFitRms_mV: null };
  }
  // g(z) = half-gap − IR on the grid points where both branches exist
  const gz = new Float64Array(n).fill(NaN);
  for (let g = 0; g < n; g++) if (Number.isFinite(b.discharge_V[g]) && Number.isFinite(b.charge_V[g])) gz[g] = (b.charge_V[g] - b.discharge_V[g]) / 2 - irDrop_V[g];
  // γ from the charge branch after the reversal: g = M∞·(1 − e^(−γ(z − z0)))
  const z0 = Math.max(0, b.chargeSocRange[0] - 0.01); // the reversal (the first 1 % was dropped as transient)
  const plateau: number[] = [];
  for (let g = 0; g < n; g++) if (Number.isFinite(gz[g]) && b.soc[g] >= z0 + 0.3 && b.soc[g] <= z0 + 0.5) plateau.push(gz[g]);
  plateau.sort((x, y) => x - y);
  const mInf = plateau.length ? plateau[plateau.length >> 1] : 0;
  let gamma = DEFAULT_GAMMA;
  let gammaFitRms_mV: number | null = null;
  if (mInf > 0.0005) {
    let best = Infinity;
    const lgMax = Math.log10(GAMMA_MAX);
    for (let k = 0; k <= 80; k++) {
      const gm = Math.pow(10, 0.5 + ((lgMax - 0.5) * k) / 80);
      let ss = 0;
      let cnt = 0;
      for (let g = 0; g < n; g++) {
        if (!Number.isFinite(gz[g]) || b.soc[g] > z0 + 0.3) continue;
        const r = gz[g] - mInf * (1 - Math.exp(-gm * (b.soc[g] - z0)));
        ss += r * r;
        cnt++;
      }
      if (cnt && ss / cnt < best) {
        best = ss / cnt;
        gamma = gm;
      }
    }
    if (Number.isFinite(best)) gammaFitRms_mV = Math.sqrt(best) * 1000;
  }
  // M(z) where the charge branch has settled (1 − e^(−γΔz) > 0.95), nearest elsewhere
  const settle = z0 + 3 / gamma;
  const mRaw = new Float64Array(n).fill(NaN);
  for (let g = 0; g < n; g++) if (Number.isFinite(gz[g]) && b.soc[g] >= settle) mRaw[g] = Math.max(0, gz[g]);
  let any = false;
  for (let g = 0; g < n; g++) if (Number.isFinite(mRaw[g])) any = true;
  const m_V = any ? fillNearest(mRaw) : new Float64Array(n);
  // Rest points after a charge (h = +1) bound M: rest = OCV + M and discharge branch + I·R = OCV − M,
  // so M ≤ (rest − discharge − I·R)/2 there. Above the charge branch (a charge without CV ends below
  // SoC 1) M is not "nearest" but runs linearly to its value at the SoC-1 rest, and the OCV there is
  // discharge + I·R + M (not discharge + nearest half-gap, which put the full-cell OCV ≈ 70 mV above
  // the measured rest voltage of a full Panasonic 18650PF).
  const disExt = extrapolateEnds(b.discharge_V);
  const mAtRest = (r: { soc: number; v_V: number }) => {
    const p = r.soc * (n - 1);
    const i = Math.min(n - 2, Math.max(0, Math.floor(p)));
    const f = p - i;
    const d = disExt[i] + (disExt[i + 1] - disExt[i]) * f + irDrop_V[i] + (irDrop_V[i + 1] - irDrop_V[i]) * f;
    return Math.max(0, (r.v_V - d) / 2);
  };
  const restCaps: { soc: number; m_V: number }[] = [];
  for (const r of b.chargeRests) if (Number.isFinite(r.soc) && Number.isFinite(r.v_V)) restCaps.push({ soc: r.soc, m_V: mAtRest(r) });
  for (const r of restCaps) {
    const g = Math.round(r.soc * (n - 1));
    if (m_V[g] > r.m_V) m_V[g] = r.m_V;
  }
  let ocv_V = b.ocv_V;
  const top = restCaps.find((r) => r.soc === 1);
  const zTop = b.chargeSocRange[1];
  if (top && zTop < 1) {
    const gTop = Math.min(n - 1, Math.max(0, Math.floor(zTop * (n - 1))));
    const mTop = m_V[gTop];
    const mEnd = Math.min(mTop, top.m_V); // a bound: the rest lowers M, never raises it (its estimate leans on the extrapolated first 1 % of the discharge)
    const o = Float64Array.from(b.ocv_V);
    for (let g = gTop + 1; g < n; g++) {
      const f = (b.soc[g] - b.soc[gTop]) / (1 - b.soc[gTop]);
      m_V[g] = mTop + (mEnd - mTop) * f;
      o[g] = disExt[g] + irDrop_V[g] + m_V[g];
    }
    // both branches OCV ± M must rise with SoC (a falling M faster than the OCV rises would make
    // OCV + M fold back, and the OCV look-up after a charge ambiguous): isotonic on each, then back
    const c = monotoneIncreasing(Float64Array.from(o, (u, g) => u + m_V[g]));
    const d = monotoneIncreasing(Float64Array.from(o, (u, g) => u - m_V[g]));
    for (let g = 0; g < n; g++) {
      o[g] = 0.5 * (c[g] + d[g]);
      m_V[g] = Math.max(0, 0.5 * (c[g] - d[g]));
    }
    ocv_V = monotoneIncreasing(o);
  }
  return { ...b, ocv_V, irDrop_V, m_V, gamma, gammaFitRms_mV, restCaps };
}
