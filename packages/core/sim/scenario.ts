/**
 * Scenario files: what to simulate, validated once at the boundary. Every error names the file,
 * the field path and the offending value. Unknown fields are errors (so a misspelling is caught).
 * Units are in the field names; temperatures in °C and times of day as "HH:MM" for people.
 * Keys are snake_case with the unit suffix as written; where the core's name is camelCase the
 * object is renamed after validation with the tables of scenario-keys.ts (the output type carries
 * the core's names).
 */
import { z } from 'zod';
import { parseWithSchema, registryEnum, withCoreNames } from '../schema.js';
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
const timeOfDay = z
  .string()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM"')
  .transform((s) => {
    const [h, m] = s.split(':').map(Number);
    return h * 3600 + m * 60;
  });

const cellRef = z.union([
  z.string().min(1),
  z.strictObject({
    preset: z.string().optional(),
    file: z.string().optional(),
    /** A cell design file (`ssb design`); its emitted parameters are used. */
    design: z.string().optional(),
    /** Partial cell parameters merged over the preset/file (same field names as the parameter file). */
    overrides: z.record(z.string(), z.unknown()).optional(),
    /** A fitted model file (`ssb fit --out`, schema ssb-twin/ecm-model): the electrical behaviour. */
    model: z.string().optional(),
    /** Preset whose body (mass, thermal, ageing, …) carries a fitted model (default liion-nmc811-graphite). */
    base: z.string().optional(),
  }),
]);

const monthSchema = withCoreNames(z.strictObject({ min_C: num, max_C: num, solar_peak_W_m2: nonneg }), NAMES.climate);
const climateSchema = withCoreNames(
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('constant'), temp_C: num, solar_peak_W_m2: nonneg.optional() }),
    z.strictObject({ kind: z.literal('daily'), min_C: num, max_C: num, solar_peak_W_m2: nonneg, sunrise_h: num.optional(), sunset_h: num.optional() }),
    z.strictObject({ kind: z.literal('monthly'), months: z.union([z.literal('toronto'), z.array(monthSchema).length(12)]), start_day_of_year: num.optional() }),
    z.strictObject({ kind: z.literal('table'), time_h: z.array(num).min(2), temp_C: z.array(num).min(2), solar_W_m2: z.array(nonneg).optional() }),
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
  charger: registryEnum(CHARGER_REGISTRY).default('level2-7kw'),
  target_soc: frac.default(0.9),
  /** Latest end of the session, "HH:MM" the same or next day; the session stops there if not complete. */
  until: timeOfDay.optional(),
  max_duration_h: pos.default(12),
});

const eventSchema = z
  .strictObject({
    at: timeOfDay,
    /** Drive cycles in order: EPA names (UDDS, HWFET, US06, NYCC) or paths to EPA-format files. */
    drive: z.array(z.string()).min(1).optional(),
    charge: chargeSchema.optional(),
    /**
     * Lab-style steps in the PyBaMM grammar, run at the pack terminals: currents in A and powers in
     * W at the pack, C-rates of the pack capacity, voltages per series cell (pack voltage / Ns),
     * "at T oC" sets the ambient (chamber) temperature for the step, "Run UDDS" drives a cycle.
     */
    protocol: z.array(z.string()).min(1).optional(),
    /** Pre-condition the pack (heat/cool while plugged in) for this many minutes before the event. */
    precondition_min: nonneg.optional(),
    /** Days of the week (1 = Monday … 7 = Sunday) on which the event happens; default every day. */
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
  })
  .refine((e) => (e.drive ? 1 : 0) + (e.charge ? 1 : 0) + (e.protocol ? 1 : 0) === 1, 'an event has exactly one of "drive", "charge" or "protocol"');

/**
 * An injected sensor or communication fault (sensing/faults.ts). `at`: "HH:MM" on day 1 or a
 * time in s from the start; `index` is 1-based (group 1 … Ns, NTC 1 … n, pressure sensor 1 … n);
 * `board` is the topology's board number (0 = master, see `ssb bms-topologies`).
 */
