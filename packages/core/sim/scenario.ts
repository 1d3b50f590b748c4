/**
 * Scenario files: what to simulate, validated once at the boundary. Every error names the file,
 * the field path and the offending value. Unknown fields are errors (so a misspelling is caught).
 * Units are in the field names; temperatures in °C and times of day as "HH:MM" for people.
 * Keys are snake_case with the unit suffix as written; where the core's name is camelCase the
 * object is renamed after validation with the tables of scenario-keys.ts (the output type carries
 * the core's names).
 */
import { z } from 'zod';
import { celsius, kelvin, parseWithSchema, registryEnum, withCoreNames } from '../schema.js';
import { SCENARIO_KEY_NAMES as NAMES } from './scenario-keys.js';
import { SOC_ESTIMATOR_REGISTRY } from '../bms/estimation/soc/registry.js';
import { BALANCER_KIND_REGISTRY, BALANCING_STRATEGY_REGISTRY } from '../bms/balancing/registry.js';
import { TOPOLOGY_REGISTRY } from '../sensing/topology.js';
import { BTMS_CONTROLLER_REGISTRY } from '../btms/registry.js';
import { THERMAL_HARDWARE_REGISTRY } from '../btms/actuators.js';
import { CHANNEL_KINDS, FAULT_KINDS } from '../sensing/faults.js';
import { CHARGER_REGISTRY } from '../loads/charger.js';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const frac = num.refine((x) => x >= 0 && x <= 1, 'must be between 0 and 1');
const pos = num.refine((x) => x > 0, 'must be positive');
const nonneg = num.refine((x) => x >= 0, 'must not be negative');
/**
 * Shortest time step [s]. Assumed: the fastest inputs are 1 Hz (EPA traces, BMS cycle) and the
 * RC, SoC and thermal updates are exact over a step, so a shorter step adds no accuracy; 1e-7 s
 * made a one-day run take ~1e12 steps (no end in sight).
 */
export const MIN_STEP_S = 0.01;
const step = num.refine((x) => x >= MIN_STEP_S, `must be at least ${MIN_STEP_S} s (shorter steps add no accuracy: the inputs are 1 Hz and the updates exact over a step; the run would not end)`);
const timeOfDay = z
  .string()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM"')
  .transform((s) => {
    const [h, m] = s.split(':').map(Number);
    return h * 3600 + m * 60;
  });

const cellRef = z
  .union([
    z.string().min(1),
    z.strictObject({
      preset: z.string().optional().describe('A built-in cell preset id (`ssb cells` lists them).'),
      file: z.string().optional().describe('A cell parameter file (JSON/YAML, as `ssb design --emit` writes), relative to the scenario.'),
      design: z.string().optional().describe('A cell design file (`ssb design`); its emitted parameters are used.'),
      overrides: z.record(z.string(), z.unknown()).optional().describe('Partial cell parameters merged over the preset/file (same field names as the parameter file).'),
      model: z.string().optional().describe('A fitted model file (`ssb fit --out`, schema ssb-twin/ecm-model): the electrical behaviour.'),
      base: z
        .string()
        .optional()
        .describe('With model: the preset whose family dynamics (thermal window, ageing, runaway, interfaces) a fitted cell takes (default liion-nmc811-graphite); never its mass or size.'),
      mass_g: pos.optional().describe('With model: mass of one fitted cell [g] (required unless design is given).'),
      format: z.enum(['18650', '21700', '26650', '4680']).optional().describe('With model: a standard cylindrical format (IEC 61960-3 name: 18650 = 18 × 65 mm); or give dimensions.'),
      dimensions: z
        .union([z.strictObject({ diameter_mm: pos, height_mm: pos }), z.strictObject({ length_mm: pos, width_mm: pos, thickness_mm: pos })])
        .optional()
        .describe('With model: outer size of one cell, {diameter_mm, height_mm} (cylinder) or {length_mm, width_mm, thickness_mm} (pouch, prismatic); sets volume, surface and cooling area.'),
      heat_capacity_J_kgK: pos.optional().describe('With model: specific heat capacity of the cell [J/(kg·K)] (required unless design is given).'),
    }),
  ])
  .describe(
    'A preset id (ssb-oxide-llzo-nmc811, ssb-sulfide-lpscl-nmc811, ssb-polymer-peo-lfp, liion-nmc811-graphite), a parameter file path, or an object: {preset or file, overrides}, {design: cell design file}, or a fitted model {model: model.json, with either design: (the body) or mass_g, format or dimensions, heat_capacity_J_kgK (and base: the preset of its family dynamics)}.',
  );

