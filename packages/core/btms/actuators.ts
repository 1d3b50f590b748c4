/**
 * Thermal actuators: converts a controller's heating/cooling demand into the actuator command
 * with saturation and the electrical power drawn.
 *   P_el = P_heat/η_heater + P_cool/COP_chiller + P_pump·[pump on] + P_fan·[fan on] + P_TE
 * The thermoelectric unit's heat depends on the plate and outside temperatures, so the plant
 * (the engine) turns its electrical power into heat with `thermoelectricCop`.
 */
import type { ThermalActuatorsConfig, ThermalCommand } from './types.js';
import { InputError } from '../errors.js';
import { defineRegistry, type RegistryEntry } from '../registry.js';

/**
 * Defaults (one EV-sized pack).
 * - Heater 6 kW, efficiency 0.95: high-voltage PTC / thick-film coolant heaters for EVs are sold
 *   in the 5–7 kW class (e.g. Eberspächer and Webasto HV coolant heaters); electrical→heat
 *   efficiency > 95 % is typical of resistive heaters (the loss is to the surroundings).
 * - Chiller: 6 kW maximum heat removal (assumed, enough for ~150 kW DC fast charging of a
 *   ~95 % efficient pack), COP 2.5 (EV chillers operate at COP ≈ 2–3).
 * - Pump 100 W: assumed (12 V electric coolant pumps are 50–150 W).
 * - Plate conductance 400 W/K: assumed (about 2 m² of plate contact × an effective 200 W/(m²·K)
 *   through gap filler, housing and cell casing).
 * - Coolant floor 5 °C: assumed (a refrigerant chiller cannot bring its coolant below the
 *   evaporator temperature; EV chillers keep it a few K above 0 °C against icing). The chiller
 *   removes at most plateConductance × (T_plate − floor) from the plate — 6 kW at a 20 °C plate —
 *   and nothing once the plate is at the floor, so a controller that keeps commanding cooling
 *   cannot freeze the pack.
 * - Air and thermoelectric: not fitted (0) in the default liquid hardware; see `hardwareActuators`.
 */
export const DEFAULT_ACTUATORS: ThermalActuatorsConfig = Object.freeze({
  heater: Object.freeze({ maxPower_W: 6000, efficiency: 0.95 }),
  liquidPlate: Object.freeze({ maxCooling_W: 6000, chillerCOP: 2.5, pumpPower_W: 100, plateConductance_W_K: 400, minCoolant_C: 5 }),
  air: Object.freeze({ fanPower_W: 0, conductance_W_K: 0 }),
  thermoelectric: Object.freeze({ maxElectrical_W: 0, zt: 0.8, approach_K: 5, copMax: 3 }),
});

/**
 * Forced air (assumed): a 300 W blower (EV/HEV pack blowers are 50–400 W) and 150 W/K from the
 * heat-exchange layer to the air stream (≈ 4 m² of fin/duct area × 35 W/(m²·K), forced convection
 * at a few m/s, Incropera ch. 7).
 */
export const AIR_COOLING = Object.freeze({ fanPower_W: 300, conductance_W_K: 150 });

/**
 * Thermoelectric unit (assumed sizes; material data cited): 2 kW electrical (a bank of ≈ 30–40
 * 12 V / 6 A Bi2Te3 modules); ZT̄ = 0.8 (commercial Bi2Te3 modules near room temperature reach
 * ZT ≈ 0.7–1, Guclu & Cuce, J. Electron. Mater. 48 (2019) 211, the seed's ref. [107]); each heat
 * exchanger (plate side and air side) 5 K from its fluid (assumed); COP capped at 3 (assumed: the
 * ideal formula diverges as ΔT → 0; contact and heat-sink losses bound real modules to ≈ 1–3).
 */
export const THERMOELECTRIC_UNIT = Object.freeze({ maxElectrical_W: 2000, zt: 0.8, approach_K: 5, copMax: 3 });

export interface ThermalHardwareEntry extends RegistryEntry {
  /** The actuator set of this hardware from a base (default) configuration. */
  actuators(base: ThermalActuatorsConfig): ThermalActuatorsConfig;
}

/**
 * The BTMS hardware options (scenario and study `btms.hardware`): the one list their enums, the
 * simulator (`hardwareActuators`) and the docs are derived from.
 */
