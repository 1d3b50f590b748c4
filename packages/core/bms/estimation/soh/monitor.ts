/**
 * The BMS's state-of-health and state-of-power bookkeeping per series group, fed every cycle with
 * MEASURED quantities only (current, group voltages, group temperatures) and the primary
 * estimator's group SoCs:
 *
 * - charge counting per group: ∫(I − Î_offset)·dt plus the current the BMS's own balancing takes
 *   out of the group (bleed V_g / R_bleed while switched, or the converter's current), with time
 *   steps from the measurement time stamps. The
 *   current-sensor offset Î_offset is learnt at rest (zero-current calibration: the true current
 *   of a parked, isolated pack is ≈ 0), as an exponential mean with a 1 h time constant (assumed);
 * - rest detection: |I| below `restCurrent_A` for `restTime_s` → every later sample of that rest
 *   updates a rest point (the group voltage is then the OCV: the slowest RC time constant of the
 *   cells modelled here is minutes), committed when the rest ends: SoC from the OCV (OCV look-up
 *   of the nominal model), with σ_z = max(floor, σ_V/∂OCV/∂z);
 * - capacity pairs: a new rest point is paired with the most recent earlier one at least
 *   `minDeltaSoc` away and not older than `maxPairAge_s`; the pair's Δcharge variance is
 *   (σ_offset·Δt)² + (σ_gain·throughput)² + σ_noise²·Σdt²; → `CapacityTls` (weighted TLS);
 * - resistance: at a current step between consecutive samples (|ΔI| ≥ `minCurrentStep_A`,
 *   Δt ≤ `maxStepInterval_s`, valid readings), y = −(ΔV − ΔOCV + Δv1 + Δv2) against
 *   x = R0_nominal(T)·ΔI → `ResistanceRls` per group; and, when the nominal bulk/interface split
 *   of the cell is configured, the pack-summed sample (Σ_g) → `InterfaceBulkSplit`;
 * - RC-branch voltages v1, v2 per group, reconstructed open-loop from the measured current with the
 *   nominal model (exact zero-order-hold update), for the regression and for SoP;
 * - SoP on request (see sop.ts), from the group SoC, v1, v2, the nominal ECM at the measured
 *   temperature with R0 scaled by the group's resistance estimate and the capacity by its
 *   capacity estimate.
 *
 * Nothing is allocated per cycle (a rest-point commit, a few times a day, re-solves the capacity fit
 * without allocation either).
 */
import { DecayCache } from '../../../numerics/decay.js';
import type { EcmModel } from '../../types.js';
import { InputError } from '../../../errors.js';
import { socFromOcv } from '../soc/ocv.js';
import { CapacityTls, type CapacityTlsOptions } from './capacity.js';
import { InterfaceBulkSplit, ResistanceRls, type InterfaceBulkSplitOptions, type ResistanceRlsOptions, type SplitResult } from './resistance.js';
import { groupTheveninDecay, makeSopResult, packSop, SOP_HORIZONS_S, type GroupSopParams, type HorizonThevenin, type SopResult } from '../sop.js';

/** Nominal resistance parts of ONE cell vs temperature [Ω] (datasheet / fitted, never plant state). */
export interface NominalResistanceSplit {
  /** Bulk electrolyte (separator + catholyte) and contacts [Ω]. */
  bulk_ohm(temp_K: number): number;
  /** Electrode–electrolyte interfaces at the nominal stack pressure [Ω]. */
  interface_ohm(temp_K: number): number;
  /**
   * Optional: the interfaces at a measured stack pressure [Ω] (datasheet pressure law). With it,
   * the monitor's nominal R0 follows the measured module pressure: R0_nom(T) + (R_int(T, p) −
   * R_int(T))/Np, so the resistance factor measures ageing rather than the pressure swing.
   */
  interfaceAt_ohm?(temp_K: number, pressure_Pa: number): number;
}

