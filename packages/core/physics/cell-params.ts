import { z } from 'zod';
import { defineRegistry, type RegistryEntry } from '../registry.js';
import { celsius } from '../schema.js';

/**
 * Cell parameter file (versioned). Values are in the units named in each field (engineering units
 * at the edge); `physics/cell.ts` converts them to SI once. Every preset below names its sources.
 */
const interfaceSchema = z.strictObject({
  asr_ohm_cm2: z.number().nonnegative(),
  ea_eV: z.number().min(0).max(2),
  pressure_ref_MPa: z.number().positive(),
  pressureExponent: z.number().min(0).max(3),
  contactLoss_MPa: z.number().nonnegative(),
  contactLossFactor: z.number().nonnegative(),
});

export const cellParamsSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['ssb', 'liquid']),
  source: z.string(),
  cathode: z.strictObject({
    material: z.string(),
    loading_mAh_cm2: z.number().positive().max(20),
    thickness_um: z.number().positive().max(1000),
    /** Volume fraction of ion conductor in the composite (catholyte for SSB, pore electrolyte for liquid). */
    electrolyteVolumeFraction: z.number().gt(0).lt(1),
    bruggemanExponent: z.number().min(1).max(3),
    /** Electrolyte in the composite; defaults to the separator's. */
    catholyte: z.string().optional(),
  }),
  anode: z.strictObject({
    material: z.string(),
    /** Li foil / seed layer or graphite electrode thickness. */
    thickness_um: z.number().nonnegative().max(1000),
  }),
  separator: z.strictObject({
    electrolyte: z.string(),
    thickness_um: z.number().positive().max(1000),
    /** Fraction of the separator that conducts ions (1 for a dense solid electrolyte). */
    porosity: z.number().gt(0).max(1),
    bruggemanExponent: z.number().min(1).max(3),
  }),
  geometry: z.strictObject({
    electrodeArea_cm2: z.number().positive(),
    layers: z.number().int().positive(),
    mass_g: z.number().positive(),
    thickness_mm: z.number().positive(),
    /** Area through which the cell exchanges heat with ambient air [cm²]. */
    surfaceArea_cm2: z.number().positive(),
    /** Footprint in contact with the cooling plate [cm²]. */
    coolingArea_cm2: z.number().positive(),
  }),
  voltage: z.strictObject({ max_V: z.number().positive(), min_V: z.number().positive() }),
  contacts_mohm: z.number().nonnegative(),
  anodeInterface: interfaceSchema,
  cathodeInterface: interfaceSchema,
  rc: z.strictObject({
    r1_ohm_cm2: z.number().nonnegative(),
    tau1_s: z.number().positive(),
    r2_ohm_cm2: z.number().nonnegative(),
    tau2_s: z.number().positive(),
    ea_eV: z.number().min(0).max(2),
  }),
  thermal: z.strictObject({
    heatCapacity_J_kgK: z.number().positive(),
    /** Through-plane conductance to a neighbour cell, per area [W/(m²·K)]. */
    neighbourConductance_W_m2K: z.number().nonnegative(),
    /**
     * Preferred operating window [°C]. The simulator derives from it the thermostat band (heat
     * below min until min + 5, cool above max until max − 5), pre-heat before charging (below
     * min until min + 5) and the high-temperature protection tiers (max + 20 / 25 / 35 °C).
     */
    window_C: z.strictObject({ min: celsius, max: celsius }).refine((w) => w.min < w.max, 'min must be below max'),
  }),
  selfDischarge_pct_per_month: z.number().nonnegative().max(50),
  ageing: z.strictObject({
    calendarFade_pct_at_1yr_25C: z.number().nonnegative().max(50),
    calendarEa_kJ_mol: z.number().nonnegative(),
    socStress: z.number(),
    cycleFade_pct_per_1000efc: z.number().nonnegative().max(100),
    cycleEa_kJ_mol: z.number().nonnegative(),
    cRateStress: z.number().nonnegative(),
    lowTempEa_kJ_mol: z.number().nonnegative(),
    interfaceGrowth_ohm_cm2_at_1yr_25C: z.number().nonnegative(),
    interfaceEa_kJ_mol: z.number().nonnegative(),
    interfaceGrowth_ohm_cm2_per_Ah_cm2: z.number().nonnegative(),
  }),
  filament: z
    .strictObject({
      ccd_mA_cm2: z.number().positive(),
      temp_ref_C: celsius,
      ea_eV: z.number().min(0).max(2),
      pressure_ref_MPa: z.number().positive(),
      pressureExponent: z.number().min(0).max(3),
      damageRate_1_s: z.number().nonnegative(),
      shortOnset_ohm_cm2: z.number().positive(),
      damageScale: z.number().positive(),
      shortMin_ohm_cm2: z.number().positive(),
    })
    .nullable(),
  runaway: z.strictObject({
    /** Self-heating onset [°C]: 71–214 °C for liquid Li-ion NMC pouches (Batteries 2022, 8, 41), 247 °C for solid Li | LFP (ARC; spec/materials-data.md); 40…500 °C is the plausible range (assumed), above it a value looks like kelvin. */
    onset_C: z.number().refine((x) => x > 40 && x <= 500, {
      error: (iss) =>
        `a runaway onset in °C must be within 40…500 °C${(iss.input as number) > 500 && (iss.input as number) < 800 ? `: ${iss.input} looks like kelvin (${Math.round(((iss.input as number) - 273.15) * 100) / 100} °C?)` : ''}`,
    }),
    ea_kJ_mol: z.number().positive(),
    totalHeat_kJ_kg: z.number().nonnegative(),
  }),
  pressure: z.strictObject({
    initial_MPa: z.number().nonnegative(),
    fixture: z.enum(['fixed-gap', 'constant-pressure', 'none']),
    /** Pressure rise per mm of stack growth in a fixed-gap fixture [MPa/mm]. */
    stiffness_MPa_per_mm: z.number().nonnegative(),
    /** SoC at which the stack was assembled at `initial_MPa`. */
    referenceSoc: z.number().min(0).max(1),
  }),
});

