/**
 * Capacity estimation from (ΔSoC, ΔCharge) pairs by weighted total least squares with a fading
 * memory (Plett, "Recursive approximate weighted total least squares estimation of battery cell
 * total capacity", J. Power Sources 196 (2011) 2319).
 *
 * Each pair i relates the charge the BMS counted between two instants, y_i = ∫I dt [A·s] (positive
 * on discharge), to the SoC change it estimated between them, x_i = z_start − z_end [–]:
 *   y_i = Q·x_i,  with noise in BOTH: var(x_i) = σx_i² (two SoC read-outs), var(y_i) = σy_i² (current
 *   sensor offset × duration, gain × throughput, noise).
 * Ordinary least squares (y on x) ignores the noise in x and is biased low by the factor
 * 1/(1 + σx²/E[x²]) (regression dilution). The weighted-TLS cost Plett's AWTLS approximates is
 *   J(Q) = Σ_i γ^(n−i) · (y_i − Q·x_i)² / (σy_i² + Q²·σx_i²),
 * the negative log-likelihood of Q when both errors are Gaussian (each residual y − Qx has variance
 * σy² + Q²σx²). Here J is minimised directly over the stored pairs (a ring of at most `maxPairs`,
 * each with its fading weight γ^(age in pairs)): a log-spaced scan over [0.2, 2]·Q_nominal, then a
 * golden-section refinement — exact for the cost, where the AWTLS closed form is an approximation
 * that needs the ratio σy/σx to be nearly constant. The cost is only evaluated when a pair arrives
 * (a few times a day), so this is cheap; nothing is allocated after construction.
 *
 * Uncertainty: J is a χ²-type cost, so the 1-σ interval is where J rises by 1 (unit-weight pairs):
 * σ_Q ≈ √(2 / J''(Q̂)), J'' by a central difference.
 */
import { InputError } from '../../../errors.js';

export interface CapacityTlsOptions {
  /**
   * Fading-memory factor per pair, 0 < γ ≤ 1. Default 0.98 (assumed: an effective memory of
   * ≈ 1/(1 − γ) = 50 pairs, i.e. weeks of daily driving — capacity fades over months).
   */
  forgetting?: number;
  /** Pairs kept [–]. Default 128 (γ^128 ≈ 0.075: older pairs would barely count). */
  maxPairs?: number;
}

export interface CapacityEstimate {
  /** Estimated capacity [A·s] (NaN before the first accepted pair). */
  q_As: number;
  /** 1-σ uncertainty of q_As [A·s] (NaN before the first pair). */
  qStd_As: number;
  /** q_As / nominal [–]. */
  soh: number;
  sohStd: number;
  /** Pairs in memory. */
  pairs: number;
}

/** Search range of Q [× nominal] (assumed: any real cell lies within 0.2–2× its rating) and its log-spaced scan. */
const SCAN_N = 48;
const SCAN_LO = 0.2;
const SCAN_HI = 2;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

export class CapacityTls {
  readonly nominal_As: number;
  private readonly gamma: number;
  private readonly cap: number;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly vx: Float64Array;
  private readonly vy: Float64Array;
  private head = 0;
  private count = 0;
  private q = NaN;
  private qStd = NaN;

  constructor(nominal_As: number, opts: CapacityTlsOptions = {}) {
    if (!(nominal_As > 0) || !Number.isFinite(nominal_As)) throw new InputError('capacity estimator needs a nominal capacity > 0 A·s', { field: 'nominal_As', value: nominal_As });
    const g = opts.forgetting ?? 0.98;
    if (!(g > 0 && g <= 1)) throw new InputError('capacity forgetting factor must be in (0, 1]', { field: 'forgetting', value: g });
    const m = opts.maxPairs ?? 128;
    if (!(Number.isInteger(m) && m >= 1)) throw new InputError('maxPairs must be an integer >= 1', { field: 'maxPairs', value: m });
    this.nominal_As = nominal_As;
    this.gamma = g;
    this.cap = m;
    this.x = new Float64Array(m);
    this.y = new Float64Array(m);
    this.vx = new Float64Array(m);
    this.vy = new Float64Array(m);
  }