export interface HealthMonitorConfig {
  /**
   * |I| below this counts as rest [A]. Default max(C/50 of the group, 0.5 A) (assumed: above the
   * current sensor's offset and noise, ≈ 0.1 A for the sensor class of sensing/centralized.ts, and
   * below any real load).
   */
  restCurrent_A?: number;
  /** Rest needed before the voltage is taken as OCV [s]. Default 1800 s (bms.md: ~0 current for > 30 min). */
  restTime_s?: number;
  /** Smallest |ΔSoC| of a capacity pair [–]. Default 0.15 (assumed: a daily commute swings ≈ 0.15–0.25). */
  minDeltaSoc?: number;
  /** Oldest rest point a pair may reach back to [s]. Default 7 days (assumed: bounds the offset drift). */
  maxPairAge_s?: number;
  /** Voltage uncertainty of an OCV-at-rest reading [V]. Default 2 mV (1 mV ADC + residual relaxation, assumed). */
  ocvVoltageSd_V?: number;
  /** Floor of the SoC standard deviation of a rest point [–]. Default 0.003 (assumed: OCV-model error). */
  socSdFloor?: number;
  /** Residual current offset after calibration [A]. Default 0.02 A (assumed). */
  currentOffsetSd_A?: number;
  /** Current-sensor gain uncertainty [–]. Default 0.005 (the sensor datasheet class, sensing/centralized.ts). */
  currentGainSd?: number;
  /** Current-sensor noise [A]. Default 0.05 A (same source). */
  currentNoiseSd_A?: number;
  /** Smallest current step for the resistance regression [A]. Default 0.1 C of the group (assumed). */
  minCurrentStep_A?: number;
  /** Longest sample interval across which a step is used [s]. Default 2 s (assumed: RC branches barely move). */
  maxStepInterval_s?: number;
  capacity?: CapacityTlsOptions;
  resistance?: ResistanceRlsOptions;
  split?: InterfaceBulkSplitOptions;
  /** Nominal bulk / interface resistance of one cell; absent → no split (reported null). */
  resistanceSplit?: NominalResistanceSplit;
  /** SoP horizons [s]. Default 2, 10, 30 s. */
  sopHorizons_s?: number[];
  /** Current steps a group needs before its resistance estimate scales SoP [–]. Default 20 (assumed). */
  minResistanceSamples?: number;
}

const KEYS = new Set([
  'restCurrent_A',
  'restTime_s',
  'minDeltaSoc',
  'maxPairAge_s',
  'ocvVoltageSd_V',
  'socSdFloor',
  'currentOffsetSd_A',
  'currentGainSd',
  'currentNoiseSd_A',
  'minCurrentStep_A',
  'maxStepInterval_s',
  'capacity',
  'resistance',
  'split',
  'resistanceSplit',
  'sopHorizons_s',
  'minResistanceSamples',
]);

/** Rest points kept per group (assumed: 16 ≈ 5 days at three rests a day; a pair reaches back at most `maxPairAge_s`). */
const ANCHORS = 16;
/** Time constant of the zero-current offset calibration [s] (assumed: 1 h). */
const OFFSET_TAU_S = 3600;

/** What the BMS reports (allocated on request, for outputs). */
export interface HealthReport {
  /** Mean over groups with a capacity estimate of Q_est/Q_nominal (null: none yet). */
  capacitySoh: number | null;
  capacitySohMin: number | null;
  capacitySohStd: number | null;
  /** Mean over groups with an estimate of Q_est [A·s] (a group's capacity is the pack's). */
  capacityMean_As: number | null;
  capacityPairs: number;
  /** Mean over groups of R0_est / R0_nominal(T) (null: no current steps yet). */
  resistanceFactor: number | null;
  resistanceFactorMax: number | null;
  resistanceSamples: number;
  split: SplitResult | null;
  /** Learnt current-sensor offset [A]. */
  currentOffset_A: number;
}

function num(v: unknown, field: string, dflt: number, min: number, exclusive = false): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || (exclusive ? !(v > min) : !(v >= min))) {
    throw new InputError(`health monitor option must be a finite number ${exclusive ? '>' : '>='} ${min}`, { field: `health.${field}`, value: v });
  }
  return v;
}

