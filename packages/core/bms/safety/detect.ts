/**
 * Fault detection: compares each measurement channel with the three-tier limits and confirms an
 * event after the violation has lasted the tier's debounce time. Detection only — what to do
 * about an event is decided by `diag/react.ts`.
 *
 * Per (quantity, channel, tier): a timer accumulates dt while the limit is violated; when it
 * reaches the debounce time the event is confirmed and reported once. It stays confirmed (and
 * counts as active) until the value comes back inside the limit by the hysteresis band; a new
 * violation after that produces a new event. A channel whose measurement is invalid is not
 * compared (its timers are frozen); the matching `…SensorInvalid` quantity measures instead the
 * continuous time the channel has been invalid against `sensorInvalidTime_s`.
 *
 * Allocation: the returned event array is reused; an event object is allocated only when an
 * event is confirmed (rare), never on a normal cycle.
 */
import type { Measurements, SensorLayout } from '../types.js';
import { LIMIT_TIERS, PROTECTION_QUANTITIES, validateProtectionLimits, type LimitTier, type ProtectionLimits, type ProtectionQuantity, type TierLimits, type TierTimes_s } from './limits.js';

/** A confirmed limit violation. */
export interface DetectionEvent {
  time_s: number;
  quantity: ProtectionQuantity;
  tier: LimitTier;
  /** Group, sensor or channel index (see `ProtectionQuantity`). */
  index: number;
  /** The measured value when the event was confirmed (for sensor-invalid: the invalid time [s]). */
  value: number;
}

/** Per-group outputs of the diagnostic estimators, compared against their tiers. */
export interface GroupDiagnostics {
  /** Lower confidence bound of the internal-short leak current [A] (diag/internal-short.ts). */
  shortLeak_A: Float64Array;
  /** Estimated hottest-cell temperature [K] (diag/hot-spot.ts). */
  hotSpot_K: Float64Array;
  /** Cooling deficit time [s], length 1 (diag/cooling.ts; NaN = not evaluated). */
  coolingDeficit_s?: Float64Array;
}

interface QState {
  readonly n: number;
  /** Violation time per channel×tier [s], index ch*3 + tier. */
  readonly timer: Float64Array;
  /** 1 while confirmed, index ch*3 + tier. */
  readonly confirmed: Uint8Array;
  /** Confirmed channel count per tier. */
  readonly active: Int32Array;
  /** 1 while any tier of the channel has a running timer or a confirmed event. */
  readonly busy: Uint8Array;
}

const Q_INDEX: Record<ProtectionQuantity, number> = Object.fromEntries(PROTECTION_QUANTITIES.map((q, i) => [q, i])) as Record<ProtectionQuantity, number>;
const TIER_INDEX: Record<LimitTier, number> = { maxOperating: 0, recommendedSafety: 1, maxSafety: 2 };

export class ProtectionDetector {
  private readonly q: QState[];
  private readonly out: DetectionEvent[] = [];
  private readonly debounce = new Float64Array(3);
  private readonly invalidTime = new Float64Array(3);
  /** Confirmed (quantity, channel, tier) events currently active, over all quantities. */
  private activeTotal = 0;

  constructor(
    readonly layout: SensorLayout,
    readonly limits: ProtectionLimits,
  ) {
    validateProtectionLimits(limits);
    const ns = layout.seriesCount;
    const nt = layout.tempSensorGroup.length;
    const np = layout.pressureSensorModule.length;
    const size: Record<ProtectionQuantity, number> = {
      cellOverVoltage: ns,
      cellUnderVoltage: ns,
      dischargeOverCurrent: 1,
      chargeOverCurrent: 1,
      overTemperature: nt,
      underTemperatureCharge: nt,
      underTemperatureDischarge: nt,
      overPressure: np,
      underPressure: np,
      voltageSensorInvalid: ns,
      currentSensorInvalid: 1,
      temperatureSensorInvalid: nt,
      pressureSensorInvalid: np,
      internalShort: ns,
      hotSpot: ns,
      coolingIneffective: 1,
    };
    this.q = PROTECTION_QUANTITIES.map((name) => {
      const n = size[name];
      return { n, timer: new Float64Array(3 * n), confirmed: new Uint8Array(3 * n), active: new Int32Array(3), busy: new Uint8Array(n) };
    });
    setTimes(this.debounce, limits.debounce_s);
    setTimes(this.invalidTime, limits.sensorInvalidTime_s);
  }

