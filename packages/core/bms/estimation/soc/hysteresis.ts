/**
 * The one-state OCV hysteresis of `EcmModel.hysteresis` (Plett, "Battery Management Systems
 * Vol. I", 2015, ch. 2, "hysteresis voltages"), as the Kalman filters and the test cell use it:
 *
 *   dh/dt = −γ·|I|/C·(h + sgn I)        (I positive on discharge, C the capacity [A·s])
 *
 * With I held constant over a step Δt (zero-order hold) this linear ODE has the exact solution
 *
 *   h(t + Δt) = e^(−γ|I|Δt/C)·h(t) − (1 − e^(−γ|I|Δt/C))·sgn I,
 *
 * so h relaxes towards −1 on discharge and +1 on charge, stays in [−1, 1] and is unchanged at
 * I = 0. The effective OCV is ocv_V(z, T) + m_V(z, T)·h.
 *
 * Minor loops (optional exponent p ≥ 1, `EcmModel.hysteresis.exponent`). Plett's exponential moves
 * h fastest right after a reversal (slope 2γ/C at h = ∓1), so every short regen pulse of a drive
 * cycle pulls h a long way towards the charge branch. Measured cells show small minor loops
 * instead: a short reversal barely leaves the branch it came from. The reversal form
 *
 *   h = h_target + (h_rev − h_target)·exp(−(γ·q_rev/C)^p)
 *
 * with h_rev the state at the last change of current direction, q_rev ≥ 0 the charge passed since
 * then and h_target = −sgn I, keeps Plett's behaviour for p = 1 (exactly: exponentials of the
 * summed charge compose step by step) and for p > 1 lets h move ∝ q_rev^p at first (small
 * reversals stay small) while a full reversal still flips h within ≈ 1/γ of SoC. A model of the
 * Preisach kind reduced to one reversal point (the memory of older reversal points is dropped).
 * `HysteresisTracker` carries (h, direction, h_rev, q_rev) and is what the filters and the
 * open-loop check step; p = 1 runs the incremental form above.
 *
 * Pure: no Node imports, no wall clock, no global RNG.
 */
import type { EcmModel } from '../../types.js';
import { InputError } from '../../../errors.js';

/** One exact step of the hysteresis state over Δt at constant current (see the file comment). */
export function hysteresisStep(h: number, current_A: number, dt_s: number, gamma: number, capacity_As: number): number {
  if (current_A === 0) return h;
  const a = Math.exp((-gamma * Math.abs(current_A) * dt_s) / capacity_As);
  return a * h - (1 - a) * (current_A > 0 ? 1 : -1);
}

/** The deterministic hysteresis state of one cell (see the file comment, "Minor loops"). */
export class HysteresisTracker {
  /** Hysteresis state in [−1, 1]. */
  h = 0;
  /** Sign of the last non-zero current (+1 discharge, −1 charge, 0 none yet). */
  private dir = 0;
  private hRev = 0;
  private qRev_As = 0;
  private readonly rate: number;

  constructor(
    readonly gamma: number,
    readonly exponent: number,
    readonly capacity_As: number,
  ) {
    this.rate = gamma / capacity_As;
  }

  /** Starts from h with no reversal history (the next current starts a new branch from h). */
  reset(h: number): void {
    this.h = this.hRev = h;
    this.dir = 0;
    this.qRev_As = 0;
  }

  /** Advances over Δt at constant current; returns the new h. */
  step(current_A: number, dt_s: number): number {
    if (current_A === 0) return this.h;
    if (this.exponent === 1) return (this.h = hysteresisStep(this.h, current_A, dt_s, this.gamma, this.capacity_As));
    const dir = current_A > 0 ? 1 : -1;
    if (dir !== this.dir) {
      this.dir = dir;
      this.hRev = this.h;
      this.qRev_As = 0;
    }
    this.qRev_As += Math.abs(current_A) * dt_s;
    const target = -dir;
    return (this.h = target + (this.hRev - target) * Math.exp(-Math.pow(this.rate * this.qRev_As, this.exponent)));
  }
}

/** Validated hysteresis element of an `EcmModel`. */
export interface ModelHysteresis {
  m_V(z: number, temp_K: number): number;
  gamma: number;
  /** Minor-loop exponent p ≥ 1 (1 = Plett's exponential). */
  exponent: number;
}

/** A tracker for the model's hysteresis element. */
export function hysteresisTracker(hy: ModelHysteresis, capacity_As: number): HysteresisTracker {
  return new HysteresisTracker(hy.gamma, hy.exponent, capacity_As);
}

/** The validated hysteresis element of a model, or null when it has none. @internal */
export function modelHysteresis(name: string, model: EcmModel): ModelHysteresis | null {
  const hy = model.hysteresis;
  if (hy === undefined) return null;
  if (typeof hy !== 'object' || hy === null || typeof hy.m_V !== 'function') {
    throw new InputError(`SoC estimator '${name}': model hysteresis must be {m_V(z, T), gamma}`, { field: 'hysteresis', value: String(hy) });
  }
  if (!(Number.isFinite(hy.gamma) && hy.gamma >= 0)) {
    throw new InputError(`SoC estimator '${name}': hysteresis rate gamma must be a finite number >= 0`, { field: 'hysteresis.gamma', value: hy.gamma });
  }
  const exponent = hy.exponent ?? 1;
  if (!(Number.isFinite(exponent) && exponent >= 1)) {
    throw new InputError(`SoC estimator '${name}': hysteresis minor-loop exponent must be a finite number >= 1`, { field: 'hysteresis.exponent', value: exponent });
  }
  return { m_V: hy.m_V, gamma: hy.gamma, exponent };
}

/** @internal Validates an initial hysteresis state given to `reset` (finite, in [−1, 1]). */
export function checkResetHysteresis(name: string, h: unknown): number {
  if (typeof h !== 'number' || !Number.isFinite(h) || h < -1 || h > 1) {
    throw new InputError(`SoC estimator '${name}': reset h (hysteresis state) must be a number in [-1, 1]`, { field: 'h', value: h });
  }
  return h;
}
