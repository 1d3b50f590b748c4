/**
 * Battery thermal management: the actuator description, the command a controller issues each
 * cycle, and the controller interface every BTMS strategy (thermostat, predictive, learned)
 * implements. Controllers see only measurements and the vehicle context, like the BMS.
 */
import type { BmsContext, Measurements } from '../bms/types.js';

export interface ThermalActuatorsConfig {
  /** Resistive (PTC or thick-film) coolant heater: maximum heat into the plate [W], electrical→heat efficiency [-]. */
  heater: { maxPower_W: number; efficiency: number };
  /**
   * Liquid cold plate with a refrigerant chiller: maximum heat removed [W], chiller coefficient of
   * performance [-], coolant pump electrical power [W], plate-to-pack thermal conductance [W/K]
   * (used by the plant's thermal network, not by the controller).
   */
  liquidPlate: { maxCooling_W: number; chillerCOP: number; pumpPower_W: number; plateConductance_W_K: number };
}

export interface ThermalCommand {
  /** Heat put into the plate [W] (>= 0). */
  heaterPower_W: number;
  /** Heat removed via the plate [W] (>= 0). */
  coolingPower_W: number;
  pumpOn: boolean;
  /** Electrical power drawn from the pack or the grid [W]: heater/η + cooling/COP + pump. */
  electricalPower_W: number;
}

export interface BtmsInputs {
  time_s: number;
  meas: Measurements;
  ctx: BmsContext;
  /** The BMS asks for heat before charging a cold pack. */
  preheatRequest: boolean;
}

export interface BtmsController {
  readonly name: string;
  /** One control cycle; may return a reused command object. */
  decide(inp: BtmsInputs, dt_s: number): ThermalCommand;
}
