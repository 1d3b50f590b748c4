/**
 * A simulator cell (`CellModel`) whose electrical behaviour comes from a fitted model file, on the
 * body of a base preset. What comes from where:
 *
 * From the fitted model file:
 *   - capacity (capacity_Ah), voltage window (vMin_V, vMax_V)
 *   - OCV table (resampled on 401 uniform SoC points at 25 °C with the file's dOCV/dT) and the
 *     entropic coefficient dOCV/dT (0 when the file has none: no reversible heat)
 *   - R0(T) = the R0 table at SoC 0.5 (the plant's R0 depends on temperature, pressure and age, not
 *     on SoC), plus the base preset's interface growth with age (ΔASR / area)
 *   - RC branches: τ1, τ2 = the tables at SoC 0.5 and the table temperature nearest 25 °C (the
 *     plant's time constants are constant); R1, R2 at 25 °C and one activation energy from a
 *     log-linear least-squares fit of ln(R1 + R2)(SoC 0.5, T) against 1/T over the table's
 *     temperatures (with one temperature: the base preset's rc.ea_eV), converted to the area-specific
 *     rc.r1_ohm_m2 / r2_ohm_m2 on the base's electrode area
 *   - self-discharge current: the base's %/month applied to the fitted capacity
 * From the body `base` (a design's emitted parameters, or `fittedCellBody`: the cell's own mass,
 * size and heat capacity on a preset's family dynamics — never a preset's mass or size):
 *   - mass, heat capacity, geometry (volume, areas), thermal window and neighbour conductance,
 *     stack pressure and fixture, thickness growth, ageing, filaments, runaway, interfaces (for
 *     contact loss and ageing growth)
 * Not carried: the hysteresis (the plant has none; the BMS's model `ecmFromModelFile` keeps it),
 *   the SoC dependence of the resistances, any pressure dependence of R0 (the fit saw one pressure).
 */
import type { CellModel, ResistanceBreakdown } from '../physics/cell.js';
import { buildCellModel, T_REF_K } from '../physics/cell.js';
import { ccdTemperatureFactor } from '../physics/filament/ccd.js';
import type { CellParams } from '../physics/cell-params.js';
import { outerGeometry, type CellDimensions } from '../physics/cell-format.js';
import { tabulateUniform, type UniformTable } from '../numerics/interp.js';
import { BOLTZMANN_eV_per_K } from '../units/index.js';
import { ecmFromModelFile, type EcmModelFile } from './model-file.js';

const OCV_POINTS = 401;
const MID_SOC = 0.5;

/** Activation energy [eV] and the value at T_ref from ln R = ln R_ref + (Ea/k)(1/T − 1/T_ref), least squares. */
export function fitArrhenius(temps_K: number[], r_ohm: number[], fallbackEa_eV: number): { ea_eV: number; rRef_ohm: number } {
  const n = temps_K.length;
  if (n < 2) {
    const ea = fallbackEa_eV;
    return { ea_eV: ea, rRef_ohm: r_ohm[0] * Math.exp(-(ea / BOLTZMANN_eV_per_K) * (1 / temps_K[0] - 1 / T_REF_K)) };
  }
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = 1 / temps_K[i] - 1 / T_REF_K;
    const y = Math.log(r_ohm[i]);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const a = (sy - b * sx) / n;
  const ea = Math.min(2, Math.max(0, b * BOLTZMANN_eV_per_K)); // the cell-parameter schema's range
  // with a clamped Ea, refit the intercept: mean of ln R − (Ea/k)·x
  const a2 = ea === b * BOLTZMANN_eV_per_K ? a : (sy - (ea / BOLTZMANN_eV_per_K) * sx) / n;
  return { ea_eV: ea, rRef_ohm: Math.exp(a2) };
}

/** `fitted-<name in lower case with dashes>`, without doubling a name that already starts with "fitted". */
export function fittedCellId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return 'fitted-model';
  return /^fitted(-|$)/.test(slug) ? slug : `fitted-${slug}`;
}

