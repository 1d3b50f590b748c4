/**
 * Runs one SoC estimator over a measured time series, chunk by chunk, and scores it against the
 * reference SoC: Coulomb counting of the measured current from a stated initial SoC with the
 * nominal capacity (the usual reference of cycler data that starts from a full charge).
 *
 * The estimator sees only what a BMS would see (current, voltage, temperature, time step); it is
 * initialised from the first sample (`reset({voltage_V, temp_K})`) unless an initial SoC is given,
 * never from the reference.
 */
import type { MeasuredChunk } from '../../../data/measured.js';
import type { EcmModel, SocEstimator } from '../../types.js';
import { InputError } from '../../../errors.js';
import { socFromOcv } from './ocv.js';
import { capacityMismatch } from '../../../units/index.js';

/** |OCV SoC of the first voltage − reference initial SoC| above which the reference is suspect. */
export const REFERENCE_START_TOLERANCE = 0.3;

/**
 * A warning when the file's first voltage, read on the model's OCV (mean branch), is far from the
 * SoC the reference starts from (e.g. a file that starts empty and is recharged in unlogged gaps,
 * scored against a reference that assumes a full start): the reference, not the estimator, is then
 * what the score measures. null when they agree within REFERENCE_START_TOLERANCE.
 */
export function referenceStartWarning(model: EcmModel, voltage_V: number, temp_K: number, referenceInitialSoc: number): string | null {
  const z = socFromOcv(model, voltage_V, temp_K, 0);
  if (Math.abs(z - referenceInitialSoc) <= REFERENCE_START_TOLERANCE) return null;
  return `the first voltage ${voltage_V.toFixed(3)} V reads SoC ${z.toFixed(2)} on the model's OCV, but the reference starts at ${referenceInitialSoc}: check --reference-initial-soc (a file that does not start where the reference assumes, or is charged in unlogged gaps, is scored against a wrong reference)`;
}

export interface EstimateRunOptions {
  /** Initial SoC given to the estimator; undefined = it initialises itself from the first sample. */
  initialSoc?: number;
  /** SoC of the reference at the first sample (1.0 for a test that starts from a full charge). */
  referenceInitialSoc: number;
  /** Nominal capacity used by the reference Coulomb count [A·s]. */
  capacity_As: number;
  /**
   * Initial OCV-hysteresis state passed to `reset` (+1 after a charge, −1 after a discharge; in
   * [−1, 1]); undefined = not passed (the estimator's default). Used by the Kalman filters (see
   * kalman-base.ts `reset({h})`); estimators without a hysteresis state ignore it. What a BMS knows
   * from the last current direction it saw, not from the reference.
   */
  initialHysteresis?: number;
  /** Temperature given to the estimator when the data have none [K]. */
  fallbackTemp_K: number;
  /** |error| threshold for the convergence time (default 0.02 = 2 % SoC). */
  convergenceBand?: number;
  /** Keep a trace for plotting: one point every `traceEvery_s` seconds (0 = none). */
  traceEvery_s?: number;
  /** Monotonic clock in ms (e.g. performance.now) to time the estimator updates; none = not timed. */
  clock_ms?: () => number;
  /**
   * The model's discharge cut-off voltage [V] (EcmModel.vMin_V): where the file first reaches it
   * (within CUTOFF_MARGIN_V) the cell is empty, which measures the data's capacity
   * (`dataCapacity`); none = only the charge the file delivers is known.
   */
  cutoff_V?: number;
}

/** A terminal voltage this close above the cut-off counts as reaching it [V] (assumed). */
export const CUTOFF_MARGIN_V = 0.05;

