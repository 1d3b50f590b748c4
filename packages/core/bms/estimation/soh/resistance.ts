/**
 * Series-resistance estimation at current steps, and the solid-state-specific split of the
 * resistance into bulk electrolyte and interface parts by their different temperature dependence.
 *
 * 1. `ResistanceRls`: recursive least squares with exponential forgetting (Ljung, "System
 *    Identification", 2nd ed. 1999, §11.2) on one regressor. At a current step between two samples
 *    the ohmic response is instantaneous while the RC branches and the OCV move little, so
 *      y = −(ΔV − ΔOCV + Δv1 + Δv2) = R0·ΔI
 *    (ΔOCV and the RC-branch changes from the BMS's own model, removed before the regression).
 *    The regressor is x = R0_nominal(T)·ΔI, so the parameter is the growth factor
 *    θ = R0 / R0_nominal(T) = SoH_resistance directly, and samples at different temperatures
 *    are comparable. Update (scalar):
 *      k = P·x / (λ + x·P·x),  θ ← θ + k·(y − x·θ),  P ← (P − k·x·P)/λ.
 *
 * 2. `InterfaceBulkSplit`: the two-parameter version
 *      y = a·R_bulk,nom(T)·ΔI + b·R_int,nom(T)·ΔI,
 *    with the nominal bulk (electrolyte + contacts) and interface resistances of the BMS's model
 *    (their temperature shapes are the Arrhenius laws of the bulk electrolyte and the interfaces,
 *    activation energies differing, e.g. 0.3 vs 0.4–0.45 eV for an oxide cell). a and b are the
 *    growth factors of each part. Solved as the exponentially weighted least squares (the RLS
 *    solution with zero prior): S = λS + φφᵀ, r = λr + φy, θ = S⁻¹r. Observable only if the two
 *    regressors are not collinear, i.e. the data span a range of temperatures: with the weighted
 *    temperature spread below `minTempSpread_K`, or 1 − ρ² (ρ the regressors' correlation) below
 *    `minDecorrelation`, or a parameter standard deviation above `maxRelStd`, the split is reported
 *    as null with the reason.
 *
 * Nothing is allocated per update.
 */
import { InputError } from '../../../errors.js';

export interface ResistanceRlsOptions {
  /**
   * Forgetting factor per accepted sample, 0 < λ ≤ 1. Default 0.999 (assumed: memory ≈ 1000
   * current steps, a few days of driving; resistance grows over months).
   */
  forgetting?: number;
  /** Initial θ (growth factor) [–]. Default 1 (nominal). */
  initial?: number;
  /**
   * Initial P [1/V²] (RLS's δ⁻¹, in the units of 1/x²). Default 1e6: with x = R0·ΔI of order
   * 10–100 mV the prior weighs less than one sample (an uninformative start; Ljung §11.2).
   */
  initialVariance?: number;
}

function checkForgetting(v: number, field: string): number {
  if (!(v > 0 && v <= 1)) throw new InputError('forgetting factor must be in (0, 1]', { field, value: v });
  return v;
}

export class ResistanceRls {
  private readonly lambda: number;
  private theta: number;
  private p: number;
  private n = 0;

  constructor(opts: ResistanceRlsOptions = {}) {
    this.lambda = checkForgetting(opts.forgetting ?? 0.999, 'forgetting');
    this.theta = opts.initial ?? 1;
    this.p = opts.initialVariance ?? 1e6;
    if (!Number.isFinite(this.theta)) throw new InputError('initial resistance factor must be finite', { field: 'initial', value: this.theta });
    if (!(this.p > 0)) throw new InputError('initial variance must be > 0', { field: 'initialVariance', value: this.p });
  }