export class HealthMonitor {
  readonly horizons_s: readonly number[];
  private readonly model: EcmModel;
  private readonly ns: number;
  private readonly np: number;
  private readonly restI: number;
  private readonly restT: number;
  private readonly minDz: number;
  private readonly maxAge: number;
  private readonly sV: number;
  private readonly szFloor: number;
  private readonly sOff: number;
  private readonly sGain: number;
  private readonly sNoise: number;
  private readonly minStep: number;
  private readonly maxDt: number;
  private readonly minRSamples: number;
  private readonly split: NominalResistanceSplit | null;
  readonly capacity: CapacityTls[];
  readonly resistance: ResistanceRls[];
  readonly splitFit: InterfaceBulkSplit | null;
  // per-group state
  private readonly v1: Float64Array;
  private readonly v2: Float64Array;
  private readonly q_As: Float64Array;
  private readonly prevV: Float64Array;
  private readonly prevValid: Uint8Array;
  private readonly tempG: Float64Array;
  private readonly presG: Float64Array;
  private readonly restV: Float64Array;
  private readonly restTg: Float64Array;
  private readonly restValid: Uint8Array;
  private readonly restQ: Float64Array;
  // anchors [g*ANCHORS + k]
  private readonly aZ: Float64Array;
  private readonly aSz: Float64Array;
  private readonly aT: Float64Array;
  private readonly aQ: Float64Array;
  private readonly aThr: Float64Array;
  private readonly aDt2: Float64Array;
  private readonly aHead: Int32Array;
  private readonly aCount: Int32Array;
  // pack-wide
  private lastTime = NaN;
  private prevI = NaN;
  private offset = 0;
  private throughput_As = 0;
  private dt2Sum = 0;
  private restSince = NaN;
  private restTime = NaN;
  private restThr = 0;
  private restDt2 = 0;
  private restPending = false;
  private readonly decay1 = new DecayCache();
  private readonly decay2 = new DecayCache();
  // SoP scratch
  private readonly th: HorizonThevenin = { a_V: 0, b_ohm: 0, socDischargeMax_A: 0, socChargeMax_A: 0 };
  private readonly gp: GroupSopParams = { ocv_V: 0, dOcvDz_V: 0, capacity_As: 0, r0_ohm: 0, r1_ohm: 0, tau1_s: 0, r2_ohm: 0, tau2_s: 0 };
  private readonly sa: Float64Array;
  private readonly sb: Float64Array;
  private readonly sdm: Float64Array;
  private readonly scm: Float64Array;
  private readonly cdis: Float64Array;
  private readonly cchg: Float64Array;
  /** Per-group SoP parameters [8·g + (ocv, dOcv/dz, Q, R0, R1, τ1, R2, τ2)]. */
  private readonly sopPar: Float64Array;
  readonly sopResults: SopResult[];
  /** exp(−horizon/τ) of each RC branch per horizon, for the last τ (groups share τ). */
  private readonly sopDecay1: DecayCache[];
  private readonly sopDecay2: DecayCache[];

