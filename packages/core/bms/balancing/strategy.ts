/**
 * What a balancer equalises (shared by the passive and the active balancer). Every quantity here
 * comes from the BMS's own view: measured group voltages, its own per-group SoC estimates, and the
 * per-group capacities it knows (nominal, or an end-of-line capacity test). Never plant truth.
 *
 * Strategies (metric m_g of group g; balancing acts on m_g − reference):
 * - `top`: m_g = measured group voltage [V]. Groups that read high are the first to reach full:
 *   equalising voltage equalises the top of charge. Thresholds in volts.
 * - `bottom`: m_g = estimated remaining charge ẑ_g·Ĉ_g, expressed as a fraction of the mean known
 *   group capacity (so the same SoC-like thresholds apply). The group with the least remaining
 *   charge runs empty first; equalising remaining charge makes all groups reach empty together,
 *   which is the usable capacity when capacities differ (a high-capacity group at the same SoC
 *   holds more Ah and is bled/sourced first, even if its voltage is not the highest).
 * - `soc`: m_g = estimated SoC ẑ_g (equalise SoC at any time). Thresholds as a fraction.
 */
import type { Measurements } from '../types.js';
import { InputError } from '../../errors.js';
import { defineRegistry } from '../../registry.js';

/**
 * The strategies, by name: the one list the scenario schema's `bms.balancing.strategy` enum, both
 * balancers' checks and the docs are derived from (the metric of each is in `balancingMetric`).
 */
export const BALANCING_STRATEGY_REGISTRY = defineRegistry('balancing strategy', [
  { name: 'top', description: 'equalise the measured group voltages: all groups reach full together' },
  { name: 'bottom', description: 'equalise the estimated remaining charge: all groups reach empty together' },
  { name: 'soc', description: 'equalise the estimated group SoCs' },
]);
export type BalancingStrategy = (typeof BALANCING_STRATEGY_REGISTRY.names)[number];
/** The names in list order. */
export const BALANCING_STRATEGIES = BALANCING_STRATEGY_REGISTRY.names;

/** The BMS's own estimates a SoC- or charge-based strategy needs. */
export interface BalancingEstimates {
  /** Estimated SoC per group (0..1; NaN = not yet estimated). */
  groupSoc: Float64Array;
  /** Capacity per group the BMS knows [A·s] (nominal × Np, or an end-of-line measurement). */
  groupCapacity_As: Float64Array;
  /**
   * 1 = leave this group out (never switched, not a reference): a group with a confirmed internal
   * short keeps losing charge, and balancing the pack down to it would bleed every healthy group.
   */
  exclude?: Uint8Array;
}

export function checkStrategy(s: unknown, field = 'strategy'): BalancingStrategy {
  if (!BALANCING_STRATEGY_REGISTRY.has(s)) throw new InputError(BALANCING_STRATEGY_REGISTRY.unknownMessage(s), { field, value: s });
  return s;
}

/**
 * Fills `out` with the metric of each group and `ok` with 1 where it is usable (valid voltage
 * channel, finite estimate, not excluded). Returns the number of usable groups.
 */
export function balancingMetric(strategy: BalancingStrategy, meas: Measurements, est: BalancingEstimates | undefined, out: Float64Array, ok: Uint8Array): number {
  const v = meas.groupVoltage_V;
  const valid = meas.groupVoltageValid;
  const ex = est?.exclude;
  const n = out.length;
  let count = 0;
  if (strategy === 'top') {
    for (let g = 0; g < n; g++) {
      const good = valid[g] === 1 && Number.isFinite(v[g]) && !(ex && ex[g] === 1);
      ok[g] = good ? 1 : 0;
      out[g] = v[g];
      if (good) count++;
    }
    return count;
  }
  if (!est) throw new InputError('the balancing strategy needs the BMS SoC estimates', { field: 'strategy', value: strategy });
  const z = est.groupSoc;
  const cap = est.groupCapacity_As;
  let capMean = 0;
  for (let g = 0; g < n; g++) capMean += cap[g];
  capMean /= n;
  for (let g = 0; g < n; g++) {
    const m = strategy === 'soc' ? z[g] : (z[g] * cap[g]) / capMean;
    // a group whose voltage channel is invalid is never switched (its estimate runs on held inputs)
    const good = valid[g] === 1 && Number.isFinite(m) && !(ex && ex[g] === 1);
    ok[g] = good ? 1 : 0;
    out[g] = m;
    if (good) count++;
  }
  return count;
}
