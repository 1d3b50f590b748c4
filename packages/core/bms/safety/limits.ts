/**
 * Protection limits in three tiers, after foxBMS 2's safe-operating-area module:
 * - maximum operating limit (MOL): the edge of normal operation — leaving it is informational;
 * - recommended safety limit (RSL): the system should derate;
 * - maximum safety limit (MSL): the cell's datasheet limit — the contactors must open.
 * For an upper limit MOL < RSL < MSL, for a lower limit MOL > RSL > MSL.
 *
 * Detection (`detect.ts`) only compares measurements against these limits with a debounce time
 * per tier; the reaction (`diag/react.ts`) decides what an event means.
 */
import type { EcmModel } from '../types.js';
import { InputError } from '../../errors.js';
import { snakeKey } from '../../suggest.js';

export type LimitTier = 'maxOperating' | 'recommendedSafety' | 'maxSafety';
export const LIMIT_TIERS: readonly LimitTier[] = ['maxOperating', 'recommendedSafety', 'maxSafety'];

/**
 * The quantities checked. Index meaning in events: group for cell voltage, 0 for pack current,
 * temperature-sensor index for temperatures, pressure-sensor index for pressure, channel index
 * for the sensor-invalid quantities, group for the diagnostic quantities (`internalShort`: the
 * lower confidence bound of the estimated leak current [A], diag/internal-short.ts; `hotSpot`: the
 * estimated temperature of the hottest cell of the group [K], diag/hot-spot.ts, checked against
 * the same tiers as `overTemperature`), 0 for `coolingIneffective` (the time [s] the coolant has
 * stayed too close to the cells while cooling was commanded, diag/cooling.ts).
 */
export type ProtectionQuantity =
  | 'cellOverVoltage'
  | 'cellUnderVoltage'
  | 'dischargeOverCurrent'
  | 'chargeOverCurrent'
  | 'overTemperature'
  | 'underTemperatureCharge'
  | 'underTemperatureDischarge'
  | 'overPressure'
  | 'underPressure'
  | 'voltageSensorInvalid'
  | 'currentSensorInvalid'
  | 'temperatureSensorInvalid'
  | 'pressureSensorInvalid'
  | 'internalShort'
  | 'hotSpot'
  | 'coolingIneffective';

export const PROTECTION_QUANTITIES: readonly ProtectionQuantity[] = [
  'cellOverVoltage',
  'cellUnderVoltage',
  'dischargeOverCurrent',
  'chargeOverCurrent',
  'overTemperature',
  'underTemperatureCharge',
  'underTemperatureDischarge',
  'overPressure',
  'underPressure',
  'voltageSensorInvalid',
  'currentSensorInvalid',
  'temperatureSensorInvalid',
  'pressureSensorInvalid',
  'internalShort',
  'hotSpot',
  'coolingIneffective',
];

/** Three thresholds plus the band by which the value must come back before an event clears. */
export interface TierLimits {
  maxOperating: number;
  recommendedSafety: number;
  maxSafety: number;
  /** Release hysteresis (same unit, >= 0). */
  hysteresis: number;
}

/** Debounce time per tier [s]: how long a limit must be violated before the event is confirmed. */
export interface TierTimes_s {
  maxOperating: number;
  recommendedSafety: number;
  maxSafety: number;
}

export interface ProtectionLimits {
  /** Group (= cell) voltage, upper [V]. */
  cellVoltageHigh_V: TierLimits;
  /** Group (= cell) voltage, lower [V]. */
  cellVoltageLow_V: TierLimits;
  /** Pack discharge current magnitude, upper [A]. */
  dischargeCurrent_A: TierLimits;
  /** Pack charge current magnitude, upper [A]. */
  chargeCurrent_A: TierLimits;
  /** Temperature, upper [K]. */
  tempHigh_K: TierLimits;
  /** Temperature, lower, checked while charging (|I| above `chargingThreshold_A`, I < 0) [K]. */
  tempLowCharge_K: TierLimits;
  /** Temperature, lower, checked while discharging (I > `chargingThreshold_A`); at rest neither low limit applies [K]. */
  tempLowDischarge_K: TierLimits;
  /** Stack pressure, upper [Pa]. */
  pressureHigh_Pa: TierLimits;
  /** Stack pressure, lower [Pa]. */
  pressureLow_Pa: TierLimits;
  /** Estimated internal-short leak current of a group (its lower confidence bound), upper [A]. */
  internalShortLeak_A: TierLimits;
  /** Cooling deficit time (cooling commanded, coolant not below the cells), upper [s]. */
  coolingDeficit_s: TierLimits;
  /** Debounce per tier for the measured quantities above [s]. */
  debounce_s: TierTimes_s;
  /** Time a channel must stay invalid before each tier's event [s] (a continuous invalid time). */
  sensorInvalidTime_s: TierTimes_s;
  /** |Measured current| above this [A] counts as charging / discharging (selects the low-temperature limit). */
  chargingThreshold_A: number;
}

