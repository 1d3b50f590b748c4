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
  // OCV(z, T) = U(z) + (T − T_ref)·∂U/∂T(z) and its z-slope from one grid index (both tables
  // share the SoC grid): the same arithmetic as interpUniform / slopeUniform on each table, so the
  // values are identical, at half the index work (the estimators call these on every update, and
  // the OCV inversion ~50 times).
  const sameGrid = ocv.x0 === dudt.x0 && ocv.dx === dudt.dx && ocv.y.length === dudt.y.length;
  const oy = ocv.y;
  const dy = dudt.y;
  const nz = oy.length;
  const x0 = ocv.x0;
  const dx = ocv.dx;
  const oSlope = new Float64Array(nz - 1);
  const dSlope = new Float64Array(nz - 1);
  for (let i = 0; i < nz - 1; i++) {
    oSlope[i] = (oy[i + 1] - oy[i]) / dx;
    dSlope[i] = (dy[i + 1] - dy[i]) / dx;
  }
  const ocv_V = sameGrid
    ? (z: number, T: number): number => {
        let s = (z - x0) / dx;
        if (!(s > 0)) return oy[0] + (T - T_REF_K) * dy[0];
        if (s >= nz - 1) return oy[nz - 1] + (T - T_REF_K) * dy[nz - 1];
        const i = s | 0;
        s -= i;
        return oy[i] + (oy[i + 1] - oy[i]) * s + (T - T_REF_K) * (dy[i] + (dy[i + 1] - dy[i]) * s);
      }
    : (z: number, T: number): number => interpUniform(ocv, z) + (T - T_REF_K) * interpUniform(dudt, z);
  const dOcvDz_V = sameGrid
    ? (z: number, T: number): number => {
        let i = Math.floor((z - x0) / dx);
        if (i < 0) i = 0;
        if (i > nz - 2) i = nz - 2;
        return oSlope[i] + (T - T_REF_K) * dSlope[i];
      }
    : (z: number, T: number): number => slopeUniform(ocv, z) + (T - T_REF_K) * slopeUniform(dudt, z);
  return {
    capacity_As: cell.capacity_As,
    ocv_V,
    dOcvDz_V,
    r0_ohm: (_z, T) => interpUniform(r0, T),
    r1_ohm: (_z, T) => interpUniform(r1, T),
    tau1_s: () => tau1,
    r2_ohm: (_z, T) => interpUniform(r2, T),
    tau2_s: () => tau2,
    vMin_V: cell.vMin_V,
    vMax_V: cell.vMax_V,
  };
}
