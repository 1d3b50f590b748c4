/**
 * Composes the cell model in SI units from a parameter file: OCV from the electrode materials,
 * series resistance from the materials and geometry, interfaces, RC branches, heat, ageing,
 * filaments, runaway and stack mechanics. The pack engine (pack/pack.ts) evaluates these on
 * Float64Array state; a single cell is a 1s1p pack, so there is one implementation.
 *
 * Terminal voltage (physics.md §1):
 *     V = U_ocv(z, T) − I_e·R0(T, p, age) − v1 − v2,    I_e = I + V/R_short
 *     R0 = R_separator + R_cathode-ionic + R_interfaces + R_contacts
 *     R_separator     = L_sep / (σ_sep(T) · ε_sep^b · A)                      (dense SE: ε = 1)
 *     R_cathode-ionic = L_cat / (3 · σ_cath(T) · ε_cat^b · A)   (Bruggeman σ_eff = σ·ε^1.5; the factor
 *                       1/3 is the uniform-reaction limit of a porous electrode's ionic resistance,
 *                       Ogihara et al., J. Electrochem. Soc. 159 (2012) A1034)
 *     R_interfaces    = (ASR_anode(T, p, age) + ASR_cathode(T, p, age)) / A
 * A is the total electrode area (area per layer × layers). The capacity is
 * loading × area × layers, so a design change shows up in the simulation.
 */
import { ACTIVE_MATERIALS, fullCellOcv_V, fullCellDUdT_V_K } from '../materials/electrodes.js';
import { ELECTROLYTES } from '../materials/electrolytes.js';
import { conductivity_S_m } from './transport/conductivity.js';
import { interfaceAsr_ohm_m2, pressureFactor, type InterfaceParams } from './interface/pressure-power-law.js';
import type { AgeingParams } from './ageing/empirical.js';
import { ccdTemperatureFactor, CCD_PRESSURE_FLOOR_Pa, type FilamentParams } from './filament/ccd.js';
import { runawayFromParams } from './runaway/params.js';
import type { RunawayModel } from './runaway/arrhenius.js';
import { interpUniform, tabulateUniform, type UniformTable } from '../numerics/interp.js';
import { InputError } from '../errors.js';
import { parseWithSchema } from '../schema.js';
import { closestIds } from '../suggest.js';
import { cToK, BOLTZMANN_eV_per_K } from '../units/index.js';
import { cellParamsSchema, type CellParams } from './cell-params.js';

export const T_REF_K = 298.15;
/** Li metal: 3860 mAh/g at 0.534 g/cm³ → 4.85 µm of Li per mAh/cm² (physics.md §1). */
export const LI_THICKNESS_m_per_mAh_cm2 = (1 / (3860 * 0.534)) * 1e-2;
/** Graphite swells ≈ 10 % in volume from empty to LiC6 (Schweidler et al., J. Phys. Chem. C 122 (2018) 8829). */
export const GRAPHITE_SWELLING = 0.1;
const OCV_POINTS = 401;
const T_TAB_MIN_K = 200;
const T_TAB_MAX_K = 500;
const T_TAB_N = 1201;
const SECONDS_PER_YEAR = 365.25 * 86400;

export interface ResistanceBreakdown {
  separator_ohm: number;
  cathodeIonic_ohm: number;
  anodeInterface_ohm: number;
  cathodeInterface_ohm: number;
  contacts_ohm: number;
  total_ohm: number;
}

