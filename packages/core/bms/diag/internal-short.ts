/**
 * Internal-short detection in the running BMS: a series group whose state of charge drifts down
 * against the rest of the pack at a rate no load explains (seed 001 §4: "dendrite detection by
 * voltage/current profiling"; the soft short that filament growth creates in the core model, or an
 * injected one).
 *
 * Signal. Every group sees the same pack current, so in a healthy pack the groups' estimated
 * SoCs move together. A leak of I_leak through a short in group g lowers its SoC by I_leak/Q_g per
 * second relative to the others. The detector regresses, per group, the deviation from the pack
 *
 *   y_g(t) = z_g(t) − z̄(t) + (B_g(t) − B̄(t))/Q      (z: estimated SoC; B: charge the BMS itself bled)
 *
 * by exponentially weighted least squares on five regressors:
 *   1            — the group's fixed SoC offset (initial imbalance);
 *   z̄(t)         — capacity mismatch: a group with capacity Q(1+ε) moves by −ε·Δz̄ against the mean;
 *   t [h]        — the leak: slope −I_leak/Q_Ah;
 *   Ī(t) [C]     — the pack C-rate low-passed over a minute and over half an hour: a group with
 *                  a different resistance has an estimate biased in proportion to the load and
 *                  relaxing after it (the estimator's nominal R and τ), which must not read as a
 *                  leak during a drive or the rest after it.
 * Samples are weighted by the time they cover (a parked pack sampled every 5 min counts as much
 * as a drive sampled every 10 s) and forgotten with time constant `forget_s`. A small ridge term
 * pulls the leak and load slopes towards 0 when the data do not determine them (see RIDGE).
 *
 * Output per group: `leak_A` (the point estimate −β_t·Q_Ah) and `leakLow_A`, its lower confidence
 * bound max(0, leak − k·σ). σ comes from the weighted residual variance and (XᵀWX)⁻¹ with the
 * samples treated as independent only every `corrTime_s` (the estimator's errors are correlated
 * over its RC time constants). The protection layer compares `leakLow_A` with its three-tier
 * limits (safety/limits.ts `internalShortLeak_A`), so a leak is reported only when the data make
 * it certain, and its tier grows with the leak.
 *
 * Nothing here reads the plant: SoC estimates, measured current and the BMS's own bleed commands.
 * Cost: 20 multiply-adds per group per sample; a 5×5 solve per group every `solveEvery_s`.
 */
import { InputError } from '../../errors.js';
import { DecayCache } from '../../numerics/decay.js';

export interface InternalShortConfig {
  /** Nominal capacity of one series group [A·s] (BMS model: cell capacity × Np). */
  groupCapacity_As: number;
  /** Decimation: the regression takes a sample at most every `sample_s` [s] (30, assumed: the leak signal builds over hours). */
  sample_s: number;
  /** Forgetting time constant [s] (3 h, assumed: long enough to span a commute and the park after it). */
  forget_s: number;
  /** Correlation time of the SoC-estimate errors [s] (300, assumed: a few RC time constants). */
  corrTime_s: number;
  /** Lower bound on the residual standard deviation [-] (0.001 = 0.1 % SoC, assumed: the EKF's noise floor). */
  residualFloor: number;
  /** Confidence multiplier k of the lower bound (3, assumed: ≈ 0.1 % one-sided false-alarm rate per test under Gaussian errors). */
  confidence: number;
  /** The leak is reported only once the samples span this weighted time window [s] (900, assumed). */
  minSpan_s: number;
  /** Time constant of the fast current low-pass, the first load regressor [s] (60, assumed: the charge-transfer RC). */
  currentFilter_s: number;
  /**
   * Time constant of the slow current low-pass, the second load regressor [s] (1800, assumed: the
   * relaxation after a long discharge, over which groups with different resistances and the
   * estimator's nominal time constants disagree for tens of minutes).
   */
  slowCurrentFilter_s: number;
  /** How often the per-group regression is solved [s] (300, assumed: detection takes tens of minutes at best). */
  solveEvery_s: number;
  /**
   * Samples are taken only after this much time since the first cycle [s] (3600, assumed): the SoC
   * estimators converge from their first-voltage initialisation over tens of minutes, and that
   * convergence differs between groups — it must not read as a leak.
   */
  warmup_s: number;
}

/** Defaults (all assumed, see the field comments). */
export function defaultInternalShortConfig(groupCapacity_As: number): InternalShortConfig {
  return {
    groupCapacity_As,
    sample_s: 30,
    forget_s: 3 * 3600,
    corrTime_s: 300,
    residualFloor: 0.001,
    confidence: 3,
    minSpan_s: 900,
    currentFilter_s: 60,
    slowCurrentFilter_s: 1800,
    solveEvery_s: 300,
    warmup_s: 3600,
  };
}