  /**
   * Checks one measurement sample. Returns the events confirmed in this call (a reused array —
   * copy what you keep). `dt_s` is the time since the previous call. `diag`: per-group outputs of
   * the BMS's diagnostic estimators (NaN = not evaluated), checked like measurements.
   */
  detect(meas: Measurements, dt_s: number, diag?: GroupDiagnostics): readonly DetectionEvent[] {
    const out = this.out;
    out.length = 0;
    const L = this.limits;
    const t = meas.time_s;
    const qs = this.q;

    const qOv = qs[Q_INDEX.cellOverVoltage];
    const qUv = qs[Q_INDEX.cellUnderVoltage];
    const qVi = qs[Q_INDEX.voltageSensorInvalid];
    for (let g = 0; g < qOv.n; g++) {
      const valid = meas.groupVoltageValid[g] === 1 && Number.isFinite(meas.groupVoltage_V[g]);
      this.invalid(qVi, 'voltageSensorInvalid', g, !valid, dt_s, t);
      if (!valid) continue;
      const v = meas.groupVoltage_V[g];
      this.upper(qOv, 'cellOverVoltage', g, v, L.cellVoltageHigh_V, dt_s, t);
      this.lower(qUv, 'cellUnderVoltage', g, v, L.cellVoltageLow_V, dt_s, t);
    }

    const iValid = meas.packCurrentValid && Number.isFinite(meas.packCurrent_A);
    this.invalid(qs[Q_INDEX.currentSensorInvalid], 'currentSensorInvalid', 0, !iValid, dt_s, t);
    const i = meas.packCurrent_A;
    if (iValid) {
      this.upper(qs[Q_INDEX.dischargeOverCurrent], 'dischargeOverCurrent', 0, i, L.dischargeCurrent_A, dt_s, t);
      this.upper(qs[Q_INDEX.chargeOverCurrent], 'chargeOverCurrent', 0, -i, L.chargeCurrent_A, dt_s, t);
    }
    // Low-temperature limits depend on the direction: the charge limit while charging, the
    // discharge limit while discharging, none at rest (a cold pack at rest is not a fault — the
    // pack must survive a −40 °C night). Without a valid current reading both apply.
    const charging = !iValid || i < -L.chargingThreshold_A;
    const discharging = !iValid || i > L.chargingThreshold_A;

    const qOt = qs[Q_INDEX.overTemperature];
    const qUtc = qs[Q_INDEX.underTemperatureCharge];
    const qUtd = qs[Q_INDEX.underTemperatureDischarge];
    const qTi = qs[Q_INDEX.temperatureSensorInvalid];
    for (let s = 0; s < qOt.n; s++) {
      const valid = meas.tempValid[s] === 1 && Number.isFinite(meas.temp_K[s]);
      this.invalid(qTi, 'temperatureSensorInvalid', s, !valid, dt_s, t);
      if (!valid) continue;
      const T = meas.temp_K[s];
      this.upper(qOt, 'overTemperature', s, T, L.tempHigh_K, dt_s, t);
      // The limit not applicable in the present direction is evaluated with a value that releases it.
      this.lower(qUtc, 'underTemperatureCharge', s, charging ? T : Infinity, L.tempLowCharge_K, dt_s, t);
      this.lower(qUtd, 'underTemperatureDischarge', s, discharging ? T : Infinity, L.tempLowDischarge_K, dt_s, t);
    }

    const qOp = qs[Q_INDEX.overPressure];
    const qUp = qs[Q_INDEX.underPressure];
    const qPi = qs[Q_INDEX.pressureSensorInvalid];
    for (let s = 0; s < qOp.n; s++) {
      const valid = meas.pressureValid[s] === 1 && Number.isFinite(meas.pressure_Pa[s]);
      this.invalid(qPi, 'pressureSensorInvalid', s, !valid, dt_s, t);
      if (!valid) continue;
      const p = meas.pressure_Pa[s];
      this.upper(qOp, 'overPressure', s, p, L.pressureHigh_Pa, dt_s, t);
      this.lower(qUp, 'underPressure', s, p, L.pressureLow_Pa, dt_s, t);
    }

    if (diag) {
      const qSh = qs[Q_INDEX.internalShort];
      const qHs = qs[Q_INDEX.hotSpot];
      for (let g = 0; g < qSh.n; g++) {
        const leak = diag.shortLeak_A[g];
        if (Number.isFinite(leak)) this.upper(qSh, 'internalShort', g, leak, L.internalShortLeak_A, dt_s, t);
        const hot = diag.hotSpot_K[g];
        if (Number.isFinite(hot)) this.upper(qHs, 'hotSpot', g, hot, L.tempHigh_K, dt_s, t);
      }
      const cd = diag.coolingDeficit_s?.[0];
      if (cd !== undefined && Number.isFinite(cd)) this.upper(qs[Q_INDEX.coolingIneffective], 'coolingIneffective', 0, cd, L.coolingDeficit_s, dt_s, t);
    }
    return out;
  }

  /** True while at least one channel of `quantity` has a confirmed event of `tier`. */
  isActive(quantity: ProtectionQuantity, tier: LimitTier): boolean {
    return this.q[Q_INDEX[quantity]].active[TIER_INDEX[tier]] > 0;
  }

  /** True while any event of any quantity and tier is confirmed and not yet released. */
  get anyActive(): boolean {
    return this.activeTotal > 0;
  }