export const THERMAL_HARDWARE_REGISTRY = defineRegistry('BTMS hardware', [
  {
    name: 'liquid',
    description: 'coolant heater, chiller and pump on a liquid cooling plate',
    actuators: (base: ThermalActuatorsConfig): ThermalActuatorsConfig => ({
      heater: { ...base.heater },
      liquidPlate: { ...base.liquidPlate },
      air: { fanPower_W: 0, conductance_W_K: 0 },
      thermoelectric: { ...base.thermoelectric, maxElectrical_W: 0 },
    }),
  },
  {
    name: 'air',
    description: 'resistive heater and a blower; no chiller, no coolant pump',
    // the fan's flow gives the "flowing" contact
    actuators: (base: ThermalActuatorsConfig): ThermalActuatorsConfig => ({
      heater: { ...base.heater },
      liquidPlate: { ...base.liquidPlate, maxCooling_W: 0, pumpPower_W: 0 },
      air: { ...AIR_COOLING },
      thermoelectric: { ...base.thermoelectric, maxElectrical_W: 0 },
    }),
  },
  {
    name: 'thermoelectric',
    description: 'Peltier units on the coolant loop heat and cool; the pump circulates the coolant to the plate',
    actuators: (base: ThermalActuatorsConfig): ThermalActuatorsConfig => ({
      heater: { ...base.heater, maxPower_W: 0 },
      liquidPlate: { ...base.liquidPlate, maxCooling_W: 0 },
      air: { fanPower_W: 0, conductance_W_K: 0 },
      thermoelectric: { ...THERMOELECTRIC_UNIT },
    }),
  },
]);

/** Which actuators a pack has (scenario `btms.hardware`). */
export type ThermalHardware = (typeof THERMAL_HARDWARE_REGISTRY.names)[number];

/** The actuator set of a hardware option (scenario `btms.hardware`). */
export function hardwareActuators(hw: ThermalHardware, base: ThermalActuatorsConfig = DEFAULT_ACTUATORS): ThermalActuatorsConfig {
  return THERMAL_HARDWARE_REGISTRY.get(hw, { field: 'btms.hardware' }).actuators(base);
}

export function validateActuators(a: ThermalActuatorsConfig): void {
  if (!(a.heater.maxPower_W >= 0)) throw new InputError('heater power must be >= 0', { field: 'heater.maxPower_W', value: a.heater.maxPower_W });
  if (!(a.heater.efficiency > 0 && a.heater.efficiency <= 1)) throw new InputError('heater efficiency must be in (0, 1]', { field: 'heater.efficiency', value: a.heater.efficiency });
  if (!(a.liquidPlate.maxCooling_W >= 0)) throw new InputError('cooling power must be >= 0', { field: 'liquidPlate.maxCooling_W', value: a.liquidPlate.maxCooling_W });
  if (!(a.liquidPlate.chillerCOP > 0)) throw new InputError('chiller COP must be > 0', { field: 'liquidPlate.chillerCOP', value: a.liquidPlate.chillerCOP });
  if (!(a.liquidPlate.pumpPower_W >= 0)) throw new InputError('pump power must be >= 0', { field: 'liquidPlate.pumpPower_W', value: a.liquidPlate.pumpPower_W });
  if (!(a.air.fanPower_W >= 0)) throw new InputError('fan power must be >= 0', { field: 'air.fanPower_W', value: a.air.fanPower_W });
  if (!(a.air.conductance_W_K >= 0)) throw new InputError('air conductance must be >= 0', { field: 'air.conductance_W_K', value: a.air.conductance_W_K });
  const te = a.thermoelectric;
  if (!(te.maxElectrical_W >= 0)) throw new InputError('thermoelectric power must be >= 0', { field: 'thermoelectric.maxElectrical_W', value: te.maxElectrical_W });
  if (!(te.zt > 0)) throw new InputError('thermoelectric ZT must be > 0', { field: 'thermoelectric.zt', value: te.zt });
  if (!(te.approach_K >= 0)) throw new InputError('heat-exchanger approach must be >= 0', { field: 'thermoelectric.approach_K', value: te.approach_K });
  if (!(te.copMax >= 1)) throw new InputError('COP cap must be >= 1', { field: 'thermoelectric.copMax', value: te.copMax });
}

/**
 * Coefficient of performance of a thermoelectric module at its optimum current (ideal
 * constant-property model, Ioffe 1957; e.g. Rowe, CRC Handbook of Thermoelectrics, ch. 5), with
 * T_c, T_h the cold and hot junction temperatures, ΔT = T_h − T_c, T̄ = (T_h + T_c)/2, M = √(1 + ZT̄):
 *   cooling  COP_c = (T_c/ΔT)·(M − T_h/T_c)/(M + 1)
 *   heating  COP_h = (T_h/ΔT)·(M − T_c/T_h)/(M + 1)        (= COP_c + 1 at the same current)
 * Cooling: T_c = plate − approach, T_h = outside + approach; heating: T_h = plate + approach,
 * T_c = outside − approach. Results are clamped: cooling to [0, copMax] (0 past ΔT_max, where the
 * module cannot pump against the gradient), heating to [1, copMax] (at and past ΔT_max all the
 * electrical power still ends up as Joule heat). ΔT ≤ 0 (pumping downhill) gives copMax.
 */
