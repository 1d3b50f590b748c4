/**
 * Thermal-runaway early warning from measurements only (seed 000: "provide early warnings of
 * fires"; GB 38031-2020 §5.2.7 asks an EV pack to signal a thermal event ≥ 5 min before a
 * hazardous situation reaches the passenger compartment).
 *
 * Streaming like a SoC estimator: `update(meas, dt)` → level 0 normal, 1 caution, 2 warning,
 * 3 alarm. Three signatures, each computed from what the BMS can see:
 *
 * 1. **Unexplained heating rate** (model residual). Per temperature sensor, two exponential
 *    filters (τ_fast, τ_slow); for a ramp of slope r the difference of the two lags is
 *    r·(τ_slow − τ_fast), so rate = (T_fast − T_slow)/(τ_slow − τ_fast). The rate the nominal
 *    model explains is the adiabatic Joule heating of the cell, (I/Np)²·R0(T)/C (upper bound: no
 *    cooling is credited, so a normal fast charge is not flagged); the residual is what is left.
 *    Self-heating reactions, external fire and a failed cooler with a hot coolant show up here.
 * 2. **Temperature margin to the self-heating onset** (the cell's datasheet/ARC onset: the one
 *    piece of chemistry knowledge the detector uses): caution/warning/alarm at onset − 60/40/20 K
 *    (assumed margins: for the Li-ion reference 60/80/100 °C, above its 55–60 °C protection tiers; ARC onset is defined at 0.02 K/min, Feng et al., Energy Storage Mater. 10
 *    (2018) 246, so a few tens of K below it the self-heating is still negligible).
 * 3. **Voltage signature** at rest: a group whose voltage falls below the median of the others
 *    (soft internal short, separator melt) — caution when it drifts down faster than
 *    `voltageDriftCaution_V_min`, alarm when it is `voltageDropAlarm_V` below (assumed
 *    thresholds; internal-short detection by voltage deviation, Feng et al., J. Power Sources
 *    (2016) and seed 001 Table 6 "dendrite detection by voltage profiling").
 *
 * A candidate level must persist for `hold_s` before it is raised; it drops after `release_s`
 * below. Scores (lead time before onset, false alarms on normal runs) are computed by
 * `studies/abuse.ts`.
 */
import { InputError } from '../../errors.js';

export type WarningLevel = 0 | 1 | 2 | 3;
export const WARNING_LEVEL_NAMES = ['normal', 'caution', 'warning', 'alarm'] as const;

/** The measurements the detector reads (a subset of bms/types `Measurements`). */
export interface EarlyWarningInput {
  time_s: number;
  /** Temperature sensor readings [K] and validity. */
  temp_K: ArrayLike<number>;
  tempValid: ArrayLike<number>;
  /** Series-group voltages [V] and validity. */
  groupVoltage_V: ArrayLike<number>;
  groupVoltageValid: ArrayLike<number>;
  /** Pack current [A], positive on discharge. */
  packCurrent_A: number;
  packCurrentValid: boolean;
}

export interface EarlyWarningConfig {
  /** Self-heating onset of the cell [K] (cell parameters `runaway.onset_C`). */
  onset_K: number;
  /** Heat capacity of one cell [J/K]. */
  cellHeatCapacity_J_K: number;
  /** Parallel cells per group (the sensor sees one cell's current = pack current / Np). */
  parallelCount: number;
  /** Nominal series resistance of one cell at temperature T [Ω] (the BMS's model). */
  r0_ohm: (temp_K: number) => number;
  /** Nominal cell capacity [A·s] (to tell rest from load). */
  capacity_As: number;
  tauFast_s: number;
  tauSlow_s: number;
  /** Unexplained heating rate for caution / warning / alarm [K/min] (assumed: 1 / 2 / 10). */
  rateCaution_K_min: number;
  rateWarning_K_min: number;
  rateAlarm_K_min: number;
  /** A rate signature counts only above this temperature [K] (cold soaks and pre-heat warm fast but harmlessly). */
  rateMinTemp_K: number;
  /** Margins below the onset for caution / warning / alarm [K] (assumed 60 / 40 / 20). */
  marginCaution_K: number;
  marginWarning_K: number;
  marginAlarm_K: number;
  /** |cell current| below this C-rate counts as rest for the voltage signature. */
  restCRate: number;
  voltageDriftCaution_V_min: number;
  voltageDropAlarm_V: number;
  hold_s: number;
  release_s: number;
}

