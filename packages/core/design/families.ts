/**
 * Cell families: the dynamic parameters a designed cell inherits from its electrolyte family —
 * interface activation energies and pressure laws (the ASR values here are the defaults a design may
 * override), RC branches, thermal window and heat capacity, self-discharge, ageing, Li-filament
 * law (the CCD here is the default a design may override), runaway and the fixture's stiffness.
 * No geometry, no capacity, no mass: those come from a design (design/presets.ts for the built-in
 * cells). A simulator cell is `cellParamsOf(family, body)`: the family's dynamics on a body.
 */
import type { CellParams } from '../physics/cell-params.js';
import { LIQUID_NMC_RUNAWAY, OXIDE_LLZO_RUNAWAY, POLYMER_PEO_RUNAWAY, SULFIDE_LPSCL_RUNAWAY } from '../materials/runaway-reactions.js';

export type Family = 'oxide' | 'sulfide' | 'polymer' | 'liquid';

export interface CellFamily {
  readonly id: Family;
  readonly kind: 'ssb' | 'liquid';
  /** Where the dynamic parameters come from. */
  readonly source: string;
  readonly contacts_mohm: number;
  readonly anodeInterface: CellParams['anodeInterface'];
  readonly cathodeInterface: CellParams['cathodeInterface'];
  readonly rc: CellParams['rc'];
  readonly thermal: CellParams['thermal'];
  readonly selfDischarge_pct_per_month: number;
  readonly ageing: CellParams['ageing'];
  readonly filament: CellParams['filament'];
  readonly runaway: CellParams['runaway'];
  /** Pressure rise per mm of stack growth in a fixed-gap fixture [MPa/mm]. */
  readonly stiffness_MPa_per_mm: number;
}

/** What a cell is besides its family's dynamics: identity, electrodes, geometry, window, pressure. */
export type CellBody = Pick<CellParams, 'id' | 'name' | 'source' | 'cathode' | 'anode' | 'separator' | 'geometry' | 'voltage' | 'pressure'> & {
  anodeAsr_ohm_cm2: number;
  cathodeAsr_ohm_cm2: number;
  /** Critical current density at the family's reference, or null (no Li-metal anode: no filaments). */
  ccd_mA_cm2: number | null;
  /** The CCD's temperature and pressure law of the separator used (its material record); the family's when absent. */
  ccdLaw?: { temp_ref_C: number; ea_eV: number; pressure_ref_MPa: number; pressureExponent: number } | null;
};

function ccdLawOf(law: CellBody['ccdLaw']) {
  return law ? { temp_ref_C: law.temp_ref_C, ea_eV: law.ea_eV, pressure_ref_MPa: law.pressure_ref_MPa, pressureExponent: law.pressureExponent } : {};
}

/** The simulator's cell parameters: a family's dynamics on a body. */
export function cellParamsOf(f: CellFamily, b: CellBody): CellParams {
  return {
    schemaVersion: 1,
    id: b.id,
    name: b.name,
    kind: f.kind,
    source: b.source,
    cathode: { ...b.cathode },
    anode: { ...b.anode },
    separator: { ...b.separator },
    geometry: { ...b.geometry },
    voltage: { ...b.voltage },
    contacts_mohm: f.contacts_mohm,
    anodeInterface: { ...f.anodeInterface, asr_ohm_cm2: b.anodeAsr_ohm_cm2 },
    cathodeInterface: { ...f.cathodeInterface, asr_ohm_cm2: b.cathodeAsr_ohm_cm2 },
    rc: { ...f.rc },
    thermal: { ...f.thermal, window_C: { ...f.thermal.window_C } },
    selfDischarge_pct_per_month: f.selfDischarge_pct_per_month,
    ageing: { ...f.ageing },
    filament: b.ccd_mA_cm2 !== null && f.filament ? { ...f.filament, ...ccdLawOf(b.ccdLaw), ccd_mA_cm2: b.ccd_mA_cm2 } : null,
    runaway: { ...f.runaway, stages: f.runaway.stages?.map((s) => ({ ...s })) },
    pressure: { ...b.pressure },
  };
}

const SRC_CHEN = 'Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50 parameter set, PyBaMM Chen2020)';
const SRC_AGEING_LIION = 'Schmalstieg et al., J. Power Sources 257 (2014) 325 (calendar √t, Ea ≈ 58 kJ/mol); Waldmann et al., J. Power Sources 262 (2014) 129 (low-T cycle ageing)';