/** Regressors: 1, z̄, t [h], Ī fast [C], Ī slow [C]. */
const NX = 5;
const T_IDX = 2;
/** Per group: the upper triangle of XᵀWX in an NX×NX block, XᵀWy (NX), Σw·y², Σw. */
const B_OFF = NX * NX;
const YY = B_OFF + NX;
const SW = YY + 1;
const STRIDE = SW + 1;
/** Offset of entry (i, j) of the symmetric XᵀWX (upper triangle). */
function sym(i: number, j: number): number {
  return i <= j ? i * NX + j : j * NX + i;
}
/**
 * Ridge weights relative to Σw (assumed). On the leak and load slopes, 1e-3 (a prior "no leak"
 * worth about 1 % of one hour of data). On the capacity-mismatch slope almost none (1e-9, only to
 * keep the solve defined while z̄ is constant): when the data cannot tell a leak from a capacity
 * mismatch — a long constant-current discharge, where z̄ is linear in t — the drift is put on the
 * mismatch, and a leak is confirmed only by drift the load cannot explain (at rest, or under a
 * varying load).
 */
const RIDGE = 1e-3;
const RIDGE_MISMATCH = 1e-9;

export class InternalShortDetector {
  /** Point estimate of the leak current per group [A] (NaN until the first solve). */
  readonly leak_A: Float64Array;
  /** Lower confidence bound of the leak per group [A] (>= 0; 0 while not determined). */
  readonly leakLow_A: Float64Array;
  private readonly acc: Float64Array;
  private readonly cfg: InternalShortConfig;
  private readonly ns: number;
  private readonly qAh: number;
  private t0_h = NaN;
  private lastSample_s = -Infinity;
  private lastSolve_s = -Infinity;
  private iFilt_C = 0;
  private iSlow_C = 0;
  private pendingDt_s = 0;
  private start_s = NaN;
  private readonly x = new Float64Array(NX);
  private readonly m = new Float64Array(NX * NX);
  private readonly rhs = new Float64Array(NX);
  private readonly fastDecay = new DecayCache();
  private readonly slowDecay = new DecayCache();

  constructor(seriesCount: number, cfg: InternalShortConfig) {
    for (const [k, v] of Object.entries(cfg)) {
      if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new InputError('internal-short detector settings must be positive and finite', { field: `internalShort.${k}`, value: v });
    }
    if (!(Number.isInteger(seriesCount) && seriesCount >= 1)) throw new InputError('seriesCount must be an integer >= 1', { field: 'seriesCount', value: seriesCount });
    this.cfg = cfg;
    this.ns = seriesCount;
    this.qAh = cfg.groupCapacity_As / 3600;
    this.acc = new Float64Array(seriesCount * STRIDE);
    this.leak_A = new Float64Array(seriesCount).fill(NaN);
    this.leakLow_A = new Float64Array(seriesCount);
  }

  /**
   * One BMS cycle. `soc`: estimated group SoCs; `skip[g]` = 1 excludes group g this cycle (its
   * estimate ran on held or substituted inputs); `current_A`: measured pack current (positive on
   * discharge; NaN = invalid); `bled_As`: cumulative charge the BMS bled from each group by its own
   * balancing commands (null = none).
   */
  update(time_s: number, soc: Float64Array, skip: Uint8Array, current_A: number, bled_As: Float64Array | null, dt_s: number): void {
    const c = this.cfg;
    const ns = this.ns;
    if (Number.isFinite(current_A)) {
      // exp(−Δt/τ) cached for the last Δt (a drive at a fixed step pays for one exponential)
      const a = 1 - this.fastDecay.of(dt_s, c.currentFilter_s);
      this.iFilt_C += a * (current_A / this.qAh - this.iFilt_C);
      this.iSlow_C += (1 - this.slowDecay.of(dt_s, c.slowCurrentFilter_s)) * (current_A / this.qAh - this.iSlow_C);
    }
    if (!Number.isFinite(this.start_s)) this.start_s = time_s;
    if (time_s - this.start_s < c.warmup_s) return;
    this.pendingDt_s += dt_s;
    if (time_s - this.lastSample_s < c.sample_s - 1e-9) return;
    const w = Math.min(this.pendingDt_s, c.forget_s);
    this.pendingDt_s = 0;
    this.lastSample_s = time_s;

    // pack means over the groups that count this cycle
    let zSum = 0;
    let bSum = 0;
    let n = 0;
    for (let g = 0; g < ns; g++) {
      if (skip[g] === 1 || !Number.isFinite(soc[g])) continue;
      zSum += soc[g];
      if (bled_As) bSum += bled_As[g];
      n++;
    }
    if (n < 2) return;
    const zMean = zSum / n;
    const bMean = bSum / n;

    const t_h = time_s / 3600;
    if (!Number.isFinite(this.t0_h)) this.t0_h = t_h;
    // keep the time regressor small: move its origin (exactly) when it has grown past 4 forgetting times
    if (t_h - this.t0_h > (4 * c.forget_s) / 3600) this.shiftTimeOrigin(t_h - this.t0_h);

    const lambda = Math.exp(-w / c.forget_s);
    const x = this.x;
    x[0] = 1;
    x[1] = zMean;
    x[2] = t_h - this.t0_h;
    x[3] = this.iFilt_C;
    x[4] = this.iSlow_C;
    const acc = this.acc;
    const invQ = 1 / c.groupCapacity_As;
    for (let g = 0; g < ns; g++) {
      const o = g * STRIDE;
      // forget (also for skipped groups: their old data age with everyone else's)
      for (let k = 0; k < STRIDE; k++) acc[o + k] *= lambda;
      if (skip[g] === 1 || !Number.isFinite(soc[g])) continue;
      const y = soc[g] - zMean + (bled_As ? (bled_As[g] - bMean) * invQ : 0);
      for (let i = 0; i < NX; i++) {
        const wxi = w * x[i];
        for (let j = i; j < NX; j++) acc[o + i * NX + j] += wxi * x[j];
        acc[o + B_OFF + i] += wxi * y;
      }
      acc[o + YY] += w * y * y;
      acc[o + SW] += w;
    }
    if (time_s - this.lastSolve_s >= c.solveEvery_s - 1e-9) {
      this.lastSolve_s = time_s;
      for (let g = 0; g < ns; g++) this.solve(g);
    }
  }