const monthSchema = withCoreNames(
  z.strictObject({
    min_C: celsius.describe('Mean daily minimum of the month.'),
    max_C: celsius.describe('Mean daily maximum of the month.'),
    solar_peak_W_m2: nonneg.describe('Clear-sky solar irradiance at noon.'),
  }),
  NAMES.climate,
);
const climateSchema = withCoreNames(
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('constant').describe('The same ambient all the time.'),
      temp_C: celsius.describe('Ambient temperature.'),
      solar_peak_W_m2: nonneg.optional().describe('Clear-sky solar irradiance at noon (none when absent).'),
    }),
    z.strictObject({
      kind: z.literal('daily').describe('Every day the same swing: minimum at sunrise, maximum at 15:00, clear-sky half-sine sun (loads/climate.ts).'),
      min_C: celsius.describe('Daily minimum.'),
      max_C: celsius.describe('Daily maximum.'),
      solar_peak_W_m2: nonneg.describe('Clear-sky solar irradiance at noon.'),
      sunrise_h: num.optional().describe('Hour of sunrise (loads/climate.ts default).'),
      sunset_h: num.optional().describe('Hour of sunset (loads/climate.ts default).'),
    }),
    z.strictObject({
      kind: z.literal('monthly').describe('A daily swing per calendar month.'),
      months: z
        .union([z.literal('toronto'), z.array(monthSchema).length(12)])
        .describe('`toronto` (Environment Canada climate normals, loads/climate.ts) or 12 months of {min_C, max_C, solar_peak_W_m2}.'),
      start_day_of_year: num.optional().describe("Day of the year of the run's first day (default schedule.start_day_of_year)."),
    }),
    z.strictObject({
      kind: z.literal('table').describe('A measured or made-up series, interpolated linearly.'),
      time_h: z.array(num).min(2).describe('Time from the start of the run.'),
      temp_C: z.array(celsius).min(2).describe('Ambient temperature at each time.'),
      solar_W_m2: z.array(nonneg).optional().describe('Solar irradiance at each time (none when absent).'),
    }),
  ]),
  NAMES.climate,
);

/**
 * An estimator that needs more than the cell's model (nn: weights trained on that cell) cannot run
 * in a scenario yet: say what is missing and where it can run, instead of failing mid-run.
 */
function estimatorInputsGiven(names: readonly string[], ctx: z.RefinementCtx): void {
  names.forEach((name, i) => {
    const needs = SOC_ESTIMATOR_REGISTRY.find(name)?.needs;
    if (needs) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `estimator '${name}' needs ${needs.what}, and a scenario has no field for it yet; run it on measured data instead (ssb estimate --method ${name} --${needs.option} FILE)`,
      });
    }
  });
}

const chargeSchema = z.strictObject({
  charger: registryEnum(CHARGER_REGISTRY).default('level2-7kw').describe('Charger id: level2-7kw (AC) or dcfc-150kw (multi-step DC fast charge), loads/.'),
  target_soc: frac.default(0.9).describe('Stop at this SoC (as the BMS estimates it), 0…1.'),
  /** Latest end of the session, "HH:MM" the same or next day; the session stops there if not complete. */
  until: timeOfDay.optional().describe('Latest end of the session, "HH:MM" the same or next day; the session stops there if not complete.'),
  max_duration_h: pos.default(12).describe('Longest session.'),
});

const eventSchema = z
  .strictObject({
    at: timeOfDay.describe('Time of day "HH:MM" the event starts.'),
    drive: z.array(z.string()).min(1).optional().describe('Drive cycles in order: EPA names (UDDS, HWFET, US06, NYCC) or paths to EPA-format files.'),
    charge: chargeSchema.optional().describe('A charging session.'),
    protocol: z
      .array(z.string())
      .min(1)
      .optional()
      .describe(
        'Lab-style steps in the PyBaMM grammar, run at the pack terminals ("Discharge at 1C for 10 minutes or until 3.0 V", "Rest for 1 hour", "Hold at 4.2 V until C/20", "Run US06"): currents in A and powers in W at the pack, C-rates of the pack capacity, voltages per series cell (pack voltage / Ns), "at T oC" sets the ambient (chamber) temperature for the step.',
      ),
    precondition_min: nonneg.optional().describe('Pre-condition the pack (heat/cool) for this many minutes before the event.'),
    precondition_from: z
      .enum(['wall', 'pack'])
      .default('wall')
      .describe(
        "Where the pre-conditioning's power comes from: 'wall', the parked car is plugged in (the BTMS draws from the charger, counted in grid_energy_kWh); 'pack', unplugged (it drains the pack, counted in thermal_energy_from_pack_parked_kWh).",
      ),
    weekdays: z.array(z.number().int().min(1).max(7)).optional().describe('Days of the week (1 = Monday … 7 = Sunday) on which the event happens; default every day.'),
  })
  .refine((e) => (e.drive ? 1 : 0) + (e.charge ? 1 : 0) + (e.protocol ? 1 : 0) === 1, 'an event has exactly one of "drive", "charge" or "protocol"');

