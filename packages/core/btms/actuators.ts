/**
 * Thermal actuators: converts a controller's heating/cooling demand into the actuator command
 * with saturation and the electrical power drawn.
 *   P_el = P_heat/η_heater + P_cool/COP_chiller + P_pump·[pump on]
 */
import type { ThermalActuatorsConfig, ThermalCommand } from './types.js';
import { InputError } from '../errors.js';

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
 */
export const DEFAULT_ACTUATORS: ThermalActuatorsConfig = Object.freeze({
  heater: Object.freeze({ maxPower_W: 6000, efficiency: 0.95 }),
  liquidPlate: Object.freeze({ maxCooling_W: 6000, chillerCOP: 2.5, pumpPower_W: 100, plateConductance_W_K: 400 }),
});

export function validateActuators(a: ThermalActuatorsConfig): void {
  if (!(a.heater.maxPower_W >= 0)) throw new InputError('heater power must be >= 0', { field: 'heater.maxPower_W', value: a.heater.maxPower_W });
  if (!(a.heater.efficiency > 0 && a.heater.efficiency <= 1)) throw new InputError('heater efficiency must be in (0, 1]', { field: 'heater.efficiency', value: a.heater.efficiency });
  if (!(a.liquidPlate.maxCooling_W >= 0)) throw new InputError('cooling power must be >= 0', { field: 'liquidPlate.maxCooling_W', value: a.liquidPlate.maxCooling_W });
  if (!(a.liquidPlate.chillerCOP > 0)) throw new InputError('chiller COP must be > 0', { field: 'liquidPlate.chillerCOP', value: a.liquidPlate.chillerCOP });
  if (!(a.liquidPlate.pumpPower_W >= 0)) throw new InputError('pump power must be >= 0', { field: 'liquidPlate.pumpPower_W', value: a.liquidPlate.pumpPower_W });
}

export function makeThermalCommand(): ThermalCommand {
  return { heaterPower_W: 0, coolingPower_W: 0, pumpOn: false, electricalPower_W: 0 };
}

/**
 * Fills `out` from demands as fractions of the maximum (clamped to 0..1). The pump runs whenever
 * heat is moved through the plate or `pumpOn` is asked for.
 */
export function applyThermalDemand(a: ThermalActuatorsConfig, heatFraction: number, coolFraction: number, pumpOn: boolean, out: ThermalCommand): ThermalCommand {
  const fh = heatFraction > 1 ? 1 : heatFraction > 0 ? heatFraction : 0;
  const fc = coolFraction > 1 ? 1 : coolFraction > 0 ? coolFraction : 0;
  out.heaterPower_W = fh * a.heater.maxPower_W;
  out.coolingPower_W = fc * a.liquidPlate.maxCooling_W;
  out.pumpOn = pumpOn || fh > 0 || fc > 0;
  out.electricalPower_W =
    out.heaterPower_W / a.heater.efficiency + out.coolingPower_W / a.liquidPlate.chillerCOP + (out.pumpOn ? a.liquidPlate.pumpPower_W : 0);
  return out;
}
