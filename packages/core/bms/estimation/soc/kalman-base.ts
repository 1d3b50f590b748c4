/**
 * Shared scaffolding of the Kalman SoC estimators (EKF and UKF): the 3-state model
 * x = [z, v1, v2] with its covariance, the hysteresis state h, option handling, initialisation
 * and the read-outs. The filters differ only in `update`.
 *
 * Hysteresis (when the model has the optional `hysteresis` element, see hysteresis.ts): h is
 * carried as a deterministic state outside the 3-state covariance, propagated every step with the
 * exact update from the measured current, and enters the output as + m_V(z, T)·h. Why not a
 * 4th filter state: h depends only on the measured current (and its own initial value), not on
 * z, v1 or v2, so its prediction has no cross-covariance with them (up to the current-sensor
 * noise acting through |I|, second order); in the output m·h is nearly collinear with OCV(z)
 * (both shift the voltage by a slowly varying amount), so a 4th state would be weakly observable
 * and let the filter trade SoC against h on voltage noise; and a 4×4 EKF / 9-point UKF roughly
 * doubles the update cost. The price: an unknown initial h is not learned from the voltage; it is
 * forgotten after about C/γ of charge throughput (e-folding), so `reset({…, h})` should pass the
 * last known h where one is stored (default 0, the mean of the two branches).
 */
import { DecayCache } from '../../../numerics/decay.js';
import type { EcmModel, SocEstimator } from '../../types.js';
import { InputError } from '../../../errors.js';
import { badState, checkResetSoc, DEFAULT_TEMP_K, numOpt, socFromOcv } from './ocv.js';
import { checkResetHysteresis, hysteresisTracker, modelHysteresis, type HysteresisTracker, type ModelHysteresis } from './hysteresis.js';

/** What the Kalman filters' `reset` accepts: the SocEstimator fields plus an initial hysteresis state. */
export interface KalmanResetInput {
  soc?: number;
  voltage_V?: number;
  temp_K?: number;
  /** Initial hysteresis state h in [−1, 1] (default 0: unknown, the mean of the two branches). Ignored without a hysteresis element. */
  h?: number;
}

/** Options shared by {@link EkfSoc} and the UKF. Variances and standard deviations in SI. */
export interface KalmanSocOptions {
  /**
   * Process-noise spectral densities (variance growth per second), so that Q_w = diag(z, v1, v2)·Δt:
   * z [1/s], v1 and v2 [V²/s]. Defaults z = 1e-8 /s (σ_z grows by ≈ 0.6 % SoC per hour without
   * voltage information: covers capacity and current-gain errors of a few %), v1 = v2 = 1e-7 V²/s
   * (RC-parameter mismatch of a few mV). Tuned on the analytic test cell of testing.ts, including
   * a run with a deliberately mismatched model (−3 % capacity, +13 % R0); retune for a fitted model.
   */
  processNoise?: { z?: number; v1?: number; v2?: number };
  /**
   * Voltage measurement-noise standard deviation [V]. Default 2 mV: a 1 mV ADC (σ ≈ 1 mV, spec
   * bms.md) plus about as much model error.
   */
  measurementNoise_V?: number;
  /**
   * Initial covariance diagonal: z [–], v1 and v2 [V²]. Defaults z = 0.04 (σ = 0.2: a stored
   * initial SoC may be far off), v1 = v2 = 1e-6 V² (σ = 1 mV: a reset assumes the cell is at rest,
   * so the RC voltages are known to be ≈ 0; a larger value lets the EKF explain an initial SoC
   * error by a spurious diffusion voltage after its first, linearised, over-confident update).
   */
  initialCovariance?: { z?: number; v1?: number; v2?: number };
  /**
   * Current-sensor noise standard deviation [A]. Default 1 % of the 1C current (capacity/1 h),
   * i.e. 0.03 A for a 3 Ah cell: the order of a 1 % gain error at typical currents.
   */
  currentSensorNoise_A?: number;
  /** Coulombic efficiency on charge, 0 < η ≤ 1. Default 1 (ideal). */
  coulombicEfficiency?: number;
}

/** Resolved numeric form of {@link KalmanSocOptions}. @internal */
export interface ResolvedKalmanOptions {
  qz: number;
  q1: number;
  q2: number;
  r_V2: number;
  p0z: number;
  p01: number;
  p02: number;
  sI2: number;
  eta: number;
}

/** Validates options and fills the documented defaults. @internal shared with ukf.ts. */
export function resolveKalmanOptions(name: string, model: EcmModel, opts: KalmanSocOptions): ResolvedKalmanOptions {
  for (const field of ['processNoise', 'initialCovariance'] as const) {
    const v: unknown = opts[field];
    if (v !== undefined && (typeof v !== 'object' || v === null)) {
      throw new InputError(`SoC estimator '${name}': option must be an object {z, v1, v2}`, { field, value: v });
    }
  }
  const pn = opts.processNoise ?? {};
  const ic = opts.initialCovariance ?? {};
  const sv = numOpt(name, 'measurementNoise_V', opts.measurementNoise_V, 2e-3, 0, true);
  const si = numOpt(name, 'currentSensorNoise_A', opts.currentSensorNoise_A, (0.01 * model.capacity_As) / 3600, 0);
  const eta = numOpt(name, 'coulombicEfficiency', opts.coulombicEfficiency, 1, 0, true);
  if (eta > 1) throw new InputError(`SoC estimator '${name}': coulombic efficiency must be <= 1`, { field: 'coulombicEfficiency', value: eta });
  if (!(model.capacity_As > 0)) throw new InputError(`SoC estimator '${name}': model capacity must be > 0`, { field: 'capacity_As', value: model.capacity_As });
  return {
    qz: numOpt(name, 'processNoise.z', pn.z, 1e-8, 0),
    q1: numOpt(name, 'processNoise.v1', pn.v1, 1e-7, 0),
    q2: numOpt(name, 'processNoise.v2', pn.v2, 1e-7, 0),
    r_V2: sv * sv,
    p0z: numOpt(name, 'initialCovariance.z', ic.z, 0.04, 0, true),
    p01: numOpt(name, 'initialCovariance.v1', ic.v1, 1e-6, 0, true),
    p02: numOpt(name, 'initialCovariance.v2', ic.v2, 1e-6, 0, true),
    sI2: si * si,
    eta,
  };
}

