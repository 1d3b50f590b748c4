import type { EcmModel } from '../bms/types.js';
import type { CellModel } from '../physics/cell.js';
import { interpUniform, slopeUniform, tabulateUniform, type UniformTable } from '../numerics/interp.js';
import { T_REF_K } from '../physics/cell.js';

/**
 * The BMS's nominal model of one cell, built from the cell's datasheet-level parameters (the same
 * parameter file, at the nominal stack pressure and zero age): it is what a BMS supplier would
 * calibrate, never the plant's live state. Resistances are tabulated on a 1 K grid from −60 °C to
 * +200 °C so that estimator updates cost a table look-up, not a chain of Arrhenius exponentials.
 */
export function ecmFromCell(cell: CellModel): EcmModel {
  const p_Pa = cell.params.pressure.initial_MPa * 1e6;
  const t0 = 213.15;
  const t1 = 473.15;
  const n = 261;
  const r0: UniformTable = tabulateUniform((T) => cell.r0_ohm(T, p_Pa, 0), t0, t1, n);
  const r1: UniformTable = tabulateUniform((T) => cell.rcResistance(T).r1_ohm, t0, t1, n);
  const r2: UniformTable = tabulateUniform((T) => cell.rcResistance(T).r2_ohm, t0, t1, n);
  const ocv = cell.ocvTable;
  const dudt = cell.dUdTTable;
  const tau1 = cell.rc.tau1_s;
  const tau2 = cell.rc.tau2_s;
  return {
    capacity_As: cell.capacity_As,
    ocv_V: (z, T) => interpUniform(ocv, z) + (T - T_REF_K) * interpUniform(dudt, z),
    dOcvDz_V: (z, T) => slopeUniform(ocv, z) + (T - T_REF_K) * slopeUniform(dudt, z),
    r0_ohm: (_z, T) => interpUniform(r0, T),
    r1_ohm: (_z, T) => interpUniform(r1, T),
    tau1_s: () => tau1,
    r2_ohm: (_z, T) => interpUniform(r2, T),
    tau2_s: () => tau2,
    vMin_V: cell.vMin_V,
    vMax_V: cell.vMax_V,
  };
}
