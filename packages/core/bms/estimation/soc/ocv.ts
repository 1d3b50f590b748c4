/**
 * OCV look-up SoC estimation, and the small helpers shared by every SoC estimator in this folder
 * (input validation, OCV inversion).
 *
 * The open-circuit voltage is a monotone function of SoC z at temperature T, OCV(z, T) [V]. At
 * rest (no current for long enough that the RC / diffusion overpotentials have decayed) the
 * terminal voltage equals OCV, so z = OCV⁻¹(V, T). This is the classic "rest correction" of a BMS
 * (Plett, "Battery Management Systems Vol. II", 2015, ch. 1 and ch. 3).
 *
 * Pure: no Node imports, no wall clock, no global RNG.
 */
import type { EcmModel, SocEstimator } from '../../types.js';
import { InputError, NumericalError } from '../../../errors.js';
import { solveMonotone } from '../../../numerics/root.js';

/** Reference temperature used when a reset gives a voltage but no temperature [K] (25 °C). */
export const DEFAULT_TEMP_K = 298.15;

/**
 * SoC from open-circuit voltage: solves OCV(z, T) = V for z ∈ [0, 1] (safeguarded regula falsi,
 * numerics/root.ts).
 *
 * Assumes OCV is non-decreasing in z (true for every intercalation and Li-metal cell model used
 * here). Voltages below OCV(0, T) return 0, above OCV(1, T) return 1 (clamped). The bracket is
 * closed to 1e-13 in z; a bracketing method is used instead of Newton because it cannot diverge on
 * flat (LFP-like) or tabulated, kinked OCV curves.
 *
 * Hysteresis: by default (h = 0) the look-up ignores the model's optional hysteresis element, i.e.
 * it reads the mean of the charge and discharge branches, so a rested voltage on a cell with
 * hysteresis m·h maps to a SoC off by about m·h / (∂OCV/∂z). The OCV and Coulomb estimators use it
 * that way (they do not track h). With a known h ≠ 0 (the Kalman filters' `reset({voltage_V, h})`)
 * it solves OCV(z, T) + m(z, T)·h = V instead, assuming that sum is non-decreasing in z.
 *
 * @param model    the cell model (`ocv_V`, and `hysteresis.m_V` when h ≠ 0)
 * @param voltage_V rested terminal voltage [V]
 * @param temp_K   cell temperature [K]
 * @param h        hysteresis state in [−1, 1] (default 0 = ignore hysteresis)
 * @returns SoC z (0..1)
 */
export function socFromOcv(model: EcmModel, voltage_V: number, temp_K: number, h = 0): number {
  if (!Number.isFinite(voltage_V)) {
    throw new NumericalError('socFromOcv: voltage is not a finite number', { quantity: 'voltage_V', value: voltage_V });
  }
  if (!(temp_K > 0) || !Number.isFinite(temp_K)) {
    throw new NumericalError('socFromOcv: temperature must be finite and > 0 K', { quantity: 'temp_K', value: temp_K });
  }
  const hy = model.hysteresis;
  const f = h !== 0 && hy !== undefined ? (z: number) => model.ocv_V(z, temp_K) + hy.m_V(z, temp_K) * h : (z: number) => model.ocv_V(z, temp_K);
  const f0 = f(0);
  const f1 = f(1);
  if (voltage_V <= f0) return 0;
  if (voltage_V >= f1) return 1;
  return solveMonotone(f, voltage_V, 0, 1, f0, f1);
}

/**
 * Validates the four inputs every SoC estimator accepts. Throws a `NumericalError` whose text
 * names the estimator and the offending quantity (`current_A`, `voltage_V`, `temp_K`, `dt_s`).
 * @internal shared by the estimators of this folder; not part of the public API.
 */