  /** Clears all timers and confirmations. */
  reset(): void {
    this.activeTotal = 0;
    for (const s of this.q) {
      s.timer.fill(0);
      s.confirmed.fill(0);
      s.active.fill(0);
      s.busy.fill(0);
    }
  }

  // Fast paths below: a channel inside its least strict limit (hence inside all three, which are
  // ordered) with no running timer and no confirmed event (`busy` 0, kept equal to `idle` after
  // every full update) has nothing to update; the full per-tier update would leave every timer at
  // 0 and every flag unchanged.

  private upper(s: QState, q: ProtectionQuantity, ch: number, v: number, lim: TierLimits, dt: number, t: number): void {
    if (!(v > lim.maxOperating) && s.busy[ch] === 0) return;
    this.step(s, q, ch, 0, v > lim.maxOperating, v < lim.maxOperating - lim.hysteresis, this.debounce[0], dt, t, v);
    this.step(s, q, ch, 1, v > lim.recommendedSafety, v < lim.recommendedSafety - lim.hysteresis, this.debounce[1], dt, t, v);
    this.step(s, q, ch, 2, v > lim.maxSafety, v < lim.maxSafety - lim.hysteresis, this.debounce[2], dt, t, v);
    s.busy[ch] = idle(s, ch) ? 0 : 1;
  }

  private lower(s: QState, q: ProtectionQuantity, ch: number, v: number, lim: TierLimits, dt: number, t: number): void {
    if (!(v < lim.maxOperating) && s.busy[ch] === 0) return;
    this.step(s, q, ch, 0, v < lim.maxOperating, v > lim.maxOperating + lim.hysteresis, this.debounce[0], dt, t, v);
    this.step(s, q, ch, 1, v < lim.recommendedSafety, v > lim.recommendedSafety + lim.hysteresis, this.debounce[1], dt, t, v);
    this.step(s, q, ch, 2, v < lim.maxSafety, v > lim.maxSafety + lim.hysteresis, this.debounce[2], dt, t, v);
    s.busy[ch] = idle(s, ch) ? 0 : 1;
  }

  /** Sensor-invalid: the tier thresholds are continuous invalid times; confirmation is immediate. */
  private invalid(s: QState, q: ProtectionQuantity, ch: number, isInvalid: boolean, dt: number, t: number): void {
    if (!isInvalid && s.busy[ch] === 0) return;
    for (let k = 0; k < 3; k++) {
      const j = ch * 3 + k;
      if (isInvalid) {
        s.timer[j] += dt;
        if (s.confirmed[j] === 0 && s.timer[j] >= this.invalidTime[k]) this.confirm(s, q, ch, k, t, s.timer[j]);
      } else {
        s.timer[j] = 0;
        if (s.confirmed[j] === 1) {
          s.confirmed[j] = 0;
          s.active[k]--;
          this.activeTotal--;
        }
      }
    }
    s.busy[ch] = idle(s, ch) ? 0 : 1;
  }

  private step(s: QState, q: ProtectionQuantity, ch: number, k: number, violated: boolean, released: boolean, debounce_s: number, dt: number, t: number, value: number): void {
    const j = ch * 3 + k;
    if (violated) {
      s.timer[j] += dt;
      if (s.confirmed[j] === 0 && s.timer[j] >= debounce_s - 1e-9) this.confirm(s, q, ch, k, t, value);
    } else {
      s.timer[j] = 0;
      if (s.confirmed[j] === 1 && released) {
        s.confirmed[j] = 0;
        s.active[k]--;
        this.activeTotal--;
      }
    }
  }

  private confirm(s: QState, q: ProtectionQuantity, ch: number, k: number, t: number, value: number): void {
    s.confirmed[ch * 3 + k] = 1;
    s.active[k]++;
    this.activeTotal++;
    this.out.push({ time_s: t, quantity: q, tier: LIMIT_TIERS[k], index: ch, value });
  }
}

/** No running timer and no confirmed event on any tier of channel `ch`. */
function idle(s: QState, ch: number): boolean {
  const j = ch * 3;
  const tm = s.timer;
  const cf = s.confirmed;
  return tm[j] === 0 && tm[j + 1] === 0 && tm[j + 2] === 0 && cf[j] === 0 && cf[j + 1] === 0 && cf[j + 2] === 0;
}

function setTimes(dst: Float64Array, src: TierTimes_s): void {
  dst[0] = src.maxOperating;
  dst[1] = src.recommendedSafety;
  dst[2] = src.maxSafety;
}

/**
 * Functional form: `detect(meas, limits, dt_s, detector)` — the detector holds the debounce
 * state, so it must be created once per pack (`new ProtectionDetector(layout, limits)`).
 */
export function detect(meas: Measurements, limits: ProtectionLimits, dt_s: number, detector: ProtectionDetector): readonly DetectionEvent[] {
  if (detector.limits !== limits) throw new Error('detect: the detector was built with different limits');
  return detector.detect(meas, dt_s);
}
