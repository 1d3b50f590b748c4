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

/** The validated hysteresis element of a model, or null when it has none. @internal */
export function modelHysteresis(name: string, model: EcmModel): { m_V(z: number, temp_K: number): number; gamma: number } | null {
  const hy = model.hysteresis;
  if (hy === undefined) return null;
  if (typeof hy !== 'object' || hy === null || typeof hy.m_V !== 'function') {
    throw new InputError(`SoC estimator '${name}': model hysteresis must be {m_V(z, T), gamma}`, { field: 'hysteresis', value: String(hy) });
  }
  if (!(Number.isFinite(hy.gamma) && hy.gamma >= 0)) {
    throw new InputError(`SoC estimator '${name}': hysteresis rate gamma must be a finite number >= 0`, { field: 'hysteresis.gamma', value: hy.gamma });
  }
  return hy;
}

/** @internal Validates an initial hysteresis state given to `reset` (finite, in [−1, 1]). */
export function checkResetHysteresis(name: string, h: unknown): number {
  if (typeof h !== 'number' || !Number.isFinite(h) || h < -1 || h > 1) {
    throw new InputError(`SoC estimator '${name}': reset h (hysteresis state) must be a number in [-1, 1]`, { field: 'h', value: h });
  }
  return h;
}