export interface EstimateScore {
  method: string;
  samples: number;
  duration_s: number;
  /** SoC errors (estimate − reference) in percentage points of SoC. */
  rmse_pct: number;
  max_abs_pct: number;
  final_abs_pct: number;
  mean_abs_pct: number;
  /** Time after which |error| stays within the band to the end; null if it never settles. */
  convergence_time_s: number | null;
  convergence_band_pct: number;
  initial_estimate: number;
  final_estimate: number;
  final_reference: number;
  /** Mean wall time of one estimator update [µs]; null when no clock was given. */
  us_per_update: number | null;
  /** Largest net charge the file discharged from its first sample [Ah]. */
  discharged_Ah: number;
  /** Net charge discharged when the voltage first reached the cut-off [Ah]; null if it never did (or no cut-off was given). */
  discharged_to_cutoff_Ah: number | null;
}

export interface EstimateTrace {
  time_s: number[];
  estimate: number[];
  reference: number[];
  voltage_V: number[];
  current_A: number[];
  temp_K: number[];
}

export class EstimateRun {
  private n = 0;
  private t0 = 0;
  private tPrev = 0;
  private zRef = 0;
  private sumSq = 0;
  private sumAbs = 0;
  private maxAbs = 0;
  private lastErr = 0;
  /** Time of the first sample back inside the band after the latest excursion (t0 if none); NaN while outside. */
  private settledAt = NaN;
  private zEst = 0;
  private z0 = 0;
  private updates = 0;
  private updateMs = 0;
  private nextTrace = 0;
  private est: Float64Array = new Float64Array(0);
  private q_As = 0;
  private qMax_As = 0;
  private qCutoff_As = NaN;
  readonly trace: EstimateTrace = { time_s: [], estimate: [], reference: [], voltage_V: [], current_A: [], temp_K: [] };
  private readonly band: number;

  constructor(
    readonly estimator: SocEstimator,
    private readonly opts: EstimateRunOptions,
  ) {
    if (!(opts.capacity_As > 0)) throw new InputError('capacity must be > 0', { field: 'capacity', value: opts.capacity_As / 3600 });
    if (!(opts.referenceInitialSoc >= 0 && opts.referenceInitialSoc <= 1)) {
      throw new InputError('reference initial SoC must be within 0..1', { field: 'reference-initial-soc', value: opts.referenceInitialSoc });
    }
    if (opts.initialSoc !== undefined && !(opts.initialSoc >= 0 && opts.initialSoc <= 1)) {
      throw new InputError('initial SoC must be within 0..1', { field: 'initial-soc', value: opts.initialSoc });
    }
    if (opts.initialHysteresis !== undefined && !(opts.initialHysteresis >= -1 && opts.initialHysteresis <= 1)) {
      throw new InputError('initial hysteresis state must be within −1..1', { field: 'initial-hysteresis', value: opts.initialHysteresis });
    }
    this.band = opts.convergenceBand ?? 0.02;
  }

