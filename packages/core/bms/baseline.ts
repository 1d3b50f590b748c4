/**
 * The baseline (conventional) BMS: centralized measurements in, commands out. It assembles
 * per-group SoC estimation, three-tier protection (detection → reaction table), passive balancing
 * and CC-CV charge control with temperature / CCD derating and pre-heat.
 *
 * It sees only `Measurements`, `BmsContext` and its static configuration (sensor layout, the
 * NOMINAL cell model, limits). The constructor rejects any configuration key it does not know, so
 * no plant object can be smuggled in.
 *
 * Definitions:
 * - group model: a series group is Np nominal cells in parallel → capacity ×Np, resistances ÷Np,
 *   same OCV and time constants.
 * - pack SoC (per estimator): the ARITHMETIC MEAN of the group SoCs. The simulator scores it
 *   against the mean of the true group SoCs.
 * - temperature of group g: the reading of the temperature sensor nearest to g in the layout
 *   (smallest |sensor group − g|, ties → same module, then lowest sensor index).
 * - invalid readings: each channel holds its last valid value and the affected groups are marked
 *   degraded (`groupDegraded`). A group with no valid temperature yet uses the measured ambient
 *   temperature, else 25 °C (assumed). A missing current reading is held (0 A before the first).
 *
 * Per cycle nothing is allocated except a `ProtectionEvent` when an event is confirmed.
 */
import type { BmsCommands, BmsContext, EcmModel, Measurements, SensorLayout, SocEstimator } from './types.js';
import { createSocEstimator, type SocEstimatorName, SOC_ESTIMATOR_REGISTRY } from './estimation/soc/registry.js';
import { ProtectionDetector } from './safety/detect.js';
import type { ProtectionLimits } from './safety/limits.js';
import { ProtectionReactor, defaultReactionTable, type ProtectionEvent, type ReactionTable } from './diag/react.js';
import { PassiveBalancer } from './balancing/passive.js';
import { ActiveBalancer } from './balancing/active.js';
import { createBalancer, type BalancingConfig } from './balancing/registry.js';
import type { BalancingEstimates } from './balancing/strategy.js';
import { CcCvChargeController, type ChargeControlConfig, type ChargeDecision } from './charge/cccv.js';
import { InputError } from '../errors.js';
import { PlausibilityMonitor, type PlausibilityConfig, type SensorDiagnosticEvent } from './diag/plausibility.js';
import { InternalShortDetector, defaultInternalShortConfig, type InternalShortConfig } from './diag/internal-short.js';
import { CoolingMonitor, type CoolingMonitorConfig } from './diag/cooling.js';
import { HotSpotEstimator, type HotSpotConfig } from './diag/hot-spot.js';
import type { GroupDiagnostics } from './safety/detect.js';
import { HealthMonitor, type HealthMonitorConfig, type HealthReport } from './estimation/soh/monitor.js';
import type { SopResult } from './estimation/sop.js';

export interface BaselineBmsConfig {
  layout: SensorLayout;
  /** Nominal model of ONE cell; the BMS builds the group model (capacity ×Np, resistances ÷Np). */
  model: EcmModel;
  /** All run every cycle; the first is the primary one used for control. */
  estimators: SocEstimatorName[];
  limits: ProtectionLimits;
  /** Passive (bleed resistors; `kind` absent or 'passive') or active (converters, `kind: 'active'`). */
  balancing: BalancingConfig;
  /**
   * Capacity of each group the BMS knows [A·s] (e.g. from an end-of-line capacity test of the
   * cells); absent = the nominal group capacity for every group. Used by the `bottom` strategy.
   */
  groupCapacity_As?: Float64Array;
  charge: ChargeControlConfig;
  /** If absent, each group is initialised from its first valid voltage by OCV look-up. */
  initialSocGuess?: number;
  /** Optional per-estimator options passed to `createSocEstimator`. */
  estimatorOptions?: Partial<Record<SocEstimatorName, Record<string, unknown>>>;
  /** Optional reaction table (default: `defaultReactionTable()`). */
  reactions?: ReactionTable;
  /**
   * Sensor plausibility checks (diag/plausibility.ts); absent = none (every valid reading is
   * trusted). Masked channels are treated as invalid by everything below.
   */
  plausibility?: PlausibilityConfig;
  /**
   * Internal-short detection (diag/internal-short.ts) on the primary estimator's group SoCs:
   * settings overriding the defaults, or false to switch it off. Default: on.
   */
  internalShort?: Partial<InternalShortConfig> | false;
  /** Hot-spot virtual sensor (diag/hot-spot.ts) from nominal cell thermal data; absent = none. */
  hotSpot?: HotSpotConfig;
  /**
   * State-of-health (capacity, resistance, bulk/interface split) and state-of-power estimation
   * (estimation/soh/monitor.ts); absent = on with the documented defaults; `false` = off.
   */
  health?: HealthMonitorConfig | false;
  /** Cooling-effectiveness check (diag/cooling.ts; needs `BmsContext.coolingCommand_W`) from the pack's design data; absent = none. */
  coolingMonitor?: CoolingMonitorConfig;
}