/** Oxide SSB: Li metal | garnet (LLZO). */
export const OXIDE_FAMILY: CellFamily = {
  id: 'oxide',
  kind: 'ssb',
  source:
    'Li|LLZO ASR 2 Ω·cm² after carbonate removal (Sharafi et al.); coated-cathode ASR ≈ 10 Ω·cm² (Takada, ACS Energy Lett. 2018, ≈); CCD ≈ 1 mA/cm² for dense garnet (Nat. Energy 2025, 10.1038/s41560-025-01847-0); RC branches, heat capacity 800 J/(kg·K), ageing and runaway onset 247 °C assumed',
  contacts_mohm: 0.1,
  anodeInterface: { asr_ohm_cm2: 2, ea_eV: 0.4, pressure_ref_MPa: 1, pressureExponent: 0.5, contactLoss_MPa: 0.2, contactLossFactor: 3 },
  cathodeInterface: { asr_ohm_cm2: 10, ea_eV: 0.45, pressure_ref_MPa: 1, pressureExponent: 0.5, contactLoss_MPa: 0.2, contactLossFactor: 3 },
  rc: { r1_ohm_cm2: 4, tau1_s: 8, r2_ohm_cm2: 6, tau2_s: 150, ea_eV: 0.4 },
  // window 15–35 °C (assumed): warmer than Li-ion because SE/interface resistance and the Li CCD are
  // Arrhenius-activated; the top limits interphase growth and Li creep
  thermal: { heatCapacity_J_kgK: 800, neighbourConductance_W_m2K: 150, window_C: { min: 15, max: 35 } },
  selfDischarge_pct_per_month: 0.5,
  // ageing of the SSB families is assumed (no published calendar/cycle law for these cells); the SoC
  // stress exp(1.0·(SoC − 0.5)) is assumed, ×1.49 at 90 % against 50 %
  ageing: {
    calendarFade_pct_at_1yr_25C: 1.5,
    calendarEa_kJ_mol: 50,
    socStress: 1.0,
    cycleFade_pct_per_1000efc: 7,
    cycleEa_kJ_mol: 30,
    cRateStress: 0.5,
    lowTempEa_kJ_mol: 25,
    interfaceGrowth_ohm_cm2_at_1yr_25C: 3,
    interfaceEa_kJ_mol: 40,
    interfaceGrowth_ohm_cm2_per_Ah_cm2: 0.002,
  },
  filament: { ccd_mA_cm2: 1.0, temp_ref_C: 25, ea_eV: 0.15, pressure_ref_MPa: 1, pressureExponent: 0.5, damageRate_1_s: 1 / 600, shortOnset_ohm_cm2: 3e5, damageScale: 0.5, shortMin_ohm_cm2: 30 },
  runaway: OXIDE_LLZO_RUNAWAY,
  stiffness_MPa_per_mm: 2,
};

/** Sulfide SSB: Li metal or anode-free | argyrodite (Li6PS5Cl); higher stack pressure. */
export const SULFIDE_FAMILY: CellFamily = {
  ...OXIDE_FAMILY,
  id: 'sulfide',
  source:
    'Li6PS5Cl 1–2.8 mS/cm, Ea 0.2–0.25 eV (Front. Chem. 2021); ≈ 10 MPa stack pressure typical for sulfides (seed 004); LiNbO3-coated cathode ASR ≈ 10 Ω·cm² (Takada 2018, ≈); R_int ∝ P^−0.5 (arXiv 2501.00600); CCD of densified Li6PS5Cl up to several mA/cm² (Nat. Energy 2025), pressure dependence (Kasemchainan et al., Nat. Mater. 2019); RC, thermal and ageing as the oxide family (assumed)',
  anodeInterface: { asr_ohm_cm2: 3, ea_eV: 0.35, pressure_ref_MPa: 5, pressureExponent: 0.5, contactLoss_MPa: 2, contactLossFactor: 4 },
  cathodeInterface: { asr_ohm_cm2: 10, ea_eV: 0.4, pressure_ref_MPa: 5, pressureExponent: 0.5, contactLoss_MPa: 2, contactLossFactor: 4 },
  filament: { ccd_mA_cm2: 2.0, temp_ref_C: 25, ea_eV: 0.15, pressure_ref_MPa: 5, pressureExponent: 1.0, damageRate_1_s: 1 / 600, shortOnset_ohm_cm2: 3e5, damageScale: 0.5, shortMin_ohm_cm2: 30 },
  runaway: SULFIDE_LPSCL_RUNAWAY,
  stiffness_MPa_per_mm: 5,
};

