/**
 * Scenario side of the measurement topology and injected sensor faults: turns the scenario's
 * `faults:` into the sensing layer's form, and scores the BMS's plausibility detections against
 * what was injected (truth-side: the BMS never sees this).
 */
import type { Scenario } from './scenario.js';
import type { SensorLayout } from '../bms/types.js';
import { DEFAULT_BURST_DURATION_S, faultChannels, validateFaults, type SensorFault } from '../sensing/faults.js';
import { buildTopology, tempSensorsPerModuleFor, type TopologyPlan } from '../sensing/topology.js';
import { DEFAULT_SENSORS } from '../sensing/centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';
import type { SensorDiagnosticEvent } from '../bms/diag/plausibility.js';
import type { ProtectionEvent } from '../bms/diag/react.js';
import { InputError } from '../errors.js';
import { round } from '../numerics/round.js';

/** Scenario faults → internal form (0-based indices, times in s). */
export function sensorFaultsOf(s: Scenario): SensorFault[] {
  return s.faults.map((f) => ({
    at_s: f.at,
    kind: f.kind,
    ...(f.channel !== undefined ? { channel: f.channel } : {}),
    ...(f.channel !== undefined ? { index: f.channel === 'current' ? 0 : (f.index ?? 1) - 1 } : {}),
    ...(f.board !== undefined ? { board: f.board } : {}),
    duration_s: f.params.duration_s ?? (f.kind === 'noise-burst' ? DEFAULT_BURST_DURATION_S : Infinity),
    ...(f.params.rate_per_s !== undefined ? { rate_per_s: f.params.rate_per_s } : {}),
    ...(f.params.sigma !== undefined ? { sigma: f.params.sigma } : {}),
  }));
}

/** Checks the scenario's faults against its pack and topology at load time (errors name the file). */
export function checkScenarioFaults(s: Scenario, file: string): void {
  s.plant_faults.forEach((f, i) => {
    if (f.kind === 'internal-short' && f.group > s.pack.series)
      throw new InputError(`group out of range (the pack has ${s.pack.series} series groups)`, { file, field: `plant_faults.${i}.group`, value: f.group });
  });
  if (s.faults.length === 0) return;
  const gpm = s.pack.groups_per_module;
  const layout = makeSensorLayout(s.pack.series, s.pack.parallel, gpm, tempSensorsPerModuleFor(s.bms.topology, gpm, s.sensors.temp_sensors_per_module ?? DEFAULT_SENSORS.tempSensorsPerModule));
  validateFaults(sensorFaultsOf(s), layout, buildTopology(s.bms.topology, layout), file);
}

/** Earliest fault start after `t` (Infinity if none): the simulator does not step over it. */
export function nextFaultStart(faults: readonly SensorFault[], t: number): number {
  let n = Infinity;
  for (const f of faults) if (f.at_s > t + 1e-9 && f.at_s < n) n = f.at_s;
  return n;
}

export interface FaultOutcome {
  kind: string;
  at_s: number;
  target: string;
  detected: boolean;
  detection_time_s: number | null;
  detection_delay_s: number | null;
  /** The check that saw it first. */
  check: string | null;
  /**
   * First contactor opening at or after the fault start (null: never) and the protection quantity
   * that caused it (a sensor-invalid event on an affected channel, or a limit the faulty reading
   * violated — readings outside the operating window are believed).
   */
  contactors_open_s: number | null;
  contactors_open_by: string | null;
}

/**
 * Matches detections to injected faults: a detection on a channel the fault affects, at or after
 * the fault's start, detects it. Detections matching no fault are false alarms.
 */
export function scoreSensorFaults(
  faults: readonly SensorFault[],
  layout: SensorLayout,
  plan: TopologyPlan,
  detections: readonly SensorDiagnosticEvent[],
  protection: readonly ProtectionEvent[],
): { outcomes: FaultOutcome[]; falseAlarms: SensorDiagnosticEvent[] } {
  const chans = faults.map((f) => faultChannels(f, layout, plan));
  const matched = new Uint8Array(detections.length);
  const outcomes = faults.map((f, k) => {
    const c = chans[k];
    let first: SensorDiagnosticEvent | null = null;
    detections.forEach((d, j) => {
      if (d.time_s < f.at_s - 1e-9) return;
      const hit = d.index < 0 ? d.channel === 'voltage' && c.voltage.length > 0 : c[d.channel].includes(d.index);
      if (!hit) return;
      matched[j] = 1;
      if (!first || d.time_s < first.time_s) first = d;
    });
    let open: ProtectionEvent | null = null;
    for (const p of protection) {
      if (p.action === 'open-contactors' && p.time_s >= f.at_s - 1e-9 && (open === null || p.time_s < open.time_s)) open = p;
    }
    const d = first as SensorDiagnosticEvent | null;
    const target = f.channel
      ? `${f.channel} ${f.channel === 'current' ? '' : '#' + ((f.index ?? 0) + 1)}`.trim()
      : f.kind === 'lost-board'
        ? `board ${f.board} (${plan.boards[f.board!].name})`
        : 'bus';
    return {
      kind: f.kind,
      at_s: f.at_s,
      target,
      detected: d !== null,
      detection_time_s: d ? round(d.time_s, 3) : null,
      detection_delay_s: d ? round(d.time_s - f.at_s, 3) : null,
      check: d ? d.check : null,
      contactors_open_s: open !== null ? round(open.time_s, 3) : null,
      contactors_open_by: open !== null ? `${open.quantity} #${open.index + 1}` : null,
    };
  });
  return { outcomes, falseAlarms: detections.filter((_, j) => matched[j] === 0) };
}