export type CellParams = z.infer<typeof cellParamsSchema>;

const SRC_CHEN = 'Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50 parameter set, PyBaMM Chen2020)';
const SRC_AGEING_LIION = 'Schmalstieg et al., J. Power Sources 257 (2014) 325 (calendar √t, Ea ≈ 58 kJ/mol); Waldmann et al., J. Power Sources 262 (2014) 129 (low-T cycle ageing)';

/** Oxide SSB: Li | Ga-LLZO | NMC811 composite, Li-metal pouch cell (≈ 54 Ah). */
export const SSB_OXIDE_LLZO_NMC811: CellParams = {
  schemaVersion: 1,
  id: 'ssb-oxide-llzo-nmc811',
  name: 'Oxide SSB: Li | LLZO | NMC811 pouch',
  kind: 'ssb',
  source:
    'Design values: cathode loading > 3 mAh/cm² and thin Li < 30 µm (seed 004 / ORNL workshop); 20 µm LLZO separator (Balaish et al. 2021); Li|LLZO ASR 2 Ω·cm² after carbonate removal (Sharafi et al.); coated-cathode ASR ≈ 10 Ω·cm² (Takada, ACS Energy Lett. 2018, ≈); CCD ≈ 1 mA/cm² for dense garnet (Nat. Energy 2025, 10.1038/s41560-025-01847-0). Mass and thickness estimated from layer masses (NMC 4.8 g/cm³, LLZO 5.1 g/cm³, Li 0.534 g/cm³, Al/Cu foils) — assumed.',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3.0, thickness_um: 55, electrolyteVolumeFraction: 0.3, bruggemanExponent: 1.5 },
  anode: { material: 'Li', thickness_um: 20 },
  separator: { electrolyte: 'LLZO', thickness_um: 20, porosity: 1, bruggemanExponent: 1.5 },
  geometry: { electrodeArea_cm2: 300, layers: 60, mass_g: 790, thickness_mm: 6.8, surfaceArea_cm2: 700, coolingArea_cm2: 20 },
  voltage: { max_V: 4.2, min_V: 3.0 },
  contacts_mohm: 0.1,
  anodeInterface: { asr_ohm_cm2: 2, ea_eV: 0.4, pressure_ref_MPa: 1, pressureExponent: 0.5, contactLoss_MPa: 0.2, contactLossFactor: 3 },
  cathodeInterface: { asr_ohm_cm2: 10, ea_eV: 0.45, pressure_ref_MPa: 1, pressureExponent: 0.5, contactLoss_MPa: 0.2, contactLossFactor: 3 },
  rc: { r1_ohm_cm2: 4, tau1_s: 8, r2_ohm_cm2: 6, tau2_s: 150, ea_eV: 0.4 },
  // window 15–35 °C (assumed): warmer than Li-ion because SE/interface resistance and the Li CCD are
  // Arrhenius-activated; the top limits interphase growth and Li creep
  thermal: { heatCapacity_J_kgK: 800, neighbourConductance_W_m2K: 150, window_C: { min: 15, max: 35 } },
  selfDischarge_pct_per_month: 0.5,
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
  runaway: { onset_C: 247, ea_kJ_mol: 150, totalHeat_kJ_kg: 300 },
  pressure: { initial_MPa: 1, fixture: 'fixed-gap', stiffness_MPa_per_mm: 2, referenceSoc: 0 },
};