  /** `groupModel`: the BMS's nominal model of one group (Np cells in parallel). */
  constructor(groupModel: EcmModel, seriesCount: number, parallelCount: number, cfg: HealthMonitorConfig = {}) {
    if (typeof cfg !== 'object' || cfg === null) throw new InputError('health configuration must be an object', { field: 'health', value: cfg });
    for (const k of Object.keys(cfg))
      if (!KEYS.has(k)) throw new InputError(`unknown health monitor option (known: ${[...KEYS].join(', ')})`, { field: `health.${k}`, value: (cfg as Record<string, unknown>)[k] });
    this.model = groupModel;
    this.ns = seriesCount;
    this.np = parallelCount;
    const oneC = groupModel.capacity_As / 3600;
    this.restI = num(cfg.restCurrent_A, 'restCurrent_A', Math.max(oneC / 50, 0.5), 0, true);
    this.restT = num(cfg.restTime_s, 'restTime_s', 1800, 0);
    this.minDz = num(cfg.minDeltaSoc, 'minDeltaSoc', 0.15, 0, true);
    this.maxAge = num(cfg.maxPairAge_s, 'maxPairAge_s', 7 * 86400, 0, true);
    this.sV = num(cfg.ocvVoltageSd_V, 'ocvVoltageSd_V', 2e-3, 0, true);
    this.szFloor = num(cfg.socSdFloor, 'socSdFloor', 0.003, 0, true);
    this.sOff = num(cfg.currentOffsetSd_A, 'currentOffsetSd_A', 0.02, 0);
    this.sGain = num(cfg.currentGainSd, 'currentGainSd', 0.005, 0);
    this.sNoise = num(cfg.currentNoiseSd_A, 'currentNoiseSd_A', 0.05, 0);
    this.minStep = num(cfg.minCurrentStep_A, 'minCurrentStep_A', 0.1 * oneC, 0, true);
    this.maxDt = num(cfg.maxStepInterval_s, 'maxStepInterval_s', 2, 0, true);
    this.minRSamples = num(cfg.minResistanceSamples, 'minResistanceSamples', 20, 0);
    const hz = cfg.sopHorizons_s ?? (SOP_HORIZONS_S as number[]);
    if (!Array.isArray(hz) || hz.length === 0) throw new InputError('sopHorizons_s must be a non-empty array', { field: 'health.sopHorizons_s', value: hz });
    for (const h of hz) if (!(typeof h === 'number' && h > 0 && Number.isFinite(h))) throw new InputError('SoP horizon must be finite and > 0 s', { field: 'health.sopHorizons_s', value: h });
    this.horizons_s = hz.slice();
    const rs = cfg.resistanceSplit;
    if (rs !== undefined && (typeof rs.bulk_ohm !== 'function' || typeof rs.interface_ohm !== 'function')) {
      throw new InputError('resistanceSplit needs bulk_ohm(T) and interface_ohm(T)', { field: 'health.resistanceSplit', value: rs });
    }
    this.split = rs ?? null;
    const ns = seriesCount;
    this.capacity = [];
    this.resistance = [];
    for (let g = 0; g < ns; g++) {
      this.capacity.push(new CapacityTls(groupModel.capacity_As, cfg.capacity));
      this.resistance.push(new ResistanceRls(cfg.resistance));
    }
    this.splitFit = this.split ? new InterfaceBulkSplit(cfg.split) : null;
    const f = () => new Float64Array(ns);
    this.v1 = f();
    this.v2 = f();
    this.q_As = f();
    this.prevV = f().fill(NaN);
    this.prevValid = new Uint8Array(ns);
    this.tempG = f().fill(NaN);
    this.presG = f().fill(NaN);
    this.restV = f();
    this.restTg = f();
    this.restValid = new Uint8Array(ns);
    this.restQ = f();
    const fa = () => new Float64Array(ns * ANCHORS);
    this.aZ = fa();
    this.aSz = fa();
    this.aT = fa();
    this.aQ = fa();
    this.aThr = fa();
    this.aDt2 = fa();
    this.aHead = new Int32Array(ns);
    this.aCount = new Int32Array(ns);
    this.sa = f();
    this.sb = f();
    this.sdm = f();
    this.scm = f();
    this.cdis = f();
    this.cchg = f();
    this.sopPar = new Float64Array(8 * ns);
    this.sopResults = this.horizons_s.map((h) => makeSopResult(h));
    this.sopDecay1 = this.horizons_s.map(() => new DecayCache());
    this.sopDecay2 = this.horizons_s.map(() => new DecayCache());
  }