const CONFIG_KEYS = new Set([
  'layout',
  'model',
  'estimators',
  'limits',
  'balancing',
  'groupCapacity_As',
  'charge',
  'initialSocGuess',
  'estimatorOptions',
  'reactions',
  'plausibility',
  'internalShort',
  'hotSpot',
  'health',
  'coolingMonitor',
]);

/** Temperature assumed for a group before any valid reading and without an ambient reading [K] (25 °C, assumed). */
const FALLBACK_TEMP_K = 298.15;

/**
 * Age limit of a held group voltage [s] (assumed: 5 s, a few RC time constants shorter than any
 * meaningful SoC change). Beyond it the estimator is fed the pack-voltage residual estimate
 * (V_pack − Σ valid groups) / (number of invalid groups), or the mean of the valid groups.
 */
const HOLD_AGE_S = 5;

/** The nominal model of a group of `parallelCount` identical cells in parallel. */
export function groupModelFromCell(cell: EcmModel, parallelCount: number): EcmModel {
  const np = parallelCount;
  return {
    capacity_As: cell.capacity_As * np,
    ocv_V: (z, T) => cell.ocv_V(z, T),
    dOcvDz_V: (z, T) => cell.dOcvDz_V(z, T),
    r0_ohm: (z, T) => cell.r0_ohm(z, T) / np,
    r1_ohm: (z, T) => cell.r1_ohm(z, T) / np,
    tau1_s: (z, T) => cell.tau1_s(z, T),
    r2_ohm: (z, T) => cell.r2_ohm(z, T) / np,
    tau2_s: (z, T) => cell.tau2_s(z, T),
    vMin_V: cell.vMin_V,
    vMax_V: cell.vMax_V,
  };
}

/** For each group, the index of the nearest temperature sensor (−1 if there is none). */
export function nearestTempSensor(layout: SensorLayout): Int32Array {
  const out = new Int32Array(layout.seriesCount).fill(-1);
  const tg = layout.tempSensorGroup;
  for (let g = 0; g < layout.seriesCount; g++) {
    let best = -1;
    let bestD = Infinity;
    let bestSame = false;
    for (let s = 0; s < tg.length; s++) {
      const d = Math.abs(tg[s] - g);
      const same = layout.groupModule[tg[s]] === layout.groupModule[g];
      if (d < bestD || (d === bestD && same && !bestSame)) {
        best = s;
        bestD = d;
        bestSame = same;
      }
    }
    out[g] = best;
  }
  return out;
}

export class BaselineBms {
  /** Append-only protection log (shared with the reactor). */
  readonly events: ProtectionEvent[];
  /** 1 where the group's estimate ran on a held (invalid) or fallback input this cycle. */
  readonly groupDegraded: Uint8Array;
  readonly groupModel: EcmModel;