  /** Feeds the next chunk of the file. */
  push(c: MeasuredChunk): void {
    const n = c.length;
    if (n === 0) return;
    if (this.est.length < n) this.est = new Float64Array(n);
    const est = this.est;
    const temps = c.temp_K;
    const fallbackT = this.opts.fallbackTemp_K;
    const clock = this.opts.clock_ms;
    let k0 = 0;
    if (this.n === 0) {
      const T = temps ? temps[0] : fallbackT;
      const h = this.opts.initialHysteresis === undefined ? {} : { h: this.opts.initialHysteresis };
      if (this.opts.initialSoc !== undefined) this.estimator.reset({ soc: this.opts.initialSoc, temp_K: T, ...h });
      else this.estimator.reset({ voltage_V: c.voltage_V[0], temp_K: T, ...h });
      est[0] = this.z0 = this.estimator.soc;
      this.t0 = this.tPrev = c.time_s[0];
      this.zRef = this.opts.referenceInitialSoc;
      k0 = 1;
    }
    // 1. the estimator alone (timed)
    const tStart = clock ? clock() : 0;
    let tPrev = this.tPrev;
    const e = this.estimator;
    for (let k = k0; k < n; k++) {
      const t = c.time_s[k];
      est[k] = e.update(c.current_A[k], c.voltage_V[k], temps ? temps[k] : fallbackT, t - tPrev);
      tPrev = t;
    }
    if (clock) this.updateMs += clock() - tStart;
    this.updates += n - k0;
    // 2. reference and score
    tPrev = this.tPrev;
    const perAs = 1 / this.opts.capacity_As;
    const traceEvery = this.opts.traceEvery_s ?? 0;
    const cutoff = this.opts.cutoff_V;
    for (let k = 0; k < n; k++) {
      const t = c.time_s[k];
      const i = c.current_A[k];
      if (this.n > 0 || k > 0) {
        this.zRef -= i * (t - tPrev) * perAs;
        this.q_As += i * (t - tPrev);
        if (this.q_As > this.qMax_As) this.qMax_As = this.q_As;
      }
      tPrev = t;
      if (Number.isNaN(this.qCutoff_As) && cutoff !== undefined && i > 0 && c.voltage_V[k] <= cutoff + CUTOFF_MARGIN_V) this.qCutoff_As = this.q_As;
      const z = est[k];
      if (!Number.isFinite(z)) throw new InputError(`estimator '${e.name}' returned ${z} at t = ${t} s`, { field: 'line', value: c.line[k] });
      const err = z - this.zRef;
      const a = Math.abs(err);
      this.sumSq += err * err;
      this.sumAbs += a;
      if (a > this.maxAbs) this.maxAbs = a;
      if (a > this.band) this.settledAt = NaN;
      else if (Number.isNaN(this.settledAt)) this.settledAt = t;
      this.lastErr = err;
      this.zEst = z;
      if (traceEvery > 0 && t >= this.nextTrace) {
        this.nextTrace = t + traceEvery;
        const tr = this.trace;
        tr.time_s.push(t - this.t0);
        tr.estimate.push(z);
        tr.reference.push(this.zRef);
        tr.voltage_V.push(c.voltage_V[k]);
        tr.current_A.push(i);
        tr.temp_K.push(temps ? temps[k] : fallbackT);
      }
      this.n++;
    }
    this.tPrev = tPrev;
  }

  finish(): EstimateScore {
    if (this.n === 0) throw new InputError('no samples to estimate on', { field: 'data' });
    return {
      method: this.estimator.name,
      samples: this.n,
      duration_s: this.tPrev - this.t0,
      rmse_pct: 100 * Math.sqrt(this.sumSq / this.n),
      max_abs_pct: 100 * this.maxAbs,
      final_abs_pct: 100 * Math.abs(this.lastErr),
      mean_abs_pct: (100 * this.sumAbs) / this.n,
      convergence_time_s: Number.isNaN(this.settledAt) ? null : this.settledAt - this.t0,
      convergence_band_pct: 100 * this.band,
      initial_estimate: this.z0,
      final_estimate: this.zEst,
      final_reference: this.zRef,
      us_per_update: this.opts.clock_ms && this.updates > 0 ? (1000 * this.updateMs) / this.updates : null,
      discharged_Ah: this.qMax_As / 3600,
      discharged_to_cutoff_Ah: Number.isNaN(this.qCutoff_As) ? null : this.qCutoff_As / 3600,
    };
  }
}

/** The charge counts `capacityProblem` reads (an EstimateScore has them; `ssb train-soc` counts them from its reference). */
export type DischargeCount = Pick<EstimateScore, 'discharged_Ah' | 'discharged_to_cutoff_Ah'>;

/**
 * A capacity at or above this is suspect as mAh even without a full discharge to compare with: the
 * largest cells made hold ≈ 600–1200 Ah (LFP storage cells, 2024; assumed) [Ah].
 */
export const MAH_SUSPECT_Ah = 1000;

/** Largest relative difference between the reference's capacity and the data's before the score is refused (the 20 %). */
export const CAPACITY_TOLERANCE = 0.2;