/** Override of one protection quantity's three tiers (SI unit of the quantity's name). */
const tierOverride = withCoreNames(z.strictObject({ max_operating: num.optional(), recommended_safety: num.optional(), max_safety: num.optional(), hysteresis: nonneg.optional() }), NAMES['bms.limits.*']);
const reactionEntryOverride = z.strictObject({
  action: z.enum(['warn', 'derate', 'open-contactors']).optional(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  derate_factor: frac.optional(),
  latch: z.boolean().optional(),
});
const reactionOverride = withCoreNames(z.strictObject({ max_operating: reactionEntryOverride.optional(), recommended_safety: reactionEntryOverride.optional(), max_safety: reactionEntryOverride.optional() }), NAMES['bms.reactions.*']);
/** An object whose keys are all of `names`' user keys, each optional with schema `value`. */
function optionalKeys<V extends z.ZodType, M extends Readonly<Record<string, string>>>(names: M, value: V) {
  return z.strictObject(Object.fromEntries(Object.keys(names).map((k) => [k, value.optional()])) as { [K in keyof M]: z.ZodOptional<V> });
}
/** The limit groups of bms/safety/limits.ts `ProtectionLimits` with three tiers. */
const limitsOverride = withCoreNames(optionalKeys(NAMES['bms.limits'], tierOverride), NAMES['bms.limits']);
/** Reaction-table entries per protection quantity (bms/diag/react.ts). */
const reactionsOverride = withCoreNames(optionalKeys(NAMES['bms.reactions'], reactionOverride), NAMES['bms.reactions']);

const faultSchema = z.strictObject({
  at: z.union([timeOfDay, nonneg]),
  kind: z.enum(FAULT_KINDS),
  channel: z.enum(CHANNEL_KINDS).optional(),
  index: z.number().int().min(1).optional(),
  board: z.number().int().min(0).optional(),
  params: z
    .strictObject({
      /** How long the fault lasts [s]; default permanent (noise-burst: 30 s). */
      duration_s: pos.optional(),
      /** offset-drift rate in channel units per second (V/s, K/s, Pa/s, A/s). */
      rate_per_s: num.optional(),
      /** noise-burst rms in channel units (V, K, Pa, A). */
      sigma: nonneg.optional(),
    })
    .default({}),
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
      at: z.union([timeOfDay, nonneg]),
      kind: z.literal('internal-short'),
      group: z.number().int().min(1),
      resistance_ohm: pos,
      final_resistance_ohm: pos.optional(),
      growth_h: pos.default(1),
    })
    .refine((f) => f.final_resistance_ohm === undefined || f.final_resistance_ohm <= f.resistance_ohm, { message: 'final_resistance_ohm must not exceed resistance_ohm (a short hardens, it does not heal)', path: ['final_resistance_ohm'] }),
  z.strictObject({
    at: z.union([timeOfDay, nonneg]),
    kind: z.literal('cooling-loss'),
    duration_h: pos.optional(),
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
    cell_to_ambient_W_m2K: nonneg.optional(),
    plate_contact_flowing_W_m2K: nonneg.optional(),
    plate_contact_stagnant_W_m2K: nonneg.optional(),
    plate_heat_capacity_J_K: pos.optional(),
    plate_to_ambient_W_K: nonneg.optional(),
    solar_rise_K_per_kW_m2: nonneg.optional(),
    segment_conductance_W_K: nonneg.optional(),
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
    mass_kg: pos.optional(),
    rotational_mass_factor: num.refine((x) => x >= 1, 'must be ≥ 1').optional(),
    frontal_area_m2: pos.optional(),
    drag_coefficient: nonneg.optional(),
    rolling_resistance_coeff: nonneg.optional(),
    drivetrain_efficiency: efficiency.optional(),
    regen_efficiency: efficiency.optional(),
    max_regen_power_W: nonneg.optional(),
    regen_min_speed_m_s: nonneg.optional(),
    max_traction_power_W: pos.optional(),
    auxiliary_base_W: nonneg.optional(),
    hvac: withCoreNames(
      z.strictObject({
        cabin_setpoint_K: pos.optional(),
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
    air_density_kg_m3: pos.optional(),
  }),
  NAMES.vehicle,
);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  seed: z.number().int().default(1),
  step_s: pos.default(1),
  park_step_s: pos.default(300),
  /** Step while charging; default step_s (a slow AC charge can take 10 s: the updates are exact). */
  charge_step_s: pos.optional(),
  cell: cellRef,
  /** Other cells (presets or files) run through the same scenario for comparison (e.g. the Li-ion reference). */
  compare: z.array(cellRef).default([]),
  pack: z
    .strictObject({
      series: z.number().int().positive().max(1000).default(96),
      parallel: z.number().int().positive().max(100).default(3),
      groups_per_module: z.number().int().positive().default(12),
      segments_per_cell: z.number().int().positive().max(16).default(1),
      initial_soc: frac.default(0.8),
      initial_temp_C: num.optional(),
      housing_mass_kg: nonneg.default(90),
      variation: withCoreNames(
        z.strictObject({
          capacity_rel_sd: nonneg.optional(),
          resistance_rel_sd: nonneg.optional(),
          initial_soc_sd: nonneg.optional(),
          self_discharge_rel_sd: nonneg.optional(),
          segment_contact_rel_sd: nonneg.optional(),
        }),
        NAMES['pack.variation'],
      ).default({}),
      thermal: packThermalOverrides.default({}),
    })
    .prefault({}),
  vehicle: vehicleOverrides.default({}),
  climate: climateSchema,
  schedule: z.strictObject({
    days: z.number().int().positive().max(3660).default(1),
    start_day_of_year: z.number().int().min(1).max(366).default(1),
    /** Day of the week of day 1 (1 = Monday). */
    start_weekday: z.number().int().min(1).max(7).default(1),
    events: z.array(eventSchema).default([]),
  }),
  bms: z
    .strictObject({
      /** Measurement topology (sensing/topology.ts): which board samples which channel. */
      topology: registryEnum(TOPOLOGY_REGISTRY).default('centralized'),
      /** Sensor plausibility checks (range, rate, stuck, neighbour, sum, stale) in the BMS. */
      plausibility: z.boolean().default(true),
      estimators: z.array(registryEnum(SOC_ESTIMATOR_REGISTRY)).min(1).superRefine(estimatorInputsGiven).default(['ekf', 'coulomb', 'ocv']),
      /** Initial SoC the BMS assumes; default: from the first voltage reading (OCV look-up). */
      initial_soc_guess: frac.optional(),
      preheat_below_C: num.optional(),
      ccd_derating: z.boolean().default(true),
      ccd_safety_factor: pos.default(0.8),
      protection: z.boolean().default(true),
      /**
       * Protection limits overriding the defaults (bms/safety/limits.ts), per quantity and tier, in
       * the SI unit the name carries: e.g. `cell_voltage_high_V: { max_safety: 4.35 }`,
       * `temp_high_K: { max_operating: 323.15 }`, `pressure_low_Pa: { recommended_safety: 4e5 }`.
       */
      limits: limitsOverride.default({}),
      /**
       * Reaction-table entries overriding the defaults (bms/diag/react.ts), per quantity and tier:
       * e.g. `over_pressure: { recommended_safety: { action: derate, derate_factor: 0.3, latch: true } }`.
       */
      reactions: reactionsOverride.default({}),
      /**
       * Cell balancing (bms/balancing): passive bleed resistors (default) or active converters
       * (group ↔ string); strategy top (measured voltages, default), bottom (estimated remaining
       * charge: all groups reach empty together) or soc (estimated SoC). Thresholds: threshold_mV /
       * hysteresis_mV for top, soc_threshold_pct / soc_hysteresis_pct for bottom and soc.
       */
      balancing: z
        .strictObject({
          enabled: z.boolean().default(true),
          kind: registryEnum(BALANCER_KIND_REGISTRY).default('passive'),
          strategy: registryEnum(BALANCING_STRATEGY_REGISTRY).default('top'),
          /** Passive: bleed resistor per group [Ω] (33). */
          resistor_ohm: pos.optional(),
          threshold_mV: pos.optional(),
          hysteresis_mV: nonneg.optional(),
          soc_threshold_pct: pos.optional(),
          soc_hysteresis_pct: nonneg.optional(),
          /** Active: converter current per switched group [A] (2) and efficiency per transfer (0.9). */
          current_A: pos.optional(),
          efficiency: num.refine((x) => x > 0 && x <= 1, 'must be in (0, 1]').optional(),
          /** Modes in which balancing may run (default charge, park). */
          allowed_modes: z.array(z.enum(['charge', 'park', 'drive'])).optional(),
          /** Balancing pauses while |measured pack current| exceeds this [A] (default: no gate). */
          max_current_A: pos.optional(),
          /**
           * Group capacities the BMS uses for `bottom`: nominal, or end-of-line (each group's
           * capacity measured before assembly, with a measurement error; default).
           */
          capacity_source: z.enum(['nominal', 'end-of-line']).default('end-of-line'),
        })
        .prefault({}),
    })
    .prefault({}),
  btms: z
    .strictObject({
      /** The BTMS controller (BTMS_CONTROLLER_REGISTRY in btms/registry.ts lists them, with what each does). */
      controller: registryEnum(BTMS_CONTROLLER_REGISTRY).default('thermostat'),
      /** Learned model file for `controller: ml` (`ssb train-btms --out`), relative to the scenario; default models/btms-temp-15min.json. */
      model: z.string().optional(),
      /** Actuator set (THERMAL_HARDWARE_REGISTRY in btms/actuators.ts lists them, with what each has). */
      hardware: registryEnum(THERMAL_HARDWARE_REGISTRY).default('liquid'),
      /** Predictive controller: how far ahead it looks for the next trip or charge [min] (180). */
      horizon_min: pos.optional(),
      heat_on_C: num.optional(),
      heat_off_C: num.optional(),
      cool_on_C: num.optional(),
      cool_off_C: num.optional(),
      heater_power_W: nonneg.optional(),
      cooling_power_W: nonneg.optional(),
      chiller_cop: pos.optional(),
      pump_power_W: nonneg.optional(),
    })
    .prefault({}),
  sensors: z
    .strictObject({
      voltage_noise_mV: nonneg.optional(),
      voltage_resolution_mV: nonneg.optional(),
      current_noise_A: nonneg.optional(),
      current_offset_A: num.optional(),
      current_gain_error: num.optional(),
      temp_noise_K: nonneg.optional(),
      temp_sensors_per_module: z.number().int().positive().optional(),
    })
    .default({}),
  /** Sensor / communication faults injected during the run. */
  faults: z.array(faultSchema).default([]),
  /** Faults injected into the plant (truth side; the BMS must find them from its measurements). */
  plant_faults: z.array(plantFaultSchema).default([]),
  outputs: z
    .strictObject({
      record_every_s: pos.default(10),
      csv: z.boolean().default(true),
      arrow: z.boolean().default(true),
      report: z.boolean().default(true),
    })
    .prefault({}),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioEvent = Scenario['schedule']['events'][number];
export type CellRef = z.output<typeof cellRef>;
export type ScenarioFault = Scenario['faults'][number];

/** Validate a parsed YAML/JSON document; the first problem becomes an InputError naming the field and value. */
export function parseScenario(raw: unknown, file: string): Scenario {
  return parseWithSchema(scenarioSchema, raw, file);
}