function upper(mol: number, rsl: number, msl: number, hysteresis: number): TierLimits {
  return { maxOperating: mol, recommendedSafety: rsl, maxSafety: msl, hysteresis };
}

const C0 = 273.15;

export interface DefaultLimitOptions {
  /** Rated continuous discharge C-rate of the cell [1/h]; default 3 (assumed). */
  maxDischargeCRate?: number;
  /** Rated continuous charge C-rate of the cell [1/h]; default 1 (assumed). */
  maxChargeCRate?: number;
}

/**
 * Default limits for a pack of Li-metal solid-state cells described by the nominal `model`.
 * - Voltage: MOL = vMax + 10 mV (just above the CV set point so that 1 mV sensor noise in CV does
 *   not trigger), RSL = vMax + 30 mV, MSL = vMax + 50 mV; low side MOL = vMin, RSL = vMin − 50 mV,
 *   MSL = vMin − 200 mV. Assumed, ordered as foxBMS does (MSL = hardest).
 * - Current: MOL = rated C-rate × group capacity, RSL = 1.1×, MSL = 1.25× (assumed).
 * - Temperature: high 55 / 60 / 70 °C (assumed; sulfide and polymer SSB datasheets cap operation
 *   at 60 … 80 °C, Li melts at 180.5 °C). Charge low 0 / −5 / −10 °C (JEITA: no charging below
 *   0 °C for Li-ion; for Li-metal the CCD limit in charge/cccv.ts is the binding one in the cold).
 *   Discharge low −20 / −25 / −30 °C (typical Li-ion datasheets: discharge down to −20 °C).
 * - Stack pressure: high 5 / 7 / 10 MPa, low 1 / 0.5 / 0.2 MPa. Assumed, informed by Doux et al.,
 *   Adv. Energy Mater. 10 (2020) 1903253: Li|argyrodite cells cycle well at ~5 MPa, Li creeps
 *   into the separator and shorts at ≥ 25 MPa, and contact is lost at low pressure.
 * - Internal-short leak per group: MOL C/2000, RSL C/500, MSL C/20 of the group capacity (assumed:
 *   C/2000 is ~20× the self-discharge of a healthy cell of a few %/month; at C/500 charging is
 *   stopped, since charging feeds the short and grows filaments; C/20 is a hard short dissipating
 *   watts in one cell, the pack is isolated and latched). Hysteresis 20 % of MOL.
 * - Cooling deficit: MOL 300 s (warn), RSL 900 s (derate), MSL never (assumed: a lost chiller is
 *   a thermal-management fault, not a cell hazard by itself — the over-temperature tiers act on
 *   its consequence). A pack of 100+ kg heats by well under 1 K/min at a drive's losses, so five
 *   minutes costs little and rides out a slow coolant loop.
 * - Debounce: MOL 1 s, RSL 0.5 s, MSL 0.2 s (assumed: the harder the limit, the faster).
 *   Sensor invalid: 0.5 / 2 / 5 s continuous (assumed).
 */
export function defaultProtectionLimits(model: EcmModel, parallelCount: number, opts: DefaultLimitOptions = {}): ProtectionLimits {
  if (!(parallelCount >= 1)) throw new InputError('parallelCount must be >= 1', { field: 'parallelCount', value: parallelCount });
  const groupCap_A = (model.capacity_As / 3600) * parallelCount; // 1C group current [A]
  const iDis = (opts.maxDischargeCRate ?? 3) * groupCap_A;
  const iChg = (opts.maxChargeCRate ?? 1) * groupCap_A;
  return {
    cellVoltageHigh_V: upper(model.vMax_V + 0.01, model.vMax_V + 0.03, model.vMax_V + 0.05, 0.01),
    cellVoltageLow_V: upper(model.vMin_V, model.vMin_V - 0.05, model.vMin_V - 0.2, 0.05),
    dischargeCurrent_A: upper(iDis, 1.1 * iDis, 1.25 * iDis, 0.05 * iDis),
    chargeCurrent_A: upper(iChg, 1.1 * iChg, 1.25 * iChg, 0.05 * iChg),
    tempHigh_K: upper(C0 + 55, C0 + 60, C0 + 70, 3),
    tempLowCharge_K: upper(C0 + 0, C0 - 5, C0 - 10, 2),
    tempLowDischarge_K: upper(C0 - 20, C0 - 25, C0 - 30, 2),
    pressureHigh_Pa: upper(5e6, 7e6, 10e6, 0.2e6),
    pressureLow_Pa: upper(1e6, 0.5e6, 0.2e6, 0.1e6),
    internalShortLeak_A: upper(groupCap_A / 2000, groupCap_A / 500, groupCap_A / 20, (0.2 * groupCap_A) / 2000),
    coolingDeficit_s: upper(300, 900, Infinity, 0),
    debounce_s: { maxOperating: 1, recommendedSafety: 0.5, maxSafety: 0.2 },
    sensorInvalidTime_s: { maxOperating: 0.5, recommendedSafety: 2, maxSafety: 5 },
    chargingThreshold_A: Math.max(0.5, 0.01 * groupCap_A),
  };
}

