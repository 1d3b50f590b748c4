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
  liquidPlate: { maxCooling_W: number; chillerCOP: number; pumpPower_W: number; plateConductance_W_K: number; minCoolant_C: number };
  /**
   * Forced-air cooling: a fan blowing outside air through the pack's heat-exchange layer (the
   * plate node of the plant): fan electrical power [W] and the added plate-to-air conductance [W/K]
   * while it runs. 0 W/K = not fitted.
   */
  air: { fanPower_W: number; conductance_W_K: number };
  /**
   * Thermoelectric (Peltier) units between the plate and an outside-air heat sink: maximum
   * electrical power [W] (0 = not fitted), module figure of merit ZT̄ [-], temperature approach of
   * each heat exchanger [K], and the cap on the COP near ΔT → 0 [-]. See `thermoelectricCop`.
   */
  thermoelectric: { maxElectrical_W: number; zt: number; approach_K: number; copMax: number };
}

export interface ThermalCommand {
  /** Heat put into the plate [W] (>= 0). */
  heaterPower_W: number;
  /** Heat removed via the plate [W] (>= 0). */
  coolingPower_W: number;
  pumpOn: boolean;
  /** Electrical power drawn from the pack or the grid [W]: heater/η + cooling/COP + pump + fan + TE. */
  electricalPower_W: number;
  /** Forced-air fan running (adds `air.conductance_W_K` from plate to outside air). */
  fanOn: boolean;
  /**
   * Thermoelectric unit: electrical power [W] (>= 0) and mode (+1 heats the plate, −1 cools it,
   * 0 off). The heat it moves depends on the plate and outside temperatures (`thermoelectricCop`),
   * so the plant computes it; `heaterPower_W`/`coolingPower_W` do not include it.
   */
  teElectrical_W: number;
  teMode: -1 | 0 | 1;
  /** The controller heats a parked pack on purpose (pre-conditioning for a forecast event). */
  preconditioning: boolean;
}

/**
 * What is known in advance, as a navigation/calendar system would know it: the schedule (next
 * trip or charge) and the weather forecast. Not plant state.
 */
export interface BtmsForecast {
  /**
   * The next scheduled event starting after `time_s`, or null. `fastCharge`: a DC fast charge.
   * `need_K`: the coldest-cell temperature the event needs (a drive: its peak power; a charge: the
   * current its charger can use under the cell's charge derate); absent or NaN when not known.
   */
  nextEvent(time_s: number): { start_s: number; kind: 'drive' | 'charge' | 'protocol'; fastCharge: boolean; need_K?: number } | null;
  /** Forecast outside temperature [K] at `time_s`. */
  ambient_K(time_s: number): number;
}

export interface BtmsInputs {
  time_s: number;
  meas: Measurements;
  ctx: BmsContext;
  /** The BMS asks for heat before charging a cold pack. */
  preheatRequest: boolean;
  /** Schedule and weather forecast (null when none is available). */
  forecast?: BtmsForecast | null;
  /**
   * The coldest-cell temperature the present activity needs [K] (a drive: the trip's peak power;
   * a charge: the BMS's pre-heat target); the controllers heat to it instead of their band's
   * bottom (never above it). Absent or NaN: the band (parked, a protocol, or a scenario that sets
   * `btms.heat_on_C`).
   */
  heatNeed_K?: number;
}

export interface BtmsController {
  readonly name: string;
  /** One control cycle; may return a reused command object. */
  decide(inp: BtmsInputs, dt_s: number): ThermalCommand;
}