/** Sulfide SSB: anode-free Cu | Li6PS5Cl | NMC811 (coated), needs higher stack pressure. */
export const SSB_SULFIDE_LPSCL_NMC811: CellParams = {
  ...SSB_OXIDE_LLZO_NMC811,
  id: 'ssb-sulfide-lpscl-nmc811',
  name: 'Sulfide SSB: anode-free | Li6PS5Cl | NMC811 pouch',
  source:
    'Li6PS5Cl 1–2.8 mS/cm, Ea 0.2–0.25 eV (Front. Chem. 2021); ≈ 10 MPa stack pressure typical for sulfides (seed 004); LiNbO3-coated cathode ASR ≈ 10 Ω·cm² (Takada 2018, ≈); R_int ∝ P^−0.5 (arXiv 2501.00600); CCD of densified Li6PS5Cl up to several mA/cm² (Nat. Energy 2025), pressure dependence (Kasemchainan et al., Nat. Mater. 2019). Anode-free with Ag–C seed layer (Samsung, seed 004). Mass estimated from layers — assumed.',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3.5, thickness_um: 70, electrolyteVolumeFraction: 0.3, bruggemanExponent: 1.5 },
  anode: { material: 'Li', thickness_um: 0 },
  separator: { electrolyte: 'Li6PS5Cl', thickness_um: 30, porosity: 1, bruggemanExponent: 1.5 },
  geometry: { electrodeArea_cm2: 300, layers: 52, mass_g: 700, thickness_mm: 7.0, surfaceArea_cm2: 700, coolingArea_cm2: 20 },
  anodeInterface: { asr_ohm_cm2: 3, ea_eV: 0.35, pressure_ref_MPa: 5, pressureExponent: 0.5, contactLoss_MPa: 2, contactLossFactor: 4 },
  cathodeInterface: { asr_ohm_cm2: 10, ea_eV: 0.4, pressure_ref_MPa: 5, pressureExponent: 0.5, contactLoss_MPa: 2, contactLossFactor: 4 },
  filament: { ccd_mA_cm2: 2.0, temp_ref_C: 25, ea_eV: 0.15, pressure_ref_MPa: 5, pressureExponent: 1.0, damageRate_1_s: 1 / 600, shortOnset_ohm_cm2: 3e5, damageScale: 0.5, shortMin_ohm_cm2: 30 },
  runaway: { onset_C: 200, ea_kJ_mol: 140, totalHeat_kJ_kg: 450 },
  pressure: { initial_MPa: 5, fixture: 'fixed-gap', stiffness_MPa_per_mm: 5, referenceSoc: 0 },
};

/** Polymer SSB: Li | PEO–LiTFSI | LFP, a warm-running cell (PEO conducts only above its melting point). */
export const SSB_POLYMER_PEO_LFP: CellParams = {
  ...SSB_OXIDE_LLZO_NMC811,
  id: 'ssb-polymer-peo-lfp',
  name: 'Polymer SSB: Li | PEO–LiTFSI | LFP pouch',
  source:
    'PEO–LiTFSI ≈ 1 mS/cm at 80 °C, 1e-8–1e-6 S/cm at 25 °C, melting 60–65 °C (Gorecki 1995); LFP with polymer catholyte operated at 60–80 °C (Bolloré/Blue Solutions LMP concept); Li|PEO ASR and CCD are assumed round values.',
  cathode: { material: 'LFP', loading_mAh_cm2: 1.8, thickness_um: 60, electrolyteVolumeFraction: 0.35, bruggemanExponent: 1.5 },
  anode: { material: 'Li', thickness_um: 30 },
  separator: { electrolyte: 'PEO_LiTFSI', thickness_um: 30, porosity: 1, bruggemanExponent: 1.5 },
  geometry: { electrodeArea_cm2: 300, layers: 70, mass_g: 640, thickness_mm: 9.5, surfaceArea_cm2: 720, coolingArea_cm2: 28 },
  voltage: { max_V: 3.65, min_V: 2.5 },
  // PEO conducts only above its melting point (60–65 °C, Gorecki 1995): window 55–75 °C (assumed)
  thermal: { heatCapacity_J_kgK: 800, neighbourConductance_W_m2K: 150, window_C: { min: 55, max: 75 } },
  anodeInterface: { asr_ohm_cm2: 8, ea_eV: 0.5, pressure_ref_MPa: 0.5, pressureExponent: 0.3, contactLoss_MPa: 0.05, contactLossFactor: 2 },
  cathodeInterface: { asr_ohm_cm2: 10, ea_eV: 0.5, pressure_ref_MPa: 0.5, pressureExponent: 0.3, contactLoss_MPa: 0.05, contactLossFactor: 2 },
  filament: { ccd_mA_cm2: 0.5, temp_ref_C: 70, ea_eV: 0.3, pressure_ref_MPa: 0.5, pressureExponent: 0.5, damageRate_1_s: 1 / 600, shortOnset_ohm_cm2: 3e5, damageScale: 0.5, shortMin_ohm_cm2: 30 },
  runaway: { onset_C: 180, ea_kJ_mol: 130, totalHeat_kJ_kg: 400 },
  pressure: { initial_MPa: 0.5, fixture: 'constant-pressure', stiffness_MPa_per_mm: 0, referenceSoc: 0 },
};