  /**
   * One cycle. `current_A`: the measured (or held) pack current over the interval ending now;
   * `currentValid`; `voltage_V[g]` and `voltageValid[g]` the group voltages; `temp_K[g]` the group
   * temperatures; `soc[g]` the primary estimator's SoC; `balanceCurrent_A[g]` the current the
   * balancing took out of group g over the interval (+ = out; null = none).
   */
  update(
    time_s: number,
    current_A: number,
    currentValid: boolean,
    voltage_V: Float64Array,
    voltageValid: Uint8Array,
    temp_K: Float64Array,
    soc: Float64Array,
    balanceCurrent_A: Float64Array | null,
    pressure_Pa: Float64Array | null = null,
  ): void {
    const ns = this.ns;
    const m = this.model;
    const first = !Number.isFinite(this.lastTime);
    const dt = first ? 0 : time_s - this.lastTime;
    this.lastTime = time_s;
    for (let g = 0; g < ns; g++) {
      this.tempG[g] = temp_K[g];
      this.presG[g] = pressure_Pa === null ? NaN : pressure_Pa[g];
    }
    if (!(dt > 0)) {
      for (let g = 0; g < ns; g++) {
        this.prevV[g] = voltage_V[g];
        this.prevValid[g] = voltageValid[g];
      }
      this.prevI = current_A;
      return;
    }
    const I = current_A;
    const atRest = currentValid && Math.abs(I) < this.restI;
    if (atRest) this.offset += (I - this.offset) * Math.min(1, dt / OFFSET_TAU_S);
    const Ic = I - this.offset;
    this.throughput_As += Math.abs(Ic) * dt;
    this.dt2Sum += dt * dt;
    const dI = Ic - (this.prevI - this.offset);
    const stepOk = currentValid && Number.isFinite(this.prevI) && dt <= this.maxDt && Math.abs(dI) >= this.minStep;
    let ySum = 0;
    let xbSum = 0;
    let xiSum = 0;
    let tSum = 0;
    let nSum = 0;
    const sp = this.split;
    for (let g = 0; g < ns; g++) {
      const T = temp_K[g];
      const z = soc[g];
      const V = voltage_V[g];
      // charge counting (own bleed current while its switch was on)
      let ig = Ic;
      if (balanceCurrent_A !== null) ig += balanceCurrent_A[g];
      this.q_As[g] += ig * dt;
      // RC-branch voltages (nominal model, exact ZOH)
      // (the exponentials cached for the last (Δt, τ): groups usually share τ)
      const t1 = m.tau1_s(z, T);
      const t2 = m.tau2_s(z, T);
      const e1 = this.decay1.of(dt, t1);
      const e2 = this.decay2.of(dt, t2);
      const v1o = this.v1[g];
      const v2o = this.v2[g];
      const v1n = e1 * v1o + m.r1_ohm(z, T) * (1 - e1) * Ic;
      const v2n = e2 * v2o + m.r2_ohm(z, T) * (1 - e2) * Ic;
      this.v1[g] = v1n;
      this.v2[g] = v2n;
      // resistance at a current step
      if (stepOk && voltageValid[g] === 1 && this.prevValid[g] === 1 && Number.isFinite(V) && Number.isFinite(this.prevV[g])) {
        const dOcv = -m.dOcvDz_V(z, T) * ((Ic * dt) / m.capacity_As);
        const y = -(V - this.prevV[g] - dOcv + (v1n - v1o) + (v2n - v2o));
        const r0n = this.nominalR0(g, z, T);
        this.resistance[g].update(r0n * dI, y);
        if (sp !== null) {
          ySum += y;
          xbSum += (sp.bulk_ohm(T) / this.np) * dI;
          xiSum += (this.nominalInterface(g, T) / this.np) * dI;
          tSum += T;
          nSum++;
        }
      }
      this.prevV[g] = V;
      this.prevValid[g] = voltageValid[g];
    }
    if (this.splitFit !== null && nSum === ns) this.splitFit.update(xbSum, xiSum, ySum, tSum / nSum);
    this.prevI = I;

    // rest points
    if (atRest) {
      if (!Number.isFinite(this.restSince)) this.restSince = time_s - dt;
      if (time_s - this.restSince >= this.restT) {
        this.restPending = true;
        this.restTime = time_s;
        this.restThr = this.throughput_As;
        this.restDt2 = this.dt2Sum;
        for (let g = 0; g < ns; g++) {
          const ok = voltageValid[g] === 1 && Number.isFinite(voltage_V[g]) && Number.isFinite(temp_K[g]);
          this.restValid[g] = ok ? 1 : 0;
          if (ok) {
            this.restV[g] = voltage_V[g];
            this.restTg[g] = temp_K[g];
            this.restQ[g] = this.q_As[g];
          }
        }
      }
    } else {
      this.restSince = NaN;
      if (this.restPending) this.commitRest();
    }
  }