/** What a fitted cell must bring besides its electrical model: it is not the base preset's cell. */
export interface FittedPhysical {
  mass_g: number;
  dimensions: CellDimensions;
  heatCapacity_J_kgK: number;
}

/**
 * The body of a fitted cell: its own mass, size (volume, surface and cooling areas) and heat
 * capacity on the family dynamics of `family` (a preset: thermal window, ageing, runaway,
 * interfaces, filaments). The electrode area is the fitted capacity at the family preset's areal
 * loading, so the area-specific ageing and filament laws see the same current density.
 */
export function fittedCellBody(family: CellParams, capacity_Ah: number, phys: FittedPhysical): CellParams {
  const g = outerGeometry(phys.dimensions);
  const familyCapacity_Ah = (family.cathode.loading_mAh_cm2 * family.geometry.electrodeArea_cm2 * family.geometry.layers) / 1000;
  return {
    ...family,
    id: `${family.id}-body`,
    name: `fitted cell body on the ${family.id} family`,
    source: `mass ${phys.mass_g} g, ${JSON.stringify(phys.dimensions)} mm and heat capacity ${phys.heatCapacity_J_kgK} J/(kg·K) given with the fitted model; thermal window, ageing, runaway and interfaces of preset ${family.id}`,
    geometry: {
      electrodeArea_cm2: (family.geometry.electrodeArea_cm2 * capacity_Ah) / familyCapacity_Ah,
      layers: family.geometry.layers,
      mass_g: phys.mass_g,
      thickness_mm: g.thickness_mm,
      volume_mL: g.volume_mL,
      surfaceArea_cm2: g.surfaceArea_cm2,
      coolingArea_cm2: g.coolingArea_cm2,
    },
    thermal: { ...family.thermal, heatCapacity_J_kgK: phys.heatCapacity_J_kgK },
  };
}