  /**
   * Adds a pair: ΔSoC x = z_start − z_end [–] with standard deviation sx, counted charge y [A·s]
   * (positive on discharge) with standard deviation sy_As; re-estimates. Throws an InputError
   * naming the field for a non-finite or non-positive-variance input.
   */
  addPair(dSoc: number, dCharge_As: number, sx: number, sy_As: number): void {
    if (!Number.isFinite(dSoc) || dSoc === 0) throw new InputError('ΔSoC of a capacity pair must be finite and non-zero', { field: 'dSoc', value: dSoc });
    if (!Number.isFinite(dCharge_As)) throw new InputError('Δcharge of a capacity pair must be finite', { field: 'dCharge_As', value: dCharge_As });
    if (!(sx > 0) || !Number.isFinite(sx)) throw new InputError('ΔSoC standard deviation must be > 0', { field: 'sx', value: sx });
    if (!(sy_As > 0) || !Number.isFinite(sy_As)) throw new InputError('Δcharge standard deviation must be > 0', { field: 'sy_As', value: sy_As });
    const i = this.head;
    this.x[i] = dSoc;
    this.y[i] = dCharge_As;
    this.vx[i] = sx * sx;
    this.vy[i] = sy_As * sy_As;
    this.head = (i + 1) % this.cap;
    if (this.count < this.cap) this.count++;
    this.solve();
  }

  /** The weighted-TLS cost J(Q) over the stored pairs (newest weight 1, then γ, γ², …). */
  cost(q_As: number): number {
    let j = 0;
    let w = 1;
    const q2 = q_As * q_As;
    for (let k = 0; k < this.count; k++) {
      const i = (this.head - 1 - k + this.cap) % this.cap;
      const r = this.y[i] - q_As * this.x[i];
      j += (w * r * r) / (this.vy[i] + q2 * this.vx[i]);
      w *= this.gamma;
    }
    return j;
  }

  private solve(): void {
    const qn = this.nominal_As;
    // log-spaced scan
    const r = Math.log(SCAN_HI / SCAN_LO) / (SCAN_N - 1);
    let best = 0;
    let bestJ = Infinity;
    for (let k = 0; k < SCAN_N; k++) {
      const jk = this.cost(qn * SCAN_LO * Math.exp(r * k));
      if (jk < bestJ) {
        bestJ = jk;
        best = k;
      }
    }
    let a = qn * SCAN_LO * Math.exp(r * Math.max(0, best - 1));
    let b = qn * SCAN_LO * Math.exp(r * Math.min(SCAN_N - 1, best + 1));
    // golden section on [a, b]
    let c = b - GOLDEN * (b - a);
    let d = a + GOLDEN * (b - a);
    let jc = this.cost(c);
    let jd = this.cost(d);
    for (let it = 0; it < 60 && b - a > 1e-9 * qn; it++) {
      if (jc < jd) {
        b = d;
        d = c;
        jd = jc;
        c = b - GOLDEN * (b - a);
        jc = this.cost(c);
      } else {
        a = c;
        c = d;
        jc = jd;
        d = a + GOLDEN * (b - a);
        jd = this.cost(d);
      }
    }
    const q = 0.5 * (a + b);
    const h = 1e-3 * q;
    const d2 = (this.cost(q + h) - 2 * this.cost(q) + this.cost(q - h)) / (h * h);
    this.q = q;
    this.qStd = d2 > 0 ? Math.sqrt(2 / d2) : Infinity;
  }

  get estimate(): CapacityEstimate {
    return { q_As: this.q, qStd_As: this.qStd, soh: this.q / this.nominal_As, sohStd: this.qStd / this.nominal_As, pairs: this.count };
  }

  /** Estimated capacity [A·s] (NaN before the first pair). */
  get q_As(): number {
    return this.q;
  }

  get qStd_As(): number {
    return this.qStd;
  }

  get pairs(): number {
    return this.count;
  }
}

/**
 * Ordinary least squares through the origin, y on x with weights 1/σy² (errors in y only): the
 * reference the weighted TLS is compared with in the tests.
 */
export function olsCapacity(dSoc: ArrayLike<number>, dCharge_As: ArrayLike<number>): number {
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < dSoc.length; i++) {
    sxy += dSoc[i] * dCharge_As[i];
    sxx += dSoc[i] * dSoc[i];
  }
  return sxy / sxx;
}
