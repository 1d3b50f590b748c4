/**
 * Fault-injection campaign (pure part): randomized fault cases drawn from a seeded Rng, the short
 * scenario each case runs, and the scoring of a case from its metrics (truth side).
 *
 * A case keeps the scenario's cell, pack, climate, BMS and BTMS, and runs only its FIRST schedule
 * event, moved to 00:01 (later by its pre-conditioning time, which it keeps), for `caseHorizon_s` (2 h, assumed: a drive of a few cycles or a fast
 * charge, short enough for a campaign of hundreds of cases; 12 h for an internal short: a soft
 * short in a large cell leaks well under C/100, which no method can tell from noise in minutes —
 * the case goes on parked, as a car would, and the short must be found before the case ends).
 * One fault per case, of one class:
 * - sensor: a channel fault (stuck, open-wire, offset-drift, noise-burst, dropout) on a random
 *   channel (voltage 50 %, temperature 30 %, current 10 %, pressure 10 %), default parameters;
 * - board: a lost non-master board (70 %) or bus-off (30 %); the master in a centralized pack;
 * - internal-short: a soft short of 1 … 20 Ω (log-uniform, assumed soft-short range) across the
 *   first cell of a random group, injected into the plant (truth side, the scenario's
 *   `plant_faults`); in half the cases it hardens to a fifth of that over 4 h (a growing filament);
 * - cooling-loss: the chiller of the liquid plate fails (plant fault `cooling-loss`: no cooling
 *   delivered while the BTMS still commands it) for the rest of the case.
 * Every fault starts at a uniform time 1 … 14 min after the event starts.
 *
 * Scoring: detected = the BMS logged something about it — a plausibility detection on an affected
 * channel (sensor, board), an internal-short or hot-spot event on the shorted group (the engine's
 * `short_detection`), a cooling-ineffective or over-temperature event (cooling loss). Unsafe = a cell above its maximum
 * safety voltage or temperature (the MSL of safety/limits.ts), or an internal short the BMS did
 * not detect.
 */
import { Rng } from '../numerics/rng.js';
import { DEFAULT_SENSORS } from '../sensing/centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';
import { buildTopology, tempSensorsPerModuleFor } from '../sensing/topology.js';
import { InputError } from '../errors.js';
import type { Scenario, ScenarioFault } from '../sim/scenario.js';

export type FaultClass = 'sensor' | 'board' | 'internal-short' | 'cooling-loss';
export const FAULT_CLASSES: readonly FaultClass[] = ['sensor', 'board', 'internal-short', 'cooling-loss'];

export interface CampaignCase {
  id: number;
  faultClass: FaultClass;
  /** Fault start [s from the start of the case]. */
  at_s: number;
  description: string;
  /** Sensor/board fault in the scenario's parsed form. */
  fault?: ScenarioFault;
  /** Internal short: series group (0-based), resistance [Ω] and the value it hardens to [Ω]. */
  shortGroup?: number;
  shortResistance_ohm?: number;
  shortFinal_ohm?: number;
}

const EVENT_START_S = 60;
/** When the case's event starts [s]: 00:01, or later by its pre-conditioning time (a cold-weather trip keeps its pre-heat). */
function eventStart_s(base: Scenario): number {
  return EVENT_START_S + (base.schedule.events[0]?.precondition_min ?? 0) * 60;
}
/** Length of one case [s] (pass as `endTime_s` to runSimulation). */
export function caseHorizon_s(c: CampaignCase): number {
  return c.faultClass === 'internal-short' ? 12 * 3600 : 7200;
}
/** Time over which a hardening short reaches its final resistance [h] (assumed). */
const SHORT_GROWTH_H = 4;

/**
 * Most cases of one campaign. Assumed: each case simulates 2 h (12 h for a short) of the pack, ≥ 1 s
 * of computing, so 100 000 cases are more than a day on two cores; cases and results are held in
 * memory (1 000 000 000 ran out of heap).
 */
export const MAX_CAMPAIGN_CASES = 100_000;