/**
 * An injected sensor or communication fault (sensing/faults.ts). `at`: "HH:MM" on day 1 or a
 * time in s from the start; `index` is 1-based (group 1 … Ns, NTC 1 … n, pressure sensor 1 … n);
 * `board` is the topology's board number (0 = master, see `ssb bms-topologies`).
 */
/** Override of one protection quantity's three tiers (SI unit of the quantity's name). */
const tierOverrideOf = (value: z.ZodType<number>) =>
  withCoreNames(
    z.strictObject({
      max_operating: value.optional().describe('Maximum operating limit (warn tier).'),
      recommended_safety: value.optional().describe('Recommended safety limit (derate tier).'),
      max_safety: value.optional().describe('Maximum safety limit (open-contactors tier).'),
      hysteresis: nonneg.optional().describe('Release hysteresis of the tiers.'),
    }),
    NAMES['bms.limits.*'],
  );
const tierOverride = tierOverrideOf(num);
/** The tiers of a temperature limit (`temp_high_K`, …): kelvin within the plausible range ("45 looks like °C"). */
const tierOverrideK = tierOverrideOf(kelvin);
const reactionEntryOverride = z.strictObject({
  action: z.enum(['warn', 'derate', 'open-contactors']).optional().describe('What the BMS does when the tier is reached.'),
  severity: z.enum(['info', 'warning', 'critical']).optional().describe('Severity of the event it logs.'),
  derate_factor: frac.optional().describe('For derate: fraction of the current limit kept, 0…1.'),
  latch: z.boolean().optional().describe('Keep the reaction until service (not released by the hysteresis).'),
});
const reactionOverride = withCoreNames(
  z.strictObject({ max_operating: reactionEntryOverride.optional(), recommended_safety: reactionEntryOverride.optional(), max_safety: reactionEntryOverride.optional() }),
  NAMES['bms.reactions.*'],
);
/** An object whose keys are all of `names`' user keys, each optional with schema `value`. */
function optionalKeys<V extends z.ZodType, M extends Readonly<Record<string, string>>>(names: M, value: V, valueFor: (key: string) => V = () => value) {
  return z.strictObject(Object.fromEntries(Object.keys(names).map((k) => [k, valueFor(k).optional()])) as { [K in keyof M]: z.ZodOptional<V> });
}
/** The limit groups of bms/safety/limits.ts `ProtectionLimits` with three tiers (temperatures in kelvin checked as such). */
const limitsOverride = withCoreNames(
  optionalKeys(NAMES['bms.limits'], tierOverride, (k) => (k.endsWith('_K') ? (tierOverrideK as unknown as typeof tierOverride) : tierOverride)),
  NAMES['bms.limits'],
);
/** Reaction-table entries per protection quantity (bms/diag/react.ts). */
const reactionsOverride = withCoreNames(optionalKeys(NAMES['bms.reactions'], reactionOverride), NAMES['bms.reactions']);

const faultSchema = z.strictObject({
  at: z.union([timeOfDay, nonneg]).describe('"HH:MM" on day 1, or seconds from the start; the simulator does not step over it.'),
  kind: z
    .enum(FAULT_KINDS)
    .describe(
      'stuck (reading freezes), open-wire (0 V, −60 °C, −2 MPa, −10 kA: what an open input reads), offset-drift (+rate·(t − at)), noise-burst (+N(0, σ²)), dropout (valid = 0), lost-board, bus-off.',
    ),
  channel: z.enum(CHANNEL_KINDS).optional().describe('For the first five kinds: the channel kind.'),
  index: z.number().int().min(1).optional().describe('1-based: group 1…Ns, NTC 1…n, pressure sensor 1…n (current: no index).'),
  board: z.number().int().min(0).optional().describe('For lost-board: 0 = master, 1… as in the topology (slave module m = board m, distributed node of group g = board g; see ssb bms-topologies).'),
  params: z
    .strictObject({
      duration_s: pos.optional().describe('How long the fault lasts; default permanent (noise-burst: 30 s, sensing/faults.ts DEFAULT_BURST_DURATION_S).'),
      rate_per_s: num.optional().describe('offset-drift rate in channel units per second; default 2 mV/s, 0.05 K/s, 2 kPa/s, 0.05 A/s (sensing/faults.ts DEFAULT_DRIFT_RATE).'),
      sigma: nonneg.optional().describe('noise-burst rms in channel units (V, K, Pa, A); default 0.1 V, 3 K, 0.3 MPa, 5 A (sensing/faults.ts DEFAULT_BURST_SIGMA).'),
    })
    .default({})
    .describe('Parameters of the fault kind.'),
});