  /** One sample: regressor x [V] (= R_nominal·ΔI), response y [V] (= R·ΔI). Returns θ. */
  update(x: number, y: number): number {
    if (!Number.isFinite(x)) throw new InputError('RLS regressor must be finite', { field: 'x', value: x });
    if (!Number.isFinite(y)) throw new InputError('RLS response must be finite', { field: 'y', value: y });
    const px = this.p * x;
    const k = px / (this.lambda + x * px);
    this.theta += k * (y - x * this.theta);
    this.p = (this.p - k * px) / this.lambda;
    this.n++;
    return this.theta;
  }

  /** Estimated factor θ [–]. */
  get value(): number {
    return this.theta;
  }

  /** RLS "covariance" P (unscaled by the noise variance). */
  get variance(): number {
    return this.p;
  }

  get samples(): number {
    return this.n;
  }
}

export interface InterfaceBulkSplitOptions {
  /** Forgetting factor per sample. Default 0.9995 (assumed: the temperature spread builds up over days). */
  forgetting?: number;
  /** Smallest weighted temperature standard deviation of the data for the split [K]. Default 3 K (assumed). */
  minTempSpread_K?: number;
  /** Smallest 1 − ρ² of the two regressors [–]. Default 1e-4 (assumed). */
  minDecorrelation?: number;
  /** Largest relative 1-σ of a or b for a reported split [–]. Default 0.25 (assumed). */
  maxRelStd?: number;
}

export interface SplitResult {
  /** Growth factor of the bulk electrolyte part (null = not observable). */
  bulk: number | null;
  /** Growth factor of the interface part (null = not observable). */
  interface: number | null;
  bulkStd: number | null;
  interfaceStd: number | null;
  /** Weighted temperature standard deviation of the data [K]. */
  tempSpread_K: number;
  samples: number;
  /** Why the split is null ('' when reported). */
  reason: string;
}

export class InterfaceBulkSplit {
  private readonly lambda: number;
  private readonly minSpread: number;
  private readonly minDecor: number;
  private readonly maxRelStd: number;
  private s11 = 0;
  private s12 = 0;
  private s22 = 0;
  private r1 = 0;
  private r2 = 0;
  private syy = 0;
  private w = 0;
  private wT = 0;
  private wT2 = 0;
  private n = 0;

  constructor(opts: InterfaceBulkSplitOptions = {}) {
    this.lambda = checkForgetting(opts.forgetting ?? 0.9995, 'forgetting');
    this.minSpread = opts.minTempSpread_K ?? 3;
    this.minDecor = opts.minDecorrelation ?? 1e-4;
    this.maxRelStd = opts.maxRelStd ?? 0.25;
    if (!(this.minSpread >= 0)) throw new InputError('minTempSpread_K must be >= 0', { field: 'minTempSpread_K', value: this.minSpread });
    if (!(this.minDecor >= 0)) throw new InputError('minDecorrelation must be >= 0', { field: 'minDecorrelation', value: this.minDecor });
    if (!(this.maxRelStd > 0)) throw new InputError('maxRelStd must be > 0', { field: 'maxRelStd', value: this.maxRelStd });
  }

  /** One sample: regressors xb = R_bulk,nom(T)·ΔI, xi = R_int,nom(T)·ΔI [V], response y [V], temperature [K]. */
  update(xb: number, xi: number, y: number, temp_K: number): void {
    if (!Number.isFinite(xb) || !Number.isFinite(xi)) throw new InputError('split regressors must be finite', { field: 'x', value: Number.isFinite(xb) ? xi : xb });
    if (!Number.isFinite(y)) throw new InputError('split response must be finite', { field: 'y', value: y });
    if (!(temp_K > 0)) throw new InputError('temperature must be > 0 K', { field: 'temp_K', value: temp_K });
    const l = this.lambda;
    this.s11 = l * this.s11 + xb * xb;
    this.s12 = l * this.s12 + xb * xi;
    this.s22 = l * this.s22 + xi * xi;
    this.r1 = l * this.r1 + xb * y;
    this.r2 = l * this.r2 + xi * y;
    this.syy = l * this.syy + y * y;
    // temperature spread weighted like the information (by the regressor energy)
    const e = xb * xb + xi * xi;
    this.w = l * this.w + e;
    this.wT = l * this.wT + e * temp_K;
    this.wT2 = l * this.wT2 + e * temp_K * temp_K;
    this.n++;
  }

