/**
 * Charge controller: constant current (optionally multi-step by estimated SoC), then constant
 * voltage on the highest measured group voltage, ending when the CV current has tapered to
 * `taperEndCRate` (C/20 by default) or the target SoC is reached.
 *
 * The requested current is the minimum of
 *   - the CC step for the estimated pack SoC,
 *   - the temperature derate: 0 outside [minChargeTemp_K, maxChargeTemp_K], else a
 *     piecewise-linear maximum C-rate of the COLDEST measured temperature,
 *   - for Li-metal cells, `ccdChargeLimit_A(coldest measured temperature)` — the nominal
 *     critical-current-density limit of a group (with safety factor) supplied by the simulator
 *     from datasheet parameters,
 *   - the charger's current and power limits and the protection layer's charge limit,
 *   - in CV, the CV loop's current.
 * Pre-heat: while a session is active and the coldest measured temperature is below
 * `preheatBelow_K`, the controller sets `preheatRequest` and limits the request to
 * `preheatTrickle_A` (0 by default: hold; Infinity: what the temperature derate and the CCD limit
 * allow at the measured temperature) until the coldest reading reaches `preheatUntil_K`.
 * With `preheatFromNeed`, the pre-heat thresholds come from the session instead (as production
 * BTMS do, issue 17): the lowest temperature at which the temperature derate and the CCD limit
 * allow the current this charge can use — the charger's current and power limits and the CC
 * step at the estimated SoC (`chargeTempNeeded_K`) — so a few-kW AC charge heats little or not at
 * all and a DC fast charge heats to where its full current is allowed.
 *
 * All currents here are charge-current MAGNITUDES of one series group = the pack current [A].
 */
import type { BmsContext, EcmModel, Measurements } from '../types.js';
import { interpSorted } from '../../numerics/interp.js';
import { InputError } from '../../errors.js';

export interface ChargeStep {
  /** This step applies while the estimated SoC is below this value [-]. */
  socBelow: number;
  /** Charge C-rate of the step [1/h] (relative to the group capacity). */
  cRate: number;
}

export interface ChargeControlConfig {
  /** CC steps in increasing `socBelow`; above the last step the CC current is the last step's. */
  ccSteps: readonly ChargeStep[];
  /** CV set point on the highest measured group voltage [V]; undefined → the model's vMax_V. */
  cvVoltage_V?: number;
  /** CV phase ends when the CV current falls to this C-rate [1/h]. */
  taperEndCRate: number;
  /** Proportion of the ohmic correction applied per cycle in the CV loop [-] (0 < gain <= 1). */
  cvGain: number;
  /** Time the end-of-charge condition must hold before `chargeComplete` [s]. */
  completeDebounce_s: number;
  /** No charging while the coldest measured temperature is below this [K]. */
  minChargeTemp_K: number;
  /** No charging while the hottest measured temperature is above this [K]. */
  maxChargeTemp_K: number;
  /** Maximum charge C-rate [1/h] vs coldest measured temperature [K] (piecewise linear, clamped). */
  tempDerate: { temp_K: readonly number[]; cRateMax: readonly number[] };
  /**
   * Maximum GROUP charge current [A] at a temperature [K] from the cell's NOMINAL critical-current-
   * density model × Np × safety factor (supplied by the simulator from datasheet parameters, never
   * live truth). Undefined → no CCD limit (conventional Li-ion).
   */
  ccdChargeLimit_A?: (temp_K: number) => number;
  /** Pre-heat when the coldest measured temperature is below this [K]. */
  preheatBelow_K: number;
  /** Release pre-heat when the coldest measured temperature reaches this [K]. */
  preheatUntil_K: number;
  /** Charge current allowed while pre-heating [A] (0 = hold; Infinity = the temperature and CCD limits alone). */
  preheatTrickle_A: number;
  /**
   * Pre-heat thresholds from the session's need (`chargeTempNeeded_K` of the current the charger
   * and the CC step allow; release PREHEAT_NEED_MARGIN_K above it) instead of the fixed
   * `preheatBelow_K`/`preheatUntil_K`. Default false.
   */
  preheatFromNeed?: boolean;
}

/** Pre-heat from the need releases this far above the needed temperature [K] (assumed: sensor and cell-to-cell spread). */
export const PREHEAT_NEED_MARGIN_K = 2;
/** Resolution of the search for the needed temperature [K]. */
const NEED_GRID_K = 0.5;