  /** Commits the pending rest point of every group (called when a rest ends). */
  private commitRest(): void {
    this.restPending = false;
    const m = this.model;
    for (let g = 0; g < this.ns; g++) {
      if (this.restValid[g] !== 1) continue;
      const T = this.restTg[g];
      const z = socFromOcv(m, this.restV[g], T);
      const slope = m.dOcvDz_V(z, T);
      const sz = Math.max(this.szFloor, slope > 0 ? this.sV / slope : Infinity);
      if (!Number.isFinite(sz)) continue;
      const base = g * ANCHORS;
      const cnt = this.aCount[g];
      const head = this.aHead[g];
      // pair with the most recent earlier rest point far enough in SoC and recent enough
      for (let k = 0; k < cnt; k++) {
        const i = base + ((head - 1 - k + ANCHORS) % ANCHORS);
        if (this.restTime - this.aT[i] > this.maxAge) break;
        const dz = this.aZ[i] - z;
        if (Math.abs(dz) < this.minDz) continue;
        const dq = this.restQ[g] - this.aQ[i];
        const dur = this.restTime - this.aT[i];
        const thr = this.restThr - this.aThr[i];
        const dt2 = this.restDt2 - this.aDt2[i];
        const vy = (this.sOff * dur) ** 2 + (this.sGain * thr) ** 2 + this.sNoise * this.sNoise * dt2;
        const sx = Math.sqrt(sz * sz + this.aSz[i] * this.aSz[i]);
        this.capacity[g].addPair(dz, dq, sx, Math.sqrt(Math.max(vy, 1e-6)));
        break;
      }
      const j = base + head;
      this.aZ[j] = z;
      this.aSz[j] = sz;
      this.aT[j] = this.restTime;
      this.aQ[j] = this.restQ[g];
      this.aThr[j] = this.restThr;
      this.aDt2[j] = this.restDt2;
      this.aHead[g] = (head + 1) % ANCHORS;
      if (cnt < ANCHORS) this.aCount[g] = cnt + 1;
    }
  }

  /** Nominal interface resistance of one cell of group g at T and the group's measured pressure [Ω]. */
  private nominalInterface(g: number, temp_K: number): number {
    const sp = this.split!;
    const p = this.presG[g];
    return sp.interfaceAt_ohm !== undefined && p > 0 ? sp.interfaceAt_ohm(temp_K, p) : sp.interface_ohm(temp_K);
  }

  /** Nominal R0 of group g [Ω]: the model's, corrected to the measured stack pressure when the split knows the pressure law. */
  nominalR0(g: number, z: number, temp_K: number): number {
    const r = this.model.r0_ohm(z, temp_K);
    const sp = this.split;
    const p = this.presG[g];
    if (sp === null || sp.interfaceAt_ohm === undefined || !(p > 0)) return r;
    return r + (sp.interfaceAt_ohm(temp_K, p) - sp.interface_ohm(temp_K)) / this.np;
  }

  /** RC-branch voltages of group g (reconstructed) [V]. */
  rcVoltage_V(g: number, branch: 1 | 2): number {
    return branch === 1 ? this.v1[g] : this.v2[g];
  }

  /** Group g's resistance factor used for SoP (1 until enough current steps). */
  resistanceFactor(g: number): number {
    const r = this.resistance[g];
    if (r.samples < this.minRSamples) return 1;
    const v = r.value;
    return v < 0.3 ? 0.3 : v > 10 ? 10 : v;
  }

  /** Group g's capacity for SoP [A·s]: the estimate when there is one, else nominal. */
  capacityFor(g: number): number {
    const q = this.capacity[g].q_As;
    return Number.isFinite(q) && q > 0 ? q : this.model.capacity_As;
  }