  // last evaluation (see `evaluate`)
  private status = 1;
  private fa = NaN;
  private fb = NaN;
  private fsa = NaN;
  private fsb = NaN;
  private fspread = 0;
  private fdecor = 0;

  /**
   * Evaluates the split without allocating; true when observable. Then `bulkFactor` and
   * `interfaceFactor` hold a and b.
   */
  evaluate(): boolean {
    this.fa = this.fb = this.fsa = this.fsb = NaN;
    this.fspread = 0;
    if (this.n < 3 || !(this.w > 0)) {
      this.status = 1;
      return false;
    }
    const mT = this.wT / this.w;
    this.fspread = Math.sqrt(Math.max(0, this.wT2 / this.w - mT * mT));
    if (this.fspread < this.minSpread) {
      this.status = 2;
      return false;
    }
    const det = this.s11 * this.s22 - this.s12 * this.s12;
    this.fdecor = det / (this.s11 * this.s22);
    if (!(this.fdecor >= this.minDecor)) {
      this.status = 3;
      return false;
    }
    const a = (this.s22 * this.r1 - this.s12 * this.r2) / det;
    const b = (this.s11 * this.r2 - this.s12 * this.r1) / det;
    // residual variance (effective sample count of the exponential window)
    const nEff = Math.min(this.n, 1 / (1 - this.lambda + 1e-12));
    const sse = Math.max(0, this.syy - a * this.r1 - b * this.r2);
    const s2 = nEff > 2 ? sse / (nEff - 2) : Infinity;
    this.fsa = Math.sqrt((s2 * this.s22) / det);
    this.fsb = Math.sqrt((s2 * this.s11) / det);
    this.fa = a;
    this.fb = b;
    if (!(this.fsa <= this.maxRelStd * Math.abs(a)) || !(this.fsb <= this.maxRelStd * Math.abs(b)) || !(a > 0) || !(b > 0)) {
      this.status = 4;
      return false;
    }
    this.status = 0;
    return true;
  }

  /** a of the last successful `evaluate` (NaN otherwise). */
  get bulkFactor(): number {
    return this.status === 0 ? this.fa : NaN;
  }

  /** b of the last successful `evaluate` (NaN otherwise). */
  get interfaceFactor(): number {
    return this.status === 0 ? this.fb : NaN;
  }

  /** The split now, with the reason when it is null (allocates: call at reporting time, not per cycle). */
  result(): SplitResult {
    const ok = this.evaluate();
    const out: SplitResult = { bulk: null, interface: null, bulkStd: null, interfaceStd: null, tempSpread_K: this.fspread, samples: this.n, reason: '' };
    if (ok) {
      out.bulk = this.fa;
      out.interface = this.fb;
      out.bulkStd = this.fsa;
      out.interfaceStd = this.fsb;
      return out;
    }
    switch (this.status) {
      case 1:
        out.reason = 'not enough current steps';
        break;
      case 2:
        out.reason = `temperature spread of the data ${this.fspread.toFixed(2)} K < ${this.minSpread} K: bulk and interface resistances are collinear`;
        break;
      case 3:
        out.reason = `regressors nearly collinear (1 − ρ² = ${this.fdecor.toExponential(2)} < ${this.minDecor})`;
        break;
      default:
        out.reason = `split too uncertain or not positive (a = ${fmt(this.fa)} ± ${fmt(this.fsa)}, b = ${fmt(this.fb)} ± ${fmt(this.fsb)}; ≤ ${this.maxRelStd} relative needed)`;
        out.bulkStd = this.fsa;
        out.interfaceStd = this.fsb;
    }
    return out;
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}