/** Checks ordering (MOL inside RSL inside MSL) and signs; throws InputError. */
export function validateProtectionLimits(l: ProtectionLimits): void {
  const up: [string, TierLimits][] = [
    ['cellVoltageHigh_V', l.cellVoltageHigh_V],
    ['dischargeCurrent_A', l.dischargeCurrent_A],
    ['chargeCurrent_A', l.chargeCurrent_A],
    ['tempHigh_K', l.tempHigh_K],
    ['pressureHigh_Pa', l.pressureHigh_Pa],
    ['internalShortLeak_A', l.internalShortLeak_A],
    ['coolingDeficit_s', l.coolingDeficit_s],
  ];
  const lo: [string, TierLimits][] = [
    ['cellVoltageLow_V', l.cellVoltageLow_V],
    ['tempLowCharge_K', l.tempLowCharge_K],
    ['tempLowDischarge_K', l.tempLowDischarge_K],
    ['pressureLow_Pa', l.pressureLow_Pa],
  ];
  for (const [k, t] of up) {
    if (!(t.maxOperating <= t.recommendedSafety && t.recommendedSafety <= t.maxSafety)) throw new InputError('upper limits must satisfy MOL <= RSL <= MSL', { field: k, value: t });
    if (!(t.hysteresis >= 0)) throw new InputError('hysteresis must be >= 0', { field: k, value: t.hysteresis });
  }
  for (const [k, t] of lo) {
    if (!(t.maxOperating >= t.recommendedSafety && t.recommendedSafety >= t.maxSafety)) throw new InputError('lower limits must satisfy MOL >= RSL >= MSL', { field: k, value: t });
    if (!(t.hysteresis >= 0)) throw new InputError('hysteresis must be >= 0', { field: k, value: t.hysteresis });
  }
  // Limits that leave no operating window make a run meaningless (all at 0: contactors open at t = 0, 0 km).
  const windows: [string, TierLimits, TierLimits, string][] = [
    ['cellVoltageHigh_V', l.cellVoltageHigh_V, l.cellVoltageLow_V, 'cellVoltageLow_V'],
    ['tempHigh_K', l.tempHigh_K, l.tempLowDischarge_K, 'tempLowDischarge_K'],
    ['tempHigh_K', l.tempHigh_K, l.tempLowCharge_K, 'tempLowCharge_K'],
    ['pressureHigh_Pa', l.pressureHigh_Pa, l.pressureLow_Pa, 'pressureLow_Pa'],
  ];
  for (const [k, hi, low, lowKey] of windows)
    if (!(hi.maxOperating > low.maxOperating))
      throw new InputError(`no operating window: max_operating ${hi.maxOperating} must be above ${snakeKey(lowKey)}.max_operating ${low.maxOperating} (the BMS would open the contactors at once)`, {
        field: k,
        value: hi,
      });
  for (const [k, t] of [
    ['dischargeCurrent_A', l.dischargeCurrent_A],
    ['chargeCurrent_A', l.chargeCurrent_A],
  ] as const)
    if (!(t.maxOperating > 0)) throw new InputError('current limits must be positive (at 0 A the pack can deliver or take nothing)', { field: k, value: t });
  for (const tier of ['maxOperating', 'recommendedSafety', 'maxSafety'] as const) {
    if (!(l.debounce_s[tier] >= 0)) throw new InputError('debounce must be >= 0', { field: `debounce_s.${tier}`, value: l.debounce_s[tier] });
    if (!(l.sensorInvalidTime_s[tier] >= 0)) throw new InputError('invalid time must be >= 0', { field: `sensorInvalidTime_s.${tier}`, value: l.sensorInvalidTime_s[tier] });
  }
}