export interface CellModel {
  readonly params: CellParams;
  readonly capacity_As: number;
  /** Total electrode area (per-layer area × layers) [m²]. */
  readonly area_m2: number;
  readonly mass_kg: number;
  readonly heatCapacity_J_K: number;
  readonly vMax_V: number;
  readonly vMin_V: number;
  /** OCV at T_ref on a uniform SoC grid, and the entropic coefficient ∂U/∂T. */
  readonly ocvTable: UniformTable;
  readonly dUdTTable: UniformTable;
  /** G(z) = ∫₀ᶻ (U − T·∂U/∂T) dz' [V]: stored enthalpy per unit charge; H = Q·G(z). */
  readonly enthalpyTable: UniformTable;
  readonly anodeInterface: InterfaceParams;
  readonly cathodeInterface: InterfaceParams;
  readonly rc: { r1_ohm_m2: number; tau1_s: number; r2_ohm_m2: number; tau2_s: number; ea_eV: number };
  readonly ageing: AgeingParams;
  readonly filament: FilamentParams | null;
  readonly runaway: RunawayModel;
  readonly selfDischarge_A: number;
  readonly isLithiumMetal: boolean;
  /** Stack thickness growth from SoC 0 to SoC z [m] (Li plating, graphite swelling, cathode breathing). */
  thicknessGrowth_m(z: number): number;
  /** Series resistance and its parts at temperature, pressure and interface age ΔASR [Ω·m²]. */
  resistance(temp_K: number, pressure_Pa: number, ageAsr_ohm_m2: number): ResistanceBreakdown;
  /** Total series resistance R0 [Ω] without allocating (hot path). */
  r0_ohm(temp_K: number, pressure_Pa: number, ageAsr_ohm_m2: number): number;
  /**
   * Same value as `r0_ohm(temp_K, pressure_Pa, ageAsr)`, given the interfaces' pressure factors
   * `pressureFactor(anodeInterface, pressure_Pa)` and `pressureFactor(cathodeInterface, pressure_Pa)`
   * precomputed (the pack evaluates them once per module, not once per cell).
   */
  r0WithPressureFactors_ohm(temp_K: number, pressure_Pa: number, pfAnode: number, pfCathode: number, ageAsr_ohm_m2: number): number;
  /** RC resistances at temperature (Arrhenius with rc.ea_eV) [Ω]. */
  rcResistance(temp_K: number): { r1_ohm: number; r2_ohm: number };
  /** The Arrhenius factor f of the RC resistances, R_j = (r_j,ohm_m2 · f) / area (allocation-free). */
  rcFactor(temp_K: number): number;
  /**
   * The pack's per-cell parameter refresh in one call, from one temperature-grid index:
   * out[0] = R0 (equal to `r0WithPressureFactors_ohm`), out[1] = the RC factor (equal to
   * `rcFactor`), out[2] = the CCD temperature factor (`ccdTemperatureFactor`; 1 without filament
   * parameters), tabulated on the same 0.25 K grid: linear-interpolation error ≤ h²/8·(Ea/k_B·T²)²
   * ≈ 6e-5 relative at 200 K for Ea = 0.3 eV (exact outside the grid).
   */
  temperatureParameters(temp_K: number, pressure_Pa: number, pfAnode: number, pfCathode: number, ageAsr_ohm_m2: number, out: Float64Array): void;
}

/**
 * The filament model's SI parameters from a cell parameter file's `filament` block (units in the
 * file's names: mA/cm², °C, MPa, Ω·cm²); `ccd_mA_cm2` overrides the block's CCD (the designer
 * computes it from the design). The pressure floor, 0.01 MPa, keeps the CCD's pressure law finite
 * at zero stack pressure.
 */
export function filamentParamsFrom(f: NonNullable<CellParams['filament']>, ccd_mA_cm2: number = f.ccd_mA_cm2): FilamentParams {
  return {
    ccd_ref_A_m2: ccd_mA_cm2 * 10,
    temp_ref_K: cToK(f.temp_ref_C),
    ea_eV: f.ea_eV,
    pressure_ref_Pa: f.pressure_ref_MPa * 1e6,
    pressureExponent: f.pressureExponent,
    pressureFloor_Pa: CCD_PRESSURE_FLOOR_Pa,
    damageRate_1_s: f.damageRate_1_s,
    shortOnsetAsr_ohm_m2: f.shortOnset_ohm_cm2 * 1e-4,
    damageScale: f.damageScale,
    shortMinAsr_ohm_m2: f.shortMin_ohm_cm2 * 1e-4,
  };
}

/** Validate a parameter object (from a file or a preset with overrides); errors name the field. */
export function validateCellParams(raw: unknown, file = 'cell parameters'): CellParams {
  const p = parseWithSchema(cellParamsSchema, raw, file);
  if (p.voltage.min_V >= p.voltage.max_V) throw new InputError('min_V must be below max_V', { file, field: 'voltage.min_V', value: p.voltage.min_V });
  return p;
}

