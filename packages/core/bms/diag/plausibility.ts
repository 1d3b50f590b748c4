/**
 * Sensor plausibility: decides from the measurements alone which channels cannot be trusted, and
 * logs a detection event (with its time) when a channel first fails a check.
 *
 * Checks per channel (voltage = group voltage, temperature = NTC, pressure = module sensor,
 * current = pack current):
 * - missing: the front-end flags the reading invalid (valid = 0);
 * - stale: the reading's frame time stamp is older than `staleAge_s` (a board or bus stopped);
 * - range: outside the physically possible range (open wire, shorted input);
 * - rate: the second difference of the reading (common-mode = median removed for voltages and
 *   temperatures, only between equal steps, so a current step does not count) exceeds `rate*`
 *   on a sample with another violation within the previous `rateWindow` samples — a real
 *   signal is smooth at the sample rate, a noise burst is not;
 * - stuck: the reading has not changed by a single LSB for `stuck*Samples` samples in which at
 *   least half of the other channels of the kind changed (or, for a lone channel, the pack voltage
 *   reading changed) — a live channel with noise never repeats that long; with noise-free sensors
 *   at rest nothing changes and nothing is flagged;
 * - neighbour (temperature): |T − median of all fresh sensors| > `tempNeighbour_K` for
 *   `neighbourDebounce_s` — except a sensor reading HOT that `corroboratedHeat` marks (the BMS's
 *   internal-short diagnosis found a heat source in its module: a real hot spot must not be
 *   masked as a sensor fault);
 * - neighbour (pressure, ≥ 3 module sensors): |p − median| > max(`pressureNeighbour_Pa`,
 *   `pressureNeighbourRel`·median) for `neighbourDebounce_s` (the modules share one fixture design
 *   and nearly one SoC: their pressures differ by < 10 kPa in every example);
 * - sum (voltage): |Σ group voltages − pack voltage| > `sumMismatch_V` for `sumDebounce_s`;
 *   the fault is placed on the group farthest from the median on the side of the mismatch;
 * - response (current): a current change the pack voltage does not answer. On even steps where the
 *   current step |ΔI| ≥ `responseMinCurrentStep_A` (above the sensor's noise) and the
 *   expected ohmic step R̂_pack·|ΔI| exceeds `responseMinStep_V` (R̂_pack: the caller's estimate of
 *   the pack's series resistance), ρ = −ΔV_pack / (R̂_pack·ΔI) is ≈ 1 or more for a real change (the
 *   RC branches add to the ohmic step) and ≈ 0 for a change that exists only in the reading (noise
 *   burst, glitch); `responseCount` of the last `responseWindow` such steps with ρ < `responseMinRatio`
 *   flag the current sensor. The pack voltage is its own channel (HV divider), independent of the
 *   group voltages;
 * - zero (current): while no load is connected (the BMS's caller says so: parked, unplugged and
 *   the thermal management drawing nothing, this sample and the previous one, so the interval read
 *   is wholly without load), |I| > `zeroCurrent_A` for
 *   `zeroDebounce_s` — the key-off offset check of automotive packs; it catches an offset drift or
 *   a noise burst of the current sensor that no voltage check can see.
 *
 * A flagged channel is masked (treated as invalid by the BMS: held value, fallback, derate and, if
 * it stays masked, open contactors via the sensor-invalid limits) until it has passed every check
 * for `clear_s`. Fail-safe exception: a reading OUTSIDE the operating window (beyond a maximum
 * operating limit of safety/limits.ts, either side) is never masked by range/rate/stuck/neighbour/
 * sum — it is believed, so the protection limits act on it at their own (short) debounce; an
 * open wire reading 0 V or a short-circuit current beyond the sensor range still opens the
 * contactors in 0.2 s. Plausibility masks only readings that look normal but are not. Staleness
 * and missing always mask.
 */
import type { Measurements, SensorLayout } from '../types.js';
import { allocMeasurements } from '../measurements.js';
import { InputError } from '../../errors.js';
import type { ProtectionLimits } from '../safety/limits.js';

export type PlausibilityCheck = 'missing' | 'stale' | 'range' | 'rate' | 'stuck' | 'neighbour' | 'sum' | 'zero' | 'response';
export type SensorChannel = 'voltage' | 'temperature' | 'pressure' | 'current';