/**
 * A fault of the plant itself (truth side; the BMS sees only its consequences).
 * `internal-short`: a soft short across the first cell of series group `group` (1-based) from
 * `at`, of `resistance_ohm`; with `final_resistance_ohm` it hardens log-linearly to that value
 * over `growth_h` hours (a filament that keeps growing).
 * `cooling-loss`: the chiller of the liquid plate delivers no cooling (and draws no power) from
 * `at` for `duration_h` hours (default: to the end of the run) while the BTMS still commands it.
 */
const plantFaultSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      at: z.union([timeOfDay, nonneg]).describe('"HH:MM" on day 1, or seconds from the start.'),
      kind: z.literal('internal-short').describe('A soft short across the first cell of series group `group`.'),
      group: z.number().int().min(1).describe('1-based series group.'),
      resistance_ohm: pos.describe('Short resistance at onset.'),
      final_resistance_ohm: pos.optional().describe('Hardens log-linearly to this value over growth_h (a filament that keeps growing).'),
      growth_h: pos.default(1).describe('Time to reach final_resistance_ohm.'),
    })
    .refine((f) => f.final_resistance_ohm === undefined || f.final_resistance_ohm <= f.resistance_ohm, {
      message: 'final_resistance_ohm must not exceed resistance_ohm (a short hardens, it does not heal)',
      path: ['final_resistance_ohm'],
    }),
  z.strictObject({
    at: z.union([timeOfDay, nonneg]).describe('"HH:MM" on day 1, or seconds from the start.'),
    kind: z.literal('cooling-loss').describe('The chiller of the liquid plate delivers no cooling (and draws no power) while the BTMS still commands it.'),
    duration_h: pos.optional().describe('How long; default to the end of the run.'),
  }),
  /** From `at` on, the BMS's current limits are not enforced while the contactors are closed (a failed current limiter: the abuse tests' overcharge/short with a failed BMS). */
  z.strictObject({
    at: z.union([timeOfDay, nonneg]),
    kind: z.literal('protection-failed'),
  }),
]);

/** Overrides of the pack thermal network (pack/pack.ts `PackThermalConfig`); also used by runaway-test files. */
export const packThermalOverrides = withCoreNames(
  z.strictObject({
    cell_to_ambient_W_m2K: nonneg.optional().describe('Cell surface to ambient (default 1, pack/pack.ts DEFAULT_PACK_THERMAL).'),
    plate_contact_flowing_W_m2K: nonneg.optional().describe('Cell to cooling plate with coolant flowing (default 300, DEFAULT_PACK_THERMAL).'),
    plate_contact_stagnant_W_m2K: nonneg.optional().describe('Cell to cooling plate with the pump off (default 60, DEFAULT_PACK_THERMAL).'),
    plate_heat_capacity_J_K: pos.optional().describe('Heat capacity of the plate and coolant (default 30000, DEFAULT_PACK_THERMAL).'),
    plate_to_ambient_W_K: nonneg.optional().describe('Plate to ambient (default 5, DEFAULT_PACK_THERMAL).'),
    solar_rise_K_per_kW_m2: nonneg.optional().describe('Sol-air temperature rise per kW/m² of sun (default 20, DEFAULT_PACK_THERMAL).'),
    segment_conductance_W_K: nonneg.optional().describe('Between segments of one cell (default 5, DEFAULT_PACK_THERMAL).'),
  }),
  NAMES['pack.thermal'],
);

const efficiency = num.refine((x) => x > 0 && x <= 1, 'must be in (0, 1]');
/**
 * Overrides of the road-load model (loads/vehicle.ts `VehicleParams`, whose doc gives the default
 * of each field and its source); the ranges are those of `validateVehicle`.
 */