function material(kind: 'active' | 'electrolyte', id: string, field: string) {
  const table = kind === 'active' ? ACTIVE_MATERIALS : ELECTROLYTES;
  const m = (table as Record<string, unknown>)[id];
  if (!m) {
    const known = Object.keys(table);
    throw new InputError(
      `unknown material; did you mean ${closestIds(id, known)
        .map((k) => `'${k}'`)
        .join(', ')}? Known: ${known.join(', ')}`,
      { field, value: id },
    );
  }
  return m;
}

/** Cathode stoichiometries where its potential vs Li equals the cut-off voltages (bisection). */
function lithiumMetalWindow(cath: (typeof ACTIVE_MATERIALS)[string], vMin: number, vMax: number): { x_soc0: number; x_soc1: number } {
  const lo = Math.min(cath.x_soc0, cath.x_soc1);
  const hi = Math.max(cath.x_soc0, cath.x_soc1);
  const find = (target: number, a: number, b: number): number => {
    // cathode potential decreases with lithiation x
    let fa = cath.ocp_V(a) - target;
    for (let i = 0; i < 60; i++) {
      const m = 0.5 * (a + b);
      const fm = cath.ocp_V(m) - target;
      if (Math.sign(fm) === Math.sign(fa)) {
        a = m;
        fa = fm;
      } else b = m;
    }
    return 0.5 * (a + b);
  };
  const xMaxLith = Math.min(0.995, hi + 0.5 * (1 - hi));
  const x0 = cath.ocp_V(xMaxLith) < vMin ? find(vMin, lo, xMaxLith) : xMaxLith;
  const x1 = cath.ocp_V(lo) > vMax ? find(vMax, lo, hi) : lo;
  return { x_soc0: x0, x_soc1: x1 };
}

/**
 * An interface's SI parameters from a cell parameter file's interface block (Ω·cm², MPa);
 * `asr_ohm_m2` overrides the block's ASR (the designer computes it). Reference temperature 25 °C;
 * the pressure floor, 0.01 MPa, keeps the P^−n law finite at zero stack pressure.
 */
export function interfaceParamsFrom(i: CellParams['anodeInterface'], asr_ohm_m2: number = i.asr_ohm_cm2 * 1e-4): InterfaceParams {
  return {
    asr_ref_ohm_m2: asr_ohm_m2,
    temp_ref_K: T_REF_K,
    ea_eV: i.ea_eV,
    pressure_ref_Pa: i.pressure_ref_MPa * 1e6,
    pressureExponent: i.pressureExponent,
    contactLoss_Pa: i.contactLoss_MPa * 1e6,
    contactLossFactor: i.contactLossFactor,
    pressureFloor_Pa: CCD_PRESSURE_FLOOR_Pa,
  };
}