export interface SensorDiagnosticEvent {
  time_s: number;
  channel: SensorChannel;
  /** 0-based channel index (0 for current). */
  index: number;
  check: PlausibilityCheck;
  /** The reading when detected (NaN when missing; the age [s] when stale; the mismatch [V] for sum). */
  value: number;
}

export interface PlausibilityConfig {
  staleAge_s: number;
  voltageRange_V: [number, number];
  tempRange_K: [number, number];
  pressureRange_Pa: [number, number];
  currentRange_A: number;
  rateVoltage_V: number;
  rateTemp_K: number;
  ratePressure_Pa: number;
  rateWindow: number;
  stuckVoltageSamples: number;
  stuckTempSamples: number;
  stuckPressureSamples: number;
  stuckCurrentSamples: number;
  tempNeighbour_K: number;
  pressureNeighbour_Pa: number;
  pressureNeighbourRel: number;
  neighbourDebounce_s: number;
  zeroCurrent_A: number;
  zeroDebounce_s: number;
  responseMinStep_V: number;
  /** Smallest current step that arms the response check [A]: below it a step may be the sensor's noise alone. */
  responseMinCurrentStep_A: number;
  responseMinRatio: number;
  responseWindow: number;
  responseCount: number;
  sumMismatch_V: number;
  sumDebounce_s: number;
  clear_s: number;
  /** Operating windows [low, high]: readings outside are believed, never masked (fail-safe). */
  believeOutsideVoltage_V: [number, number];
  believeOutsideTemp_K: [number, number];
  believeOutsidePressure_Pa: [number, number];
  believeOutsideCurrent_A: [number, number];
}

/**
 * Defaults for a cell with limits vMin…vMax and `seriesCount` groups. All assumed:
 * - stale after 0.5 s = 5 cycles of 100 ms (a CAN timeout of a few missed frames);
 * - voltage range [0.5·vMin, vMax + 0.5 V]; temperature −50 … 150 °C (beyond the −40 °C climate
 *   floor and the NTC table); pressure −0.5 … 50 MPa; |current| ≤ 4× the discharge MSL;
 * - rate: 2nd difference 50 mV (≈ 20σ of 1 mV noise; larger than the spread of I·R0 between groups
 *   for a 3 % resistance spread), 3 K (15σ of 0.2 K), 0.5 MPa; confirmed by 2 violations in 5 samples;
 * - stuck: 8 / 15 / 8 / 10 unchanged samples (chance repeats at 1 mV, 0.2 K noise ≈ 1e-11 and below);
 * - temperature neighbour 15 K for 5 s (normal gradients across a cooled pack are a few K);
 *   pressure neighbour max(0.5 MPa, 15 % of the median) for 5 s;
 * - zero current 0.5 A (10σ of the 0.05 A noise plus 5× the 0.1 A offset of the default sensor)
 *   for 5 s;
 * - response: steps with an expected ohmic change above 0.2 V (≈ 20σ of the 10 mV pack-voltage
 *   channel), ρ below 0.3 (a real step gives ≥ 0.7 even with R̂ 40 % too high), 4 of the last 8
 *   such steps (a 5 A rms burst on a cruising pack gives ρ ≈ 0 on most steps; one odd step — a
 *   transition the ohmic model does not describe — is not enough);
 * - sum mismatch 0.05 V + 0.02 V·√Ns (≈ 6σ of √Ns × 1 mV group noise plus the 10 mV pack channel)
 *   for 2 s;
 * - clear after 2 s of clean readings (so a one-sample glitch is masked for less than the 5 s after
 *   which a lost channel opens the contactors; it only derates).
 */
