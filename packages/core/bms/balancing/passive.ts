/**
 * Passive (dissipative) balancing: a bleed resistor across each series group, switched by the BMS.
 *
 * Decision variable: the BMS's MEASURED GROUP VOLTAGES (not SoC estimates). Rule (per group g,
 * with Vmin = the lowest valid measured group voltage):
 *   switch on  when V_g − Vmin > startThreshold_V,
 *   switch off when V_g − Vmin < startThreshold_V − stopHysteresis_V.
 * Balancing is allowed only in `allowedModes` (default charge and park: while driving, load-current
 * IR drops dominate voltage differences), only for groups above `minVoltage_V`, and only while the
 * measured pack current magnitude is below `maxCurrent_A` (in CC charging at high current the
 * voltage spread reflects resistance, not SoC; the default still allows it at up to 1C-ish currents
 * of a small pack — set it low to balance only near the end of charge and at rest).
 * Groups with an invalid voltage reading are never switched on and are excluded from Vmin.
 *
 * Strategy (strategy.ts): `top` (default, the rule above on measured voltages), `bottom` (the same
 * rule on the estimated remaining charge ẑ_g·Ĉ_g as a fraction of the mean group capacity: bleed
 * the groups holding more charge than the weakest, so that all reach empty together) or `soc`
 * (the rule on estimated SoC). The SoC-based strategies use `socThreshold` / `socHysteresis`
 * instead of the voltage thresholds; the mode, current and minimum-voltage gates are the same.
 */
import type { BmsContext, Measurements } from '../types.js';
import { InputError } from '../../errors.js';
import { balancingMetric, checkStrategy, type BalancingEstimates, type BalancingStrategy } from './strategy.js';

export interface PassiveBalancingConfig {
  /** Bleed resistor per group [Ω]. */
  resistor_ohm: number;
  /** ΔV above the lowest group at which balancing of a group starts [V]. */
  startThreshold_V: number;
  /** Balancing of a group stops when ΔV falls below startThreshold_V − stopHysteresis_V [V]. */
  stopHysteresis_V: number;
  /** Modes in which balancing may run. */
  allowedModes: readonly BmsContext['mode'][];
  /** A group is bled only if its measured voltage is above this [V]. */
  minVoltage_V: number;
  /** Balancing is suspended while |measured pack current| exceeds this [A]. */
  maxCurrent_A: number;
  /** What is equalised (default `top`). */
  strategy?: BalancingStrategy;
  /** `bottom` / `soc`: start when the metric is this far above the lowest group (fraction, default 0.01). */
  socThreshold?: number;
  /** `bottom` / `soc`: stop below socThreshold − socHysteresis (fraction, default 0.005). */
  socHysteresis?: number;
}

/**
 * SoC-based thresholds: start at 1 % above the lowest group, stop below 0.5 % (assumed: above the
 * group-to-group error of the BMS's SoC estimates, which share the current sensor, so its offset
 * cancels in the difference; below the 2–5 % spread an aged pack develops).
 */
export const DEFAULT_SOC_THRESHOLD = 0.01;
export const DEFAULT_SOC_HYSTERESIS = 0.005;

/**
 * Defaults.
 * - resistor_ohm = 33 Ω: a common bleed-resistor value on AFE reference designs (e.g. ADI
 *   LTC681x demo boards use 33 Ω discharge resistors; ≈ 0.13 A at 4.2 V) — typical, verify
 *   against the chosen board.
 * - startThreshold_V = 10 mV, stopHysteresis_V = 5 mV: assumed (10× the sensor noise, so noise
 *   cannot toggle a switch).
 * - allowedModes = charge, park; not drive (assumed, common practice).
 * - minVoltage_V = 3.3 V: assumed, no bleeding of a nearly empty cell (NMC-class Li-metal cell).
 * - maxCurrent_A = Infinity: assumed (no current gating by default).
 */
export const DEFAULT_PASSIVE_BALANCING: PassiveBalancingConfig = Object.freeze({
  resistor_ohm: 33,
  startThreshold_V: 0.01,
  stopHysteresis_V: 0.005,
  allowedModes: Object.freeze(['charge', 'park'] as const),
  minVoltage_V: 3.3,
  maxCurrent_A: Infinity,
});