/** Polymer SSB: Li metal | PEO–LiTFSI, a warm-running cell (PEO conducts only above its melting point). */
export const POLYMER_FAMILY: CellFamily = {
  ...OXIDE_FAMILY,
  id: 'polymer',
  source:
    'PEO–LiTFSI ≈ 1 mS/cm at 80 °C, 1e-8–1e-6 S/cm at 25 °C, melting 60–65 °C (Gorecki 1995); polymer cells operated at 60–80 °C (Bolloré/Blue Solutions LMP concept); Li|PEO ASR and CCD are assumed round values; RC and ageing as the oxide family (assumed)',
  // PEO conducts only above its melting point (60–65 °C, Gorecki 1995): window 55–75 °C (assumed)
  thermal: { heatCapacity_J_kgK: 800, neighbourConductance_W_m2K: 150, window_C: { min: 55, max: 75 } },
  anodeInterface: { asr_ohm_cm2: 8, ea_eV: 0.5, pressure_ref_MPa: 0.5, pressureExponent: 0.3, contactLoss_MPa: 0.05, contactLossFactor: 2 },
  cathodeInterface: { asr_ohm_cm2: 10, ea_eV: 0.5, pressure_ref_MPa: 0.5, pressureExponent: 0.3, contactLoss_MPa: 0.05, contactLossFactor: 2 },
  filament: { ccd_mA_cm2: 0.5, temp_ref_C: 70, ea_eV: 0.3, pressure_ref_MPa: 0.5, pressureExponent: 0.5, damageRate_1_s: 1 / 600, shortOnset_ohm_cm2: 3e5, damageScale: 0.5, shortMin_ohm_cm2: 30 },
  runaway: POLYMER_PEO_RUNAWAY,
  stiffness_MPa_per_mm: 0,
};

/** Liquid-electrolyte Li-ion: LiPF6 EC:EMC, no stack-pressure dependence, no Li-metal filaments. */
export const LIQUID_FAMILY: CellFamily = {
  id: 'liquid',
  kind: 'liquid',
  source: `${SRC_CHEN}; ${SRC_AGEING_LIION}; liquid NMC pouch runaway onset 393–487 K (Batteries 2022, 8, 41); self-discharge ≈ 2 %/month (typical Li-ion datasheets); RC branches and heat capacity 1000 J/(kg·K) assumed`,
  contacts_mohm: 0.1,
  anodeInterface: { asr_ohm_cm2: 1.5, ea_eV: 0.35, pressure_ref_MPa: 0.1, pressureExponent: 0, contactLoss_MPa: 0, contactLossFactor: 0 },
  cathodeInterface: { asr_ohm_cm2: 1.5, ea_eV: 0.35, pressure_ref_MPa: 0.1, pressureExponent: 0, contactLoss_MPa: 0, contactLossFactor: 0 },
  rc: { r1_ohm_cm2: 3, tau1_s: 5, r2_ohm_cm2: 5, tau2_s: 120, ea_eV: 0.35 },
  // Li-ion window 10–35 °C (assumed; the 15–35 °C optimum usually quoted for Li-ion, Pesaran,
  // NREL/CP-540-31212 (2001), widened downwards because the liquid electrolyte tolerates cold better)
  thermal: { heatCapacity_J_kgK: 1000, neighbourConductance_W_m2K: 200, window_C: { min: 10, max: 35 } },
  selfDischarge_pct_per_month: 2,
  // calendar fade from Schmalstieg et al., J. Power Sources 257 (2014) 325 (Sanyo UR18650E
  // NMC/graphite 18650, storage tests at several temperatures and SoCs): α_cap = (7.543·V − 23.75)·10⁶·exp(−6976 K/T)
  // per day^0.75. Its voltage term is the SoC stress (zero at 23.75/7.543 = 3.1486 V, normalised at
  // the cell's 50 % OCV); 6976 K·R = 58 kJ/mol; and at 25 °C and the reference cell's 50 % OCV
  // (3.708 V) it gives 2.43 % after one year. Kept as √t (Wang et al., J. Power Sources 269 (2014)
  // 937: calendar loss ∝ √t), which agrees with Schmalstieg's t^0.75 at one year only: the model
  // fades faster than t^0.75 before a year and slower after. Applying that NMC cell's law to NMC811 is assumed.
  ageing: {
    calendarFade_pct_at_1yr_25C: 2.43,
    calendarEa_kJ_mol: 58,
    socStress: 1.0,
    calendarVoltageZero_V: 23.75 / 7.543,
    cycleFade_pct_per_1000efc: 15,
    cycleEa_kJ_mol: 30,
    cRateStress: 0.5,
    lowTempEa_kJ_mol: 40,
    interfaceGrowth_ohm_cm2_at_1yr_25C: 1.5,
    interfaceEa_kJ_mol: 50,
    interfaceGrowth_ohm_cm2_per_Ah_cm2: 0.001,
  },
  filament: null,
  runaway: LIQUID_NMC_RUNAWAY,
  stiffness_MPa_per_mm: 0,
};

export const CELL_FAMILIES: Readonly<Record<Family, CellFamily>> = { oxide: OXIDE_FAMILY, sulfide: SULFIDE_FAMILY, polymer: POLYMER_FAMILY, liquid: LIQUID_FAMILY };