export function defaultPlausibility(vMin_V: number, vMax_V: number, seriesCount: number, limits: ProtectionLimits): PlausibilityConfig {
  const L = limits;
  const dischargeMsl_A = L.dischargeCurrent_A.maxSafety;
  return {
    staleAge_s: 0.5,
    voltageRange_V: [0.5 * vMin_V, vMax_V + 0.5],
    tempRange_K: [223.15, 423.15],
    pressureRange_Pa: [-0.5e6, 50e6],
    currentRange_A: 4 * dischargeMsl_A,
    rateVoltage_V: 0.05,
    rateTemp_K: 3,
    ratePressure_Pa: 0.5e6,
    rateWindow: 5,
    stuckVoltageSamples: 8,
    stuckTempSamples: 15,
    stuckPressureSamples: 8,
    stuckCurrentSamples: 10,
    tempNeighbour_K: 15,
    pressureNeighbour_Pa: 0.5e6,
    pressureNeighbourRel: 0.15,
    neighbourDebounce_s: 5,
    zeroCurrent_A: 0.5,
    zeroDebounce_s: 5,
    responseMinStep_V: 0.2,
    // assumed: 20 × the default current sensor's 0.05 A rms noise (sensing/centralized.ts; 14 σ of a
    // step between two noisy samples). Without it,
    // noise alone armed the check when R̂_pack is large: a parked oxide pack on a −28 °C night
    // (R̂_pack ≈ 1.5 Ω, R̂·|ΔI| > 0.2 V for a 0.15 A noise step) latched the current sensor invalid
    // and opened the contactors without a fault. A noise burst (5 A rms by default, sensing/faults.ts)
    // and real load steps (tens of A) pass it.
    responseMinCurrentStep_A: 1,
    responseMinRatio: 0.3,
    responseWindow: 8,
    responseCount: 4,
    sumMismatch_V: 0.05 + 0.02 * Math.sqrt(seriesCount),
    sumDebounce_s: 2,
    clear_s: 2,
    believeOutsideVoltage_V: [L.cellVoltageLow_V.maxOperating, L.cellVoltageHigh_V.maxOperating],
    believeOutsideTemp_K: [L.tempLowDischarge_K.maxOperating, L.tempHigh_K.maxOperating],
    believeOutsidePressure_Pa: [L.pressureLow_Pa.maxOperating, L.pressureHigh_Pa.maxOperating],
    believeOutsideCurrent_A: [-L.chargeCurrent_A.maxOperating, L.dischargeCurrent_A.maxOperating],
  };
}

/** Per-bank state for one kind of channel. */
class Bank {
  readonly prev1: Float64Array;
  readonly prev2: Float64Array;
  readonly same: Int32Array;
  /** Sample counter at the last rate violation per channel (−1 none) and the one before. */
  readonly rateHit1: Float64Array;
  readonly rateHit2: Float64Array;
  /** Current check failures (bit per check). */
  readonly fail: Int32Array;
  /** Reported episodes (bit per check) — cleared when the channel is clean for clear_s. */
  readonly reported: Int32Array;
  readonly clean_s: Float64Array;
  readonly mask: Uint8Array;
  readonly timer: Float64Array;
  /** Common-mode (median) history for the rate check: [now, previous, before]. */
  readonly cm = new Float64Array(3).fill(NaN);
  constructor(readonly n: number) {
    this.prev1 = new Float64Array(n).fill(NaN);
    this.prev2 = new Float64Array(n).fill(NaN);
    this.same = new Int32Array(n);
    this.rateHit1 = new Float64Array(n).fill(-1e9);
    this.rateHit2 = new Float64Array(n).fill(-1e9);
    this.fail = new Int32Array(n);
    this.reported = new Int32Array(n);
    this.clean_s = new Float64Array(n);
    this.mask = new Uint8Array(n);
    this.timer = new Float64Array(n);
  }
}

// check bits (constants, not a lookup table: this runs every cycle on every channel)
const BIT = { missing: 1, stale: 2, range: 4, rate: 8, stuck: 16, neighbour: 32, sum: 64, zero: 128, response: 256 } as const satisfies Record<PlausibilityCheck, number>;

export class PlausibilityMonitor {
  /** Append-only log of detections (first failure of a check per episode). */
  readonly events: SensorDiagnosticEvent[] = [];
  private readonly eff: Measurements;
  private readonly v: Bank;
  private readonly t: Bank;
  private readonly p: Bank;
  private readonly i: Bank;
  private readonly scratch: Float64Array;
  private dtPrev = NaN;
  /** True when this sample and the previous one had the same step (the 2nd difference is meaningful). */
  private evenSteps = false;
  private samples = 0;
  private prevPackV = NaN;
  private sumTimer = 0;
  private sumReported = false;
  private prevZeroExpected = false;
  private prevI = NaN;
  /** Last `responseWindow` qualifying steps of the response check (1 = unanswered), ring. */
  private readonly respRing: Uint8Array;
  private respHead = 0;
  private respBad = 0;
  /** Per temperature sensor: 1 = a heat source near it is known (set by the BMS's diagnostics). */
  readonly corroboratedHeat: Uint8Array;