  /** Re-expresses the accumulators with the time regressor measured from a later origin (t' = t − Δ). */
  private shiftTimeOrigin(delta_h: number): void {
    this.t0_h += delta_h;
    const acc = this.acc;
    for (let g = 0; g < this.ns; g++) {
      const o = g * STRIDE;
      // x_t' = x_t − Δ·x_0: the row/column of t in XᵀWX and its entry in XᵀWy change
      const s00 = acc[o];
      const s0t = acc[o + T_IDX];
      acc[o + sym(T_IDX, T_IDX)] += -2 * delta_h * s0t + delta_h * delta_h * s00;
      for (let j = 0; j < NX; j++) if (j !== T_IDX) acc[o + sym(T_IDX, j)] -= delta_h * acc[o + sym(0, j)];
      acc[o + B_OFF + T_IDX] -= delta_h * acc[o + B_OFF];
    }
  }

  private solve(g: number): void {
    const c = this.cfg;
    const acc = this.acc;
    const o = g * STRIDE;
    const sw = acc[o + SW];
    if (!(sw > 0)) return;
    // weighted spread of the time regressor: no estimate until the data span minSpan_s
    const tMean = acc[o + T_IDX] / sw;
    const tVar = acc[o + sym(T_IDX, T_IDX)] / sw - tMean * tMean;
    const span_h = c.minSpan_s / 3600;
    if (!(tVar >= (span_h * span_h) / 12)) {
      this.leakLow_A[g] = 0;
      return;
    }
    const m = this.m;
    const rhs = this.rhs;
    for (let i = 0; i < NX; i++) {
      for (let j = 0; j < NX; j++) m[i * NX + j] = acc[o + sym(i, j)];
      rhs[i] = acc[o + B_OFF + i];
    }
    m[1 * NX + 1] += RIDGE_MISMATCH * sw;
    for (let i = 2; i < NX; i++) m[i * NX + i] += RIDGE * sw;
    // Cholesky in place (lower triangle)
    for (let j = 0; j < NX; j++) {
      let d = m[j * NX + j];
      for (let k = 0; k < j; k++) d -= m[j * NX + k] * m[j * NX + k];
      if (!(d > 0)) {
        this.leakLow_A[g] = 0;
        return;
      }
      const l = Math.sqrt(d);
      m[j * NX + j] = l;
      for (let i = j + 1; i < NX; i++) {
        let s = m[i * NX + j];
        for (let k = 0; k < j; k++) s -= m[i * NX + k] * m[j * NX + k];
        m[i * NX + j] = s / l;
      }
    }
    // β = (LLᵀ)⁻¹ b
    const beta = choleskySolve(m, rhs);
    const slope = beta[T_IDX];
    // residual variance: Σw·y² − βᵀb (ridge makes this a slight over-estimate: conservative)
    let bb = 0;
    for (let i = 0; i < NX; i++) bb += beta[i] * acc[o + B_OFF + i];
    const s2 = Math.max((acc[o + YY] - bb) / sw, c.residualFloor * c.residualFloor);
    // (XᵀWX)⁻¹ entry for the time slope: solve L Lᵀ u = e2, take u2
    rhs.fill(0);
    rhs[T_IDX] = 1;
    const u = choleskySolve(m, rhs);
    const varBeta = s2 * c.corrTime_s * u[T_IDX];
    const leak = -slope * this.qAh;
    this.leak_A[g] = leak;
    this.leakLow_A[g] = Math.max(0, leak - c.confidence * Math.sqrt(Math.max(0, varBeta)) * this.qAh);
  }
}

/** Solves L Lᵀ x = b in place in `b` (L lower-triangular, row-major NX×NX) and returns b. */
function choleskySolve(L: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < NX; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * NX + k] * b[k];
    b[i] = s / L[i * NX + i];
  }
  for (let i = NX - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < NX; k++) s -= L[k * NX + i] * b[k];
    b[i] = s / L[i * NX + i];
  }
  return b;
}