const vehicleOverrides = withCoreNames(
  z.strictObject({
    mass_kg: pos
      .optional()
      .describe(
        "Total test mass, fixed: the pack's mass is then not added (a measured vehicle). Default: glider_mass_kg + the pack's mass from its breakdown. Give one of mass_kg and glider_mass_kg.",
      ),
    glider_mass_kg: pos
      .optional()
      .describe(
        "The vehicle without its battery pack, test load included; the road-load mass is this + the pack's mass (default 1540, loads/vehicle.ts DEFAULT_GLIDER_MASS_kg: with the default pack ≈ 1900 kg, a mid-size BEV's curb mass + the EPA 136 kg load).",
      ),
    rotational_mass_factor: num.refine((x) => x >= 1, 'must be ≥ 1').optional(),
    frontal_area_m2: pos.optional(),
    drag_coefficient: nonneg.optional(),
    rolling_resistance_coeff: nonneg.optional().describe('Rolling-resistance coefficient at the tyre-test reference 25 °C (default 0.009, EU label class C).'),
    rolling_resistance_temp_coeff_per_K: nonneg
      .optional()
      .describe('K_t of the ISO 28580 / UN R117 temperature correction: C_rr(t) = C_rr,25 / (1 + K_t·(t − 25 °C)) at the ambient t (default 0.008, class C1 tyres; 0 = no temperature effect).'),
    drivetrain_efficiency: efficiency.optional(),
    regen_efficiency: efficiency.optional(),
    max_regen_power_W: nonneg.optional(),
    regen_min_speed_m_s: nonneg.optional(),
    max_traction_power_W: pos.optional(),
    auxiliary_base_W: nonneg.optional(),
    hvac: withCoreNames(
      z.strictObject({
        cabin_setpoint_K: kelvin.optional(),
        cabin_ua_W_K: nonneg.optional(),
        /** Heating COP of a heat pump; null = resistive PTC heater. */
        heat_pump_cop: pos.nullable().optional(),
        cooling_cop: pos.optional(),
        max_heating_W: nonneg.optional(),
        max_cooling_W: nonneg.optional(),
        solar_cabin_gain_m2: nonneg.optional(),
      }),
      NAMES['vehicle.hvac'],
    ).optional(),
    air_density_kg_m3: pos
      .optional()
      .describe(
        'Fixed air density for the aerodynamic drag (e.g. a chassis dynamometer, whose road load does not follow the test cell temperature). Default: ideal-gas density at the ambient temperature and air_pressure_Pa.',
      ),
    air_pressure_Pa: pos.optional().describe('Ambient air pressure for the density (default 101325 Pa, ISO 2533 sea level; ≈ 89 900 Pa at 1000 m).'),
  }),
  NAMES.vehicle,
).refine((v) => v.mass_kg === undefined || v.glider_mass_kg === undefined, {
  message: 'give mass_kg (the total, fixed) or glider_mass_kg (the vehicle without its pack; the pack mass is added), not both',
  path: ['mass_kg'],
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).describe('Label of the run.'),
  description: z.string().default('').describe('Free text.'),
  seed: z.number().int().default(1).describe('Seed of every random element: cell variation, sensor noise.'),
  step_s: step.default(1).describe('Step while driving; long steps are stable because RC, SoC, ageing and thermal updates are exact or implicit.'),
  park_step_s: step.default(300).describe('Step while parked.'),
  charge_step_s: step.optional().describe('Step while charging; default step_s (a slow AC charge can take 10 s: the updates are exact).'),
  cell: cellRef,
  compare: z.array(cellRef).default([]).describe('Other cells run through the same scenario for comparison (e.g. the Li-ion reference), into DIR/compare-<id>/.'),
  pack: z
    .strictObject({
      series: z.number().int().positive().max(1000).default(96).describe('Series groups Ns.'),
      parallel: z.number().int().positive().max(100).default(3).describe('Cells per group Np.'),
      groups_per_module: z.number().int().positive().default(12).describe('Series groups per module (sensing, pressure and fixtures are per module).'),
      segments_per_cell: z.number().int().positive().max(16).default(1).describe('Segments per cell for non-uniform current and heat.'),
      initial_soc: frac.default(0.8).describe('SoC at t = 0, 0…1.'),
      initial_temp_C: celsius.optional().describe('Cell temperature at t = 0; default the ambient at t = 0.'),
      housing_mass_kg: nonneg
        .optional()
        .describe(
          'Housing of the pack (enclosure, frames, busbars, harness, junction box); default 0.45 kg per kg of cells (pack/breakdown.ts HOUSING_KG_PER_KG_CELLS: a modular pack ≈ 1.5 × its cells, batterydesign.net pack database, Löbberding et al. 2020).',
        ),
      bms_mass_kg: nonneg.optional().describe('BMS electronics; default 1 kg master + 0.3 kg per module board (assumed, pack/breakdown.ts).'),
      cooling_mass_kg: nonneg
        .optional()
        .describe('Cooling hardware inside the pack (plates, coolant, ducts); default per kg of cells by btms.hardware: liquid 0.067, air 0.04, thermoelectric 0.09 (pack/breakdown.ts).'),
      variation: withCoreNames(
        z.strictObject({
          capacity_rel_sd: nonneg.optional().describe('Relative standard deviation of cell capacity (default 0.01, pack/pack.ts DEFAULT_VARIATION).'),
          resistance_rel_sd: nonneg.optional().describe('Relative standard deviation of cell resistance (default 0.03, DEFAULT_VARIATION).'),
          initial_soc_sd: nonneg.optional().describe('Standard deviation of the initial SoC (default 0.005, DEFAULT_VARIATION).'),
          self_discharge_rel_sd: nonneg.optional().describe('Relative standard deviation of self-discharge (default 0.2, DEFAULT_VARIATION).'),
          segment_contact_rel_sd: nonneg.optional().describe('Relative standard deviation of segment contact resistance (default 0.1, DEFAULT_VARIATION).'),
        }),
        NAMES['pack.variation'],
      )
        .default({})
        .describe('Seeded cell-to-cell variation.'),
      thermal: packThermalOverrides.default({}).describe('Overrides of the pack thermal network.'),
    })
    .prefault({}),
  vehicle: vehicleOverrides
    .default({})
    .describe(
      "Overrides of the road-load model (loads/vehicle.ts DEFAULT_VEHICLE): glider_mass_kg or mass_kg, frontal_area_m2, drag_coefficient, rolling_resistance_coeff and its temperature coefficient, efficiencies, regen limits, auxiliary_base_W, hvac.*, air density or pressure. The road-load mass is the glider + the pack's mass unless mass_kg fixes the total.",
    ),
  climate: climateSchema.describe('Ambient temperature and sun over the run.'),
  schedule: z
    .strictObject({
      days: z.number().int().positive().max(3660).default(1).describe('Length of the run.'),
      start_day_of_year: z.number().int().min(1).max(366).default(1).describe('Calendar day of day 1.'),
      start_weekday: z.number().int().min(1).max(7).default(1).describe('Day of the week of day 1 (1 = Monday).'),
      events: z.array(eventSchema).default([]).describe('Each event has exactly one of drive, charge or protocol; parked in between.'),
    })
    .describe('Calendar and daily events.'),
  bms: z
    .strictObject({
      /** Measurement topology (sensing/topology.ts): which board samples which channel. */
      topology: registryEnum(TOPOLOGY_REGISTRY)
        .default('centralized')
        .describe('Measurement topology (sensing/topology.ts): which board samples which channel; distributed puts one NTC on every group.'),
      /** Sensor plausibility checks (range, rate, stuck, neighbour, sum, stale) in the BMS. */
      plausibility: z.boolean().default(true).describe('Sensor plausibility checks (range, rate, stuck, neighbour, sum, stale, current response, key-off zero) in the BMS.'),
      estimators: z
        .array(registryEnum(SOC_ESTIMATOR_REGISTRY))
        .min(1)
        .superRefine(estimatorInputsGiven)
        .default(['ekf', 'coulomb', 'ocv'])
        .describe('SoC estimators the BMS runs; the first one controls.'),
      /** Initial SoC the BMS assumes; default: from the first voltage reading (OCV look-up). */
      initial_soc_guess: frac.optional().describe('Initial SoC the BMS assumes; default: from the first voltage reading (OCV look-up).'),
      preheat_below_C: celsius
        .optional()
        .describe(
          "Pre-heat before charging below this (for 5 K); default: heat to what the session needs, the lowest temperature at which the cell's charge derate allows the charger's current and the CC step (2 K above it).",
        ),
      ccd_derating: z.boolean().default(true).describe('Derate the charge current to the critical current density (Li-metal cells).'),
      ccd_safety_factor: pos.default(0.8).describe('Fraction of the nominal CCD the charge current may reach (assumed).'),
      protection: z.boolean().default(true).describe('Protection tiers (warn / derate / open contactors) active.'),
      /**
       * Protection limits overriding the defaults (bms/safety/limits.ts), per quantity and tier, in
       * the SI unit the name carries: e.g. `cell_voltage_high_V: { max_safety: 4.35 }`,
       * `temp_high_K: { max_operating: 323.15 }`, `pressure_low_Pa: { recommended_safety: 4e5 }`.
       */
      limits: limitsOverride
        .default({})
        .describe(
          'Protection limits overriding the defaults (bms/safety/limits.ts), per quantity and tier, in the SI unit the name carries: e.g. `cell_voltage_high_V: { max_safety: 4.35 }`, `temp_high_K: { max_operating: 323.15 }`, `pressure_low_Pa: { recommended_safety: 4e5 }`.',
        ),
      /**
       * Reaction-table entries overriding the defaults (bms/diag/react.ts), per quantity and tier:
       * e.g. `over_pressure: { recommended_safety: { action: derate, derate_factor: 0.3, latch: true } }`.
       */
      reactions: reactionsOverride
        .default({})
        .describe(
          'Reaction-table entries overriding the defaults (bms/diag/react.ts), per quantity and tier: e.g. `over_pressure: { recommended_safety: { action: derate, derate_factor: 0.3, latch: true } }`.',
        ),
      /**
       * Cell balancing (bms/balancing): passive bleed resistors (default) or active converters
       * (group ↔ string); strategy top (measured voltages, default), bottom (estimated remaining
       * charge: all groups reach empty together) or soc (estimated SoC). Thresholds: threshold_mV /
       * hysteresis_mV for top, soc_threshold_pct / soc_hysteresis_pct for bottom and soc.
       */
      balancing: z
        .strictObject({
          enabled: z.boolean().default(true).describe('Balancing on.'),
          kind: registryEnum(BALANCER_KIND_REGISTRY)
            .default('passive')
            .describe('passive: a bleed resistor per group; active: one bidirectional converter per group between the group and the whole string.'),
          strategy: registryEnum(BALANCING_STRATEGY_REGISTRY)
            .default('top')
            .describe('top: equalise measured voltages; bottom: equalise estimated remaining charge (all groups reach empty together); soc: equalise estimated SoC.'),
          /** Passive: bleed resistor per group [Ω] (33). */
          resistor_ohm: pos.optional().describe('Passive: bleed resistor per group (default 33, bms/balancing/passive.ts DEFAULT_PASSIVE_BALANCING).'),
          threshold_mV: pos.optional().describe('top: start when a group reads this far above the lowest/mean (default 10, DEFAULT_PASSIVE_BALANCING).'),
          hysteresis_mV: nonneg.optional().describe('top: stop this much below the threshold (default 5).'),
          soc_threshold_pct: pos.optional().describe('bottom and soc: start threshold (default 1, passive.ts DEFAULT_SOC_THRESHOLD).'),
          soc_hysteresis_pct: nonneg.optional().describe('bottom and soc: hysteresis (default 0.5, DEFAULT_SOC_HYSTERESIS).'),
          /** Active: converter current per switched group [A] (2) and efficiency per transfer (0.9). */
          current_A: pos
            .optional()
            .describe("Active: converter current per switched group (default 2, bms/balancing/active.ts DEFAULT_ACTIVE_BALANCING; assumed, below the LTC3300 datasheet's 10 A)."),
          efficiency: num
            .refine((x) => x > 0 && x <= 1, 'must be in (0, 1]')
            .optional()
            .describe("Active: efficiency per transfer, (0, 1] (default 0.9, DEFAULT_ACTIVE_BALANCING; assumed, below the LTC3300 datasheet's 92 %)."),
          /** Modes in which balancing may run (default charge, park). */
          allowed_modes: z
            .array(z.enum(['charge', 'park', 'drive']))
            .optional()
            .describe('Modes in which balancing may run (default charge, park).'),
          /** Balancing pauses while |measured pack current| exceeds this [A] (default: no gate). */
          max_current_A: pos.optional().describe('Balancing pauses while |measured pack current| exceeds this (default: no gate).'),
          /**
           * Group capacities the BMS uses for `bottom`: nominal, or end-of-line (each group's
           * capacity measured before assembly, with a measurement error; default).
           */
          capacity_source: z
            .enum(['nominal', 'end-of-line'])
            .default('end-of-line')
            .describe("Group capacities the BMS uses for bottom: nominal, or end-of-line (each group's capacity measured before assembly with a 0.2 % error, assumed)."),
        })
        .prefault({})
        .describe('Cell balancing (bms/balancing).'),
    })
    .prefault({})
    .describe('Battery management system settings.'),
  btms: z
    .strictObject({
      /** The BTMS controller (BTMS_CONTROLLER_REGISTRY in btms/registry.ts lists them, with what each does). */
      controller: registryEnum(BTMS_CONTROLLER_REGISTRY)
        .default('thermostat')
        .describe('thermostat (reactive baseline), predictive (schedule + weather forecast), ml (learned temperature forecast + hard bounds), none.'),
      /** Learned model file for `controller: ml` (`ssb train-btms --out`), relative to the scenario; default models/btms-temp-15min.json. */
      model: z.string().optional().describe('Learned model file for controller: ml (`ssb train-btms --out`), relative to the scenario; default models/btms-temp-30min.json.'),
      /** Actuator set (THERMAL_HARDWARE_REGISTRY in btms/actuators.ts lists them, with what each has). */
      hardware: registryEnum(THERMAL_HARDWARE_REGISTRY)
        .default('liquid')
        .describe(
          'Actuator set: liquid (heater + chiller plate + pump), air (heater + 300 W blower, 150 W/K), thermoelectric (2 kW Peltier units that heat and cool); btms/actuators.ts DEFAULT_ACTUATORS.',
        ),
      /** Predictive controller: how far ahead it looks for the next trip or charge [min] (180). */
      horizon_min: pos.optional().describe('Predictive controller: how far ahead it looks for the next trip or charge (default 180).'),
      heat_on_C: celsius
        .optional()
        .describe(
          "Thermostat: heat below this; default the cell's thermal.window_C.min (oxide and sulfide SSB 15, PEO 55, Li-ion 10 °C), lowered to what the present activity needs (a drive: the trip's peak power; a charge: the BMS's pre-heat target). Setting it fixes the band for drives.",
        ),
      heat_off_C: celsius.optional().describe('Thermostat: stop heating above this; default heat_on_C + 5 K.'),
      cool_on_C: celsius.optional().describe("Thermostat: cool above this; default the cell's thermal.window_C.max (oxide and sulfide SSB 35, PEO 75, Li-ion 35 °C)."),
      cool_off_C: celsius.optional().describe('Thermostat: stop cooling below this; default cool_on_C − 5 K.'),
      heater_power_W: nonneg.optional().describe('Heater power (default 6000, DEFAULT_ACTUATORS).'),
      cooling_power_W: nonneg.optional().describe('Chiller cooling power (default 6000, DEFAULT_ACTUATORS).'),
      chiller_cop: pos.optional().describe('Chiller coefficient of performance (default 2.5, DEFAULT_ACTUATORS).'),
      pump_power_W: nonneg.optional().describe('Coolant pump power (default 100, DEFAULT_ACTUATORS).'),
    })
    .prefault({})
    .describe('Battery thermal management: controller and actuators.'),
  sensors: z
    .strictObject({
      voltage_noise_mV: nonneg.optional().describe('Group-voltage noise, rms (default 1, sensing/centralized.ts DEFAULT_SENSORS).'),
      voltage_resolution_mV: nonneg.optional().describe('ADC step of the voltage channels (default 0.1, DEFAULT_SENSORS).'),
      current_noise_A: nonneg.optional().describe('Current-sensor noise, rms (default 0.05, DEFAULT_SENSORS).'),
      current_offset_A: num.optional().describe('Current-sensor offset (default 0.1, DEFAULT_SENSORS).'),
      current_gain_error: num.optional().describe('Current-sensor relative gain error (default 0.005, DEFAULT_SENSORS).'),
      temp_noise_K: nonneg.optional().describe('Temperature-sensor noise, rms (default 0.2, DEFAULT_SENSORS).'),
      temp_sensors_per_module: z.number().int().positive().optional().describe('NTCs per module (default 2, DEFAULT_SENSORS; distributed topology: one per group).'),
    })
    .default({})
    .describe('Sensor models (sensing/centralized.ts).'),
  faults: z.array(faultSchema).default([]).describe('Sensor / communication faults injected during the run.'),
  plant_faults: z.array(plantFaultSchema).default([]).describe('Faults injected into the plant (truth side; the BMS must find them from its measurements).'),
  outputs: z
    .strictObject({
      record_every_s: pos.default(10).describe('Recording interval of the time series.'),
      csv: z.boolean().default(true).describe('Write timeseries.csv.'),
      arrow: z.boolean().default(true).describe('Write timeseries.arrow.'),
      report: z.boolean().default(true).describe('Write report.html.'),
    })
    .prefault({})
    .describe('What the run writes.'),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioEvent = Scenario['schedule']['events'][number];
export type CellRef = z.output<typeof cellRef>;
export type ScenarioFault = Scenario['faults'][number];

/** Validate a parsed YAML/JSON document; the first problem becomes an InputError naming the field and value. */
export function parseScenario(raw: unknown, file: string): Scenario {
  return parseWithSchema(scenarioSchema, raw, file);
}