/** Charge cap from the temperature derate and the CCD limit of `cfg` [A] at the coldest / hottest temperatures (group current). */
export function chargeCapAt_A(cfg: ChargeControlConfig, oneC_A: number, coldest_K: number, hottest_K: number): number {
  // NaN (no temperature ever measured) fails these comparisons → no charge: conservative.
  if (!(coldest_K >= cfg.minChargeTemp_K) || !(hottest_K <= cfg.maxChargeTemp_K)) return 0;
  let cap = interpSorted(cfg.tempDerate.temp_K, cfg.tempDerate.cRateMax, coldest_K) * oneC_A;
  if (cfg.ccdChargeLimit_A) {
    const ccd = cfg.ccdChargeLimit_A(coldest_K);
    cap = ccd < cap ? ccd : cap;
    if (!(cap >= 0)) cap = 0;
  }
  return cap;
}

/**
 * The lowest uniform pack temperature [K] at which the cell's charge limits (`chargeCapAt_A`)
 * allow `demand_A` (group current), searched from `minChargeTemp_K` up in 0.5 K steps to the
 * knee of the temperature derate (the lowest temperature of its largest C-rate: warmer buys only
 * the CCD limit's slope, and heating a pack towards the top of its window is a hazard of its
 * own); where no temperature allows it, the temperature of the largest cap found. Design data only.
 */
export function chargeTempNeeded_K(cfg: ChargeControlConfig, oneC_A: number, demand_A: number): number {
  const td = cfg.tempDerate;
  let knee_K = td.temp_K[0];
  let top = -Infinity;
  for (let i = 0; i < td.temp_K.length; i++) {
    if (td.cRateMax[i] > top) {
      top = td.cRateMax[i];
      knee_K = td.temp_K[i];
    }
  }
  // (bounded to −60 … +80 °C, assumed: a limit set to ±∞ must not make the search endless)
  const from_K = Math.max(cfg.minChargeTemp_K, C0 - 60);
  const ceiling_K = Math.min(cfg.maxChargeTemp_K, Math.max(knee_K, from_K), C0 + 80);
  let best_K = from_K;
  let bestCap = -1;
  for (let T = from_K; T <= ceiling_K + 1e-9; T += NEED_GRID_K) {
    const cap = chargeCapAt_A(cfg, oneC_A, T, T);
    if (cap >= demand_A * (1 - 1e-9)) return T;
    if (cap > bestCap * (1 + 1e-9)) {
      bestCap = cap;
      best_K = T;
    }
  }
  return best_K;
}

const C0 = 273.15;

/**
 * Defaults (Li-metal solid-state cell).
 * - ccSteps: one step at 0.5C (assumed conservative for Li-metal SSBs, whose CCD at room
 *   temperature is of order 1 mA/cm² ≈ 0.3–1C for 3–4 mAh/cm² cathodes).
 * - taperEndCRate = 1/20 (C/20, the usual CC-CV termination in Li-ion datasheets).
 * - cvGain = 0.5, completeDebounce_s = 2 s: assumed.
 * - Temperature window and derate follow the JEITA guideline's zones (JEITA/BAJ 2007: T1 = 0 °C,
 *   T2 = 10 °C, T3 = 45 °C, T4 = 50 °C; reduced current between T1 and T2, no charge outside
 *   T1…T4): no charge below 0 °C or above 50 °C; max C-rate 0.1C at 0 °C, 0.3C at 10 °C, 1C from
 *   25 °C to 45 °C (the values between the JEITA corners are assumed).
 * - preheatBelow_K = 10 °C, preheatUntil_K = 15 °C (assumed). Rationale: in Li-metal SSBs the
 *   critical current density for dendrite/filament growth falls steeply in the cold (Kasemchainan
 *   et al., Nat. Mater. 18 (2019) 1105: CCD depends on temperature and stack pressure) and the
 *   solid electrolyte's ionic conductivity is Arrhenius-activated, so warming first is faster
 *   and safer than charging slowly cold. Li-ion packs typically pre-heat only below ~0 °C.
 */
export const DEFAULT_CHARGE_CONTROL: ChargeControlConfig = Object.freeze({
  ccSteps: Object.freeze([{ socBelow: Infinity, cRate: 0.5 }]),
  cvVoltage_V: undefined,
  taperEndCRate: 1 / 20,
  cvGain: 0.5,
  completeDebounce_s: 2,
  minChargeTemp_K: C0 + 0,
  maxChargeTemp_K: C0 + 50,
  tempDerate: Object.freeze({ temp_K: Object.freeze([C0 + 0, C0 + 10, C0 + 25, C0 + 45]), cRateMax: Object.freeze([0.1, 0.3, 1, 1]) }),
  ccdChargeLimit_A: undefined,
  preheatBelow_K: C0 + 10,
  preheatUntil_K: C0 + 15,
  preheatTrickle_A: 0,
});

export type ChargePhase = 'idle' | 'preheat' | 'cc' | 'cv' | 'complete';

