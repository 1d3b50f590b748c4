/**
 * The loads side of a run from the scenario: the day-by-day event timeline, the climate, the
 * vehicle, the drive traces by name and the forecast a navigation/calendar system would give the
 * BTMS (the schedule and the weather).
 */
import type { Scenario, ScenarioEvent } from './scenario.js';
import { makeClimate, TORONTO_MONTHLY, type Climate, type ClimateSpec } from '../loads/climate.js';
import { DEFAULT_GLIDER_MASS_kg, DEFAULT_VEHICLE, validateVehicle, type VehicleParams } from '../loads/vehicle.js';
import { concatTraces, traceResolution_s, type SpeedTrace } from '../loads/epa.js';
import { CHARGERS } from '../loads/charger.js';
import type { BtmsForecast } from '../btms/types.js';
import { InputError } from '../errors.js';

export interface TimedEvent {
  start_s: number;
  event: ScenarioEvent;
}

/** Build the time-ordered list of events over all days of the schedule. */
export function expandSchedule(s: Scenario): TimedEvent[] {
  const out: TimedEvent[] = [];
  const events = [...s.schedule.events].sort((a, b) => a.at - b.at);
  for (let d = 0; d < s.schedule.days; d++) {
    const weekday = ((s.schedule.start_weekday - 1 + d) % 7) + 1;
    for (const e of events) {
      if (e.weekdays && !e.weekdays.includes(weekday)) continue;
      out.push({ start_s: d * 86400 + e.at, event: e });
    }
  }
  return out;
}

export function climateSpecOf(s: Scenario): ClimateSpec {
  const c = s.climate;
  if (c.kind === 'monthly') {
    return { kind: 'monthly', months: c.months === 'toronto' ? TORONTO_MONTHLY : c.months, startDayOfYear: c.startDayOfYear ?? s.schedule.start_day_of_year };
  }
  return c as ClimateSpec;
}

/**
 * The vehicle: the scenario's fields (checked by its schema) over the defaults. Its road-load
 * mass is the glider (`vehicle.glider_mass_kg`, default DEFAULT_GLIDER_MASS_kg) + `packMass_kg`,
 * unless the scenario fixes the total with `vehicle.mass_kg`.
 */
export function vehicleOf(s: Scenario, packMass_kg: number, file = 'scenario'): VehicleParams {
  const { glider_mass_kg: _glider, ...v } = s.vehicle as Partial<VehicleParams> & { glider_mass_kg?: number };
  const mass_kg = vehicleMassOf(s, packMass_kg).total_kg;
  const p: VehicleParams = { ...DEFAULT_VEHICLE, ...v, mass_kg, hvac: { ...DEFAULT_VEHICLE.hvac, ...(v.hvac ?? {}) } };
  validateVehicle(p, file);
  return p;
}

/** The vehicle's mass and where it comes from (metrics.json `vehicle_mass`). */
export function vehicleMassOf(s: Scenario, packMass_kg: number): { total_kg: number; glider_kg: number | null; pack_kg: number | null; basis: string } {
  const v = s.vehicle as { mass_kg?: number; glider_mass_kg?: number };
  if (v.mass_kg !== undefined) return { total_kg: v.mass_kg, glider_kg: null, pack_kg: null, basis: 'vehicle.mass_kg (total set in the scenario; the pack mass is not added)' };
  const glider = v.glider_mass_kg ?? DEFAULT_GLIDER_MASS_kg;
  return {
    total_kg: glider + packMass_kg,
    glider_kg: glider,
    pack_kg: packMass_kg,
    basis: v.glider_mass_kg !== undefined ? 'vehicle.glider_mass_kg + pack mass' : 'default glider (loads/vehicle.ts DEFAULT_GLIDER_MASS_kg) + pack mass',
  };
}

/** What the run's loads are built from: climate, vehicle, timeline, traces, end time. */
export interface Loads {
  climate: Climate;
  vehicle: VehicleParams;
  timeline: TimedEvent[];
  forecast: BtmsForecast;
  /** The end of the run [s]. */
  end_s: number;
  /** A drive event's trace (several cycles joined). */
  traceFor(e: ScenarioEvent): SpeedTrace;
  /** A trace by the name used in the schedule or a protocol (upper-case EPA names or file names). */
  trace(name: string): SpeedTrace;
}

