import { GAS_CONSTANT_J_per_molK } from '../../units/index.js';

/**
 * Lumped self-heating (thermal-runaway) reaction: one Arrhenius reaction consuming a reactant
 * fraction α ∈ [0, 1]:
 *
 *     dα/dt = −A·exp(−Ea/(R·T))·α,     Q_reaction = H_total · (−dα/dt)
 *
 * A is set from the onset temperature: at T_onset the self-heating rate equals the ARC detection
 * threshold of 0.02 K/min (accelerating-rate calorimetry convention, Feng et al., Energy Storage
 * Mater. 10 (2018) 246). Over one step the consumption is integrated exactly at frozen T
 * (α_new = α·e^(−k·dt)), so the released heat never exceeds what is left.
 * Onsets and total heats per chemistry live with the cell parameters (solid electrolytes:
 * 247 °C vs 90 °C self-heating onset for Li|LFP half cells, seed 001 §5; total heat of an SSB is a
 * fraction of a liquid cell's).
 */
export interface RunawayParams {
  onset_K: number;
  ea_J_mol: number;
  /** Total heat that the reactions can release [J per kg of cell]. */
  totalHeat_J_kg: number;
}

const ARC_THRESHOLD_K_s = 0.02 / 60;

/** Pre-exponential factor A [1/s] so that the initial self-heating rate at onset is 0.02 K/min. */
export function runawayPreExponential_1_s(p: RunawayParams, heatCapacity_J_kgK: number): number {
  // rate at onset with α = 1: H·A·exp(−Ea/RT_on) / c_p = threshold
  return (ARC_THRESHOLD_K_s * heatCapacity_J_kgK) / p.totalHeat_J_kg / Math.exp(-p.ea_J_mol / (GAS_CONSTANT_J_per_molK * p.onset_K));
}

/** Reactant left after dt at temperature T. */
export function runawayStep(alpha: number, a_1_s: number, ea_J_mol: number, temp_K: number, dt_s: number): number {
  if (alpha <= 0) return 0;
  const k = a_1_s * Math.exp(-ea_J_mol / (GAS_CONSTANT_J_per_molK * temp_K));
  return alpha * Math.exp(-k * dt_s);
}
