/**
 * How warm the pack must be for what it does next (issue 17: pack heating sized like a real
 * BTMS). Production BTMS heat to what the next activity needs, not to one window for everything:
 *   - a drive needs the temperature at which the pack can still deliver the trip's peak power
 *     (and its discharge is allowed at all): for a Li-ion pack at −7 °C that is no heating — the
 *     Nissan Leaf's battery warmer, for one, switches on only at about −17 °C and off at −10 °C
 *     (Nissan LEAF owner's manual, 40 kWh models, "Li-ion battery warmer");
 *   - a charge needs the temperature at which the cell's charge derate allows the current the
 *     charger and the CC step can use (`chargeTempNeeded_K`, the BMS's own rule): a Level-2 charge
 *     of a few kW needs little or none, a DC fast charge a warm pack.
 * Everything here is design data (the BMS's nominal cell model, its limits, the vehicle, the
 * trip's trace as a navigation system knows it), never plant state.
 */
import type { EcmModel } from '../bms/types.js';
import type { ChargeControlConfig } from '../bms/charge/cccv.js';
import type { ProtectionLimits } from '../bms/safety/limits.js';
import type { VehicleParams } from '../loads/vehicle.js';
import type { SpeedTrace } from '../loads/epa.js';
import type { BtmsForecast } from '../btms/types.js';
import type { Climate } from '../loads/climate.js';
import type { TimedEvent } from './schedule.js';
import type { ScenarioEvent } from './scenario.js';
import { chargeTempNeeded_K } from '../bms/charge/cccv.js';
import { batteryPowerForWheel_W, hvacPower_W, wheelPower_W } from '../loads/vehicle.js';
import { sampleTrace, traceDuration_s } from '../loads/epa.js';
import { CHARGERS } from '../loads/charger.js';
import { nextEventIndex } from './schedule.js';

/** State of charge at which a drive's power must still be there [-] (assumed: the end of a trip on a low pack). */
export const DRIVE_NEED_SOC = 0.2;
/** Length of the power pulse the pack must hold [s] (assumed: a full-throttle acceleration, as the BMS's 10 s SoP). */
export const DRIVE_PULSE_s = 10;
/**
 * A drive needs at least this far above the BMS's low-temperature discharge limit [K] (assumed:
 * sensor and cell-to-cell spread; the Leaf's warmer switches on 3 K above its −20 °C floor).
 */
export const DRIVE_FLOOR_MARGIN_K = 3;
/** Search step of the needed drive temperature [K]. */
const GRID_K = 0.5;
/** The search's lowest temperature [K] (−60 °C, assumed: below any vehicle's operating range). */
const SEARCH_FLOOR_K = 273.15 - 60;

/**
 * Power the pack can deliver for a `DRIVE_PULSE_s` pulse at uniform temperature `temp_K` and SoC
 * `soc` [W]: each cell from its open-circuit voltage down to vMin through R0 and the two RC pairs'
 * share over the pulse, the pack current capped by the BMS's operating discharge limit.
 */
export function packPulsePower_W(ecm: EcmModel, ns: number, np: number, dischargeLimit_A: number, temp_K: number, soc: number): number {
  const ocv = ecm.ocv_V(soc, temp_K);
  const r =
    ecm.r0_ohm(soc, temp_K) + ecm.r1_ohm(soc, temp_K) * (1 - Math.exp(-DRIVE_PULSE_s / ecm.tau1_s(soc, temp_K))) + ecm.r2_ohm(soc, temp_K) * (1 - Math.exp(-DRIVE_PULSE_s / ecm.tau2_s(soc, temp_K)));
  if (!(r > 0) || !(ocv > ecm.vMin_V)) return 0;
  const iPack = Math.min((np * (ocv - ecm.vMin_V)) / r, dischargeLimit_A);
  return ns * (ocv - (iPack / np) * r) * iPack;
}

/**
 * The lowest uniform pack temperature [K] at which the pack delivers `peak_W` for a pulse at
 * `DRIVE_NEED_SOC`, and at least `DRIVE_FLOOR_MARGIN_K` above the low-temperature discharge limit;
 * searched up to `ceiling_K` (the controllers' band bottom), which it never exceeds.
 */
export function driveTempNeeded_K(ecm: EcmModel, ns: number, np: number, limits: ProtectionLimits, peak_W: number, ceiling_K: number): number {
  // (protection off sets the limit to −∞: the search then starts at SEARCH_FLOOR_K)
  const floor_K = Math.max(limits.tempLowDischarge_K.maxOperating + DRIVE_FLOOR_MARGIN_K, SEARCH_FLOOR_K);
  if (floor_K >= ceiling_K) return ceiling_K;
  const iDis = limits.dischargeCurrent_A.maxOperating;
  for (let T = floor_K; T < ceiling_K; T += GRID_K) {
    if (packPulsePower_W(ecm, ns, np, iDis, T, DRIVE_NEED_SOC) >= peak_W) return T;
  }
  return ceiling_K;
}