  constructor(
    readonly layout: SensorLayout,
    readonly cfg: PlausibilityConfig,
  ) {
    for (const [k, x] of Object.entries(cfg)) {
      const vals = Array.isArray(x) ? x : [x];
      for (const y of vals) if (typeof y !== 'number' || Number.isNaN(y)) throw new InputError('plausibility parameter must be a number', { field: `plausibility.${k}`, value: x });
    }
    if (!(Number.isInteger(cfg.responseWindow) && cfg.responseWindow >= 1)) throw new InputError('must be an integer >= 1', { field: 'plausibility.responseWindow', value: cfg.responseWindow });
    this.eff = allocMeasurements(layout);
    this.v = new Bank(layout.seriesCount);
    this.t = new Bank(layout.tempSensorGroup.length);
    this.p = new Bank(layout.pressureSensorModule.length);
    this.i = new Bank(1);
    this.scratch = new Float64Array(Math.max(layout.seriesCount, layout.tempSensorGroup.length, 1));
    this.corroboratedHeat = new Uint8Array(layout.tempSensorGroup.length);
    this.respRing = new Uint8Array(cfg.responseWindow);
  }

  /** Masks of the last call: 1 = channel not trusted. */
  get voltageMask(): Uint8Array {
    return this.v.mask;
  }
  get tempMask(): Uint8Array {
    return this.t.mask;
  }

