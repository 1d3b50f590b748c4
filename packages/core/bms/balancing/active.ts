/**
 * Active (converter) balancing: one bidirectional switched converter per series group between the
 * group and the whole string (cell-to-pack / pack-to-cell, e.g. a transformer flyback as with the
 * ADI LTC3300, or a dual-active bridge). The BMS commands a signed current per group:
 *   s_g > 0: group g is discharged at s_g; the converter delivers η·V_g·s_g to the string;
 *   s_g < 0: group g is charged at |s_g|; the converter draws V_g·|s_g|/η from the string.
 * (The plant, pack.ts, applies it: the string power comes back as a current common to all groups.)
 *
 * Decision, per group g, on the strategy's metric m_g (strategy.ts) against the MEAN m̄ of the
 * valid groups (an active balancer moves charge from above the mean to below it, instead of
 * bleeding everything down to the lowest):
 *   source (discharge) when m_g − m̄ > on, until m_g − m̄ < off;
 *   sink (charge)      when m̄ − m_g > on, until m̄ − m_g < off;
 * with on/off the voltage thresholds for `top` and the SoC thresholds for `bottom` / `soc`.
 * Gates as for passive balancing (allowed modes, |measured pack current| ≤ maxCurrent_A), and per
 * group: no discharge below minVoltage_V, no charge above maxVoltage_V, nothing on an invalid
 * channel.
 *
 * With a cell-to-pack converter the return current reaches every group, the source too, so the
 * charge difference between a source group and any non-switched group closes at exactly s_g
 * (d(q_a − q_b)/dt = −(s_a − s_b)), independent of η; η only sets how much the whole string loses.
 */
import type { BmsContext, Measurements } from '../types.js';
import { InputError } from '../../errors.js';
import { balancingMetric, checkStrategy, type BalancingEstimates, type BalancingStrategy } from './strategy.js';
import { DEFAULT_SOC_HYSTERESIS, DEFAULT_SOC_THRESHOLD } from './passive.js';

export interface ActiveBalancingConfig {
  strategy: BalancingStrategy;
  /** Balancing current magnitude per switched group [A]. */
  current_A: number;
  /** Converter efficiency per transfer, group ↔ string (0 < η ≤ 1). */
  efficiency: number;
  /** `top`: start / stop thresholds on the voltage deviation from the mean [V]. */
  startThreshold_V: number;
  stopHysteresis_V: number;
  /** `bottom` / `soc`: start / stop thresholds on the metric's deviation from the mean (fraction). */
  socThreshold: number;
  socHysteresis: number;
  allowedModes: readonly BmsContext['mode'][];
  /** No discharge of a group below this measured voltage [V]. */
  minVoltage_V: number;
  /** No charge of a group above this measured voltage [V]. */
  maxVoltage_V: number;
  /** Balancing is suspended while |measured pack current| exceeds this [A]. */
  maxCurrent_A: number;
}

/**
 * Defaults.
 * - current_A = 2 A: assumed. The ADI LTC3300-1/-2 bidirectional flyback balancer supports "up to
 *   10 A balancing current (set by externals)" (datasheet, features); 2 A is a moderate setting
 *   for small transformers, ≈ 15× the 33 Ω bleed current of the passive default.
 * - efficiency = 0.9: assumed, just below the LTC3300's "up to 92 % charge transfer efficiency"
 *   (datasheet, features), a peak figure.
 * - thresholds 10 mV / 5 mV and 1 % / 0.5 %: as for passive balancing (assumed, see passive.ts).
 * - allowedModes = charge, park: assumed, as passive (voltage differences under drive load are IR).
 * - minVoltage_V = 3.3 V: assumed, as passive. maxVoltage_V = 4.2 V: assumed, NMC-class top of
 *   charge (the engine sets it from the cell's maximum voltage).
 * - maxCurrent_A = Infinity: assumed (no gating).
 */
export const DEFAULT_ACTIVE_BALANCING: ActiveBalancingConfig = Object.freeze({
  strategy: 'top' as BalancingStrategy,
  current_A: 2,
  efficiency: 0.9,
  startThreshold_V: 0.01,
  stopHysteresis_V: 0.005,
  socThreshold: DEFAULT_SOC_THRESHOLD,
  socHysteresis: DEFAULT_SOC_HYSTERESIS,
  allowedModes: Object.freeze(['charge', 'park'] as const),
  minVoltage_V: 3.3,
  maxVoltage_V: 4.2,
  maxCurrent_A: Infinity,
});

