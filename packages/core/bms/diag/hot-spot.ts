/**
 * Hot-spot estimation with sparse temperature sensors: a few NTCs per module cannot see every
 * cell, and the cell that heats on its own — the one with an internal short — is usually not the
 * one a sensor sits on. The BMS therefore estimates, per series group, the temperature of its
 * hottest cell as a virtual sensor:
 *
 *   T_hot,g = T_sensor(g) + ΔT_g,   C·dΔT_g/dt = P_g − G·ΔT_g   (exact exponential update)
 *
 * T_sensor(g): the BMS's validated temperature of the group (its nearest sensor); P_g: the heat the
 * group makes beyond its neighbours, which the sensors already see through the common load: the
 * dissipation V_g·I_leak,g of an estimated internal short (diag/internal-short.ts), put in ONE
 * cell (the worst case: a short is a local defect); C, G: nominal heat capacity of one cell and its
 * conductance to the plate and its neighbours (design data, not state). ΔT is the rise of that cell
 * over its surroundings; when the sensor happens to sit on the shorted cell this double-counts the
 * rise, which errs on the safe side. The protection layer checks T_hot against the
 * over-temperature tiers (quantity `hotSpot`).
 */
import { InputError } from '../../errors.js';

export interface HotSpotConfig {
  /** Nominal heat capacity of one cell [J/K]. */
  cellHeatCapacity_J_K: number;
  /** Nominal thermal conductance from one cell to the cooling plate and its neighbours [W/K]. */
  cellConductance_W_K: number;
}

export class HotSpotEstimator {
  /** Estimated temperature of the hottest cell per group [K] (NaN before the first update). */
  readonly hotSpot_K: Float64Array;
  /** Estimated rise of that cell over the group's sensor reading [K]. */
  readonly rise_K: Float64Array;
  private readonly tau_s: number;
  private readonly invG: number;

  constructor(seriesCount: number, cfg: HotSpotConfig) {
    if (!(cfg.cellHeatCapacity_J_K > 0 && Number.isFinite(cfg.cellHeatCapacity_J_K)))
      throw new InputError('cell heat capacity must be positive', { field: 'hotSpot.cellHeatCapacity_J_K', value: cfg.cellHeatCapacity_J_K });
    if (!(cfg.cellConductance_W_K > 0 && Number.isFinite(cfg.cellConductance_W_K)))
      throw new InputError('cell thermal conductance must be positive', { field: 'hotSpot.cellConductance_W_K', value: cfg.cellConductance_W_K });
    this.hotSpot_K = new Float64Array(seriesCount).fill(NaN);
    this.rise_K = new Float64Array(seriesCount);
    this.tau_s = cfg.cellHeatCapacity_J_K / cfg.cellConductance_W_K;
    this.invG = 1 / cfg.cellConductance_W_K;
  }

  /**
   * `groupTemp_K[g]`: the BMS's temperature of group g; `groupVoltage_V[g]`: its (held) measured
   * voltage; `leak_A[g]`: estimated leak current (NaN or negative = none).
   */
  update(groupTemp_K: Float64Array, groupVoltage_V: Float64Array, leak_A: Float64Array, dt_s: number): void {
    const decay = Math.exp(-dt_s / this.tau_s);
    const rise = this.rise_K;
    const hot = this.hotSpot_K;
    for (let g = 0; g < rise.length; g++) {
      const leak = leak_A[g];
      const v = groupVoltage_V[g];
      const p = leak > 0 && v > 0 ? v * leak : 0;
      const ss = p * this.invG;
      rise[g] = ss + (rise[g] - ss) * decay;
      hot[g] = groupTemp_K[g] + rise[g];
    }
  }
}