  /**
   * Runs every check on `meas` and returns a copy (reused object) in which masked channels are
   * marked invalid. `dt_s` is the time since the previous call; `zeroCurrentExpected`: the vehicle
   * reports that no load is connected (parked, unplugged), so the pack current is zero;
   * `packResistance_ohm`: the caller's estimate of the pack's series resistance (NaN = no
   * response check).
   */
  check(meas: Measurements, dt_s: number, zeroCurrentExpected = false, packResistance_ohm = NaN): Measurements {
    const c = this.cfg;
    const time = meas.time_s;
    this.samples++;
    this.evenSteps = Math.abs(dt_s - this.dtPrev) <= 0.1 * dt_s;
    this.dtPrev = dt_s;
    const packVChanged = Number.isFinite(meas.packVoltage_V) && meas.packVoltage_V !== this.prevPackV;

    // ---- voltages ----
    const V = this.v;
    const ns = V.n;
    this.bankBasic(
      V,
      'voltage',
      meas.groupVoltage_V,
      meas.groupVoltageValid,
      meas.groupVoltageTime_s,
      time,
      c.voltageRange_V[0],
      c.voltageRange_V[1],
      c.rateVoltage_V,
      true,
      c.stuckVoltageSamples,
      packVChanged,
    );
    const med = V.cm[0];
    // sum vs pack voltage
    let allOk = Number.isFinite(meas.packVoltage_V);
    let sum = 0;
    for (let g = 0; g < ns && allOk; g++) {
      if ((V.fail[g] & (BIT.missing | BIT.stale)) !== 0) allOk = false;
      else sum += meas.groupVoltage_V[g];
    }
    for (let g = 0; g < ns; g++) V.fail[g] &= ~BIT.sum;
    if (allOk && ns > 1) {
      const mis = sum - meas.packVoltage_V;
      if (Math.abs(mis) > c.sumMismatch_V) {
        this.sumTimer += dt_s;
        if (this.sumTimer >= c.sumDebounce_s - 1e-9) {
          let worst = -1;
          let worstD = 0;
          for (let g = 0; g < ns; g++) {
            const d = (meas.groupVoltage_V[g] - med) * Math.sign(mis);
            if (d > worstD) {
              worstD = d;
              worst = g;
            }
          }
          if (worst >= 0 && worstD > 0.5 * Math.abs(mis)) {
            V.fail[worst] |= BIT.sum;
            this.report(V, 'voltage', worst, 'sum', time, mis);
          } else if (!this.sumReported) {
            // not attributable to one group: a pack-level detection (index −1)
            this.sumReported = true;
            this.events.push({ time_s: time, channel: 'voltage', index: -1, check: 'sum', value: mis });
          }
        }
      } else {
        this.sumTimer = 0;
        this.sumReported = false;
      }
    }
    this.finish(V, dt_s, meas.groupVoltage_V, c.believeOutsideVoltage_V);

    // ---- temperatures ----
    const T = this.t;
    this.bankBasic(T, 'temperature', meas.temp_K, meas.tempValid, meas.tempTime_s, time, c.tempRange_K[0], c.tempRange_K[1], c.rateTemp_K, true, c.stuckTempSamples, packVChanged);
    if (T.n >= 3) {
      // median of all fresh sensors (robust to one faulty sensor for n >= 3)
      const m = T.cm[0];
      for (let s = 0; s < T.n; s++) {
        T.fail[s] &= ~BIT.neighbour;
        if ((T.fail[s] & (BIT.missing | BIT.stale)) !== 0) {
          T.timer[s] = 0;
          continue;
        }
        // a sensor reading hot where the BMS's electrical diagnostics see a heat source (an
        // internal short in its module) is corroborated: real heating, not a sensor fault
        const hotExplained = this.corroboratedHeat[s] === 1 && meas.temp_K[s] > m;
        if (Number.isFinite(m) && Math.abs(meas.temp_K[s] - m) > c.tempNeighbour_K && !hotExplained) {
          T.timer[s] += dt_s;
          if (T.timer[s] >= c.neighbourDebounce_s - 1e-9) {
            T.fail[s] |= BIT.neighbour;
            this.report(T, 'temperature', s, 'neighbour', time, meas.temp_K[s]);
          }
        } else T.timer[s] = 0;
      }
    }
    this.finish(T, dt_s, meas.temp_K, c.believeOutsideTemp_K);

    // ---- pressures ----
    const P = this.p;
    this.bankBasic(
      P,
      'pressure',
      meas.pressure_Pa,
      meas.pressureValid,
      meas.pressureTime_s,
      time,
      c.pressureRange_Pa[0],
      c.pressureRange_Pa[1],
      c.ratePressure_Pa,
      false,
      c.stuckPressureSamples,
      packVChanged,
    );
    if (P.n >= 3) {
      const m = this.median(meas.pressure_Pa, meas.pressureValid, meas.pressureTime_s, time);
      const band = Math.max(c.pressureNeighbour_Pa, c.pressureNeighbourRel * Math.abs(m));
      for (let s = 0; s < P.n; s++) {
        P.fail[s] &= ~BIT.neighbour;
        if ((P.fail[s] & (BIT.missing | BIT.stale)) !== 0 || !Number.isFinite(m)) {
          P.timer[s] = 0;
          continue;
        }
        if (Math.abs(meas.pressure_Pa[s] - m) > band) {
          P.timer[s] += dt_s;
          if (P.timer[s] >= c.neighbourDebounce_s - 1e-9) {
            P.fail[s] |= BIT.neighbour;
            this.report(P, 'pressure', s, 'neighbour', time, meas.pressure_Pa[s]);
          }
        } else P.timer[s] = 0;
      }
    }
    this.finish(P, dt_s, meas.pressure_Pa, c.believeOutsidePressure_Pa);

    // ---- current ----
    const I = this.i;
    const iv = this.scratch1;
    iv[0] = meas.packCurrent_A;
    this.iValid[0] = meas.packCurrentValid ? 1 : 0;
    this.bankBasic(I, 'current', iv, this.iValid, undefined, time, -c.currentRange_A, c.currentRange_A, Infinity, false, c.stuckCurrentSamples, packVChanged);
    // zero check: only when this interval lay wholly in a no-load state
    I.fail[0] &= ~BIT.zero;
    if (zeroCurrentExpected && this.prevZeroExpected && (I.fail[0] & (BIT.missing | BIT.stale)) === 0 && Math.abs(iv[0]) > c.zeroCurrent_A) {
      I.timer[0] += dt_s;
      if (I.timer[0] >= c.zeroDebounce_s - 1e-9) {
        I.fail[0] |= BIT.zero;
        this.report(I, 'current', 0, 'zero', time, iv[0]);
      }
    } else I.timer[0] = 0;
    this.prevZeroExpected = zeroCurrentExpected;
    this.responseCheck(I, iv[0], meas.packVoltage_V, packResistance_ohm, (I.fail[0] & (BIT.missing | BIT.stale)) === 0, time);
    this.finish(I, dt_s, iv, c.believeOutsideCurrent_A);
    this.prevPackV = meas.packVoltage_V;

    // ---- effective measurements ----
    const e = this.eff;
    e.time_s = meas.time_s;
    e.groupVoltage_V.set(meas.groupVoltage_V);
    e.temp_K.set(meas.temp_K);
    e.pressure_Pa.set(meas.pressure_Pa);
    for (let g = 0; g < ns; g++) e.groupVoltageValid[g] = meas.groupVoltageValid[g] & (1 - V.mask[g]);
    for (let s = 0; s < T.n; s++) e.tempValid[s] = meas.tempValid[s] & (1 - T.mask[s]);
    for (let s = 0; s < P.n; s++) e.pressureValid[s] = meas.pressureValid[s] & (1 - P.mask[s]);
    e.packCurrent_A = meas.packCurrent_A;
    e.packCurrentValid = meas.packCurrentValid && I.mask[0] === 0;
    e.packVoltage_V = meas.packVoltage_V;
    e.coolantTemp_K = meas.coolantTemp_K;
    e.ambientTemp_K = meas.ambientTemp_K;
    return e;
  }