/**
 * Charge still in a cell when a drive load pulls it to the cut-off, as a fraction of its capacity
 * (assumed from the Panasonic 18650PF: 2.09 of 2.93 Ah at 0 °C on US06, 2.38 at 25 °C, i.e. up to
 * ≈ 29 % left; 30 % taken).
 */
export const RESIDUAL_AT_CUTOFF = 0.3;

/**
 * The range of capacities the data allow, from the reference's initial SoC: at least the charge
 * the file delivered from it; and, when it reaches the cut-off, at most the charge to the cut-off
 * over (initial SoC − RESIDUAL_AT_CUTOFF of the capacity). null when the file starts empty.
 */
export function dataCapacity(score: DischargeCount, referenceInitialSoc: number): { min_Ah: number; max_Ah: number | null } | null {
  const z0 = referenceInitialSoc;
  if (!(z0 > RESIDUAL_AT_CUTOFF)) return null;
  const q = score.discharged_to_cutoff_Ah;
  return { min_Ah: score.discharged_Ah / z0, max_Ah: q === null ? null : q / (z0 - RESIDUAL_AT_CUTOFF) };
}

/**
 * Why `capacity_Ah` (the reference's, and the model's unless given apart) cannot be the data's,
 * or null: it is more than CAPACITY_TOLERANCE below what the file delivers (certain), it looks
 * like mAh (≥ MAH_SUSPECT_Ah at 500–2000× the file's charge), or it is above what a file that
 * reaches the cut-off can hold (a judgement: RESIDUAL_AT_CUTOFF is assumed; `fromCutoff: false`
 * leaves it out, for a capacity the user gave explicitly). The score of such a run measures the
 * capacity error, not the estimator.
 */
export function capacityProblem(capacity_Ah: number, score: DischargeCount, referenceInitialSoc: number, say: { consequence?: string; fix?: string; fromCutoff?: boolean } = {}): string | null {
  const consequence = say.consequence ?? 'the score would measure the capacity error, not the estimator';
  const fix = say.fix ?? 'use a model of this cell, or give its capacity with --capacity-ah';
  const d = dataCapacity(score, referenceInitialSoc);
  if (!d) return null;
  const tol = CAPACITY_TOLERANCE;
  const z0 = referenceInitialSoc;
  let measured: number;
  let how: string;
  if (capacity_Ah * (1 + tol) < d.min_Ah) {
    measured = d.min_Ah;
    how = `the file discharges ${score.discharged_Ah.toFixed(3)} Ah from SoC ${z0}: the cell holds at least ${d.min_Ah.toFixed(3)} Ah`;
  } else if (capacity_Ah >= MAH_SUSPECT_Ah && capacity_Ah / d.min_Ah >= 500 && capacity_Ah / d.min_Ah <= 2000) {
    // no cell holds this much, and the file's charge is about a thousandth of it
    measured = d.min_Ah;
    how = `the file discharges ${score.discharged_Ah.toFixed(3)} Ah from SoC ${z0}`;
  } else if (say.fromCutoff !== false && d.max_Ah !== null && capacity_Ah > d.max_Ah * (1 + tol)) {
    // the one judgement (RESIDUAL_AT_CUTOFF assumed); `fromCutoff: false` leaves it out
    measured = score.discharged_to_cutoff_Ah! / z0;
    how = `the file reaches the cut-off after ${score.discharged_to_cutoff_Ah!.toFixed(3)} Ah from SoC ${z0}: the cell holds ${measured.toFixed(3)}…${d.max_Ah.toFixed(3)} Ah`;
  } else return null;
  const why = capacityMismatch(capacity_Ah, measured, tol) ?? `${capacity_Ah} Ah is not the data's capacity`;
  return `capacity ${why.replace(/: the data measure .*$/, '')} (${how}); ${consequence}: ${fix}`;
}