/** What the controller decided this cycle (one reused object). */
export interface ChargeDecision {
  phase: ChargePhase;
  /** Requested charge current magnitude [A]. */
  chargeRequest_A: number;
  /** Maximum charge current from temperature and CCD alone [A] (usable for regen too). */
  chargeCap_A: number;
  chargeComplete: boolean;
  preheatRequest: boolean;
  /** Coldest / hottest measured temperature used [K] (last valid values held). */
  coldest_K: number;
  hottest_K: number;
}

export class CcCvChargeController {
  readonly decision: ChargeDecision = { phase: 'idle', chargeRequest_A: 0, chargeCap_A: 0, chargeComplete: false, preheatRequest: false, coldest_K: NaN, hottest_K: NaN };
  private readonly oneC_A: number;
  private readonly vCv_V: number;
  private iCv_A = 0;
  private completeTimer_s = 0;
  private readonly lastTemp_K: Float64Array;

  /** `groupModel`: the nominal model of one series group (capacity ×Np, resistances ÷Np). */
  constructor(
    readonly cfg: ChargeControlConfig,
    private readonly groupModel: EcmModel,
    tempSensorCount: number,
  ) {
    const steps = cfg.ccSteps;
    if (steps.length === 0) throw new InputError('ccSteps must not be empty', { field: 'ccSteps' });
    for (let i = 0; i < steps.length; i++) {
      if (!(steps[i].cRate >= 0)) throw new InputError('cRate must be >= 0', { field: `ccSteps[${i}].cRate`, value: steps[i].cRate });
      if (i > 0 && !(steps[i].socBelow > steps[i - 1].socBelow)) throw new InputError('ccSteps must have increasing socBelow', { field: `ccSteps[${i}].socBelow`, value: steps[i].socBelow });
    }
    const td = cfg.tempDerate;
    if (td.temp_K.length === 0 || td.temp_K.length !== td.cRateMax.length) throw new InputError('tempDerate needs equal, non-empty temp_K and cRateMax', { field: 'tempDerate' });
    for (let i = 1; i < td.temp_K.length; i++) if (!(td.temp_K[i] > td.temp_K[i - 1])) throw new InputError('tempDerate.temp_K must increase', { field: 'tempDerate.temp_K' });
    if (!(cfg.preheatUntil_K >= cfg.preheatBelow_K)) throw new InputError('preheatUntil_K must be >= preheatBelow_K', { field: 'preheatUntil_K', value: cfg.preheatUntil_K });
    if (!(cfg.cvGain > 0 && cfg.cvGain <= 1)) throw new InputError('cvGain must be in (0, 1]', { field: 'cvGain', value: cfg.cvGain });
    this.oneC_A = groupModel.capacity_As / 3600;
    this.vCv_V = cfg.cvVoltage_V ?? groupModel.vMax_V;
    this.lastTemp_K = new Float64Array(tempSensorCount).fill(NaN);
  }

  /** Charge cap from temperature derate and CCD only [A], at coldest / hottest temperatures. */
  chargeCap_A(coldest_K: number, hottest_K: number): number {
    return chargeCapAt_A(this.cfg, this.oneC_A, coldest_K, hottest_K);
  }