  private readonly layout: SensorLayout;
  private readonly names: SocEstimatorName[];
  /** est[k][g]: estimator k for group g. */
  private readonly est: SocEstimator[][];
  private readonly primarySoc: Float64Array;
  private readonly nearest: Int32Array;
  private readonly lastV_V: Float64Array;
  private readonly lastT_K: Float64Array;
  private lastI_A = 0;
  private initialised = false;
  private readonly initialSocGuess: number | undefined;
  private readonly detector: ProtectionDetector;
  private readonly reactor: ProtectionReactor;
  private readonly balancer: PassiveBalancer | null;
  private readonly activeBalancer: ActiveBalancer | null;
  private readonly balEst: BalancingEstimates;
  private readonly charger: CcCvChargeController;
  private readonly limits: ProtectionLimits;
  private readonly cmd: BmsCommands;
  private balancingEnergy = 0;
  private readonly plaus: PlausibilityMonitor | null;
  private readonly lastVTime_s: Float64Array;
  /** Sensor-plausibility detections (empty without `plausibility`). */
  readonly sensorEvents: SensorDiagnosticEvent[];
  private readonly shortDet: InternalShortDetector | null;
  private readonly hotSpotEst: HotSpotEstimator | null;
  private readonly cooling: CoolingMonitor | null;
  private readonly diag: GroupDiagnostics | null;
  /** Charge the BMS's own balancing bled from each group [A·s] (so the short detector does not mistake it for a leak). */
  private readonly bled_As: Float64Array;
  private readonly leakForHeat: Float64Array;
  private validated: Measurements | null = null;
  /** SoH / SoP estimation (null when configured off). */
  readonly health: HealthMonitor | null;
  private readonly groupT_K: Float64Array;
  private readonly groupP_Pa: Float64Array;
  private readonly lastP_Pa: Float64Array;
  /** Index of the pressure sensor of each group's module (−1 = none). */
  private readonly pressureSensorOf: Int32Array;
  private protCharge_A = 0;
  private stepCount = 0;
  private sopAt = -1;
  /** The BMS's estimate of the pack's series resistance [Ω] for the current-response check, and when it was made. */
  private packR_ohm = NaN;
  private packRAt_s = -Infinity;
  /** Current the BMS's balancing takes out of each group over the present interval [A] (+ = out of the group). */
  private readonly balI_A: Float64Array;