  /**
   * Pack SoP for each horizon into the reused `sopResults`. `soc[g]`: group SoCs; `dischargeCap_A`:
   * the pack's protection discharge limit now; `chargeCap_A(g, T)`: the group's charge cap
   * (protection, temperature derate, CCD) at its measured temperature.
   */
  computeSop(soc: Float64Array, dischargeCap_A: number, chargeCap_A: (g: number, temp_K: number) => number): readonly SopResult[] {
    const m = this.model;
    const ns = this.ns;
    for (let g = 0; g < ns; g++) {
      const T = this.tempG[g];
      this.cdis[g] = dischargeCap_A;
      this.cchg[g] = Number.isFinite(T) ? chargeCap_A(g, T) : 0;
    }
    // R0 of group g at T: with an observable bulk/interface split, its temperature shape
    // (a·R_bulk(T) + b·R_int(T))/Np times the group's factor relative to the pack's mean factor —
    // it extrapolates to temperatures the current steps did not cover; else factor × R0_nominal(T)
    const sp = this.split;
    const useSplit = sp && this.splitFit?.evaluate();
    const sa = useSplit ? this.splitFit!.bulkFactor : 0;
    const sb = useSplit ? this.splitFit!.interfaceFactor : 0;
    let meanF = 0;
    if (useSplit) {
      for (let g = 0; g < ns; g++) meanF += this.resistanceFactor(g);
      meanF /= ns;
    }
    // the group parameters do not depend on the horizon: evaluated once per group
    const P = this.sopPar;
    for (let g = 0; g < ns; g++) {
      const T = this.tempG[g];
      const z = soc[g];
      const o = 8 * g;
      if (!Number.isFinite(T) || !Number.isFinite(z)) {
        P[o] = NaN;
        continue;
      }
      P[o] = m.ocv_V(z, T);
      P[o + 1] = m.dOcvDz_V(z, T);
      P[o + 2] = this.capacityFor(g);
      P[o + 3] = useSplit ? ((this.resistanceFactor(g) / meanF) * (sa * sp!.bulk_ohm(T) + sb * this.nominalInterface(g, T))) / this.np : this.nominalR0(g, z, T) * this.resistanceFactor(g);
      P[o + 4] = m.r1_ohm(z, T);
      P[o + 5] = m.tau1_s(z, T);
      P[o + 6] = m.r2_ohm(z, T);
      P[o + 7] = m.tau2_s(z, T);
    }
    const p = this.gp;
    for (let h = 0; h < this.horizons_s.length; h++) {
      const H = this.horizons_s[h];
      const d1 = this.sopDecay1[h];
      const d2 = this.sopDecay2[h];
      for (let g = 0; g < ns; g++) {
        const o = 8 * g;
        if (Number.isNaN(P[o])) {
          this.sa[g] = 0;
          this.sb[g] = 1;
          this.sdm[g] = 0;
          this.scm[g] = 0;
          continue;
        }
        p.ocv_V = P[o];
        p.dOcvDz_V = P[o + 1];
        p.capacity_As = P[o + 2];
        p.r0_ohm = P[o + 3];
        p.r1_ohm = P[o + 4];
        p.tau1_s = P[o + 5];
        p.r2_ohm = P[o + 6];
        p.tau2_s = P[o + 7];
        // exp(−H/τ) from a per-horizon cache (groups share τ): the value groupThevenin computes
        groupTheveninDecay(soc[g], this.v1[g], this.v2[g], p, H, d1.of(H, p.tau1_s), d2.of(H, p.tau2_s), this.th);
        this.sa[g] = this.th.a_V;
        this.sb[g] = this.th.b_ohm;
        this.sdm[g] = this.th.socDischargeMax_A;
        this.scm[g] = this.th.socChargeMax_A;
      }
      packSop(this.sa, this.sb, this.sdm, this.scm, this.cdis, this.cchg, m.vMin_V, m.vMax_V, this.sopResults[h]);
    }
    return this.sopResults;
  }

  /** Summary for outputs (allocates). */
  report(): HealthReport {
    let cs = 0;
    let cn = 0;
    let cmin = Infinity;
    let cv = 0;
    let cq = 0;
    let pairs = 0;
    let rs = 0;
    let rn = 0;
    let rmax = -Infinity;
    let samples = 0;
    for (let g = 0; g < this.ns; g++) {
      const c = this.capacity[g];
      pairs += c.pairs;
      if (Number.isFinite(c.q_As)) {
        const s = c.q_As / c.nominal_As;
        cs += s;
        cq += c.q_As;
        cn++;
        if (s < cmin) cmin = s;
        const sd = c.qStd_As / c.nominal_As;
        cv += sd * sd;
      }
      const r = this.resistance[g];
      samples += r.samples;
      if (r.samples > 0) {
        rs += r.value;
        rn++;
        if (r.value > rmax) rmax = r.value;
      }
    }
    return {
      capacitySoh: cn ? cs / cn : null,
      capacitySohMin: cn ? cmin : null,
      // standard deviation of the mean of independent group estimates
      capacitySohStd: cn ? Math.sqrt(cv) / cn : null,
      capacityMean_As: cn ? cq / cn : null,
      capacityPairs: pairs,
      resistanceFactor: rn ? rs / rn : null,
      resistanceFactorMax: rn ? rmax : null,
      resistanceSamples: samples,
      split: this.splitFit ? this.splitFit.result() : null,
      currentOffset_A: this.offset,
    };
  }
}