  /**
   * One cycle. `soc`: the BMS's estimated pack SoC; `protectionLimit_A`: the charge limit after
   * the protection reaction. Returns the reused decision object.
   */
  step(meas: Measurements, ctx: BmsContext, soc: number, protectionLimit_A: number, dt_s: number): ChargeDecision {
    const d = this.decision;
    const c = this.cfg;

    // Temperature extremes over valid sensors, holding each sensor's last valid reading.
    let tMin = Infinity;
    let tMax = -Infinity;
    const last = this.lastTemp_K;
    for (let s = 0; s < last.length; s++) {
      if (meas.tempValid[s] === 1 && Number.isFinite(meas.temp_K[s])) last[s] = meas.temp_K[s];
      const T = last[s];
      if (T < tMin) tMin = T;
      if (T > tMax) tMax = T;
    }
    if (tMin === Infinity) tMin = tMax = NaN;
    d.coldest_K = tMin;
    d.hottest_K = tMax;
    const cap = this.chargeCap_A(tMin, tMax);
    d.chargeCap_A = cap;

    if (!ctx.pluggedIn) {
      this.resetSession();
      return d;
    }
    if (ctx.mode !== 'charge' || d.phase === 'complete') {
      d.chargeRequest_A = 0;
      d.preheatRequest = false;
      return d;
    }

    // The charger's caps: its current and power limits.
    let charger_A = ctx.chargerMaxCurrent_A;
    const vPack = meas.packVoltage_V;
    if (vPack > 0 && Number.isFinite(ctx.chargerMaxPower_W)) {
      const iP = ctx.chargerMaxPower_W / vPack;
      if (iP < charger_A) charger_A = iP;
    }
    // CC step by estimated SoC.
    const steps = c.ccSteps;
    let k = 0;
    while (k < steps.length - 1 && !(soc < steps[k].socBelow)) k++;
    const step_A = steps[k].cRate * this.oneC_A;

    // Pre-heat with hysteresis on the coldest reading (NaN: no reading → pre-heat, conservative):
    // fixed thresholds, or from what this session can use (the charger and the CC step)
    let below_K = c.preheatBelow_K;
    let until_K = c.preheatUntil_K;
    if (c.preheatFromNeed) {
      below_K = chargeTempNeeded_K(c, this.oneC_A, Math.min(step_A, charger_A > 0 ? charger_A : 0));
      until_K = below_K + PREHEAT_NEED_MARGIN_K;
    }
    if (d.phase === 'preheat') {
      if (tMin >= until_K) d.phase = 'cc';
    } else if (!(tMin >= below_K)) {
      d.phase = 'preheat';
    } else if (d.phase === 'idle') {
      d.phase = 'cc';
    }

    // the target SoC reached by the trickle charge while heating: no more heating, the session ends below
    if (d.phase === 'preheat' && ctx.chargeTargetSoc < 1 && soc >= ctx.chargeTargetSoc) d.phase = 'cc';

    // External caps: charger, protection.
    let ext = charger_A;
    if (protectionLimit_A < ext) ext = protectionLimit_A;
    if (!(ext > 0)) ext = 0;

    let iCc = step_A;
    if (cap < iCc) iCc = cap;
    if (ext < iCc) iCc = ext;

    if (d.phase === 'preheat') {
      // heating: charge at the trickle current, never above what the cell allows at its measured
      // temperature (cap) nor the CC step; nothing once a group reads the CV set point (the CV
      // taper follows the heating)
      d.preheatRequest = true;
      let i = c.preheatTrickle_A;
      if (iCc < i) i = iCc;
      if (this.highestGroupVoltage_V(meas) >= this.vCv_V) i = 0;
      d.chargeRequest_A = i > 0 ? i : 0;
      this.iCv_A = d.chargeRequest_A;
      this.completeTimer_s = 0;
      return d;
    }
    d.preheatRequest = false;

    const vMax = this.highestGroupVoltage_V(meas);

    let i: number;
    if (d.phase === 'cc') {
      if (vMax >= this.vCv_V) {
        d.phase = 'cv';
        this.iCv_A = iCc;
      }
    }
    if (d.phase === 'cv') {
      // Ohmic-step correction: ΔI = gain·(Vcv − Vmax)/R0_group; clamped to [0, iCc] (anti-windup).
      const Tr = Number.isFinite(tMin) ? tMin : C0 + 25;
      const r0 = this.groupModel.r0_ohm(soc >= 0 && soc <= 1 ? soc : 1, Tr);
      let iNew = vMax > -Infinity ? this.iCv_A + (c.cvGain * (this.vCv_V - vMax)) / r0 : this.iCv_A;
      if (iNew > iCc) iNew = iCc;
      if (!(iNew > 0)) iNew = 0;
      this.iCv_A = iNew;
      i = iNew;
    } else {
      i = iCc;
    }
    d.chargeRequest_A = i;

    // End of charge: CV taper done (voltage at the set point and current ≤ C/20), or target SoC.
    const taperDone = d.phase === 'cv' && this.iCv_A <= c.taperEndCRate * this.oneC_A && vMax >= this.vCv_V - 0.005;
    const targetDone = ctx.chargeTargetSoc < 1 && soc >= ctx.chargeTargetSoc;
    if (taperDone || targetDone) {
      this.completeTimer_s += dt_s;
      if (this.completeTimer_s >= c.completeDebounce_s - 1e-9) {
        d.phase = 'complete';
        d.chargeComplete = true;
        d.chargeRequest_A = 0;
      }
    } else {
      this.completeTimer_s = 0;
    }
    return d;
  }

  /** Highest valid measured group voltage [V] (−∞ with none valid). */
  private highestGroupVoltage_V(meas: Measurements): number {
    let vMax = -Infinity;
    const v = meas.groupVoltage_V;
    const ok = meas.groupVoltageValid;
    for (let g = 0; g < v.length; g++) if (ok[g] === 1 && v[g] > vMax) vMax = v[g];
    return vMax;
  }

  private resetSession(): void {
    const d = this.decision;
    d.phase = 'idle';
    d.chargeRequest_A = 0;
    d.chargeComplete = false;
    d.preheatRequest = false;
    this.iCv_A = 0;
    this.completeTimer_s = 0;
  }
}