  constructor(cfg: BaselineBmsConfig) {
    for (const k of Object.keys(cfg)) {
      if (!CONFIG_KEYS.has(k)) throw new InputError('BaselineBms accepts only its documented configuration (sensor layout, nominal model, settings); it never sees plant state', { field: k });
    }
    const L = cfg.layout;
    if (!L || !(L.seriesCount >= 1) || !(L.parallelCount >= 1)) throw new InputError('layout needs seriesCount >= 1 and parallelCount >= 1', { field: 'layout' });
    if (L.groupModule.length !== L.seriesCount) throw new InputError('layout.groupModule must have one entry per group', { field: 'layout.groupModule' });
    for (let s = 0; s < L.tempSensorGroup.length; s++) {
      const g = L.tempSensorGroup[s];
      if (!(g >= 0 && g < L.seriesCount)) throw new InputError('temperature sensor group out of range', { field: `layout.tempSensorGroup[${s}]`, value: g });
    }
    if (!Array.isArray(cfg.estimators) || cfg.estimators.length === 0) throw new InputError('at least one SoC estimator is needed', { field: 'estimators' });
    for (const n of cfg.estimators) SOC_ESTIMATOR_REGISTRY.get(n, { field: 'estimators' });
    if (new Set(cfg.estimators).size !== cfg.estimators.length) throw new InputError('estimator names must be unique', { field: 'estimators', value: cfg.estimators });
    if (cfg.initialSocGuess !== undefined && !(cfg.initialSocGuess >= 0 && cfg.initialSocGuess <= 1)) {
      throw new InputError('initialSocGuess must be in [0, 1]', { field: 'initialSocGuess', value: cfg.initialSocGuess });
    }

    const ns = L.seriesCount;
    this.layout = L;
    this.names = cfg.estimators.slice();
    this.groupModel = groupModelFromCell(cfg.model, L.parallelCount);
    this.est = this.names.map((n) => {
      const row: SocEstimator[] = [];
      for (let g = 0; g < ns; g++) row.push(createSocEstimator(n, this.groupModel, cfg.estimatorOptions?.[n] ?? {}));
      return row;
    });
    this.primarySoc = new Float64Array(ns).fill(NaN);
    this.groupDegraded = new Uint8Array(ns);
    this.nearest = nearestTempSensor(L);
    this.lastV_V = new Float64Array(ns).fill(NaN);
    this.lastVTime_s = new Float64Array(ns).fill(-Infinity);
    this.plaus = cfg.plausibility ? new PlausibilityMonitor(L, cfg.plausibility) : null;
    this.sensorEvents = this.plaus ? this.plaus.events : [];
    this.lastT_K = new Float64Array(L.tempSensorGroup.length).fill(NaN);
    this.initialSocGuess = cfg.initialSocGuess;
    this.limits = cfg.limits;
    this.detector = new ProtectionDetector(L, cfg.limits);
    this.reactor = new ProtectionReactor(cfg.reactions ?? defaultReactionTable());
    this.events = this.reactor.log;
    const balancer = createBalancer(ns, cfg.balancing);
    this.balancer = balancer instanceof PassiveBalancer ? balancer : null;
    this.activeBalancer = balancer instanceof ActiveBalancer ? balancer : null;
    const caps = new Float64Array(ns).fill(this.groupModel.capacity_As);
    if (cfg.groupCapacity_As !== undefined) {
      if (cfg.groupCapacity_As.length !== ns) throw new InputError('groupCapacity_As needs one entry per group', { field: 'groupCapacity_As', value: cfg.groupCapacity_As.length });
      for (let g = 0; g < ns; g++) {
        const c = cfg.groupCapacity_As[g];
        if (!(c > 0 && Number.isFinite(c))) throw new InputError('group capacity must be > 0', { field: `groupCapacity_As[${g}]`, value: c });
        caps[g] = c;
      }
    }
    this.balEst = { groupSoc: this.primarySoc, groupCapacity_As: caps, exclude: new Uint8Array(ns) };
    this.bled_As = new Float64Array(ns);
    this.leakForHeat = new Float64Array(ns);
    this.shortDet = cfg.internalShort === false ? null : new InternalShortDetector(ns, { ...defaultInternalShortConfig(this.groupModel.capacity_As), ...(cfg.internalShort ?? {}) });
    this.hotSpotEst = cfg.hotSpot ? new HotSpotEstimator(ns, cfg.hotSpot) : null;
    const nanArr = () => new Float64Array(ns).fill(NaN);
    this.cooling = cfg.coolingMonitor ? new CoolingMonitor(cfg.coolingMonitor) : null;
    this.diag =
      this.shortDet || this.hotSpotEst || this.cooling
        ? {
            shortLeak_A: this.shortDet ? this.shortDet.leakLow_A : nanArr(),
            hotSpot_K: this.hotSpotEst ? this.hotSpotEst.hotSpot_K : nanArr(),
            ...(this.cooling ? { coolingDeficit_s: this.cooling.deficit_s } : {}),
          }
        : null;
    this.charger = new CcCvChargeController(cfg.charge, this.groupModel, L.tempSensorGroup.length);
    this.health = cfg.health === false ? null : new HealthMonitor(this.groupModel, ns, L.parallelCount, cfg.health ?? {});
    this.groupT_K = new Float64Array(ns);
    this.groupP_Pa = new Float64Array(ns).fill(NaN);
    this.lastP_Pa = new Float64Array(L.pressureSensorModule.length).fill(NaN);
    this.pressureSensorOf = new Int32Array(ns).fill(-1);
    for (let g = 0; g < ns; g++) {
      for (let k = 0; k < L.pressureSensorModule.length; k++) {
        if (L.pressureSensorModule[k] === L.groupModule[g]) {
          this.pressureSensorOf[g] = k;
          break;
        }
      }
    }
    this.balI_A = new Float64Array(ns);
    this.cmd = {
      contactorsClosed: true,
      dischargeLimit_A: 0,
      chargeLimit_A: 0,
      chargeRequest_A: 0,
      chargeComplete: false,
      balanceSwitch: this.balancer ? this.balancer.balanceSwitch : new Uint8Array(ns),
      balanceCurrent_A: this.activeBalancer ? this.activeBalancer.balanceCurrent_A : new Float64Array(ns),
      preheatRequest: false,
    };
  }