export function defaultEarlyWarningConfig(
  base: Pick<EarlyWarningConfig, 'onset_K' | 'cellHeatCapacity_J_K' | 'parallelCount' | 'r0_ohm' | 'capacity_As'> & { windowMax_K: number },
): EarlyWarningConfig {
  return {
    onset_K: base.onset_K,
    cellHeatCapacity_J_K: base.cellHeatCapacity_J_K,
    parallelCount: base.parallelCount,
    r0_ohm: base.r0_ohm,
    capacity_As: base.capacity_As,
    tauFast_s: 10,
    tauSlow_s: 60,
    rateCaution_K_min: 1,
    rateWarning_K_min: 2,
    rateAlarm_K_min: 10,
    rateMinTemp_K: base.windowMax_K,
    marginCaution_K: 60,
    marginWarning_K: 40,
    marginAlarm_K: 20,
    restCRate: 0.05,
    voltageDriftCaution_V_min: 0.002,
    voltageDropAlarm_V: 0.1,
    hold_s: 5,
    release_s: 60,
  };
}

export interface WarningEpisode {
  level: WarningLevel;
  start_s: number;
  reason: string;
}

export class EarlyWarningDetector {
  readonly name = 'early-warning';
  private readonly cfg: EarlyWarningConfig;
  private tFast: Float64Array;
  private tSlow: Float64Array;
  private vDev: Float64Array;
  private vDevSlow: Float64Array;
  private init = false;
  private belowSince_s = NaN;
  /** Since when the candidate level has been ≥ l, continuously (NaN = not now). */
  private readonly atLeastSince_s = [NaN, NaN, NaN, NaN];
  private lvl: WarningLevel = 0;
  private reasonNow = '';
  private readonly scratch: number[] = [];
  /** Time each level was first reached [s] (NaN = never). */
  readonly firstTime_s: [number, number, number, number] = [NaN, NaN, NaN, NaN];
  /** Every rise to a level ≥ 1, in order. */
  readonly episodes: WarningEpisode[] = [];
  /** Every change of level (rises and releases), in order. */
  readonly changes: { time_s: number; level: WarningLevel }[] = [];
  /** Largest unexplained heating rate seen [K/min] (for diagnosis). */
  maxResidual_K_min = 0;