export class PassiveBalancer {
  /** Switch state per group (1 = bleed resistor on); reused between calls. */
  readonly balanceSwitch: Uint8Array;
  private allowDrive: boolean;
  private allowCharge: boolean;
  private allowPark: boolean;
  readonly strategy: BalancingStrategy;
  private readonly socOn: number;
  private readonly socOff: number;
  private readonly metric: Float64Array;
  private readonly metricOk: Uint8Array;

  constructor(
    seriesCount: number,
    readonly cfg: PassiveBalancingConfig,
  ) {
    if (!(cfg.resistor_ohm > 0)) throw new InputError('resistor must be > 0', { field: 'resistor_ohm', value: cfg.resistor_ohm });
    if (!(cfg.startThreshold_V >= 0 && cfg.stopHysteresis_V >= 0 && cfg.stopHysteresis_V <= cfg.startThreshold_V)) {
      throw new InputError('need 0 <= stopHysteresis_V <= startThreshold_V', { field: 'stopHysteresis_V', value: cfg.stopHysteresis_V });
    }
    this.strategy = checkStrategy(cfg.strategy ?? 'top');
    this.socOn = cfg.socThreshold ?? DEFAULT_SOC_THRESHOLD;
    const socHyst = cfg.socHysteresis ?? DEFAULT_SOC_HYSTERESIS;
    if (!(this.socOn >= 0 && this.socOn < 1)) throw new InputError('socThreshold must be in [0, 1)', { field: 'socThreshold', value: cfg.socThreshold });
    if (!(socHyst >= 0 && socHyst <= this.socOn)) throw new InputError('need 0 <= socHysteresis <= socThreshold', { field: 'socHysteresis', value: cfg.socHysteresis });
    this.socOff = this.socOn - socHyst;
    this.balanceSwitch = new Uint8Array(seriesCount);
    this.metric = new Float64Array(seriesCount);
    this.metricOk = new Uint8Array(seriesCount);
    this.allowDrive = cfg.allowedModes.includes('drive');
    this.allowCharge = cfg.allowedModes.includes('charge');
    this.allowPark = cfg.allowedModes.includes('park');
  }

  /**
   * Updates and returns `balanceSwitch` from one measurement sample (and, for `bottom` / `soc`,
   * the BMS's own SoC estimates and known group capacities).
   */
  update(meas: Measurements, ctx: BmsContext, est?: BalancingEstimates): Uint8Array {
    const sw = this.balanceSwitch;
    const c = this.cfg;
    const allowed = (ctx.mode === 'drive' ? this.allowDrive : ctx.mode === 'charge' ? this.allowCharge : this.allowPark) && (!meas.packCurrentValid || Math.abs(meas.packCurrent_A) <= c.maxCurrent_A);
    if (!allowed) {
      sw.fill(0);
      return sw;
    }
    const v = meas.groupVoltage_V;
    const m = this.metric;
    const ok = this.metricOk;
    balancingMetric(this.strategy, meas, est, m, ok);
    let mMin = Infinity;
    for (let g = 0; g < sw.length; g++) if (ok[g] === 1 && m[g] < mMin) mMin = m[g];
    if (mMin === Infinity) {
      sw.fill(0);
      return sw;
    }
    const top = this.strategy === 'top';
    const on = top ? c.startThreshold_V : this.socOn;
    const off = top ? c.startThreshold_V - c.stopHysteresis_V : this.socOff;
    for (let g = 0; g < sw.length; g++) {
      if (ok[g] !== 1 || !(v[g] > c.minVoltage_V)) {
        sw[g] = 0;
        continue;
      }
      const dv = m[g] - mMin;
      if (sw[g] === 1) {
        if (dv < off) sw[g] = 0;
      } else if (dv > on) sw[g] = 1;
    }
    return sw;
  }

  /** All switches off (e.g. after a latched fault). */
  stop(): void {
    this.balanceSwitch.fill(0);
  }

  /** Bleed power the BMS estimates from measured voltages: Σ_on V_g² / R [W]. */
  estimatedPower_W(meas: Measurements): number {
    const sw = this.balanceSwitch;
    const v = meas.groupVoltage_V;
    let p = 0;
    for (let g = 0; g < sw.length; g++) if (sw[g] === 1 && Number.isFinite(v[g])) p += v[g] * v[g];
    return p / this.cfg.resistor_ohm;
  }
}