/**
 * Liquid-electrolyte Li-ion reference: NMC811 | LiPF6 EC:EMC | graphite in the same pouch format,
 * electrode design from the Chen2020 LG M50 parameter set (75.6 µm positive, 12 µm separator of
 * porosity 0.47), no stack-pressure dependence, no Li-metal filaments.
 */
export const LIION_NMC811_GRAPHITE: CellParams = {
  schemaVersion: 1,
  id: 'liion-nmc811-graphite',
  name: 'Li-ion reference: graphite | LiPF6 EC:EMC | NMC811 pouch',
  kind: 'liquid',
  source: `${SRC_CHEN}; ${SRC_AGEING_LIION}; liquid NMC pouch runaway onset 393–487 K (Batteries 2022, 8, 41); self-discharge ≈ 2 %/month (typical Li-ion datasheets).`,
  cathode: { material: 'NMC811', loading_mAh_cm2: 4.0, thickness_um: 75.6, electrolyteVolumeFraction: 0.335, bruggemanExponent: 1.5 },
  anode: { material: 'graphite', thickness_um: 85.2 },
  separator: { electrolyte: 'LiPF6_EC_EMC', thickness_um: 12, porosity: 0.47, bruggemanExponent: 1.5 },
  geometry: { electrodeArea_cm2: 300, layers: 45, mass_g: 900, thickness_mm: 8.6, surfaceArea_cm2: 700, coolingArea_cm2: 26 },
  voltage: { max_V: 4.2, min_V: 2.5 },
  contacts_mohm: 0.1,
  anodeInterface: { asr_ohm_cm2: 1.5, ea_eV: 0.35, pressure_ref_MPa: 0.1, pressureExponent: 0, contactLoss_MPa: 0, contactLossFactor: 0 },
  cathodeInterface: { asr_ohm_cm2: 1.5, ea_eV: 0.35, pressure_ref_MPa: 0.1, pressureExponent: 0, contactLoss_MPa: 0, contactLossFactor: 0 },
  rc: { r1_ohm_cm2: 3, tau1_s: 5, r2_ohm_cm2: 5, tau2_s: 120, ea_eV: 0.35 },
  // Li-ion window 10–35 °C (assumed; the 15–35 °C optimum usually quoted for Li-ion, Pesaran,
  // NREL/CP-540-31212 (2001), widened downwards because the liquid electrolyte tolerates cold better)
  thermal: { heatCapacity_J_kgK: 1000, neighbourConductance_W_m2K: 200, window_C: { min: 10, max: 35 } },
  selfDischarge_pct_per_month: 2,
  ageing: {
    calendarFade_pct_at_1yr_25C: 2.5,
    calendarEa_kJ_mol: 58,
    socStress: 1.0,
    cycleFade_pct_per_1000efc: 15,
    cycleEa_kJ_mol: 30,
    cRateStress: 0.5,
    lowTempEa_kJ_mol: 40,
    interfaceGrowth_ohm_cm2_at_1yr_25C: 1.5,
    interfaceEa_kJ_mol: 50,
    interfaceGrowth_ohm_cm2_per_Ah_cm2: 0.001,
  },
  filament: null,
  runaway: { onset_C: 120, ea_kJ_mol: 130, totalHeat_kJ_kg: 1000 },
  pressure: { initial_MPa: 0.1, fixture: 'none', stiffness_MPa_per_mm: 0, referenceSoc: 0 },
};

export interface CellPresetEntry extends RegistryEntry {
  readonly params: CellParams;
}

/** A preset as a registry entry: its id is the name, its display name the description. */
function preset(params: CellParams): CellPresetEntry {
  return { name: params.id, description: params.name, params };
}

/**
 * The built-in cells (`cell: <id>` in a scenario, `--model <id>`, `ssb cells`): the one list the
 * loaders, the CLI and the docs are derived from. Adding a preset: its parameters above (with
 * their sources) and one entry here.
 */
export const CELL_PRESET_REGISTRY = defineRegistry('cell preset', [preset(SSB_OXIDE_LLZO_NMC811), preset(SSB_SULFIDE_LPSCL_NMC811), preset(SSB_POLYMER_PEO_LFP), preset(LIION_NMC811_GRAPHITE)]);

/** The presets' parameters by id. */
export const CELL_PRESETS: Readonly<Record<string, CellParams>> = Object.fromEntries(CELL_PRESET_REGISTRY.entries.map((e) => [e.name, e.params]));