  constructor(cfg: EarlyWarningConfig, nTempSensors: number, nGroups: number) {
    for (const [k, v] of Object.entries(cfg)) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new InputError('early-warning setting must be a finite number', { field: k, value: v });
    }
    if (!(cfg.tauSlow_s > cfg.tauFast_s && cfg.tauFast_s > 0)) throw new InputError('need 0 < tauFast_s < tauSlow_s', { field: 'tauSlow_s', value: cfg.tauSlow_s });
    if (!(cfg.cellHeatCapacity_J_K > 0)) throw new InputError('cell heat capacity must be positive', { field: 'cellHeatCapacity_J_K', value: cfg.cellHeatCapacity_J_K });
    this.cfg = cfg;
    this.tFast = new Float64Array(nTempSensors);
    this.tSlow = new Float64Array(nTempSensors);
    this.vDev = new Float64Array(nGroups);
    this.vDevSlow = new Float64Array(nGroups);
  }

  get level(): WarningLevel {
    return this.lvl;
  }

  get reason(): string {
    return this.reasonNow;
  }

  /** Advance one sample; returns the warning level after it. */
  update(m: EarlyWarningInput, dt_s: number): WarningLevel {
    if (!(dt_s > 0) || !Number.isFinite(dt_s)) throw new InputError('time step must be positive', { field: 'dt_s', value: dt_s });
    const c = this.cfg;
    const nT = this.tFast.length;
    const I = m.packCurrentValid && Number.isFinite(m.packCurrent_A) ? m.packCurrent_A / c.parallelCount : 0;
    let cand: WarningLevel = 0;
    let why = '';
    const raise = (l: WarningLevel, r: string) => {
      if (l > cand) {
        cand = l;
        why = r;
      }
    };
    const aF = 1 - Math.exp(-dt_s / c.tauFast_s);
    const aS = 1 - Math.exp(-dt_s / c.tauSlow_s);
    for (let i = 0; i < nT; i++) {
      const T = m.temp_K[i];
      if (!m.tempValid[i] || !Number.isFinite(T)) continue;
      if (!this.init) {
        this.tFast[i] = T;
        this.tSlow[i] = T;
      } else {
        this.tFast[i] += aF * (T - this.tFast[i]);
        this.tSlow[i] += aS * (T - this.tSlow[i]);
      }
      const rate_K_s = (this.tFast[i] - this.tSlow[i]) / (c.tauSlow_s - c.tauFast_s);
      const joule_K_s = (I * I * c.r0_ohm(T)) / c.cellHeatCapacity_J_K;
      const residual_K_min = (rate_K_s - joule_K_s) * 60;
      if (T > c.rateMinTemp_K && residual_K_min > this.maxResidual_K_min) this.maxResidual_K_min = residual_K_min;
      const margin = c.onset_K - T;
      if (margin < c.marginAlarm_K) raise(3, `sensor ${i + 1} ${(T - 273.15).toFixed(1)} °C within ${c.marginAlarm_K} K of the self-heating onset`);
      else if (margin < c.marginWarning_K) raise(2, `sensor ${i + 1} ${(T - 273.15).toFixed(1)} °C within ${c.marginWarning_K} K of the onset`);
      else if (margin < c.marginCaution_K) raise(1, `sensor ${i + 1} ${(T - 273.15).toFixed(1)} °C within ${c.marginCaution_K} K of the onset`);
      if (T > c.rateMinTemp_K) {
        const txt = `sensor ${i + 1} heating ${residual_K_min.toFixed(1)} K/min more than Joule heat explains`;
        if (residual_K_min > c.rateAlarm_K_min) raise(3, txt);
        else if (residual_K_min > c.rateWarning_K_min) raise(2, txt);
        else if (residual_K_min > c.rateCaution_K_min) raise(1, txt);
      }
    }
    // voltage signature at rest: deviation of each group from the median of the valid groups
    const nG = this.vDev.length;
    const atRest = Math.abs(I) < (c.restCRate * c.capacity_As) / 3600;
    if (nG >= 3 && atRest) {
      const vals = this.scratch;
      vals.length = 0;
      for (let g = 0; g < nG; g++) if (m.groupVoltageValid[g] && Number.isFinite(m.groupVoltage_V[g])) vals.push(m.groupVoltage_V[g]);
      if (vals.length >= 3) {
        vals.sort((a, b) => a - b);
        const med = vals[vals.length >> 1];
        for (let g = 0; g < nG; g++) {
          if (!m.groupVoltageValid[g] || !Number.isFinite(m.groupVoltage_V[g])) continue;
          const dev = m.groupVoltage_V[g] - med;
          if (!this.init) {
            this.vDev[g] = dev;
            this.vDevSlow[g] = dev;
          } else {
            this.vDev[g] += aF * (dev - this.vDev[g]);
            this.vDevSlow[g] += aS * (dev - this.vDevSlow[g]);
          }
          const drift_V_min = ((this.vDev[g] - this.vDevSlow[g]) / (c.tauSlow_s - c.tauFast_s)) * 60;
          if (dev < -c.voltageDropAlarm_V) raise(3, `group ${g + 1} ${(-dev * 1000).toFixed(0)} mV below the others at rest`);
          else if (drift_V_min < -c.voltageDriftCaution_V_min) raise(1, `group ${g + 1} drifting down ${(-drift_V_min * 1000).toFixed(1)} mV/min at rest`);
        }
      }
    }
    this.init = true;
    // debounce: raise after hold_s, release after release_s
    const t = m.time_s;
    let held: WarningLevel = 0;
    for (let l = 1; l <= 3; l++) {
      if (cand >= l) {
        if (Number.isNaN(this.atLeastSince_s[l])) this.atLeastSince_s[l] = t;
        if (t - this.atLeastSince_s[l] >= c.hold_s - 1e-9) held = l as WarningLevel;
      } else this.atLeastSince_s[l] = NaN;
    }
    if (held > this.lvl) {
      cand = held;
      this.lvl = cand;
      this.reasonNow = why;
      this.episodes.push({ level: cand, start_s: t, reason: why });
      this.changes.push({ time_s: t, level: cand });
      for (let l = 1; l <= cand; l++) if (Number.isNaN(this.firstTime_s[l])) this.firstTime_s[l] = t;
      this.belowSince_s = NaN;
    } else if (cand < this.lvl) {
      if (Number.isNaN(this.belowSince_s)) this.belowSince_s = t;
      if (t - this.belowSince_s >= c.release_s - 1e-9) {
        this.lvl = cand;
        this.reasonNow = why;
        this.belowSince_s = NaN;
        this.changes.push({ time_s: t, level: cand });
      }
    } else this.belowSince_s = NaN;
    return this.lvl;
  }

  /** Number of separate rises to `level` or above (an episode ends when the level falls below it). */
  countEpisodes(level: WarningLevel): number {
    let n = 0;
    let prev: WarningLevel = 0;
    for (const ch of this.changes) {
      if (ch.level >= level && prev < level) n++;
      prev = ch.level;
    }
    return n;
  }
}