/** Peak battery power of a trace [W] at an ambient (its road load; traction through the drivetrain, 1 s samples; auxiliaries not included). */
export function tracePeakPower_W(trace: SpeedTrace, vehicle: VehicleParams, ambient_K?: number): number {
  let peak = 0;
  const d = traceDuration_s(trace);
  for (let t = 0.5; t < d; t += 1) {
    const s = sampleTrace(trace, trace.time_s[0] + t);
    const p = batteryPowerForWheel_W(wheelPower_W(s.speed_m_s, s.accel_m_s2, 0, vehicle, ambient_K), s.speed_m_s, vehicle).battery_W;
    if (p > peak) peak = p;
  }
  return peak;
}

/** What the heat needs are computed from (design data of the run). */
export interface HeatNeedData {
  ecm: EcmModel;
  ns: number;
  np: number;
  limits: ProtectionLimits;
  charge: ChargeControlConfig;
  vehicle: VehicleParams;
  climate: Climate;
  /** The controllers' band bottom [K]: no activity needs more heating than the band gave before. */
  ceiling_K: number;
  /** Drives get a need (false when the scenario fixes the band with `btms.heat_on_C`: NaN, the band). */
  driveNeeds: boolean;
  traceFor(e: ScenarioEvent): SpeedTrace;
}

/** The needed coldest-cell temperatures of a run's activities, cached per event. */
export class HeatNeeds {
  private readonly peak = new Map<ScenarioEvent, Map<number, number>>();
  private readonly chargeMemo = new Map<number, number>();
  private readonly oneC_A: number;

  constructor(private readonly d: HeatNeedData) {
    this.oneC_A = (d.ecm.capacity_As * d.np) / 3600;
  }

  /** A drive of event `e` starting at `start_s` [K]: the trip's peak power plus the auxiliaries at the forecast ambient. */
  drive(e: ScenarioEvent, start_s: number): number {
    const d = this.d;
    if (!d.driveNeeds) return NaN;
    const ambient_K = d.climate.ambient_K(start_s);
    // the road load follows the ambient (air density, tyres): one peak per event and whole kelvin of ambient
    const key = Math.round(ambient_K);
    let byAmbient = this.peak.get(e);
    if (!byAmbient) this.peak.set(e, (byAmbient = new Map()));
    let peak = byAmbient.get(key);
    if (peak === undefined) {
      peak = tracePeakPower_W(d.traceFor(e), d.vehicle, key);
      byAmbient.set(key, peak);
    }
    const aux_W = d.vehicle.auxiliaryBase_W + hvacPower_W(ambient_K, 0, d.vehicle);
    return driveTempNeeded_K(d.ecm, d.ns, d.np, d.limits, peak + aux_W, d.ceiling_K);
  }

  /**
   * A charge on a charger of `maxCurrent_A` / `maxPower_W` at pack voltage `packVoltage_V` from
   * SoC `soc` [K]: the BMS's own pre-heat target (`chargeTempNeeded_K`, or its fixed threshold).
   */
  charge(maxCurrent_A: number, maxPower_W: number, packVoltage_V: number, soc: number): number {
    const c = this.d.charge;
    if (!c.preheatFromNeed) return c.preheatBelow_K;
    let k = 0;
    while (k < c.ccSteps.length - 1 && !(soc < c.ccSteps[k].socBelow)) k++;
    const charger_A = packVoltage_V > 0 ? Math.min(maxCurrent_A, maxPower_W / packVoltage_V) : maxCurrent_A;
    const demand_A = Math.min(c.ccSteps[k].cRate * this.oneC_A, charger_A);
    // (memo on the demand to 0.5 A: the search is ~100 evaluations and controllers ask every step)
    const key = Math.round(demand_A * 2);
    let need = this.chargeMemo.get(key);
    if (need === undefined) {
      need = chargeTempNeeded_K(c, this.oneC_A, key / 2);
      this.chargeMemo.set(key, need);
    }
    return need;
  }

  /** A timeline event [K] (NaN for a protocol), at the pack voltage and SoC known now. */
  event(te: TimedEvent, packVoltage_V: number, soc: number): number {
    const e = te.event;
    if (e.drive) return this.drive(e, te.start_s);
    const ch = e.charge ? CHARGERS[e.charge.charger] : undefined;
    if (ch) return this.charge(ch.maxCurrent_A, ch.maxPower_W, packVoltage_V, soc);
    return NaN;
  }
}

/**
 * The schedule's forecast with each event's heat need (`need_K`), as a navigation system that
 * knows the trip and the charger would give it; `state()` gives the pack voltage and SoC the BMS
 * knows now. Needs are cached per timeline index.
 */
export function forecastWithNeeds(base: BtmsForecast, timeline: readonly TimedEvent[], needs: HeatNeeds, state: () => { packVoltage_V: number; soc: number }): BtmsForecast {
  const driveCache = new Map<number, number>();
  return {
    ambient_K: (t: number) => base.ambient_K(t),
    nextEvent(time_s: number) {
      const ev = base.nextEvent(time_s);
      if (!ev) return null;
      const i = nextEventIndex(timeline, time_s);
      const te = timeline[i];
      let need: number;
      if (te.event.drive) {
        const hit = driveCache.get(i);
        need = hit ?? needs.drive(te.event, te.start_s);
        if (hit === undefined) driveCache.set(i, need);
      } else {
        const st = state();
        need = needs.event(te, st.packVoltage_V, st.soc);
      }
      return { ...ev, need_K: need };
    },
  };
}