export function checkSocInputs(name: string, current_A: number, voltage_V: number, temp_K: number, dt_s: number): void {
  if (!Number.isFinite(current_A)) badInput(name, 'current_A', current_A, 'measured current is not a finite number');
  if (!Number.isFinite(voltage_V)) badInput(name, 'voltage_V', voltage_V, 'measured voltage is not a finite number');
  if (!Number.isFinite(temp_K) || !(temp_K > 0)) badInput(name, 'temp_K', temp_K, 'temperature must be finite and > 0 K');
  if (!Number.isFinite(dt_s) || !(dt_s >= 0)) badInput(name, 'dt_s', dt_s, 'time step must be finite and >= 0 s');
}

function badInput(name: string, quantity: string, value: number, what: string): never {
  throw new NumericalError(`SoC estimator '${name}': ${what}`, { quantity, value });
}

/** @internal Throws if an estimator's state has become non-finite. */
export function badState(name: string, quantity: string, value: number): never {
  throw new NumericalError(`SoC estimator '${name}': state became non-finite (check the model parameters and inputs)`, {
    quantity,
    value,
  });
}

/** @internal Validates the SoC given to `reset` (finite; 0..1 is not enforced beyond clamping). */
export function checkResetSoc(name: string, soc: number): number {
  if (!Number.isFinite(soc)) throw new InputError(`SoC estimator '${name}': reset soc must be a finite number`, { field: 'soc', value: soc });
  return soc < 0 ? 0 : soc > 1 ? 1 : soc;
}

/**
 * @internal Reads an optional numeric option, validating it.
 * `min` is inclusive unless `exclusive` is true.
 */
export function numOpt(name: string, field: string, value: unknown, fallback: number, min: number, exclusive = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || (exclusive ? !(value > min) : !(value >= min))) {
    throw new InputError(`SoC estimator '${name}': option must be a number ${exclusive ? '>' : '>='} ${min}`, { field, value });
  }
  return value;
}

/** @internal Default rest-detection threshold: C/50 of the model's capacity [A]. */
export function defaultRestCurrent_A(model: EcmModel): number {
  return (model.capacity_As / 3600) * 0.02;
}

/** Options of {@link OcvRestSoc}. */
export interface OcvRestSocOptions {
  /**
   * Rest duration after which the voltage is taken as OCV [s]. Default 1800 s (30 min): the rest
   * commonly used before an OCV reading in BMS practice. The slow (diffusion) branch of a Li-ion
   * cell relaxes with time constants of minutes to about an hour (Plett, "Battery Management
   * Systems Vol. I", 2015, ch. 2, diffusion voltages); with τ2 = 200 s, 30 min leaves
   * e^(−9) ≈ 1e-4 of the diffusion overpotential. Solid-state / Li-metal cells with slow
   * interfaces may need longer — raise it for them.
   */
  rest_s?: number;
  /**
   * |I| below this counts as rest [A]. Default C/50 of the model capacity (an engineering choice:
   * small enough that R·I is a few mV on a typical cell, larger than a typical current-sensor offset).
   */
  restCurrent_A?: number;
  /**
   * Coulomb-count between rests (default true). When false the estimate is held constant while
   * current flows and only changes at rest — the pure "OCV look-up" estimator.
   */
  coulombCount?: boolean;
  /** Coulombic efficiency applied on charge (I < 0), 0 < η ≤ 1. Default 1 (ideal; Plett Vol. I, 2015, ch. 2). */
  coulombicEfficiency?: number;
}

/** Minimum continued rest between two OCV re-reads once rested [s]. */
const REREAD_s = 60;

/**
 * Rest detection shared by the counting estimators: |I| below `restCurrent_A` for `restNeeded_s`
 * makes an OCV read due, then again after each further REREAD_s of continued rest (the
 * bisection in socFromOcv is the costly part, and the OCV barely moves within a minute).
 */
export class RestTimer {
  private restTime_s = 0;
  private lastRead_s = -Infinity;

  constructor(
    readonly restCurrent_A: number,
    readonly restNeeded_s: number,
  ) {}

  /** Seconds at rest so far. */
  get restTime(): number {
    return this.restTime_s;
  }