export function thermoelectricCop(mode: 'heat' | 'cool', plate_K: number, outside_K: number, te: ThermalActuatorsConfig['thermoelectric']): number {
  if (!Number.isFinite(plate_K) || !Number.isFinite(outside_K)) throw new InputError('thermoelectric COP needs finite temperatures', { field: 'plate_K/outside_K', value: `${plate_K}/${outside_K}` });
  const cool = mode === 'cool';
  const Tc = cool ? plate_K - te.approach_K : outside_K - te.approach_K;
  const Th = cool ? outside_K + te.approach_K : plate_K + te.approach_K;
  const dT = Th - Tc;
  if (dT <= 1e-9) return te.copMax;
  const M = Math.sqrt(1 + te.zt); // zt is the dimensionless ZT̄ at the mean temperature
  const cop = cool ? ((Tc / dT) * (M - Th / Tc)) / (M + 1) : ((Th / dT) * (M - Tc / Th)) / (M + 1);
  return cool ? Math.min(te.copMax, Math.max(0, cop)) : Math.min(te.copMax, Math.max(1, cop));
}

export function makeThermalCommand(): ThermalCommand {
  return { heaterPower_W: 0, coolingPower_W: 0, pumpOn: false, electricalPower_W: 0, fanOn: false, teElectrical_W: 0, teMode: 0, preconditioning: false };
}

/**
 * Fills `out` from demands as fractions of the maximum (clamped to 0..1), on whatever actuators are
 * fitted: heat by the resistive heater and/or the TE unit in heating mode; cool by the chiller,
 * the fan (on when any cooling is asked for) and/or the TE unit in cooling mode (cooling wins the
 * TE unit when both are asked). The pump runs whenever heat is moved through the plate or
 * `pumpOn` is asked for; `pumpOn` also stands for the fan's forced flow (flowing plate contact).
 */
export function applyThermalDemand(a: ThermalActuatorsConfig, heatFraction: number, coolFraction: number, pumpOn: boolean, out: ThermalCommand): ThermalCommand {
  const fh = heatFraction > 1 ? 1 : heatFraction > 0 ? heatFraction : 0;
  const fc = coolFraction > 1 ? 1 : coolFraction > 0 ? coolFraction : 0;
  out.heaterPower_W = fh * a.heater.maxPower_W;
  out.coolingPower_W = fc * a.liquidPlate.maxCooling_W;
  out.fanOn = fc > 0 && a.air.conductance_W_K > 0;
  const teMax = a.thermoelectric.maxElectrical_W;
  if (teMax > 0 && fc > 0) {
    out.teMode = -1;
    out.teElectrical_W = fc * teMax;
  } else if (teMax > 0 && fh > 0) {
    out.teMode = 1;
    out.teElectrical_W = fh * teMax;
  } else {
    out.teMode = 0;
    out.teElectrical_W = 0;
  }
  out.pumpOn = pumpOn || out.heaterPower_W > 0 || out.coolingPower_W > 0 || out.teElectrical_W > 0 || out.fanOn;
  out.electricalPower_W =
    out.heaterPower_W / a.heater.efficiency + out.coolingPower_W / a.liquidPlate.chillerCOP + (out.pumpOn ? a.liquidPlate.pumpPower_W : 0) + (out.fanOn ? a.air.fanPower_W : 0) + out.teElectrical_W;
  out.preconditioning = false;
  return out;
}

/** True when the command heats (resistive or TE heating). */
export function isHeating(c: ThermalCommand): boolean {
  return c.heaterPower_W > 0 || c.teMode === 1;
}

/** Returns a copy of `c` with all heating removed (electrical power recomputed). */
export function withoutHeating(a: ThermalActuatorsConfig, c: ThermalCommand): ThermalCommand {
  const cool = c.coolingPower_W > 0 || c.teMode === -1 || c.fanOn;
  const coolFraction = cool
    ? Math.max(a.liquidPlate.maxCooling_W > 0 ? c.coolingPower_W / a.liquidPlate.maxCooling_W : 0, c.teMode === -1 ? c.teElectrical_W / a.thermoelectric.maxElectrical_W : 0, c.fanOn ? 1 : 0)
    : 0;
  return applyThermalDemand(a, 0, coolFraction, false, makeThermalCommand());
}