  /** One BMS cycle. Returns a reused commands object (copy what you keep). */
  step(rawMeas: Measurements, ctx: BmsContext, dt_s: number): BmsCommands {
    // 0. Plausibility: channels that cannot be trusted become invalid for everything below.
    // no load on the pack: parked, unplugged, thermal management off (the key-off zero-current check)
    const noLoad = ctx.mode === 'park' && !ctx.pluggedIn && !((ctx.btmsElectrical_W ?? 0) > 0);
    if (this.plaus && this.initialised && rawMeas.time_s - this.packRAt_s >= 10) {
      // Σ of the groups' R0 at their estimated SoC and temperature (last cycle), times the learnt
      // resistance factor: refreshed every 10 s (temperature and SoC move slowly)
      let r = 0;
      for (let g = 0; g < this.layout.seriesCount; g++) r += this.groupModel.r0_ohm(this.primarySoc[g], this.groupT_K[g]) * (this.health ? this.health.resistanceFactor(g) : 1);
      this.packR_ohm = r;
      this.packRAt_s = rawMeas.time_s;
    }
    const meas = this.plaus ? this.plaus.check(rawMeas, dt_s, noLoad, this.packR_ohm) : rawMeas;
    this.validated = meas;
    const ns = this.layout.seriesCount;
    const deg = this.groupDegraded;

    // 1. Hold last valid values.
    const lastV = this.lastV_V;
    for (let g = 0; g < ns; g++) {
      if (meas.groupVoltageValid[g] === 1 && Number.isFinite(meas.groupVoltage_V[g])) {
        lastV[g] = meas.groupVoltage_V[g];
        this.lastVTime_s[g] = meas.time_s;
        deg[g] = 0;
      } else deg[g] = 1;
    }
    const iValid = meas.packCurrentValid && Number.isFinite(meas.packCurrent_A);
    if (iValid) this.lastI_A = meas.packCurrent_A;
    const lastT = this.lastT_K;
    for (let s = 0; s < lastT.length; s++) if (meas.tempValid[s] === 1 && Number.isFinite(meas.temp_K[s])) lastT[s] = meas.temp_K[s];
    const fallbackT = Number.isFinite(meas.ambientTemp_K) && meas.ambientTemp_K > 0 ? meas.ambientTemp_K : FALLBACK_TEMP_K;

    // 2. Initialise on the first cycle.
    const est = this.est;
    if (!this.initialised) {
      this.initialised = true;
      const vPack = meas.packVoltage_V / ns;
      for (let g = 0; g < ns; g++) {
        const T = this.groupTemp(g, fallbackT);
        let v = lastV[g];
        if (!Number.isFinite(v)) v = vPack;
        for (let k = 0; k < est.length; k++) {
          if (this.initialSocGuess !== undefined) est[k][g].reset({ soc: this.initialSocGuess });
          else if (Number.isFinite(v)) est[k][g].reset({ voltage_V: v, temp_K: T });
          else est[k][g].reset({ soc: 0.5 });
        }
      }
    } else {
      // 3. Estimation on measured (or held) inputs; held voltages older than HOLD_AGE_S are
      // replaced by the pack-voltage residual (or the mean of the valid groups).
      const I = this.lastI_A;
      let nBad = 0;
      let sumGood = 0;
      for (let g = 0; g < ns; g++) {
        if (deg[g] === 1) nBad++;
        else sumGood += lastV[g];
      }
      let subst = NaN;
      if (nBad > 0 && nBad < ns) {
        subst = Number.isFinite(meas.packVoltage_V) ? (meas.packVoltage_V - sumGood) / nBad : sumGood / (ns - nBad);
      }
      for (let g = 0; g < ns; g++) {
        const T = this.groupTemp(g, fallbackT);
        if (!iValid || this.tempHeld(g, meas)) deg[g] = 1;
        let v = lastV[g];
        if (deg[g] === 1 && meas.time_s - this.lastVTime_s[g] > HOLD_AGE_S && Number.isFinite(subst)) v = subst;
        if (!Number.isFinite(v)) {
          // No valid voltage yet: feed the OCV of the current estimate (carries no voltage information).
          v = this.groupModel.ocv_V(est[0][g].soc, T);
          deg[g] = 1;
        }
        for (let k = 0; k < est.length; k++) est[k][g].update(I, v, T, dt_s);
      }
    }
    const primary = est[0];
    let socMean = 0;
    for (let g = 0; g < ns; g++) {
      const z = primary[g].soc;
      this.primarySoc[g] = z;
      socMean += z;
    }
    socMean /= ns;

    // 3b. State of health / power bookkeeping (measured quantities only; the balancing switches
    // still hold the state that acted over the interval ending now).
    for (let g = 0; g < ns; g++) this.groupT_K[g] = this.groupTemp(g, fallbackT);
    if (this.health !== null) {
      // stack pressure of each group's module: its sensor's last valid reading (NaN = none)
      const ps = this.layout.pressureSensorModule;
      for (let k = 0; k < ps.length; k++) if (meas.pressureValid[k] === 1 && meas.pressure_Pa[k] > 0) this.lastP_Pa[k] = meas.pressure_Pa[k];
      for (let g = 0; g < ns; g++) {
        const k = this.pressureSensorOf[g];
        this.groupP_Pa[g] = k >= 0 ? this.lastP_Pa[k] : NaN;
      }
      this.health.update(meas.time_s, this.lastI_A, iValid, meas.groupVoltage_V, meas.groupVoltageValid, this.groupT_K, this.primarySoc, this.balI_A, this.groupP_Pa);
    }
    this.stepCount++;

    // 4. Diagnostics: internal short (group SoC drifting from the pack) and the hot-spot virtual
    // sensor, then protection: detection, then reaction.
    // A group's leak is confirmed when its lower bound reaches the warning tier: only then does it
    // heat the hot-spot estimate, corroborate a hot NTC in its module, and leave balancing (6.).
    const confirmed = this.balEst.exclude!;
    let anyConfirmed = false;
    if (this.shortDet) {
      const sd = this.shortDet;
      sd.update(meas.time_s, this.primarySoc, deg, iValid ? meas.packCurrent_A : NaN, this.bled_As, dt_s);
      const conf = this.limits.internalShortLeak_A.maxOperating;
      for (let g = 0; g < ns; g++) {
        const c = sd.leakLow_A[g] >= conf;
        confirmed[g] = c ? 1 : 0;
        if (c) anyConfirmed = true;
        this.leakForHeat[g] = c ? sd.leak_A[g] : 0;
      }
    }
    if (this.hotSpotEst) this.hotSpotEst.update(this.groupT_K, lastV, this.leakForHeat, dt_s);
    if (this.plaus) {
      // next cycle's plausibility: a temperature sensor in a module with a confirmed leak may read hot
      const L = this.layout;
      const ch = this.plaus.corroboratedHeat;
      ch.fill(0);
      if (anyConfirmed) {
        for (let g = 0; g < ns; g++) {
          if (confirmed[g] === 0) continue;
          for (let k = 0; k < ch.length; k++) if (L.groupModule[L.tempSensorGroup[k]] === L.groupModule[g]) ch[k] = 1;
        }
      }
    }
    this.cooling?.update(meas, ctx.coolingCommand_W ?? 0, dt_s);
    const newEvents = this.detector.detect(meas, dt_s, this.diag ?? undefined);
    this.reactor.react(newEvents, this.detector);
    const closed = this.reactor.contactorsClosed;

    // 5. Charge control.
    const protCharge_A = this.limits.chargeCurrent_A.maxOperating * this.reactor.chargeFactor;
    this.protCharge_A = closed ? protCharge_A : 0;
    const d: ChargeDecision = this.charger.step(meas, ctx, socMean, protCharge_A, dt_s);

    // 6. Balancing.
    // and the charge it takes from each group over the next step, which the short detector must
    // not mistake for a leak (bleed: held voltage / R; converter: its group current — the common
    // return current to the string cancels against the pack mean)
    const bled = this.bled_As;
    const balI = this.balI_A;
    if (this.balancer) {
      if (closed) this.balancer.update(meas, ctx, this.balEst);
      else this.balancer.stop();
      this.balancingEnergy += this.balancer.estimatedPower_W(meas) * dt_s;
      const sw = this.balancer.balanceSwitch;
      const r = this.balancer.cfg.resistor_ohm;
      for (let g = 0; g < ns; g++) balI[g] = sw[g] === 1 && lastV[g] > 0 ? lastV[g] / r : 0;
    } else if (this.activeBalancer) {
      if (closed) this.activeBalancer.update(meas, ctx, this.balEst);
      else this.activeBalancer.stop();
      this.balancingEnergy += this.activeBalancer.estimatedLoss_W(meas) * dt_s;
      balI.set(this.activeBalancer.balanceCurrent_A);
    }
    for (let g = 0; g < ns; g++) bled[g] += balI[g] * dt_s;

    // 7. Commands.
    const c = this.cmd;
    c.contactorsClosed = closed;
    c.dischargeLimit_A = closed ? this.limits.dischargeCurrent_A.maxOperating * this.reactor.dischargeFactor : 0;
    c.chargeLimit_A = closed ? Math.min(protCharge_A, d.chargeCap_A) : 0;
    c.chargeRequest_A = closed ? Math.min(d.chargeRequest_A, c.chargeLimit_A) : 0;
    c.chargeComplete = d.chargeComplete;
    c.preheatRequest = d.preheatRequest;
    return c;
  }