/** Draws `n` cases from `seed`. */
export function makeCampaignCases(base: Scenario, n: number, seed: number): CampaignCase[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new InputError('--cases must be an integer >= 1', { field: '--cases', value: n });
  if (n > MAX_CAMPAIGN_CASES)
    throw new InputError(`at most ${MAX_CAMPAIGN_CASES} cases per campaign (each is a simulation held in memory); run several campaigns with different --seed`, { field: '--cases', value: n });
  if (!Number.isInteger(seed)) throw new InputError('--seed must be an integer', { field: '--seed', value: seed });
  if (base.schedule.events.length === 0) throw new InputError('the scenario has no schedule event to run the cases on', { field: 'schedule.events', value: [] });
  const rng = new Rng(seed);
  const ns = base.pack.series;
  const gpm = base.pack.groups_per_module;
  const topo = base.bms.topology;
  const layout = makeSensorLayout(ns, base.pack.parallel, gpm, tempSensorsPerModuleFor(topo, gpm, base.sensors.temp_sensors_per_module ?? DEFAULT_SENSORS.tempSensorsPerModule));
  const plan = buildTopology(topo, layout);
  const pick = (k: number) => Math.min(k - 1, Math.floor(rng.uniform() * k));
  const cases: CampaignCase[] = [];
  for (let id = 0; id < n; id++) {
    const faultClass = FAULT_CLASSES[pick(FAULT_CLASSES.length)];
    const at_s = Math.round(eventStart_s(base) + 60 + rng.uniform() * 780);
    const c: CampaignCase = { id, faultClass, at_s, description: '' };
    if (faultClass === 'sensor') {
      const kind = (['stuck', 'open-wire', 'offset-drift', 'noise-burst', 'dropout'] as const)[pick(5)];
      const u = rng.uniform();
      const channel = u < 0.5 ? 'voltage' : u < 0.8 ? 'temperature' : u < 0.9 ? 'current' : 'pressure';
      const count = channel === 'voltage' ? ns : channel === 'temperature' ? layout.tempSensorGroup.length : channel === 'pressure' ? layout.pressureSensorModule.length : 1;
      if (count === 0) {
        c.fault = { at: at_s, kind, channel: 'voltage', index: 1 + pick(ns), params: {} };
      } else {
        c.fault = { at: at_s, kind, channel, ...(channel === 'current' ? {} : { index: 1 + pick(count) }), params: {} };
      }
      c.description = `${kind} ${c.fault.channel}${c.fault.index ? ' #' + c.fault.index : ''}`;
    } else if (faultClass === 'board') {
      if (plan.boards.length < 2) c.fault = { at: at_s, kind: 'lost-board', board: 0, params: {} };
      else if (rng.uniform() < 0.7) c.fault = { at: at_s, kind: 'lost-board', board: 1 + pick(plan.boards.length - 1), params: {} };
      else c.fault = { at: at_s, kind: 'bus-off', params: {} };
      c.description = c.fault.kind === 'bus-off' ? 'bus-off' : `lost board ${c.fault.board} (${plan.boards[c.fault.board!].name})`;
    } else if (faultClass === 'internal-short') {
      c.shortGroup = pick(ns);
      c.shortResistance_ohm = Math.round(Math.exp(Math.log(1) + rng.uniform() * Math.log(20)) * 100) / 100;
      const grows = rng.uniform() < 0.5;
      c.shortFinal_ohm = grows ? Math.round(c.shortResistance_ohm * 20) / 100 : c.shortResistance_ohm;
      c.description = `internal short ${c.shortResistance_ohm} Ω${grows ? ` hardening to ${c.shortFinal_ohm} Ω` : ''} in group ${c.shortGroup + 1}`;
    } else {
      c.description = 'cooling loss (chiller failed)';
    }
    cases.push(c);
  }
  return cases;
}

/** The short scenario a case runs. */
export function caseScenario(base: Scenario, c: CampaignCase): Scenario {
  const ev = { ...base.schedule.events[0], at: eventStart_s(base) } as Scenario['schedule']['events'][number];
  delete (ev as { weekdays?: number[] }).weekdays;
  return {
    ...base,
    compare: [],
    schedule: { ...base.schedule, days: 1, events: [ev] },
    faults: c.fault ? [c.fault] : [],
    plant_faults:
      c.shortGroup !== undefined
        ? [{ at: c.at_s, kind: 'internal-short', group: c.shortGroup + 1, resistance_ohm: c.shortResistance_ohm!, final_resistance_ohm: c.shortFinal_ohm, growth_h: SHORT_GROWTH_H }]
        : c.faultClass === 'cooling-loss'
          ? [{ at: c.at_s, kind: 'cooling-loss' }]
          : [],
    outputs: { ...base.outputs, record_every_s: 60, csv: false, arrow: false, report: false },
  };
}