  /** The response check of the current sensor (see the file comment); updates I.fail[0]'s response bit. */
  private responseCheck(I: Bank, i_A: number, vPack_V: number, r_ohm: number, iOk: boolean, time: number): void {
    const c = this.cfg;
    const dI = i_A - this.prevI;
    const dV = vPack_V - this.prevPackV;
    this.prevI = iOk ? i_A : NaN;
    if (!(r_ohm > 0) || !this.evenSteps || !Number.isFinite(dI) || !Number.isFinite(dV)) return;
    const expected_V = r_ohm * dI;
    if (!(Math.abs(dI) >= c.responseMinCurrentStep_A) || !(Math.abs(expected_V) > c.responseMinStep_V)) return;
    const bad = -dV / expected_V < c.responseMinRatio ? 1 : 0;
    const ring = this.respRing;
    this.respBad += bad - ring[this.respHead];
    ring[this.respHead] = bad;
    this.respHead = (this.respHead + 1) % ring.length;
    I.fail[0] &= ~BIT.response;
    if (this.respBad >= c.responseCount) {
      I.fail[0] |= BIT.response;
      this.report(I, 'current', 0, 'response', time, i_A);
    }
  }

  private readonly scratch1 = new Float64Array(1);
  private readonly iValid = new Uint8Array(1);