  /** Pack SoC per estimator name: the mean of that estimator's group SoCs. Allocates (see `socEstimate`). */
  socEstimates(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let k = 0; k < this.names.length; k++) out[this.names[k]] = this.socEstimate(k);
    return out;
  }

  /** Pack SoC of the k-th configured estimator (0 = the primary): the mean of its group SoCs; allocation-free. */
  socEstimate(k = 0): number {
    const ns = this.layout.seriesCount;
    const row = this.est[k];
    let s = 0;
    for (let g = 0; g < ns; g++) s += row[g].soc;
    return s / ns;
  }

  /** Per-group SoC of the primary estimator (reused array, updated by `step`). */
  groupSoc(): Float64Array {
    return this.primarySoc;
  }

  /**
   * State of power for each configured horizon (2, 10, 30 s by default): the pack's available
   * discharge / charge current and power from the BMS's own estimates (estimation/sop.ts),
   * evaluated on request after the last `step` (reused objects; empty when health is off).
   */
  stateOfPower(): readonly SopResult[] {
    const h = this.health;
    if (h === null) return [];
    if (this.sopAt !== this.stepCount) {
      this.sopAt = this.stepCount;
      const closed = this.cmd.contactorsClosed;
      h.computeSop(this.primarySoc, closed ? this.cmd.dischargeLimit_A : 0, this.chargeCapFn);
    }
    return h.sopResults;
  }

  private readonly chargeCapFn = (_g: number, temp_K: number): number => {
    const c = this.charger.chargeCap_A(temp_K, temp_K);
    return c < this.protCharge_A ? c : this.protCharge_A;
  };

  /** SoH summary (capacity, resistance, bulk/interface split); null when health is off. Allocates. */
  healthReport(): HealthReport | null {
    return this.health ? this.health.report() : null;
  }

  /**
   * Energy the BMS estimates its balancing has dissipated [J]: Σ V_meas²/R·dt in the bleed
   * resistors (passive) or the converter loss (1 − η)·Σ input power·dt (active).
   */
  get balancingEnergy_J(): number {
    return this.balancingEnergy;
  }

  /** Internal-short leak estimate per group [A] (point estimate; NaN until determined) — null when the detector is off. */
  get shortLeak_A(): Float64Array | null {
    return this.shortDet ? this.shortDet.leak_A : null;
  }

  /** Lower confidence bound of the leak per group [A] (what protection compares) — null when off. */
  get shortLeakLow_A(): Float64Array | null {
    return this.shortDet ? this.shortDet.leakLow_A : null;
  }

  /** Estimated hottest-cell temperature per group [K] — null without a hot-spot configuration. */
  get hotSpot_K(): Float64Array | null {
    return this.hotSpotEst ? this.hotSpotEst.hotSpot_K : null;
  }

  /**
   * This cycle's measurements as the BMS trusts them: channels the plausibility checks flagged are
   * marked invalid (the raw sample when plausibility is off). What the BTMS should act on.
   */
  get validatedMeasurements(): Measurements | null {
    return this.validated;
  }

  /** True if any group's estimate is degraded this cycle. */
  get degraded(): boolean {
    const d = this.groupDegraded;
    for (let g = 0; g < d.length; g++) if (d[g] === 1) return true;
    return false;
  }

  /** True once a maximum-safety event has latched the contactors open. */
  get latched(): boolean {
    return this.reactor.latched;
  }

  /** Service reset of the protection latch. */
  resetLatch(): void {
    this.reactor.reset();
    this.detector.reset();
  }

  private groupTemp(g: number, fallback_K: number): number {
    const s = this.nearest[g];
    if (s < 0) return fallback_K;
    const T = this.lastT_K[s];
    return Number.isFinite(T) ? T : fallback_K;
  }

  private tempHeld(g: number, meas: Measurements): boolean {
    const s = this.nearest[g];
    return s < 0 ? true : meas.tempValid[s] !== 1;
  }
}
