import type { EcmModel } from '../bms/types.js';
import type { CellModel } from '../physics/cell.js';
import { interpUniform, slopeUniform, tabulateUniform, type UniformTable } from '../numerics/interp.js';
import { T_REF_K } from '../physics/cell.js';
import { pressureFactor } from '../physics/interface/pressure-power-law.js';
import type { NominalResistanceSplit } from '../bms/estimation/soh/monitor.js';

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
  // R0, R1, R2 share the temperature grid: one index for the three, kept for the last temperature
  // (an estimator asks for all three at one temperature, and the groups sharing a temperature sensor
  // ask at the same one). Values identical to interpUniform on each table.
  const rT = new Float64Array([NaN, 0, 0, 0]); // [T, R0, R1, R2]
  const resistancesAt = (T: number): void => {
    const s = (T - r0.x0) / r0.dx;
    if (s > 0 && s < n - 1) {
      const i = s | 0;
      const f = s - i;
      const a = r0.y;
      const b = r1.y;
      const c = r2.y;
      rT[1] = a[i] + (a[i + 1] - a[i]) * f;
      rT[2] = b[i] + (b[i + 1] - b[i]) * f;
      rT[3] = c[i] + (c[i + 1] - c[i]) * f;
    } else {
      rT[1] = interpUniform(r0, T);
      rT[2] = interpUniform(r1, T);
      rT[3] = interpUniform(r2, T);
    }
    rT[0] = T;
  };
  return {
    capacity_As: cell.capacity_As,
    ocv_V,
    dOcvDz_V,
    r0_ohm: (_z, T) => {
      if (T !== rT[0]) resistancesAt(T);
      return rT[1];
    },
    r1_ohm: (_z, T) => {
      if (T !== rT[0]) resistancesAt(T);
      return rT[2];
    },
    tau1_s: () => tau1,
    r2_ohm: (_z, T) => {
      if (T !== rT[0]) resistancesAt(T);
      return rT[3];
    },
    tau2_s: () => tau2,
    vMin_V: cell.vMin_V,
    vMax_V: cell.vMax_V,
  };
}

/**
 * The BMS's nominal split of one cell's series resistance into bulk electrolyte (+ contacts) and
 * interfaces vs temperature, from the same datasheet-level parameters at the nominal stack
 * pressure and zero age (the temperature shapes are the electrolytes' and interfaces' Arrhenius
 * laws): what the health monitor regresses the measured resistance on to separate interface
 * growth from bulk changes. Tabulated on the same 1 K grid as `ecmFromCell`.
 */
export function resistanceSplitFromCell(cell: CellModel): NominalResistanceSplit {
  const p_Pa = cell.params.pressure.initial_MPa * 1e6;
  const t0 = 213.15;
  const t1 = 473.15;
  const n = 261;
  const iface = (T: number): number => {
    const r = cell.resistance(T, p_Pa, 0);
    return r.anodeInterface_ohm + r.cathodeInterface_ohm;
  };
  const intT = tabulateUniform(iface, t0, t1, n);
  const bulkT = tabulateUniform((T) => cell.resistance(T, p_Pa, 0).total_ohm - iface(T), t0, t1, n);
  // the two interfaces separately, for their pressure laws (the datasheet's power law and contact loss)
  const aT = tabulateUniform((T) => cell.resistance(T, p_Pa, 0).anodeInterface_ohm, t0, t1, n);
  const cT = tabulateUniform((T) => cell.resistance(T, p_Pa, 0).cathodeInterface_ohm, t0, t1, n);
  const pfA0 = pressureFactor(cell.anodeInterface, p_Pa);
  const pfC0 = pressureFactor(cell.cathodeInterface, p_Pa);
  // the two pressure factors (a Math.pow each) kept for the last pressure asked: the groups of one
  // module share its pressure sensor, so the health monitor asks at one pressure for a dozen groups
  let pfP = NaN;
  let pfA = NaN;
  let pfC = NaN;
  return {
    bulk_ohm: (T) => interpUniform(bulkT, T),
    interface_ohm: (T) => interpUniform(intT, T),
    interfaceAt_ohm: (T, p) => {
      if (p !== pfP) {
        pfA = pressureFactor(cell.anodeInterface, p);
        pfC = pressureFactor(cell.cathodeInterface, p);
        pfP = p;
      }
      return (interpUniform(aT, T) * pfA) / pfA0 + (interpUniform(cT, T) * pfC) / pfC0;
    },
  };
}