export interface CaseResult {
  id: number;
  fault_class: FaultClass;
  description: string;
  at_s: number;
  detected: boolean;
  detection_delay_s: number | null;
  unsafe: boolean;
  unsafe_reason: string | null;
  error: string | null;
}

interface MetricsView {
  injected_faults?: { detected: boolean; detection_delay_s: number | null }[];
  sensor_detections?: { time_s: number; channel: string; index: number }[];
  protection_events?: { time_s: number; quantity: string; index: number }[];
  cell_voltage_max_V?: number | null;
  cell_temp_max_C?: number;
  safety_limits?: { cell_voltage_max_V: number; cell_temp_max_C: number };
  internal_shorts?: number;
  short_detection?: { detected: boolean | null; delay_s: number | null };
}

/** Scores one case from its metrics (truth side). `error`: the run's error message, if any. */
export function scoreCase(c: CampaignCase, metrics: Record<string, unknown>, error: string | null): CaseResult {
  // a run that failed numerically is scored neither detected nor unsafe: it has no result
  if (error !== null) return { id: c.id, fault_class: c.faultClass, description: c.description, at_s: c.at_s, detected: false, detection_delay_s: null, unsafe: false, unsafe_reason: null, error };
  const m = metrics as MetricsView;
  let detected = false;
  let when: number | null = null;
  if (c.fault) {
    const o = m.injected_faults?.[0];
    detected = !!o?.detected;
    when = o?.detection_delay_s ?? null;
  } else if (c.faultClass === 'internal-short') {
    detected = !!m.short_detection?.detected;
    when = m.short_detection?.delay_s ?? null;
  } else {
    const t = (m.protection_events ?? []).filter((e) => (e.quantity === 'coolingIneffective' || e.quantity === 'overTemperature') && e.time_s >= c.at_s).map((e) => e.time_s);
    if (t.length) {
      detected = true;
      when = Math.min(...t) - c.at_s;
    }
  }
  const reasons: string[] = [];
  const lim = m.safety_limits;
  if (lim && typeof m.cell_voltage_max_V === 'number' && m.cell_voltage_max_V > lim.cell_voltage_max_V) reasons.push(`cell voltage ${m.cell_voltage_max_V} V > ${lim.cell_voltage_max_V} V`);
  if (lim && typeof m.cell_temp_max_C === 'number' && m.cell_temp_max_C > lim.cell_temp_max_C) reasons.push(`cell temperature ${m.cell_temp_max_C} °C > ${lim.cell_temp_max_C} °C`);
  if ((m.internal_shorts ?? 0) > 0 && !detected) reasons.push('undetected internal short');
  return {
    id: c.id,
    fault_class: c.faultClass,
    description: c.description,
    at_s: c.at_s,
    detected,
    detection_delay_s: when === null ? null : Math.round(when * 1000) / 1000,
    unsafe: reasons.length > 0,
    unsafe_reason: reasons.length ? reasons.join('; ') : null,
    error,
  };
}

export interface ClassSummary {
  /** Cases with a result (runs that failed numerically are left out). */
  cases: number;
  detected: number;
  unsafe: number;
  /** Mean detection delay of the detected cases [s] (null if none). */
  mean_detection_s: number | null;
}

export function summariseCampaign(results: readonly CaseResult[]): { cases: number; unsafe_cases: number; errors: number; by_class: Record<string, ClassSummary> } {
  const by: Record<string, ClassSummary> = {};
  const sums: Record<string, number> = {};
  for (const r of results) {
    const s = (by[r.fault_class] ??= { cases: 0, detected: 0, unsafe: 0, mean_detection_s: null });
    if (r.error !== null) continue; // invalid (numerical failure): no result, counted in `errors`
    s.cases++;
    if (r.unsafe) s.unsafe++;
    if (r.detected) {
      s.detected++;
      sums[r.fault_class] = (sums[r.fault_class] ?? 0) + (r.detection_delay_s ?? 0);
    }
  }
  for (const [k, s] of Object.entries(by)) s.mean_detection_s = s.detected ? Math.round((sums[k] / s.detected) * 1000) / 1000 : null;
  return { cases: results.length, unsafe_cases: results.filter((r) => r.unsafe).length, errors: results.filter((r) => r.error !== null).length, by_class: by };
}