/** SoC-state clamp applied after each measurement update (Plett, Vol. II, 2015, ch. 3 code). */
export const Z_STATE_MIN = -0.05;
export const Z_STATE_MAX = 1.05;

export abstract class KalmanSocBase implements SocEstimator {
  protected readonly model: EcmModel;
  protected readonly o: ResolvedKalmanOptions;
  // State.
  protected z = 0.5;
  protected v1 = 0;
  protected v2 = 0;
  // Symmetric covariance, upper triangle.
  protected p00 = 0;
  protected p01 = 0;
  protected p02 = 0;
  protected p11 = 0;
  protected p12 = 0;
  protected p22 = 0;
  protected pendingInit = true;
  /** exp(−Δt/τ) of each RC branch, cached for the last (Δt, τ) (a fixed-step drive with constant τ reuses it). */
  protected readonly decay1 = new DecayCache();
  protected readonly decay2 = new DecayCache();
  protected innovation_V = 0;
  /** Hysteresis element of the model (validated), null = none: the filters then skip every h term. */
  protected readonly hyst: ModelHysteresis | null;
  /** Hysteresis state h in [−1, 1] (deterministic, outside the covariance); null without hysteresis. */
  protected readonly hTrack: HysteresisTracker | null;
  /** h to start from when the first `update` initialises the SoC (from `reset({h})`). */
  private pendingH = 0;

  constructor(
    readonly name: string,
    model: EcmModel,
    opts: KalmanSocOptions,
  ) {
    this.model = model;
    this.o = resolveKalmanOptions(name, model, opts);
    this.hyst = modelHysteresis(name, model);
    this.hTrack = this.hyst === null ? null : hysteresisTracker(this.hyst, model.capacity_As);
    this.initState(0.5);
    this.pendingInit = true;
  }

  abstract update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number;

  /** Estimated SoC (0..1). */
  get soc(): number {
    const z = this.z;
    return z < 0 ? 0 : z > 1 ? 1 : z;
  }

  /** Posterior standard deviation of SoC, √P_zz [–]. */
  get socStd(): number {
    return Math.sqrt(this.p00);
  }

  /** Last innovation V − ŷ [V] (0 before the first update). */
  get voltageResidual_V(): number {
    return this.innovation_V;
  }

  /** Hysteresis state h in [−1, 1] (always 0 when the model has no hysteresis element). */
  get hysteresis(): number {
    return this.hTrack === null ? 0 : this.hTrack.h;
  }

  /**
   * `reset({soc})`, `reset({voltage_V, temp_K})` (OCV look-up, with m·h included when h is given)
   * or `reset({})` (OCV look-up of the first voltage passed to `update`); `h` sets the initial
   * hysteresis state (default 0).
   */
  reset(initial: KalmanResetInput): void {
    const h = initial.h === undefined || this.hyst === null ? 0 : checkResetHysteresis(this.name, initial.h);
    if (initial.soc !== undefined) this.initState(checkResetSoc(this.name, initial.soc), h);
    else if (initial.voltage_V !== undefined) this.initState(socFromOcv(this.model, initial.voltage_V, initial.temp_K ?? DEFAULT_TEMP_K, h), h);
    else {
      this.initState(0.5, h);
      this.pendingInit = true;
    }
    this.pendingH = h;
  }

  /** First-sample initialisation after `reset({})`: OCV look-up at the pending h. */
  protected initFromVoltage(voltage_V: number, temp_K: number): void {
    this.initState(socFromOcv(this.model, voltage_V, temp_K, this.pendingH), this.pendingH);
  }

  /** Check the posterior (state and covariance), clamp SoC, store it; returns the SoC read-out. */
  protected commit(z: number, v1: number, v2: number, innovation_V: number): number {
    if (!Number.isFinite(z)) badState(this.name, 'soc state z', z);
    if (!Number.isFinite(v1) || !Number.isFinite(v2)) badState(this.name, 'RC voltage state', Number.isFinite(v1) ? v2 : v1);
    if (!Number.isFinite(this.p00) || !Number.isFinite(this.p11) || !Number.isFinite(this.p22)) badState(this.name, 'covariance', this.p00);
    this.z = z < Z_STATE_MIN ? Z_STATE_MIN : z > Z_STATE_MAX ? Z_STATE_MAX : z;
    this.v1 = v1;
    this.v2 = v2;
    this.innovation_V = innovation_V;
    return this.soc;
  }

  protected initState(z: number, h = 0): void {
    this.z = z;
    this.hTrack?.reset(h);
    this.v1 = 0;
    this.v2 = 0;
    this.p00 = this.o.p0z;
    this.p11 = this.o.p01;
    this.p22 = this.o.p02;
    this.p01 = this.p02 = this.p12 = 0;
    this.innovation_V = 0;
    this.pendingInit = false;
  }
}