/**
 * A drive (or a protocol's "Run NAME" step) is stepped at `step_s`; a step longer than its trace's
 * resolution averages the speed and acceleration over the step, which changes the energy (UDDS at
 * step_s 120: 240 instead of 273 Wh/km). Rather than silently change the physics, the run stops:
 * an InputError naming step_s, the trace and the largest step that samples it. (Long park and
 * charge steps have their own fields, park_step_s and charge_step_s.)
 */
export function checkDriveStep(s: Scenario, traces: Record<string, SpeedTrace>, file?: string): void {
  for (const [name, t] of Object.entries(traces)) {
    const res_s = traceResolution_s(t);
    if (s.step_s > res_s * (1 + 1e-9)) {
      throw new InputError(
        `step_s ${s.step_s} s is longer than the ${res_s} s resolution of the drive trace ${name}: the drive would be stepped over its accelerations (the energy changes); use step_s ≤ ${res_s} (park_step_s and charge_step_s set the parked and charging steps)`,
        { file, field: 'step_s', value: s.step_s },
      );
    }
  }
}

/** `packMass_kg`: the pack's mass, added to the glider for the road load (see `vehicleOf`). */
export function buildLoads(s: Scenario, traces: Record<string, SpeedTrace>, packMass_kg: number, endTime_s?: number): Loads {
  checkDriveStep(s, traces);
  const climate = makeClimate(climateSpecOf(s));
  const vehicle = vehicleOf(s, packMass_kg);
  const timeline = expandSchedule(s);
  const trace = (n: string) => traces[n] ?? traces[n.toUpperCase()];
  return {
    climate,
    vehicle,
    timeline,
    forecast: scheduleForecast(timeline, climate),
    end_s: Math.min(s.schedule.days * 86400, endTime_s ?? Infinity),
    trace,
    traceFor(e: ScenarioEvent): SpeedTrace {
      const parts = (e.drive ?? []).map((n) => {
        const t = trace(n);
        if (!t) throw new InputError(`unknown drive cycle; available: ${Object.keys(traces).join(', ')}`, { field: 'schedule.events.drive', value: n });
        return t;
      });
      return parts.length === 1 ? parts[0] : concatTraces(e.drive!.join('+'), parts, 0);
    },
  };
}

/** What a navigation/calendar system knows in advance: the schedule and the weather forecast. */
function scheduleForecast(timeline: TimedEvent[], climate: Climate): BtmsForecast {
  return {
    nextEvent(time_s: number) {
      const lo = nextEventIndex(timeline, time_s);
      if (lo >= timeline.length) return null;
      const e = timeline[lo];
      const kind = e.event.drive ? 'drive' : e.event.charge ? 'charge' : 'protocol';
      const fastCharge = !!e.event.charge && (CHARGERS[e.event.charge.charger]?.maxPower_W ?? 0) >= 50e3;
      return { start_s: e.start_s, kind, fastCharge };
    },
    ambient_K: (time_s: number) => climate.ambient_K(time_s),
  };
}

/** Index of the first event of the timeline starting after `time_s` (the length when none). */
export function nextEventIndex(timeline: readonly TimedEvent[], time_s: number): number {
  let lo = 0;
  let hi = timeline.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeline[mid].start_s <= time_s + 1e-9) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** When pre-conditioning for the next event starts (Infinity when it has none). */
export function precondStart(timeline: TimedEvent[], evIdx: number): number {
  if (evIdx >= timeline.length) return Infinity;
  const e = timeline[evIdx];
  return e.event.precondition_min ? e.start_s - e.event.precondition_min * 60 : Infinity;
}

export function isPreconditioning(timeline: TimedEvent[], evIdx: number, t: number): boolean {
  if (evIdx >= timeline.length) return false;
  const e = timeline[evIdx];
  return !!e.event.precondition_min && t >= e.start_s - e.event.precondition_min * 60 - 1e-9 && t < e.start_s;
}

/** Pre-conditioning for the next event from the wall (the parked car plugged in), not from the pack. */
export function isPreconditioningFromWall(timeline: TimedEvent[], evIdx: number, t: number): boolean {
  return isPreconditioning(timeline, evIdx, t) && timeline[evIdx].event.precondition_from !== 'pack';
}
