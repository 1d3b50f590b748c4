/**
 * Predictive BTMS: the thermostat's hysteresis while something happens, plus pre-conditioning
 * from the forecast (the schedule and the weather, known in advance as a navigation/calendar
 * system knows them). Before the next trip or charge within the horizon it starts heating a cold
 * pack early enough to reach the target at departure: the event's heat need from the forecast + 2 K
 * (a drive: the temperature at which the pack gives the trip's peak power, at most the band's top;
 * a charge: where the cell's charge derate allows the charger's current — ≈ 25 °C for a DC fast
 * charge, little or nothing for a Level-2 charge), or without a need the band's top / the
 * fast-charge target; a charge ahead is pre-heated while plugged in or on the drive to it
 * (navigation pre-conditioning, issue 17). It pre-cools a hot pack
 * before a fast charge or a trip into forecast heat. The lead time is the energy needed over the
 * actuator's power:
 *   lead = C_pack·ΔT / (P_max·η_eff) + 10 min,
 * with C_pack the pack's heat capacity (design data, not state) and η_eff = 0.6 (assumed: part of
 * the heat is lost to the cold enclosure and the plate on the way). Sees measurements only.
 */
import type { BtmsController, BtmsInputs, ThermalActuatorsConfig, ThermalCommand } from './types.js';
import { applyThermalDemand, makeThermalCommand, validateActuators } from './actuators.js';
import { ThermostatBands, type ThermostatConfig } from './thermostat.js';
import { InputError } from '../errors.js';
import { needTarget_K, preconditionLead_s } from './precondition.js';

export interface PredictiveConfig extends ThermostatConfig {
  /** How far ahead the forecast is searched for the next trip or charge [s]. */
  horizon_s: number;
  /** Heat capacity of cells + plate [J/K] (design data). */
  packHeatCapacity_J_K: number;
  /** Target coldest-cell temperature before a DC fast charge [K]. */
  fastChargeTarget_K: number;
  /** Target hottest-cell temperature when pre-cooling [K]. */
  precoolTarget_K: number;
}

export { PRECONDITION_EFFECTIVENESS, PRECONDITION_MARGIN_s } from './precondition.js';

/** Temperatures of the measured sensors, holding each sensor's last valid reading. */
export class MeasuredTemps {
  private last: Float64Array = new Float64Array(0);
  min = NaN;
  max = NaN;
  mean = NaN;
  update(inp: BtmsInputs): boolean {
    const m = inp.meas;
    if (this.last.length !== m.temp_K.length) this.last = new Float64Array(m.temp_K.length).fill(NaN);
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let n = 0;
    for (let s = 0; s < this.last.length; s++) {
      if (m.tempValid[s] === 1 && Number.isFinite(m.temp_K[s])) this.last[s] = m.temp_K[s];
      const T = this.last[s];
      if (!Number.isFinite(T)) continue;
      if (T < lo) lo = T;
      if (T > hi) hi = T;
      sum += T;
      n++;
    }
    this.min = n ? lo : NaN;
    this.max = n ? hi : NaN;
    this.mean = n ? sum / n : NaN;
    return n > 0;
  }
}

export class PredictiveController implements BtmsController {
  readonly name = 'predictive';
  private readonly bands = new ThermostatBands();
  private preheating = false;
  private readonly temps = new MeasuredTemps();
  private readonly cmd: ThermalCommand = makeThermalCommand();
  private readonly heatPower_W: number;
  private readonly coolPower_W: number;

  constructor(
    readonly actuators: ThermalActuatorsConfig,
    readonly cfg: PredictiveConfig,
  ) {
    validateActuators(actuators);
    if (!(cfg.horizon_s > 0)) throw new InputError('horizon must be > 0', { field: 'btms.horizon_min', value: cfg.horizon_s / 60 });
    if (!(cfg.packHeatCapacity_J_K > 0)) throw new InputError('pack heat capacity must be > 0', { field: 'packHeatCapacity_J_K', value: cfg.packHeatCapacity_J_K });
    if (!(cfg.heatOff_K >= cfg.heatOn_K && cfg.coolOn_K >= cfg.coolOff_K))
      throw new InputError('thermostat bands are inverted', { field: 'heat_off_C/cool_on_C', value: `${cfg.heatOff_K}/${cfg.coolOn_K}` });
    const te = actuators.thermoelectric.maxElectrical_W;
    // TE heating COP ≥ 1; take 1 (worst case in deep cold) for the lead time
    this.heatPower_W = actuators.heater.maxPower_W + te;
    // TE cooling COP is often < 1 against hot outside air; assume 0.5; air cooling ≈ conductance × 10 K
    this.coolPower_W = actuators.liquidPlate.maxCooling_W + 0.5 * te + 10 * actuators.air.conductance_W_K;
  }

  decide(inp: BtmsInputs, _dt_s: number): ThermalCommand {
    const c = this.cfg;
    if (!this.temps.update(inp)) return applyThermalDemand(this.actuators, 0, 0, false, this.cmd);
    const tMin = this.temps.min;
    const tMax = this.temps.max;
    const tMean = this.temps.mean;
    // reactive part (as the thermostat, to what the present activity needs)
    this.bands.update(tMin, tMax, c, inp.heatNeed_K);
    // forecast part
    let precondHeat = false;
    let precool = false;
    const ev = inp.forecast?.nextEvent(inp.time_s) ?? null;
    if (ev && ev.start_s - inp.time_s <= c.horizon_s) {
      const toGo = ev.start_s - inp.time_s;
      // the event's heat need (a drive: its peak power; a charge: its charger's current under the
      // charge derate) + margin, never above the band's top for a drive; without a need from the
      // forecast, the band's top or the fast-charge target as before
      const need_K = needTarget_K(ev);
      const fallback = ev.fastCharge || ev.kind === 'charge' ? Math.max(c.fastChargeTarget_K, c.heatOff_K) : c.heatOff_K;
      const target = Number.isFinite(need_K) ? (ev.kind === 'drive' ? Math.min(need_K, c.heatOff_K) : need_K) : fallback;
      // hysteresis of 1 K around the target so it holds the temperature until departure
      // a charge is pre-heated parked only when plugged in (the grid pays); unplugged, the BMS's
      // pre-heat request at plug-in does it — heating from a pack that may be nearly empty could
      // drain it; on the way to it (driving) it is pre-heated, as navigation-based BTMS do
      const allowed = ev.kind !== 'charge' || inp.ctx.pluggedIn || inp.ctx.mode === 'drive';
      const need = allowed && (this.preheating ? tMin < target : tMin < target - 1);
      if (need) precondHeat = toGo <= preconditionLead_s(c.packHeatCapacity_J_K, target - tMean, this.heatPower_W);
      const hotAhead = ev.fastCharge || (!!inp.forecast && inp.forecast.ambient_K(ev.start_s) > c.coolOff_K);
      // never pre-cool the coldest cell below the top of the heating band
      if (hotAhead && tMax > c.precoolTarget_K && tMin > c.heatOff_K && this.coolPower_W > 0) {
        precool = toGo <= preconditionLead_s(c.packHeatCapacity_J_K, tMax - c.precoolTarget_K, this.coolPower_W);
      }
    }
    this.preheating = precondHeat;
    const cool = this.bands.cooling || (precool && !precondHeat);
    const heat = !cool && (this.bands.heating || inp.preheatRequest || precondHeat);
    applyThermalDemand(this.actuators, heat ? 1 : 0, cool ? 1 : 0, false, this.cmd);
    this.cmd.preconditioning = heat && precondHeat;
    return this.cmd;
  }
}
