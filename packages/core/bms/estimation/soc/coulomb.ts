/**
 * Coulomb counting (name 'coulomb').
 *
 *   z_k = z_{k−1} − η·I_k·Δt_k / Q        (Plett, "Battery Management Systems Vol. I", 2015, ch. 2,
 *                                           SoC equation in discrete time; Vol. II, 2015, ch. 3)
 *
 * with z the SoC (0..1), I the measured current [A] (positive on discharge), Δt [s], Q the model's
 * capacity [A·s] and η the coulombic efficiency, applied on charge only (I < 0): η = 1 by default
 * (ideal cell; Plett Vol. I, 2015, ch. 2 notes that Li-ion efficiencies are typically above 0.99).
 *
 * Initialisation: `reset({soc})`, or `reset({voltage_V, temp_K})` reads z = OCV⁻¹(V, T)
 * ({@link socFromOcv}); `reset({})` and a fresh instance take the OCV look-up of the first voltage
 * passed to `update` (meaningful when the first sample is taken after a rest; that first sample
 * only initialises, its charge is not counted).
 *
 * Optional rest recalibration (`restRecalibrate_s`, default off): after |I| < `restCurrent_A`
 * (default C/50) for that long, z = OCV⁻¹(V, T) is re-read, then again after each further minute of rest.
 *
 * Reads only (current, voltage, temperature, dt) and the static model. The state is not clamped
 * while counting (so an exact analytic comparison holds); `soc` reports the value clamped to 0..1.
 */
import type { EcmModel, SocEstimator } from '../../types.js';
import { InputError } from '../../../errors.js';
import { checkSocInputs, defaultRestCurrent_A, initialSoc, numOpt, RestTimer, socFromOcv } from './ocv.js';

/** Options of {@link CoulombCounter}. */
export interface CoulombCounterOptions {
  /** Coulombic efficiency on charge, 0 < η ≤ 1. Default 1 (ideal). */
  coulombicEfficiency?: number;
  /** Rest duration after which SoC is re-read from OCV [s]. Default undefined = never (pure counting). */
  restRecalibrate_s?: number;
  /** |I| below this counts as rest [A]. Default C/50 of the model capacity (engineering choice). */
  restCurrent_A?: number;
}

export class CoulombCounter implements SocEstimator {
  readonly name = 'coulomb';
  private readonly model: EcmModel;
  private readonly eta: number;
  /** Rest timer; null = pure counting (no recalibration). */
  private readonly rest: RestTimer | null;
  private z = 0.5;
  private pendingInit = true;

  constructor(model: EcmModel, opts: CoulombCounterOptions = {}) {
    this.model = model;
    this.eta = numOpt(this.name, 'coulombicEfficiency', opts.coulombicEfficiency, 1, 0, true);
    if (this.eta > 1) throw new InputError("SoC estimator 'coulomb': coulombic efficiency must be <= 1", { field: 'coulombicEfficiency', value: this.eta });
    const recal_s = numOpt(this.name, 'restRecalibrate_s', opts.restRecalibrate_s, Infinity, 0, true);
    const restCurrent_A = numOpt(this.name, 'restCurrent_A', opts.restCurrent_A, defaultRestCurrent_A(model), 0);
    this.rest = recal_s === Infinity ? null : new RestTimer(restCurrent_A, recal_s);
  }

  /** Estimated SoC clamped to 0..1. */
  get soc(): number {
    const z = this.z;
    return z < 0 ? 0 : z > 1 ? 1 : z;
  }

  /** Unclamped counted SoC (may leave 0..1 if the initial value or the capacity is wrong). */
  get rawSoc(): number {
    return this.z;
  }

  reset(initial: { soc?: number; voltage_V?: number; temp_K?: number }): void {
    this.rest?.reset();
    const z = initialSoc(this.name, this.model, initial);
    this.pendingInit = z === null;
    if (z !== null) this.z = z;
  }

  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number {
    checkSocInputs(this.name, current_A, voltage_V, temp_K, dt_s);
    if (this.pendingInit) {
      this.z = socFromOcv(this.model, voltage_V, temp_K);
      this.pendingInit = false;
      return this.soc;
    }
    const eta = current_A < 0 ? this.eta : 1;
    this.z -= (eta * current_A * dt_s) / this.model.capacity_As;
    if (this.rest?.readDue(current_A, dt_s)) this.z = socFromOcv(this.model, voltage_V, temp_K);
    return this.soc;
  }
}
