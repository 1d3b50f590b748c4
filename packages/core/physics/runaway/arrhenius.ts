import { GAS_CONSTANT_J_per_molK } from '../../units/index.js';

/**
 * Thermal runaway as a sequence of self-heating reactions (Hatchard et al., J. Electrochem. Soc.
 * 148 (2001) A755; Kim et al., J. Power Sources 170 (2007) 476, Table 1): each stage i consumes its
 * own reactant fraction α_i ∈ [0, 1] at a first-order Arrhenius rate
 *
 *     dα_i/dt = −A_i·exp(−Ea_i/(R·T))·α_i,     Q_i = H_i · s_i · (−dα_i/dt)
 *
 * with H_i the stage's heat per kg of cell and s_i = 1, or the cell's SoC for a stage whose heat is
 * the stored electrical energy (the internal short after separator collapse). Kim's reaction
 * orders (SEI-thickness tunnelling of the anode reaction, α(1−α) of the cathode) are reduced to
 * first order here (a simplification: the onsets and heats are kept, the shape of each peak is not).
 *
 * A stage's A comes from the paper (`a_1_s`) or from an onset: at T_onset the stage alone heats the
 * cell at the ARC detection threshold of 0.02 K/min (accelerating-rate calorimetry convention,
 * Feng et al., Energy Storage Mater. 10 (2018) 246). Over one step the consumption is integrated
 * exactly at frozen T (α_new = α·e^(−k·dt)), so the released heat never exceeds what is left.
 */
export interface RunawayStage {
  name: string;
  /** Heat per kg of cell [J/kg] (at SoC 1 for a SoC-scaled stage). */
  heat_J_kg: number;
  a_1_s: number;
  ea_J_mol: number;
  /** The heat scales with the SoC (stored electrical energy released by an internal short). */
  socScaled: boolean;
  /** Where the figures come from; "assumed…" when nothing published is behind them. */
  source: string;
}

/** Venting: the cell opens at `temp_K`; gas and ejecta leave with their enthalpy. */
export interface VentParams {
  temp_K: number;
  /** Mass fraction of the cell leaving when the vent opens (electrolyte vapour and gas). */
  openingMassFraction: number;
  /** Mass fraction ejected in all (opening + ejecta during the runaway). */
  totalMassFraction: number;
}

export interface RunawayModel {
  stages: readonly RunawayStage[];
  vent: VentParams | null;
  /** Self-heating onset of the cell [K]: lowest temperature at which all stages together heat a fresh cell at SoC 1 at 0.02 K/min. */
  onset_K: number;
  /** Σ H_i at SoC 1 [J/kg]. */
  totalHeat_J_kg: number;
  /**
   * Below this temperature no stage is evaluated: a fresh cell's self-heating there is < 1 % of the
   * ARC detection threshold (< 0.0002 K/min). The slow SEI processes at operating temperatures are
   * the calendar-ageing model's (physics/ageing), not counted a second time here.
   */
  activeFrom_K: number;
}

/**
 * A cell is in thermal runaway once this fraction of its runaway reactant is consumed (reacted or
 * ejected through the vent): the abuse procedures' hazard-5 criterion and the runaway test's
 * propagation criterion. Such a cell is destroyed: no capacity, no voltage.
 */
export const RUNAWAY_CONSUMED_FRACTION = 0.5;

/** The unit with `reactantLeft` (heat-weighted reactant left, 1 fresh … 0 spent) has gone into thermal runaway. */
export function isRunawayDestroyed(reactantLeft: number): boolean {
  return 1 - reactantLeft >= RUNAWAY_CONSUMED_FRACTION;
}

/** ARC detection threshold, 0.02 K/min [K/s]. */
export const ARC_THRESHOLD_K_s = 0.02 / 60;

/** Rate constant k = A·exp(−Ea/(R·T)) [1/s]. */
export function stageRate_1_s(s: RunawayStage, temp_K: number): number {
  return s.a_1_s * Math.exp(-s.ea_J_mol / (GAS_CONSTANT_J_per_molK * temp_K));
}

/** A [1/s] such that a stage of heat H alone heats the cell at 0.02 K/min at its onset (α = 1). */
export function preExponentialFromOnset_1_s(onset_K: number, ea_J_mol: number, heat_J_kg: number, heatCapacity_J_kgK: number): number {
  return (ARC_THRESHOLD_K_s * heatCapacity_J_kgK) / heat_J_kg / Math.exp(-ea_J_mol / (GAS_CONSTANT_J_per_molK * onset_K));
}

/** Self-heating rate of a fresh cell at SoC 1 [K/s] from all stages. */
export function freshSelfHeating_K_s(stages: readonly RunawayStage[], temp_K: number, heatCapacity_J_kgK: number): number {
  let q = 0;
  for (const s of stages) q += s.heat_J_kg * stageRate_1_s(s, temp_K);
  return q / heatCapacity_J_kgK;
}

/** Temperature [K] at which a fresh cell self-heats at `rate_K_s` (bisection on 250…1000 K; Infinity if never). */
export function temperatureAtRate_K(stages: readonly RunawayStage[], rate_K_s: number, heatCapacity_J_kgK: number): number {
  let lo = 250;
  let hi = 1000;
  if (freshSelfHeating_K_s(stages, hi, heatCapacity_J_kgK) < rate_K_s) return Infinity;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (freshSelfHeating_K_s(stages, mid, heatCapacity_J_kgK) < rate_K_s) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The compiled model: onset and the temperature below which nothing is evaluated. */
export function runawayModel(stages: readonly RunawayStage[], vent: VentParams | null, heatCapacity_J_kgK: number): RunawayModel {
  const live = stages.filter((s) => s.heat_J_kg > 0 && s.a_1_s > 0);
  return {
    stages: live,
    vent,
    onset_K: temperatureAtRate_K(live, ARC_THRESHOLD_K_s, heatCapacity_J_kgK),
    totalHeat_J_kg: live.reduce((a, s) => a + s.heat_J_kg, 0),
    activeFrom_K: live.length ? temperatureAtRate_K(live, ARC_THRESHOLD_K_s * 1e-2, heatCapacity_J_kgK) : Infinity,
  };
}

/** Reactant left after dt at temperature T. */
export function runawayStep(alpha: number, k_1_s: number, dt_s: number): number {
  if (alpha <= 0) return 0;
  return alpha * Math.exp(-k_1_s * dt_s);
}

/** Heat release rate [W per kg of initial cell mass] of the stages at T with reactant fractions left[offset + i] and SoC z. */
export function reactionPower_W_kg(stages: readonly RunawayStage[], left: Float64Array, offset: number, temp_K: number, soc: number): number {
  let q = 0;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i];
    const a = left[offset + i];
    if (a > 0) q += a * s.heat_J_kg * (s.socScaled ? soc : 1) * stageRate_1_s(s, temp_K);
  }
  return q;
}