  /** missing, stale, range, rate and stuck for one bank; sets `fail` bits for those checks. */
  private bankBasic(
    B: Bank,
    kind: SensorChannel,
    x: Float64Array,
    valid: Uint8Array,
    stamp: Float64Array | undefined,
    time: number,
    lo: number,
    hi: number,
    rate: number,
    commonMode: boolean,
    stuckN: number,
    lonelyLive: boolean,
  ): void {
    const n = B.n;
    // common-mode history for the rate check
    B.cm[2] = B.cm[1];
    B.cm[1] = B.cm[0];
    B.cm[0] = commonMode ? this.median(x, valid, stamp, time) : NaN;
    // how many channels changed this sample (for the stuck check)
    let changed = 0;
    let live = 0;
    for (let k = 0; k < n; k++) {
      if (valid[k] !== 1 || !Number.isFinite(x[k])) continue;
      live++;
      if (x[k] !== B.prev1[k]) changed++;
    }
    const cm0 = B.cm[0];
    const cm1 = B.cm[1];
    const cm2 = B.cm[2];
    for (let k = 0; k < n; k++) {
      let f = 0;
      const xk = x[k];
      if (valid[k] !== 1 || !Number.isFinite(xk)) {
        f |= BIT.missing;
        this.report(B, kind, k, 'missing', time, NaN);
      } else if (stamp && time - stamp[k] > this.cfg.staleAge_s) {
        f |= BIT.stale;
        this.report(B, kind, k, 'stale', time, time - stamp[k]);
      } else {
        if (xk < lo || xk > hi) {
          f |= BIT.range;
          this.report(B, kind, k, 'range', time, xk);
        }
        // rate: second difference
        const p1 = B.prev1[k];
        const p2 = B.prev2[k];
        let hit = false;
        if (Number.isFinite(p1) && Number.isFinite(p2) && rate < Infinity && this.evenSteps) {
          let d2 = xk - 2 * p1 + p2;
          if (commonMode && Number.isFinite(cm0) && Number.isFinite(cm1) && Number.isFinite(cm2)) d2 -= cm0 - 2 * cm1 + cm2;
          if (Math.abs(d2) > rate) {
            hit = true;
            B.rateHit2[k] = B.rateHit1[k];
            B.rateHit1[k] = this.samples;
          }
        }
        // a violation confirmed by an earlier one within the window
        if (hit && this.samples - B.rateHit2[k] < this.cfg.rateWindow) {
          f |= BIT.rate;
          this.report(B, kind, k, 'rate', time, xk);
        }
        // stuck
        const othersChanged = n > 1 ? changed - (xk !== p1 ? 1 : 0) >= 0.5 * (live - 1) && live > 1 && changed > 0 : lonelyLive;
        if (xk === p1) {
          if (othersChanged) B.same[k]++;
        } else B.same[k] = 0;
        if (B.same[k] >= stuckN) {
          f |= BIT.stuck;
          this.report(B, kind, k, 'stuck', time, xk);
        }
      }
      B.prev2[k] = B.prev1[k];
      B.prev1[k] = valid[k] === 1 ? xk : NaN;
      B.fail[k] = (B.fail[k] & (BIT.neighbour | BIT.sum | BIT.zero | BIT.response)) | f;
    }
  }

  /** Masks failing channels (fail-safe exception), releases clean ones after clear_s. */
  private finish(B: Bank, dt_s: number, x: Float64Array, window: [number, number]): void {
    for (let k = 0; k < B.n; k++) {
      const f = B.fail[k];
      if (f !== 0) {
        B.clean_s[k] = 0;
        const hard = (f & (BIT.missing | BIT.stale)) !== 0;
        B.mask[k] = hard || (x[k] >= window[0] && x[k] <= window[1]) ? 1 : 0;
      } else if (B.mask[k] === 1 || B.reported[k] !== 0) {
        B.clean_s[k] += dt_s;
        if (B.clean_s[k] >= this.cfg.clear_s - 1e-9) {
          B.mask[k] = 0;
          B.reported[k] = 0;
        }
      }
    }
  }

  private report(B: Bank, channel: SensorChannel, index: number, check: PlausibilityCheck, time_s: number, value: number): void {
    const bit = BIT[check];
    if ((B.reported[index] & bit) !== 0) return;
    B.reported[index] |= bit;
    this.events.push({ time_s, channel, index, check, value });
  }

  /** Median of the valid, fresh readings (no allocation: selection in a scratch array). */
  private median(x: Float64Array, valid: Uint8Array, stamp: Float64Array | undefined, time: number): number {
    const s = this.scratch;
    let n = 0;
    for (let k = 0; k < x.length; k++) {
      if (valid[k] !== 1 || !Number.isFinite(x[k])) continue;
      if (stamp && time - stamp[k] > this.cfg.staleAge_s) continue;
      s[n++] = x[k];
    }
    if (n === 0) return NaN;
    const hi = select(s, n, n >> 1);
    if (n % 2) return hi;
    let lo = -Infinity;
    for (let k = 0; k < n >> 1; k++) if (s[k] > lo) lo = s[k];
    return 0.5 * (lo + hi);
  }
}

/**
 * k-th smallest of a[0..n) (Hoare quickselect, in place; afterwards a[0..k) ≤ a[k] ≤ a[k+1..n)).
 */
export function select(a: Float64Array, n: number, k: number): number {
  let l = 0;
  let r = n - 1;
  while (l < r) {
    const pivot = a[(l + r) >> 1];
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k];
}