export function cellModelFromEcmFile(m: EcmModelFile, base: CellParams): CellModel {
  const b = buildCellModel(base);
  const ecm = ecmFromModelFile(m);
  const area_m2 = b.area_m2;
  const capacity_As = m.capacity_Ah * 3600;

  const dudtAt = m.ocv.dOcvDt_V_K ? (z: number) => ecm.ocv_V(z, T_REF_K + 1) - ecm.ocv_V(z, T_REF_K) : () => 0;
  const ocvTable = tabulateUniform((z) => ecm.ocv_V(z, T_REF_K), 0, 1, OCV_POINTS);
  const dUdTTable = tabulateUniform(dudtAt, 0, 1, OCV_POINTS);
  const dz = 1 / (OCV_POINTS - 1);
  const g = new Float64Array(OCV_POINTS);
  for (let i = 1; i < OCV_POINTS; i++) {
    const uh0 = ocvTable.y[i - 1] - T_REF_K * dUdTTable.y[i - 1];
    const uh1 = ocvTable.y[i] - T_REF_K * dUdTTable.y[i];
    g[i] = g[i - 1] + 0.5 * (uh0 + uh1) * dz;
  }
  const enthalpyTable: UniformTable = { x0: 0, dx: dz, y: g };

  // RC: one activation energy for R1 + R2, split by the ratio at the temperature nearest T_ref
  const temps_K = m.resistance.temp_C.map((c) => c + 273.15);
  const rSum = temps_K.map((T) => ecm.r1_ohm(MID_SOC, T) + ecm.r2_ohm(MID_SOC, T));
  const arr = fitArrhenius(temps_K, rSum, base.rc.ea_eV);
  let near = 0;
  for (let i = 1; i < temps_K.length; i++) if (Math.abs(temps_K[i] - T_REF_K) < Math.abs(temps_K[near] - T_REF_K)) near = i;
  const Tn = temps_K[near];
  const share1 = ecm.r1_ohm(MID_SOC, Tn) / (ecm.r1_ohm(MID_SOC, Tn) + ecm.r2_ohm(MID_SOC, Tn) || 1);
  const rc = {
    r1_ohm_m2: arr.rRef_ohm * share1 * area_m2,
    tau1_s: ecm.tau1_s(MID_SOC, Tn),
    r2_ohm_m2: arr.rRef_ohm * (1 - share1) * area_m2,
    tau2_s: ecm.tau2_s(MID_SOC, Tn),
    ea_eV: arr.ea_eV,
  };
  const kEa = rc.ea_eV / BOLTZMANN_eV_per_K;
  const rcResistance = (temp_K: number) => {
    const f = rcFactor(temp_K);
    return { r1_ohm: (rc.r1_ohm_m2 * f) / area_m2, r2_ohm: (rc.r2_ohm_m2 * f) / area_m2 };
  };
  const r0_ohm = (temp_K: number, _pressure_Pa: number, ageAsr: number) => ecm.r0_ohm(MID_SOC, temp_K) + ageAsr / area_m2;
  // the fitted R0 has no pressure dependence, so the pack's precomputed pressure factors are unused
  const r0WithPressureFactors_ohm = (temp_K: number, pressure_Pa: number, _pfA: number, _pfC: number, ageAsr: number) => r0_ohm(temp_K, pressure_Pa, ageAsr);
  const rcFactor = (temp_K: number) => Math.exp(kEa * (1 / temp_K - 1 / T_REF_K));
  const filament = b.filament;
  const temperatureParameters = (temp_K: number, pressure_Pa: number, _pfA: number, _pfC: number, ageAsr: number, out: Float64Array): void => {
    out[0] = r0_ohm(temp_K, pressure_Pa, ageAsr);
    out[1] = rcFactor(temp_K);
    out[2] = filament === null ? 1 : ccdTemperatureFactor(filament, temp_K);
  };
  const resistance = (temp_K: number, pressure_Pa: number, ageAsr: number): ResistanceBreakdown => {
    const contacts_ohm = ecm.r0_ohm(MID_SOC, temp_K);
    const half = (0.5 * ageAsr) / area_m2;
    return { separator_ohm: 0, cathodeIonic_ohm: 0, anodeInterface_ohm: half, cathodeInterface_ohm: half, contacts_ohm, total_ohm: r0_ohm(temp_K, pressure_Pa, ageAsr) };
  };

  const params: CellParams = {
    ...base,
    id: fittedCellId(m.name),
    name: `${m.name} (fitted ECM)`,
    source: `fitted model file (${m.provenance.generatedBy || 'ssb fit'}, ${m.provenance.fitDate || 'undated'}); body: ${base.source}`,
    voltage: { max_V: m.vMax_V, min_V: m.vMin_V },
    rc: { r1_ohm_cm2: rc.r1_ohm_m2 * 1e4, tau1_s: rc.tau1_s, r2_ohm_cm2: rc.r2_ohm_m2 * 1e4, tau2_s: rc.tau2_s, ea_eV: rc.ea_eV },
  };

  return {
    params,
    capacity_As,
    area_m2,
    mass_kg: b.mass_kg,
    heatCapacity_J_K: b.heatCapacity_J_K,
    vMax_V: m.vMax_V,
    vMin_V: m.vMin_V,
    ocvTable,
    dUdTTable,
    enthalpyTable,
    anodeInterface: b.anodeInterface,
    cathodeInterface: b.cathodeInterface,
    rc,
    ageing: b.ageing,
    filament: b.filament,
    runaway: b.runaway,
    selfDischarge_A: ((base.selfDischarge_pct_per_month / 100) * capacity_As) / (30 * 86400),
    isLithiumMetal: b.isLithiumMetal,
    thicknessGrowth_m: b.thicknessGrowth_m,
    resistance,
    r0_ohm,
    r0WithPressureFactors_ohm,
    rcResistance,
    rcFactor,
    temperatureParameters,
  };
}
