/**
 * Scenario-file keys whose name in the core is camelCase: the user's spelling (snake_case, the
 * unit suffix kept as written) → the core's TypeScript name, per object of the file. This is the
 * one place where a scenario's keys are renamed: scenario.ts validates the user's spelling and
 * renames with these tables after validation (`withCoreNames`), so the core keeps its names.
 * Runaway-test files share `pack.thermal` (their `module.thermal`); abuse procedures embed a
 * scenario. Every user key is `snakeKey(core name)` (checked in scenario-keys.test.ts), which is
 * also how an old camelCase spelling in a file is answered with "did you mean".
 */
import type { ProtectionLimits, ProtectionQuantity, LimitTier } from '../bms/safety/limits.js';
import type { VehicleParams } from '../loads/vehicle.js';
import type { PackThermalConfig } from '../pack/pack.js';

/** The three tiers of a limit or reaction override (`bms.limits.*`, `bms.reactions.*`). */
const TIERS = { max_operating: 'maxOperating', recommended_safety: 'recommendedSafety', max_safety: 'maxSafety' } as const satisfies Record<string, LimitTier>;

export const SCENARIO_KEY_NAMES = {
  /** All climate kinds (constant, daily, monthly and its `months[]`). */
  climate: { solar_peak_W_m2: 'solarPeak_W_m2', start_day_of_year: 'startDayOfYear' },
  'pack.variation': { initial_soc_sd: 'initialSoc_sd', self_discharge_rel_sd: 'selfDischarge_rel_sd', segment_contact_rel_sd: 'segmentContact_rel_sd' },
  'pack.thermal': {
    cell_to_ambient_W_m2K: 'cellToAmbient_W_m2K',
    plate_contact_flowing_W_m2K: 'plateContactFlowing_W_m2K',
    plate_contact_stagnant_W_m2K: 'plateContactStagnant_W_m2K',
    plate_heat_capacity_J_K: 'plateHeatCapacity_J_K',
    plate_to_ambient_W_K: 'plateToAmbient_W_K',
    solar_rise_K_per_kW_m2: 'solarRise_K_per_kW_m2',
    segment_conductance_W_K: 'segmentConductance_W_K',
  } satisfies Record<string, keyof PackThermalConfig>,
  vehicle: {
    rotational_mass_factor: 'rotationalMassFactor',
    frontal_area_m2: 'frontalArea_m2',
    drag_coefficient: 'dragCoefficient',
    rolling_resistance_coeff: 'rollingResistanceCoeff',
    rolling_resistance_temp_coeff_per_K: 'rollingResistanceTempCoeff_per_K',
    drivetrain_efficiency: 'drivetrainEfficiency',
    regen_efficiency: 'regenEfficiency',
    max_regen_power_W: 'maxRegenPower_W',
    regen_min_speed_m_s: 'regenMinSpeed_m_s',
    max_traction_power_W: 'maxTractionPower_W',
    auxiliary_base_W: 'auxiliaryBase_W',
    air_density_kg_m3: 'airDensity_kg_m3',
    air_pressure_Pa: 'airPressure_Pa',
  } satisfies Record<string, keyof VehicleParams>,
  'vehicle.hvac': {
    cabin_setpoint_K: 'cabinSetpoint_K',
    cabin_ua_W_K: 'cabinUA_W_K',
    heat_pump_cop: 'heatPumpCOP',
    cooling_cop: 'coolingCOP',
    max_heating_W: 'maxHeating_W',
    max_cooling_W: 'maxCooling_W',
    solar_cabin_gain_m2: 'solarCabinGain_m2',
  } satisfies Record<string, keyof VehicleParams['hvac']>,
  /** Protection limits (bms/safety/limits.ts `ProtectionLimits`), each with the tiers below. */
  'bms.limits': {
    cell_voltage_high_V: 'cellVoltageHigh_V',
    cell_voltage_low_V: 'cellVoltageLow_V',
    discharge_current_A: 'dischargeCurrent_A',
    charge_current_A: 'chargeCurrent_A',
    temp_high_K: 'tempHigh_K',
    temp_low_charge_K: 'tempLowCharge_K',
    temp_low_discharge_K: 'tempLowDischarge_K',
    pressure_high_Pa: 'pressureHigh_Pa',
    pressure_low_Pa: 'pressureLow_Pa',
    internal_short_leak_A: 'internalShortLeak_A',
    cooling_deficit_s: 'coolingDeficit_s',
  } satisfies Record<string, keyof ProtectionLimits>,
  'bms.limits.*': TIERS,
  /** Reaction-table quantities (bms/diag/react.ts), each with the tiers below. */
  'bms.reactions': {
    cell_over_voltage: 'cellOverVoltage',
    cell_under_voltage: 'cellUnderVoltage',
    discharge_over_current: 'dischargeOverCurrent',
    charge_over_current: 'chargeOverCurrent',
    over_temperature: 'overTemperature',
    under_temperature_charge: 'underTemperatureCharge',
    under_temperature_discharge: 'underTemperatureDischarge',
    over_pressure: 'overPressure',
    under_pressure: 'underPressure',
    voltage_sensor_invalid: 'voltageSensorInvalid',
    current_sensor_invalid: 'currentSensorInvalid',
    temperature_sensor_invalid: 'temperatureSensorInvalid',
    pressure_sensor_invalid: 'pressureSensorInvalid',
    internal_short: 'internalShort',
    hot_spot: 'hotSpot',
    cooling_ineffective: 'coolingIneffective',
  } satisfies Record<string, ProtectionQuantity>,
  'bms.reactions.*': TIERS,
} as const;

/** The user's spelling of a core name in one object of the file (for messages that start from the core's name). */
export function userKeyOf(object: keyof typeof SCENARIO_KEY_NAMES, coreName: string): string {
  const names: Readonly<Record<string, string>> = SCENARIO_KEY_NAMES[object];
  return Object.keys(names).find((k) => names[k] === coreName) ?? coreName;
}

/** An object of the core (e.g. a limit's tiers) with its keys in the user's spelling, for an error's value. */
export function inUserKeys(object: keyof typeof SCENARIO_KEY_NAMES, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [userKeyOf(object, k), v]));
}