export class ActiveBalancer {
  /** Commanded converter current per group [A], positive = discharge the group (reused). */
  readonly balanceCurrent_A: Float64Array;
  readonly strategy: BalancingStrategy;
  private readonly state: Int8Array;
  private readonly metric: Float64Array;
  private readonly metricOk: Uint8Array;
  private readonly on: number;
  private readonly off: number;

  constructor(
    seriesCount: number,
    readonly cfg: ActiveBalancingConfig,
  ) {
    this.strategy = checkStrategy(cfg.strategy);
    if (!(cfg.current_A > 0 && Number.isFinite(cfg.current_A))) throw new InputError('balancing current must be > 0', { field: 'current_A', value: cfg.current_A });
    if (!(cfg.efficiency > 0 && cfg.efficiency <= 1)) throw new InputError('converter efficiency must be in (0, 1]', { field: 'efficiency', value: cfg.efficiency });
    const top = this.strategy === 'top';
    const on = top ? cfg.startThreshold_V : cfg.socThreshold;
    const hyst = top ? cfg.stopHysteresis_V : cfg.socHysteresis;
    if (!(on >= 0 && hyst >= 0 && hyst <= on)) {
      throw new InputError('need 0 <= hysteresis <= threshold', { field: top ? 'stopHysteresis_V' : 'socHysteresis', value: hyst });
    }
    this.on = on;
    this.off = on - hyst;
    this.balanceCurrent_A = new Float64Array(seriesCount);
    this.state = new Int8Array(seriesCount);
    this.metric = new Float64Array(seriesCount);
    this.metricOk = new Uint8Array(seriesCount);
  }

  /** Updates and returns `balanceCurrent_A` from one measurement sample and the BMS's estimates. */
  update(meas: Measurements, ctx: BmsContext, est?: BalancingEstimates): Float64Array {
    const c = this.cfg;
    const st = this.state;
    const allowed = c.allowedModes.includes(ctx.mode) && (!meas.packCurrentValid || Math.abs(meas.packCurrent_A) <= c.maxCurrent_A);
    if (!allowed) {
      this.stop();
      return this.balanceCurrent_A;
    }
    const m = this.metric;
    const ok = this.metricOk;
    const count = balancingMetric(this.strategy, meas, est, m, ok);
    if (count < 2) {
      this.stop();
      return this.balanceCurrent_A;
    }
    let mean = 0;
    for (let g = 0; g < m.length; g++) if (ok[g] === 1) mean += m[g];
    mean /= count;
    const v = meas.groupVoltage_V;
    const out = this.balanceCurrent_A;
    for (let g = 0; g < m.length; g++) {
      if (ok[g] !== 1) {
        st[g] = 0;
        out[g] = 0;
        continue;
      }
      const d = m[g] - mean;
      let s = st[g];
      if (s === 1 && d < this.off) s = 0;
      else if (s === -1 && -d < this.off) s = 0;
      if (s === 0) {
        if (d > this.on) s = 1;
        else if (-d > this.on) s = -1;
      }
      if (s === 1 && !(v[g] > c.minVoltage_V)) s = 0;
      if (s === -1 && !(v[g] < c.maxVoltage_V)) s = 0;
      st[g] = s;
      out[g] = s * c.current_A;
    }
    return out;
  }

  stop(): void {
    this.state.fill(0);
    this.balanceCurrent_A.fill(0);
  }

  /** Converter loss the BMS estimates from measured voltages: (1 − η)·Σ converter input power [W]. */
  estimatedLoss_W(meas: Measurements): number {
    const eta = this.cfg.efficiency;
    const v = meas.groupVoltage_V;
    const s = this.balanceCurrent_A;
    let p = 0;
    for (let g = 0; g < s.length; g++) {
      if (s[g] === 0 || !Number.isFinite(v[g])) continue;
      p += s[g] > 0 ? v[g] * s[g] : (-v[g] * s[g]) / eta;
    }
    return (1 - eta) * p;
  }
}
