/**
 * Pre-conditioning arithmetic shared by the controllers: how long heating a pack by ΔT takes, and
 * the target a forecast event asks for (its heat need, issue 17).
 */
import type { BtmsForecast, BtmsInputs } from './types.js';

/** Assumed share of the actuator's heat that reaches the cells during pre-conditioning. */
export const PRECONDITION_EFFECTIVENESS = 0.6;
/** Extra lead [s] (assumed, covers sensor lag and the 5-minute park steps). */
export const PRECONDITION_MARGIN_s = 600;
/** A controller heats this far above an event's need [K] (assumed: sensor and cell-to-cell spread; as the BMS's PREHEAT_NEED_MARGIN_K). */
export const NEED_MARGIN_K = 2;

/**
 * Time to heat (or cool) a pack of heat capacity `heatCapacity_J_K` by `deltaT_K` with `power_W`
 * of heat [s]: C·ΔT / (P·η_eff) + margin; −Infinity with no power (never start).
 */
export function preconditionLead_s(heatCapacity_J_K: number, deltaT_K: number, power_W: number): number {
  if (!(power_W > 0)) return -Infinity;
  return (heatCapacity_J_K * Math.max(0, deltaT_K)) / (power_W * PRECONDITION_EFFECTIVENESS) + PRECONDITION_MARGIN_s;
}

type ForecastEvent = NonNullable<ReturnType<BtmsForecast['nextEvent']>>;

/** The event's heat need with the margin [K], or NaN when the forecast does not give one. */
export function needTarget_K(ev: ForecastEvent): number {
  return ev.need_K !== undefined && Number.isFinite(ev.need_K) ? ev.need_K + NEED_MARGIN_K : NaN;
}

/**
 * Navigation-style pre-conditioning on the way to a planned DC fast charge (as Tesla's and
 * Hyundai/VW's navigation does when a fast charger is the destination): while driving, heat when
 * the next event is a fast charge within `horizon_s` whose heat need the coldest cell is below,
 * and the time to it is within the time the heater needs to get there. Holds itself on (1 K of
 * hysteresis) until the target is reached. The drive pays (the pack powers the heater).
 */
export class FastChargeNav {
  private on = false;

  constructor(
    private readonly heatCapacity_J_K: number,
    private readonly heatPower_W: number,
    private readonly horizon_s: number,
  ) {}

  /** Heat now? `tMin_K`: coldest measured temperature; `tMean_K`: mean (for the energy). */
  heat(inp: BtmsInputs, tMin_K: number, tMean_K: number): boolean {
    this.on = this.wanted(inp, tMin_K, tMean_K, this.on ? 0 : 1);
    return this.on;
  }

  private wanted(inp: BtmsInputs, tMin_K: number, tMean_K: number, hysteresis_K: number): boolean {
    if (inp.ctx.mode !== 'drive' || !inp.forecast) return false;
    const ev = inp.forecast.nextEvent(inp.time_s);
    if (!ev?.fastCharge) return false;
    const toGo = ev.start_s - inp.time_s;
    if (toGo > this.horizon_s) return false;
    const target = needTarget_K(ev);
    if (!(tMin_K < target - hysteresis_K)) return false;
    return toGo <= preconditionLead_s(this.heatCapacity_J_K, target - tMean_K, this.heatPower_W);
  }
}