export function buildCellModel(params: CellParams): CellModel {
  const p = params;
  const cath = material('active', p.cathode.material, 'cathode.material') as (typeof ACTIVE_MATERIALS)[string];
  const anodeId = p.anode.material;
  const anode = material('active', anodeId, 'anode.material') as (typeof ACTIVE_MATERIALS)[string];
  const sepEl = material('electrolyte', p.separator.electrolyte, 'separator.electrolyte') as (typeof ELECTROLYTES)[string];
  const cathEl = material('electrolyte', p.cathode.catholyte ?? p.separator.electrolyte, 'cathode.catholyte') as (typeof ELECTROLYTES)[string];
  const isLi = anodeId === 'Li';

  const area_m2 = p.geometry.electrodeArea_cm2 * 1e-4 * p.geometry.layers;
  const capacity_As = p.cathode.loading_mAh_cm2 * p.geometry.electrodeArea_cm2 * p.geometry.layers * 3.6; // mAh → As
  const mass_kg = p.geometry.mass_g / 1000;

  // Against Li metal the SoC window is the voltage window: SoC 0 at min_V and SoC 1 at max_V on the
  // cathode curve, so that cut-off voltages (and the BMS's under/over-voltage protection) bound
  // the usable charge. Against graphite the balanced stoichiometry windows of the material set apply.
  const cathW = isLi ? { ...cath, ...lithiumMetalWindow(cath, p.voltage.min_V, p.voltage.max_V) } : cath;
  const ocv = (z: number) => fullCellOcv_V(cathW, anode, z);
  const dUdT = (z: number) => fullCellDUdT_V_K(cathW, anode, z);
  const ocvTable = tabulateUniform(ocv, 0, 1, OCV_POINTS);
  const dUdTTable = tabulateUniform(dUdT, 0, 1, OCV_POINTS);
  // enthalpy potential U_H = U − T·∂U/∂T is T-independent when U(z,T) = U_ref(z) + (T − T_ref)·∂U/∂T
  const uh = new Float64Array(OCV_POINTS);
  for (let i = 0; i < OCV_POINTS; i++) uh[i] = ocvTable.y[i] - T_REF_K * dUdTTable.y[i];
  const g = new Float64Array(OCV_POINTS);
  const dz = 1 / (OCV_POINTS - 1);
  for (let i = 1; i < OCV_POINTS; i++) g[i] = g[i - 1] + 0.5 * (uh[i] + uh[i - 1]) * dz;
  const enthalpyTable: UniformTable = { x0: 0, dx: dz, y: g };
  for (let i = 0; i < OCV_POINTS; i++) {
    if (!Number.isFinite(ocvTable.y[i])) throw new InputError(`OCV is not finite at SoC ${(i * dz).toFixed(3)}`, { field: 'cathode.material', value: p.cathode.material });
  }

  const sepLen_m = p.separator.thickness_um * 1e-6;
  const sepFactor = Math.pow(p.separator.porosity, p.separator.bruggemanExponent);
  const catLen_m = p.cathode.thickness_um * 1e-6;
  const catFactor = Math.pow(p.cathode.electrolyteVolumeFraction, p.cathode.bruggemanExponent);
  const anodeIf = interfaceParamsFrom(p.anodeInterface);
  const cathodeIf = interfaceParamsFrom(p.cathodeInterface);
  const contacts_ohm = p.contacts_mohm * 1e-3;

  const resistance = (temp_K: number, pressure_Pa: number, ageAsr: number): ResistanceBreakdown => {
    const separator_ohm = sepLen_m / (conductivity_S_m(sepEl.conductivity, temp_K) * sepFactor * area_m2);
    const cathodeIonic_ohm = catLen_m / (3 * conductivity_S_m(cathEl.conductivity, temp_K) * catFactor * area_m2);
    // interface growth is split evenly between the two interfaces
    const anodeInterface_ohm = interfaceAsr_ohm_m2(anodeIf, temp_K, pressure_Pa, 0.5 * ageAsr) / area_m2;
    const cathodeInterface_ohm = interfaceAsr_ohm_m2(cathodeIf, temp_K, pressure_Pa, 0.5 * ageAsr) / area_m2;
    const total_ohm = separator_ohm + cathodeIonic_ohm + anodeInterface_ohm + cathodeInterface_ohm + contacts_ohm;
    return { separator_ohm, cathodeIonic_ohm, anodeInterface_ohm, cathodeInterface_ohm, contacts_ohm, total_ohm };
  };
  const r0Exact = (temp_K: number, pressure_Pa: number, ageAsr: number): number =>
    sepLen_m / (conductivity_S_m(sepEl.conductivity, temp_K) * sepFactor * area_m2) +
    catLen_m / (3 * conductivity_S_m(cathEl.conductivity, temp_K) * catFactor * area_m2) +
    (interfaceAsr_ohm_m2(anodeIf, temp_K, pressure_Pa, 0.5 * ageAsr) + interfaceAsr_ohm_m2(cathodeIf, temp_K, pressure_Pa, 0.5 * ageAsr)) / area_m2 +
    contacts_ohm;
  // Hot path: the temperature-dependent parts tabulated on a 0.25 K grid from −73 °C to +227 °C
  // (linear interpolation; relative error ≤ 2e-4, ≤ 3e-3 across the PEO melting transition), the exact
  // functions outside it. Pressure and age enter through their exact factors.
  const bulkT = tabulateUniform(
    (T) => sepLen_m / (conductivity_S_m(sepEl.conductivity, T) * sepFactor * area_m2) + catLen_m / (3 * conductivity_S_m(cathEl.conductivity, T) * catFactor * area_m2),
    T_TAB_MIN_K,
    T_TAB_MAX_K,
    T_TAB_N,
  );
  const arrA = tabulateUniform((T) => interfaceAsr_ohm_m2({ ...anodeIf, asr_ref_ohm_m2: 1, pressureExponent: 0, contactLoss_Pa: 0 }, T, anodeIf.pressure_ref_Pa, 0), T_TAB_MIN_K, T_TAB_MAX_K, T_TAB_N);
  const arrC = tabulateUniform(
    (T) => interfaceAsr_ohm_m2({ ...cathodeIf, asr_ref_ohm_m2: 1, pressureExponent: 0, contactLoss_Pa: 0 }, T, cathodeIf.pressure_ref_Pa, 0),
    T_TAB_MIN_K,
    T_TAB_MAX_K,
    T_TAB_N,
  );
  const r0WithPressureFactors_ohm = (temp_K: number, pressure_Pa: number, pfA: number, pfC: number, ageAsr: number): number => {
    if (!(temp_K >= T_TAB_MIN_K && temp_K <= T_TAB_MAX_K)) return r0Exact(temp_K, pressure_Pa, ageAsr);
    const a = (anodeIf.asr_ref_ohm_m2 + 0.5 * ageAsr) * interpUniform(arrA, temp_K) * pfA;
    const c = (cathodeIf.asr_ref_ohm_m2 + 0.5 * ageAsr) * interpUniform(arrC, temp_K) * pfC;
    return interpUniform(bulkT, temp_K) + (a + c) / area_m2 + contacts_ohm;
  };
  const r0_ohm = (temp_K: number, pressure_Pa: number, ageAsr: number): number =>
    r0WithPressureFactors_ohm(temp_K, pressure_Pa, pressureFactor(anodeIf, pressure_Pa), pressureFactor(cathodeIf, pressure_Pa), ageAsr);
  const rc = { r1_ohm_m2: p.rc.r1_ohm_cm2 * 1e-4, tau1_s: p.rc.tau1_s, r2_ohm_m2: p.rc.r2_ohm_cm2 * 1e-4, tau2_s: p.rc.tau2_s, ea_eV: p.rc.ea_eV };
  const rcArr = tabulateUniform((T) => Math.exp((rc.ea_eV / BOLTZMANN_eV_per_K) * (1 / T - 1 / T_REF_K)), T_TAB_MIN_K, T_TAB_MAX_K, T_TAB_N);
  const rcFactor = (temp_K: number): number => (temp_K >= T_TAB_MIN_K && temp_K <= T_TAB_MAX_K ? interpUniform(rcArr, temp_K) : Math.exp((rc.ea_eV / BOLTZMANN_eV_per_K) * (1 / temp_K - 1 / T_REF_K)));
  const rcResistance = (temp_K: number) => {
    const f = rcFactor(temp_K);
    return { r1_ohm: (rc.r1_ohm_m2 * f) / area_m2, r2_ohm: (rc.r2_ohm_m2 * f) / area_m2 };
  };

  const a = p.ageing;
  if (a.calendarVoltageZero_V != null && !(ocv(0.5) > a.calendarVoltageZero_V)) {
    throw new InputError(`must be below the cell's OCV at 50 % SoC (${ocv(0.5).toFixed(3)} V): the calendar voltage stress is normalised there`, {
      field: 'ageing.calendarVoltageZero_V',
      value: a.calendarVoltageZero_V,
    });
  }
  const ageing: AgeingParams = {
    temp_ref_K: T_REF_K,
    calendar_1_sqrt_s: a.calendarFade_pct_at_1yr_25C / 100 / Math.sqrt(SECONDS_PER_YEAR),
    calendarEa_J_mol: a.calendarEa_kJ_mol * 1e3,
    socStress: a.socStress,
    calendarVoltageZero_V: a.calendarVoltageZero_V ?? null,
    calendarVoltageRef_V: ocv(0.5),
    cyclePerEfc: a.cycleFade_pct_per_1000efc / 100 / 1000,
    cycleEa_J_mol: a.cycleEa_kJ_mol * 1e3,
    cRateStress: a.cRateStress,
    lowTempEa_J_mol: a.lowTempEa_kJ_mol * 1e3,
    interfaceGrowth_ohm_m2_per_sqrt_s: (a.interfaceGrowth_ohm_cm2_at_1yr_25C * 1e-4) / Math.sqrt(SECONDS_PER_YEAR),
    interfaceEa_J_mol: a.interfaceEa_kJ_mol * 1e3,
    // per Ah/cm² → per Ah/m² of throughput density
    interfaceGrowth_ohm_m2_per_Ah_m2: a.interfaceGrowth_ohm_cm2_per_Ah_cm2 * 1e-4 * 1e-4,
  };

  const f = p.filament;
  if (f && !isLi) throw new InputError('filament parameters apply only to a Li-metal (or anode-free) anode', { field: 'filament', value: anodeId });
  const filament: FilamentParams | null = f ? filamentParamsFrom(f) : null;

  const runaway = runawayFromParams(p.runaway, p.thermal.heatCapacity_J_kgK);

  const ccdArr = filament ? tabulateUniform((T) => ccdTemperatureFactor(filament, T), T_TAB_MIN_K, T_TAB_MAX_K, T_TAB_N) : null;
  const tx0 = bulkT.x0;
  const tdx = bulkT.dx;
  const by = bulkT.y;
  const ay = arrA.y;
  const cy = arrC.y;
  const ry = rcArr.y;
  const temperatureParameters = (temp_K: number, pressure_Pa: number, pfA: number, pfC: number, ageAsr: number, out: Float64Array): void => {
    const s = (temp_K - tx0) / tdx;
    if (!(s > 0 && s < T_TAB_N - 1)) {
      // the grid ends (and beyond: the exact functions), as the single-table functions do
      out[0] = r0WithPressureFactors_ohm(temp_K, pressure_Pa, pfA, pfC, ageAsr);
      out[1] = rcFactor(temp_K);
      out[2] = filament === null ? 1 : ccdArr !== null && temp_K >= T_TAB_MIN_K && temp_K <= T_TAB_MAX_K ? interpUniform(ccdArr, temp_K) : ccdTemperatureFactor(filament, temp_K);
      return;
    }
    // inside the grid: interpUniform's arithmetic on each table with the shared index
    const i = s | 0;
    const f = s - i;
    const a = (anodeIf.asr_ref_ohm_m2 + 0.5 * ageAsr) * (ay[i] + (ay[i + 1] - ay[i]) * f) * pfA;
    const c = (cathodeIf.asr_ref_ohm_m2 + 0.5 * ageAsr) * (cy[i] + (cy[i + 1] - cy[i]) * f) * pfC;
    out[0] = by[i] + (by[i + 1] - by[i]) * f + (a + c) / area_m2 + contacts_ohm;
    out[1] = ry[i] + (ry[i + 1] - ry[i]) * f;
    if (ccdArr === null) out[2] = 1;
    else {
      const cc = ccdArr.y;
      out[2] = cc[i] + (cc[i + 1] - cc[i]) * f;
    }
  };

  const loading = p.cathode.loading_mAh_cm2;
  const layers = p.geometry.layers;
  const cathSwell = cath.volumeChangeOnCharge;
  const thicknessGrowth_m = (z: number): number => {
    const anodeGrowth = isLi ? z * loading * LI_THICKNESS_m_per_mAh_cm2 : z * GRAPHITE_SWELLING * p.anode.thickness_um * 1e-6;
    return layers * (anodeGrowth + z * cathSwell * catLen_m);
  };

  return {
    params: p,
    capacity_As,
    area_m2,
    mass_kg,
    heatCapacity_J_K: mass_kg * p.thermal.heatCapacity_J_kgK,
    vMax_V: p.voltage.max_V,
    vMin_V: p.voltage.min_V,
    ocvTable,
    dUdTTable,
    enthalpyTable,
    anodeInterface: anodeIf,
    cathodeInterface: cathodeIf,
    rc,
    ageing,
    filament,
    runaway,
    selfDischarge_A: ((p.selfDischarge_pct_per_month / 100) * capacity_As) / (30 * 86400),
    isLithiumMetal: isLi,
    thicknessGrowth_m,
    resistance,
    r0_ohm,
    r0WithPressureFactors_ohm,
    rcResistance,
    rcFactor,
    temperatureParameters,
  };
}
