/**
 * A cell's rated figures, one definition for every command (`ssb cells`, `ssb design`, the
 * simulator's metrics.json): capacity, energy at open circuit (capacity × mean OCV over the full
 * SoC range, as the designer computes it), mass, outer volume and the ratios.
 */
import type { UniformTable } from '../numerics/interp.js';
import type { CellModel } from './cell.js';

/** Mean of a uniform OCV table over its range (trapezoid rule) [V]. */
export function meanOcv_V(ocv: UniformTable): number {
  const y = ocv.y;
  let s = 0;
  for (let i = 1; i < y.length; i++) s += 0.5 * (y[i] + y[i - 1]);
  return s / (y.length - 1);
}

export interface CellSpec {
  capacity_Ah: number;
  average_voltage_V: number;
  energy_Wh: number;
  mass_kg: number;
  /** Null when the cell parameters give no volume (a hand-written file without geometry.volume_mL). */
  volume_L: number | null;
  specific_energy_Wh_kg: number;
  energy_density_Wh_L: number | null;
}

export function cellSpec(c: CellModel): CellSpec {
  const capacity_Ah = c.capacity_As / 3600;
  const average_voltage_V = meanOcv_V(c.ocvTable);
  const energy_Wh = capacity_Ah * average_voltage_V;
  const volume_mL = c.params.geometry.volume_mL;
  const volume_L = volume_mL === undefined ? null : volume_mL / 1000;
  return {
    capacity_Ah,
    average_voltage_V,
    energy_Wh,
    mass_kg: c.mass_kg,
    volume_L,
    specific_energy_Wh_kg: energy_Wh / c.mass_kg,
    energy_density_Wh_L: volume_L === null ? null : energy_Wh / volume_L,
  };
}
