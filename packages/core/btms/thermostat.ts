/**
 * Rule-based thermostat with hysteresis — the reactive baseline BTMS.
 *   heat: on when the coldest measured temperature < heatOn_K, off when it is > heatOff_K — or,
 *     when the present activity's heat need is known (BtmsInputs.heatNeed_K) and lower, on below
 *     the need and off the band's width above it (issue 17: heat to what the activity needs);
 *   with a navigation rule (ThermostatNav): heat on the way to a planned DC fast charge so the pack
 *     arrives at the charge's need (precondition.ts FastChargeNav);
 *   cool: on when the hottest measured temperature > coolOn_K, off when it is < coolOff_K;
 * a BMS pre-heat request forces heating; cooling wins over heating (over-temperature is the
 * hazard). Heater and chiller run at full power when on (bang-bang). Invalid sensors are skipped;
 * each sensor's last valid reading is held; with no reading ever, nothing is switched on.
 */
import type { BtmsController, BtmsInputs, ThermalActuatorsConfig, ThermalCommand } from './types.js';
import { applyThermalDemand, DEFAULT_ACTUATORS, makeThermalCommand, validateActuators } from './actuators.js';
import { InputError } from '../errors.js';
import { FastChargeNav, needTarget_K } from './precondition.js';

export interface ThermostatConfig {
  heatOn_K: number;
  heatOff_K: number;
  coolOn_K: number;
  coolOff_K: number;
}

const C0 = 273.15;

/**
 * The thermostat's two hysteresis bands (the hard bounds every controller keeps): heating on
 * below heatOn_K until above heatOff_K, cooling on above coolOn_K until below coolOff_K, on the
 * coldest / hottest measured temperature.
 */
export class ThermostatBands {
  heating = false;
  cooling = false;

  /**
   * `need_K`: the coldest-cell temperature the present activity needs (BtmsInputs.heatNeed_K);
   * when finite the heating band moves down to it (same width), never above the configured band.
   */
  update(tMin_K: number, tMax_K: number, c: ThermostatConfig, need_K = NaN): void {
    const on_K = need_K < c.heatOn_K ? need_K : c.heatOn_K;
    const off_K = on_K + (c.heatOff_K - c.heatOn_K);
    if (this.heating) {
      if (tMin_K > off_K) this.heating = false;
    } else if (tMin_K < on_K) this.heating = true;
    if (this.cooling) {
      if (tMax_K < c.coolOff_K) this.cooling = false;
    } else if (tMax_K > c.coolOn_K) this.cooling = true;
  }
}

/**
 * Defaults for a Li-metal solid-state pack (assumed): heat on < 15 °C, off > 20 °C; cool on
 * > 35 °C, off < 30 °C. The window is warmer than a Li-ion pack's (which typically heats only
 * below ~0–10 °C) because the solid electrolyte's ionic conductivity and the Li|electrolyte
 * interfacial resistance are Arrhenius-activated (activation energies of ~0.2–0.5 eV for sulfide
 * and garnet electrolytes vs ~0.1–0.2 eV for liquid electrolytes), and the Li-metal critical
 * current density falls steeply in the cold; the top stays at 35 °C to limit interphase growth
 * and Li creep.
 */
export const DEFAULT_THERMOSTAT: ThermostatConfig = Object.freeze({
  heatOn_K: C0 + 15,
  heatOff_K: C0 + 20,
  coolOn_K: C0 + 35,
  coolOff_K: C0 + 30,
});

/** Design data for the thermostat's navigation rule (pre-heat on the way to a planned DC fast charge). */
export interface ThermostatNav {
  /** Heat capacity of cells + plate [J/K]. */
  packHeatCapacity_J_K: number;
  /** How far ahead the navigation looks for the fast charge [s]. */
  horizon_s: number;
}

export class ThermostatController implements BtmsController {
  readonly name = 'thermostat';
  private readonly bands = new ThermostatBands();
  private lastTemp_K: Float64Array = new Float64Array(0);
  private readonly cmd: ThermalCommand = makeThermalCommand();
  private readonly nav: FastChargeNav | null;

  constructor(
    readonly actuators: ThermalActuatorsConfig = DEFAULT_ACTUATORS,
    readonly cfg: ThermostatConfig = DEFAULT_THERMOSTAT,
    nav?: ThermostatNav,
  ) {
    this.nav = nav ? new FastChargeNav(nav.packHeatCapacity_J_K, actuators.heater.maxPower_W + actuators.thermoelectric.maxElectrical_W, nav.horizon_s) : null;
    validateActuators(actuators);
    if (!(cfg.heatOff_K >= cfg.heatOn_K)) throw new InputError('heatOff_K must be >= heatOn_K', { field: 'heatOff_K', value: cfg.heatOff_K });
    if (!(cfg.coolOn_K >= cfg.coolOff_K)) throw new InputError('coolOn_K must be >= coolOff_K', { field: 'coolOn_K', value: cfg.coolOn_K });
    if (!(cfg.coolOff_K > cfg.heatOff_K)) throw new InputError('cooling band must lie above the heating band', { field: 'coolOff_K', value: cfg.coolOff_K });
  }

  decide(inp: BtmsInputs, _dt_s: number): ThermalCommand {
    const m = inp.meas;
    if (this.lastTemp_K.length !== m.temp_K.length) this.lastTemp_K = new Float64Array(m.temp_K.length).fill(NaN);
    const last = this.lastTemp_K;
    let tMin = Infinity;
    let tMax = -Infinity;
    for (let s = 0; s < last.length; s++) {
      if (m.tempValid[s] === 1 && Number.isFinite(m.temp_K[s])) last[s] = m.temp_K[s];
      const T = last[s];
      if (T < tMin) tMin = T;
      if (T > tMax) tMax = T;
    }
    const c = this.cfg;
    if (tMin !== Infinity) this.bands.update(tMin, tMax, c, inp.heatNeed_K);
    const cool = this.bands.cooling;
    // a departure timer (a pre-heat request outside a charge) heats to what the next event needs
    // (its heat need + margin; without a forecast the top of the heating band), as the predictive
    // controller pre-conditions (issue 17): heating on for the whole timer warmed a pack already
    // warm; the BMS's pre-heat before a charge holds until the BMS releases it
    const preheat = inp.preheatRequest && (inp.ctx.mode === 'charge' || tMin === Infinity || tMin < this.departureTarget_K(inp));
    // on the way to a planned DC fast charge, heat so the pack arrives warm (navigation rule)
    const nav = this.nav !== null && tMin !== Infinity && this.nav.heat(inp, tMin, tMin);
    const heat = !cool && (this.bands.heating || preheat || nav);
    return applyThermalDemand(this.actuators, heat ? 1 : 0, cool ? 1 : 0, false, this.cmd);
  }

  /** What a departure timer heats to: the next event's need + margin, at most the top of the heating band. */
  private departureTarget_K(inp: BtmsInputs): number {
    const ev = inp.forecast?.nextEvent(inp.time_s) ?? null;
    const need = ev ? needTarget_K(ev) : NaN;
    return need < this.cfg.heatOff_K ? need : this.cfg.heatOff_K;
  }
}
