/**
 * Typed events of a run: what happened, to which group, with its value and unit — studies and
 * reports read the fields, never the text (the text is for people).
 */
import type { ProtectionEvent } from '../bms/diag/react.js';
import type { ProtectionQuantity } from '../bms/safety/limits.js';

export type SimEventKind =
  /** a charge session ended (complete or at its time limit) */
  | 'charge-session'
  /** a drive was not started (low SoC or open contactors) */
  | 'drive-skipped'
  /** a protocol step ended (or was blocked by the BMS) */
  | 'protocol-step'
  /** a drive stopped: the contactors opened, or the pack (empty) delivered almost none of the demanded power */
  | 'stranded'
  /** the run was stopped from outside (Ctrl-C, a study's stop condition) */
  | 'interrupted'
  /** a BMS protection event (limit tier reached, diagnostic) */
  | 'protection';

export interface SimEvent {
  time_s: number;
  severity: 'info' | 'warning' | 'fault';
  kind: SimEventKind;
  /** Series group, 1-based; null for the pack. */
  group: number | null;
  /** The protection quantity (kind 'protection'). */
  quantity?: ProtectionQuantity;
  /** What the BMS did (kind 'protection'). */
  action?: ProtectionEvent['action'];
  /** The value that triggered it, in `unit`. */
  value: number | null;
  unit: string | null;
  /** For people. */
  text: string;
}

/** Unit of each protection quantity's value (the BMS works in SI: V, A, K, Pa, s). */
export const PROTECTION_UNITS: Record<ProtectionQuantity, string> = {
  cellOverVoltage: 'V',
  cellUnderVoltage: 'V',
  dischargeOverCurrent: 'A',
  chargeOverCurrent: 'A',
  overTemperature: 'K',
  underTemperatureCharge: 'K',
  underTemperatureDischarge: 'K',
  overPressure: 'Pa',
  underPressure: 'Pa',
  voltageSensorInvalid: 's',
  currentSensorInvalid: 's',
  temperatureSensorInvalid: 's',
  pressureSensorInvalid: 's',
  internalShort: 'A',
  hotSpot: 'K',
  coolingIneffective: 's',
};

export function simEvent(time_s: number, severity: SimEvent['severity'], kind: SimEventKind, text: string): SimEvent {
  return { time_s, severity, kind, group: null, value: null, unit: null, text };
}

export function protectionSimEvent(pe: ProtectionEvent): SimEvent {
  return {
    time_s: pe.time_s,
    severity: pe.action === 'warn' ? 'warning' : 'fault',
    kind: 'protection',
    group: pe.index >= 0 ? pe.index + 1 : null,
    quantity: pe.quantity,
    action: pe.action,
    value: pe.value,
    unit: PROTECTION_UNITS[pe.quantity],
    text: `${pe.quantity} ${pe.tier} (${pe.action}) at ${pe.index >= 0 ? `#${pe.index + 1}` : 'pack'}: ${fmt(pe.value)}`,
  };
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 || (Math.abs(x) < 0.01 && x !== 0) ? x.toExponential(3) : x.toFixed(3);
}
