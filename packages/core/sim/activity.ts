/**
 * What the vehicle or the cycler is doing: a discriminated union, one variant per activity, with
 * the data only that activity has (a drive its trace, a charge its charger and session, a
 * protocol its steps). Transitions are functions of the activity and the schedule.
 */
import type { ScenarioEvent } from './scenario.js';
import type { SpeedTrace } from '../loads/epa.js';
import type { ChargerSpec } from '../loads/charger.js';
import type { PackControl } from '../pack/pack.js';
import { parseProtocol, type ProtocolStep } from '../loads/protocol.js';
import { traceDuration_s } from '../loads/epa.js';
import { InputError } from '../errors.js';
import type { Loads, TimedEvent } from './schedule.js';
import { CHARGERS } from '../loads/charger.js';

export interface ChargeSession {
  start_s: number;
  end_s: number;
  duration_s: number;
  complete: boolean;
  socStart: number;
  socEnd: number;
  energyIn_kWh: number;
  preheat_s: number;
}

interface Span {
  start_s: number;
  end_s: number;
}
export interface Park extends Span {
  kind: 'park';
}
export interface Drive extends Span {
  kind: 'drive';
  event: ScenarioEvent;
  trace: SpeedTrace;
}
export interface Charge extends Span {
  kind: 'charge';
  event: ScenarioEvent;
  charger: ChargerSpec;
  session: ChargeSession;
}
export interface Protocol extends Span {
  kind: 'protocol';
  event: ScenarioEvent;
  steps: ProtocolStep[];
  stepIdx: number;
  stepStart_s: number;
}
export type Activity = Park | Drive | Charge | Protocol;

/** The `mode` column's code of each activity. */
export const ACTIVITY_CODE: Record<Activity['kind'], number> = { park: 0, drive: 1, charge: 2, protocol: 3 };

export const park = (start_s: number, end_s: number): Park => ({ kind: 'park', start_s, end_s });

/** The protocol step running now (null outside a protocol). */
export function protocolStep(a: Activity): ProtocolStep | null {
  return a.kind === 'protocol' ? a.steps[a.stepIdx] : null;
}

/**
 * The activity a schedule event starts at `t`, or the reason it is skipped (a drive with the
 * estimated SoC below 5 % or the contactors open). `packSoc` (truth) only books a charge session's start.
 */
export function startEvent(te: TimedEvent, t: number, loads: Loads, socEstimate: number, contactorsOpen: boolean, packSoc: () => number): Activity | { skipped: string; trace: SpeedTrace } | null {
  const e = te.event;
  if (e.drive) {
    const tr = loads.traceFor(e);
    if (socEstimate < 0.05 || contactorsOpen) return { skipped: contactorsOpen ? 'contactors open' : 'state of charge below 5 %', trace: tr };
    return { kind: 'drive', event: e, start_s: t, end_s: Math.min(loads.end_s, t + traceDuration_s(tr)), trace: tr };
  }
  if (e.protocol) return { kind: 'protocol', event: e, start_s: t, end_s: loads.end_s, steps: parseProtocol(e.protocol), stepIdx: 0, stepStart_s: t };
  if (e.charge) {
    const ch = CHARGERS[e.charge.charger];
    if (!ch) throw new InputError(`unknown charger; known: ${Object.keys(CHARGERS).join(', ')}`, { field: 'schedule.events.charge.charger', value: e.charge.charger });
    let until = t + e.charge.max_duration_h * 3600;
    if (e.charge.until !== undefined) {
      const dayStart = Math.floor(t / 86400) * 86400;
      let u = dayStart + e.charge.until;
      if (u <= t) u += 86400;
      until = Math.min(until, u);
    }
    const session: ChargeSession = { start_s: t, end_s: t, duration_s: 0, complete: false, socStart: packSoc(), socEnd: 0, energyIn_kWh: 0, preheat_s: 0 };
    return { kind: 'charge', event: e, start_s: t, end_s: Math.min(loads.end_s, until), charger: ch, session };
  }
  return null;
}

/** Pack control for a protocol step: currents/powers at the pack, C-rates of the pack capacity, voltages per series cell. */
export function protocolControl(st: ProtocolStep, packCapacity_Ah: number, ns: number): PackControl {
  const sign = st.action === 'charge' ? -1 : 1;
  const c = st.control;
  switch (c.kind) {
    case 'current':
      return { kind: 'current', value_A: sign * c.value_A };
    case 'crate':
      return { kind: 'current', value_A: sign * c.value_C * packCapacity_Ah };
    case 'power':
      return { kind: 'power', value_W: sign * c.value_W };
    case 'voltage':
      return { kind: 'voltage', value_V: c.value_V * ns };
    case 'resistance':
      return { kind: 'resistance', value_ohm: c.value_ohm };
    default:
      return { kind: 'rest' };
  }
}

/** Has the step reached its duration or one of its "until" conditions (voltage per cell, current at the pack)? */
export function protocolStepDone(st: ProtocolStep, act: Protocol, tEnd: number, current_A: number, cellVoltage_V: number, packCapacity_Ah: number, loads: Loads): boolean {
  const elapsed = tEnd - act.stepStart_s;
  if (st.duration_s !== null && elapsed >= st.duration_s - 1e-9) return true;
  if (st.control.kind === 'profile' && st.duration_s === null) {
    if (elapsed >= traceDuration_s(loads.trace(st.control.name)) - 1e-9) return true;
  }
  for (const u of st.until) {
    if (u.kind === 'voltage') {
      if (st.action === 'charge' ? cellVoltage_V >= u.value_V : st.action === 'discharge' ? cellVoltage_V <= u.value_V : false) return true;
    } else {
      const lim = u.kind === 'current' ? u.value_A : u.value_C * packCapacity_Ah;
      if (elapsed > 1 && Math.abs(current_A) <= lim) return true;
    }
  }
  return false;
}
