import { z } from 'zod';
import { celsius } from '../schema.js';

/**
 * Cell parameter file (versioned). Values are in the units named in each field (engineering units
 * at the edge); `physics/cell.ts` converts them to SI once. The built-in cells (presets) are
 * emitted from their designs (design/presets.ts) on their family's dynamics (design/families.ts).
 */
const interfaceSchema = z.strictObject({
  asr_ohm_cm2: z.number().nonnegative(),
  ea_eV: z.number().min(0).max(2),
  pressure_ref_MPa: z.number().positive(),
  pressureExponent: z.number().min(0).max(3),
  contactLoss_MPa: z.number().nonnegative(),
  contactLossFactor: z.number().nonnegative(),
});

/** Plausible runaway onsets 40…500 °C (assumed); above 500 a value looks like kelvin. */
const runawayOnsetC = z.number().refine((x) => x > 40 && x <= 500, {
  error: (iss) =>
    `a runaway onset in °C must be within 40…500 °C${(iss.input as number) > 500 && (iss.input as number) < 800 ? `: ${iss.input} looks like kelvin (${Math.round(((iss.input as number) - 273.15) * 100) / 100} °C?)` : ''}`,
});

/** One self-heating reaction of the runaway sequence; its rate from the paper's A, or from an onset (0.02 K/min). */
const runawayStageSchema = z
  .strictObject({
    name: z.string().min(1),
    /** Heat per kg of cell [kJ/kg] (at SoC 1 when soc_scaled). */
    heat_kJ_kg: z.number().nonnegative(),
    ea_kJ_mol: z.number().positive(),
    /** Pre-exponential factor [1/s] as published. */
    a_1_s: z.number().positive().optional(),
    /** Or: the temperature at which this stage alone heats the cell at 0.02 K/min. */
    onset_C: runawayOnsetC.optional(),
    /** Heat × SoC (the stored electrical energy of an internal short). */
    soc_scaled: z.boolean().optional(),
    source: z.string().optional(),
  })
  .refine((s) => (s.a_1_s === undefined) !== (s.onset_C === undefined), { error: 'give exactly one of a_1_s and onset_C' });

/** Venting and mass loss (physics/runaway/arrhenius.ts VentParams). */
const runawayVentSchema = z.strictObject({
  temp_C: z.number().min(40).max(500),
  opening_mass_fraction: z.number().min(0).max(0.9),
  total_mass_fraction: z.number().min(0).max(0.9),
  source: z.string().optional(),
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
  /**
   * Upper bounds: assumed, far above any cell (the largest EV cells ≈ 1 m × 0.1 m electrodes, a few
   * hundred layers, a few kg) and below what overflows the model (1e308 cm² gave an infinite capacity).
   */
  geometry: z.strictObject({
    electrodeArea_cm2: z.number().positive().max(1e5),
    layers: z.number().int().positive().max(2000),
    mass_g: z.number().positive().max(1e6),
    thickness_mm: z.number().positive().max(1e4),
    /** Outer volume of the cell [mL] (Wh/L); optional in a hand-written file, always emitted by the designer. */
    volume_mL: z.number().positive().max(1e6).optional(),
    /** Area through which the cell exchanges heat with ambient air [cm²]. */
    surfaceArea_cm2: z.number().positive().max(1e6),
    /** Footprint in contact with the cooling plate [cm²]. */
    coolingArea_cm2: z.number().positive().max(1e6),
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
    /**
     * OCV [V] at which the calendar fade's voltage stress is zero: the stress is then linear in
     * the OCV held, (U − U_0)/(U(50 %) − U_0) (Schmalstieg et al. 2014 for NMC/graphite); absent
     * or null: exp(socStress·(SoC − 0.5)).
     */
    calendarVoltageZero_V: z.number().positive().nullable().optional(),
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
  runaway: z
    .strictObject({
      /** Lumped form (old files): one reaction. Self-heating onset [°C]: 71–214 °C for liquid Li-ion NMC pouches (Batteries 2022, 8, 41), 247 °C for solid Li | LFP (ARC; spec/materials-data.md). */
      onset_C: runawayOnsetC.optional(),
      ea_kJ_mol: z.number().positive().optional(),
      totalHeat_kJ_kg: z.number().nonnegative().optional(),
      /** The reaction sequence (physics/runaway/arrhenius.ts); replaces the lumped form when given. */
      stages: z.array(runawayStageSchema).min(1).optional(),
      /** Venting and mass loss; null or absent: the cell never vents. */
      vent: runawayVentSchema.nullable().optional(),
    })
    .refine((r) => r.stages !== undefined || (r.onset_C !== undefined && r.ea_kJ_mol !== undefined && r.totalHeat_kJ_kg !== undefined), {
      error: 'give runaway.stages, or the lumped onset_C, ea_kJ_mol and totalHeat_kJ_kg',
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