  /** Advance by one sample; true when an OCV read is due now. */
  readDue(current_A: number, dt_s: number): boolean {
    if (Math.abs(current_A) < this.restCurrent_A) this.restTime_s += dt_s;
    else this.reset();
    if (this.restTime_s >= this.restNeeded_s && this.restTime_s - this.lastRead_s >= REREAD_s) {
      this.lastRead_s = this.restTime_s;
      return true;
    }
    return false;
  }

  reset(): void {
    this.restTime_s = 0;
    this.lastRead_s = -Infinity;
  }
}

/** SoC for `reset()`: a given SoC, OCV⁻¹ of a given voltage, or null = read the first voltage later. */
export function initialSoc(name: string, model: EcmModel, initial: { soc?: number; voltage_V?: number; temp_K?: number }): number | null {
  if (initial.soc !== undefined) return checkResetSoc(name, initial.soc);
  if (initial.voltage_V !== undefined) return socFromOcv(model, initial.voltage_V, initial.temp_K ?? DEFAULT_TEMP_K);
  return null;
}

/**
 * SoC from an OCV look-up at rest (name 'ocv').
 *
 * - After |I| < `restCurrent_A` for at least `rest_s`, z = OCV⁻¹(V, T) is re-read
 *   ({@link socFromOcv}), then again after each further minute of rest.
 * - While current flows (or the rest is still too short) the estimate is either Coulomb-counted,
 *   z ← z − η·I·dt/Q (default), or held constant (`coulombCount: false`).
 * - `reset({soc})` sets z; `reset({voltage_V, temp_K})` reads OCV⁻¹ of that voltage; `reset({})`
 *   (and a fresh instance) initialise from the first voltage passed to `update`.
 *
 * Reads only (current, voltage, temperature, dt) and the static model.
 */
export class OcvRestSoc implements SocEstimator {
  readonly name = 'ocv';
  private readonly model: EcmModel;
  private readonly rest: RestTimer;
  private readonly coulombCount: boolean;
  private readonly eta: number;
  private z = 0.5;
  private pendingInit = true;

  constructor(model: EcmModel, opts: OcvRestSocOptions = {}) {
    this.model = model;
    this.rest = new RestTimer(numOpt(this.name, 'restCurrent_A', opts.restCurrent_A, defaultRestCurrent_A(model), 0), numOpt(this.name, 'rest_s', opts.rest_s, 1800, 0));
    if (opts.coulombCount !== undefined && typeof opts.coulombCount !== 'boolean') {
      throw new InputError("SoC estimator 'ocv': option must be a boolean", { field: 'coulombCount', value: opts.coulombCount });
    }
    this.coulombCount = opts.coulombCount ?? true;
    this.eta = numOpt(this.name, 'coulombicEfficiency', opts.coulombicEfficiency, 1, 0, true);
    if (this.eta > 1) throw new InputError("SoC estimator 'ocv': coulombic efficiency must be <= 1", { field: 'coulombicEfficiency', value: this.eta });
  }

  get soc(): number {
    return this.z;
  }

  /** Seconds the cell has been at rest (|I| < threshold), for diagnostics. */
  get restTime(): number {
    return this.rest.restTime;
  }

  reset(initial: { soc?: number; voltage_V?: number; temp_K?: number }): void {
    this.rest.reset();
    const z = initialSoc(this.name, this.model, initial);
    this.pendingInit = z === null;
    if (z !== null) this.z = z;
  }

  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number {
    checkSocInputs(this.name, current_A, voltage_V, temp_K, dt_s);
    if (this.pendingInit) {
      this.z = socFromOcv(this.model, voltage_V, temp_K);
      this.pendingInit = false;
    } else if (this.coulombCount) {
      const eta = current_A < 0 ? this.eta : 1;
      let z = this.z - (eta * current_A * dt_s) / this.model.capacity_As;
      z = z < 0 ? 0 : z > 1 ? 1 : z;
      this.z = z;
    }
    if (this.rest.readDue(current_A, dt_s)) this.z = socFromOcv(this.model, voltage_V, temp_K);
    return this.z;
  }
}
