/**
 * The stepping loop of a run. Each step: the plant's sensed quantities go through the sensor
 * model; the BMS sees only those measurements and returns commands; the BTMS decides heating and
 * cooling from the same measurements; the activity turns the schedule into a power or current
 * request; the pack steps. The truth is read afterwards, only to score the BMS and to record.
 *
 * Steps: `step_s` while driving or charging (`charge_step_s` if set), `park_step_s` while parked
 * (the RC, ageing and thermal updates are exact or implicit, so long steps are stable), shortened
 * to 60 s while the heater or cooler runs or balancing is on, and never across the start of an
 * event, a fault or a protocol step's end.
 */
import type { SensedTruth } from '../sensing/centralized.js';
import type { BmsCommands, BmsContext } from '../bms/types.js';
import type { BtmsInputs, ThermalCommand } from '../btms/types.js';
import type { AssembledRun } from './assembly.js';
import type { StepObserver, PlantStep } from './observer.js';
import type { Recorder } from './recorder.js';
import type { RunMetrics } from './metrics.js';
import type { RowView } from './columns.js';
import { restStepInput, type PackControl, type PackStepInput } from '../pack/pack.js';
import { isHeating, makeThermalCommand, thermoelectricCop, withoutHeating } from '../btms/actuators.js';
import { batteryPowerForWheel_W, hvacPower_W, wheelPower_W } from '../loads/vehicle.js';
import { sampleTrace, traceDistanceBetween_m } from '../loads/epa.js';
import { chargerCurrent_A } from '../loads/charger.js';
import { nextFaultStart } from './sensor-faults.js';
import { makeSopTruth, meanGroupSoc } from './scoring.js';
import { ACTIVITY_CODE, park, protocolControl, protocolStep, protocolStepDone, startEvent, type Activity, type Charge, type Drive } from './activity.js';
import { isPreconditioning, isPreconditioningFromWall, precondStart } from './schedule.js';
import { simEvent, type SimEvent } from './events.js';
import { InputError, NumericalError } from '../errors.js';
import { DEFAULT_PASSIVE_BALANCING } from '../bms/balancing/passive.js';
import { DEFAULT_ACTIVE_BALANCING } from '../bms/balancing/active.js';
import type { ChargeSession } from './activity.js';
import { ProtocolLog, type ProtocolResults } from './protocol-log.js';
import { forecastWithNeeds, HeatNeeds } from './heat-need.js';

export interface LoopOptions {
  onProgress?: (fraction: number) => void;
  shouldStop?: () => boolean;
}

export interface LoopOutcome {
  /** Simulated time reached [s]. */
  time_s: number;
  steps: number;
  events: SimEvent[];
  sessions: ChargeSession[];
  stoppedEarly: boolean;
  error: Error | null;
  /** Per-step and per-pass results of the protocol events (null without any). */
  protocol: ProtocolResults | null;
}

/**
 * The loop as a generator: it pauses (yields) every `YIELD_EVERY_STEPS` steps, after polling
 * `shouldStop`, so that an async driver (engine.ts `runSimulationAsync`) can let the caller's event
 * loop run (a Ctrl-C handler) between chunks; `runSimulation` (engine.ts) runs it to the end in one go.
 * The core itself never waits on anything.
 */
export function* loopSteps(run: AssembledRun, metrics: RunMetrics, rec: Recorder, observers: readonly StepObserver[], o: LoopOptions): Generator<void, LoopOutcome, void> {
  const { scenario: s, cell, plant, bms, loads, faults } = run;
  const { pack } = plant;
  const { controller: btms, actuators } = run.btms;
  const { timeline, climate, vehicle, end_s } = loads;
  const sensing = run.sensing.sensing;
  const sensorFaults = run.sensing.faults;
  const ns = pack.ns;
  const perGroup = pack.np * pack.nseg;
  const packCapacity_Ah = (cell.capacity_As * pack.np) / 3600;
  const sopTruth = makeSopTruth(pack, run.ecm, run.bmsSetup.limits, run.bmsSetup.charge, run.sensing.layout.tempSensorGroup.length);
  const { shorts, chillerDown, protectionFailed_s } = faults;
  const hasFilament = !!cell.filament;
  // the balancing hardware (bleed resistors, converter efficiency) the plant steps with
  const bleed_ohm = s.bms.balancing.resistor_ohm ?? DEFAULT_PASSIVE_BALANCING.resistor_ohm;
  const balanceEfficiency = s.bms.balancing.efficiency ?? DEFAULT_ACTIVE_BALANCING.efficiency;

  // what each activity needs of the pack's temperature (design data; the BTMS heats to it)
  const needs = new HeatNeeds({
    ecm: run.ecm,
    ns,
    np: pack.np,
    limits: run.bmsSetup.limits,
    charge: run.bmsSetup.charge,
    vehicle,
    climate,
    ceiling_K: run.btms.thermo.heatOn_K,
    driveNeeds: s.btms.heat_on_C === undefined,
    traceFor: loads.traceFor,
  });
  const forecast = forecastWithNeeds(loads.forecast, timeline, needs, () => ({ packVoltage_V: lastVoltage, soc: bms.socEstimate(0) }));
  /** The present drive's heat need [K] (set when it starts). */
  let driveNeed_K = NaN;
  const events: SimEvent[] = [];
  const sessions: ChargeSession[] = [];
  const protoLog = new ProtocolLog(pack, () => meanGroupSoc(pack));
  const estimates = new Float64Array(s.bms.estimators.length);
  let evIdx = 0;
  let act = park(0, timeline.length ? timeline[0].start_s : end_s) as Activity;
  let t = 0;
  let cmds: BmsCommands | null = null;
  let thermal: ThermalCommand = makeThermalCommand();
  let plateHeat_W = 0;
  let plateCool_W = 0;
  /** The BTMS's electrical draw this step [W] (the commanded one, less a chiller held at its floor). */
  let btmsElec_W = 0;
  let sop10Est_kW = NaN;
  let sop10True_kW = NaN;
  const ctx: BmsContext = { mode: 'park', pluggedIn: false, chargerMaxCurrent_A: 0, chargerMaxPower_W: 0, chargeTargetSoc: 0.9, coolingCommand_W: 0, btmsElectrical_W: 0 };
  const truth: SensedTruth = {
    time_s: 0,
    groupVoltage_V: pack.groupVoltage_V,
    packCurrent_A: 0,
    packVoltage_V: 0,
    groupTemp_K: new Float64Array(ns),
    modulePressure_Pa: pack.modulePressure_Pa,
    coolant_K: pack.plateTemp_K,
    ambient_K: climate.ambient_K(0),
  };
  let lastCurrent = 0;
  let lastVoltage = 0;
  let speed = 0;
  let plugged = false;
  let error: Error | null = null;
  let stoppedEarly = false;
  let stepCount = 0;
  let shortsSeen = pack.shortCount;

  // Per-step objects reused across steps (the hot loop allocates nothing on a normal step).
  const REST: PackControl = { kind: 'rest' };
  const powerControl = { kind: 'power' as const, value_W: 0 };
  const currentControl = { kind: 'current' as const, value_A: 0 };
  const stepIn: PackStepInput = { ...restStepInput(0, 1, truth.ambient_K), control: REST, bleed_ohm, balanceCurrent_A: null, balanceEfficiency };
  const plantStep: { initial: boolean; input: PackStepInput; pack: typeof pack } = { initial: true, input: restStepInput(0, 1e-3, truth.ambient_K), pack };
  let btmsIn: BtmsInputs | null = null;
  const view = {
    time_s: 0,
    mode: 0,
    speed_m_s: 0,
    current_A: 0,
    voltage_V: 0,
    socTrue: 0,
    socEstimates: estimates,
    ambient_K: 0,
    plateHeat_W: 0,
    plateCool_W: 0,
    btmsElectrical_W: 0,
    ccdMargin: Infinity,
    sop10Est_kW: NaN,
    sop10True_kW: NaN,
    pack,
    bms,
    cmds: null as unknown as BmsCommands,
  } satisfies RowView;

  // initial rest voltages: a zero-current solve gives the plant's terminal voltages
  for (const ob of observers) ob.beforePlantStep?.(plantStep as PlantStep);
  const r0 = pack.step(plantStep.input);
  for (const ob of observers) ob.afterPlantStep?.(plantStep as PlantStep, r0);
  lastVoltage = pack.terminalVoltage_V();
  plantStep.initial = false;
  plantStep.input = stepIn;

  const closeSession = (a: Charge, now: number, complete: boolean) => {
    const session = a.session;
    session.end_s = now;
    session.duration_s = now - session.start_s;
    session.complete = complete;
    session.socEnd = meanGroupSoc(pack);
    sessions.push(session);
    events.push(
      simEvent(
        now,
        'info',
        'charge-session',
        `charge session ${complete ? 'complete' : 'ended (time limit)'}: SoC ${(session.socStart * 100).toFixed(1)} → ${(session.socEnd * 100).toFixed(1)} %, ${(session.duration_s / 60).toFixed(1)} min`,
      ),
    );
  };
  const parkUntilNext = (from: number) => park(from, evIdx < timeline.length ? timeline[evIdx].start_s : end_s);
  /** How long the present drive has had (almost) no power from the pack [s], and since when. */
  let shortfall_s = 0;
  let stall_s = 0;
  let stallDist_m = 0;
  /** A drive the pack can no longer power stops at `stoppedAt_s`: booked, and the car parks. */
  const strand = (a: Drive, now: number, stoppedAt_s: number, reason: string) => {
    const notDriven_m = traceDistanceBetween_m(a.trace, stoppedAt_s - a.start_s, a.end_s - a.start_s);
    metrics.stranded++;
    metrics.strandings.push({ time_s: stoppedAt_s, reason, distanceNotDriven_m: notDriven_m, timeNotDriven_s: a.end_s - stoppedAt_s });
    metrics.distanceNotDriven_m += notDriven_m;
    events.push(simEvent(stoppedAt_s, 'fault', 'stranded', `vehicle stranded: ${reason}; ${(notDriven_m / 1000).toFixed(1)} km of the drive not driven`));
    shortfall_s = 0;
    stallDist_m = 0;
    return park(now, evIdx < timeline.length ? timeline[evIdx].start_s : end_s);
  };

  try {
    while (t < end_s - 1e-9) {
      // ---- activity transitions ----
      if (act.kind !== 'park' && t >= act.end_s - 1e-9) {
        if (act.kind === 'drive' && shortfall_s > 0) metrics.distanceNotDriven_m += stallDist_m;
        if (act.kind === 'charge') closeSession(act, t, false);
        if (act.kind === 'protocol') protoLog.endPass(t);
        act = parkUntilNext(t);
      }
      while (evIdx < timeline.length && timeline[evIdx].start_s <= t + 1e-9) {
        const te = timeline[evIdx++];
        if (act.kind === 'charge') closeSession(act, t, false);
        if (act.kind === 'protocol') protoLog.endPass(t);
        const next = startEvent(te, t, loads, bms.socEstimate(0), cmds !== null && !cmds.contactorsClosed, () => meanGroupSoc(pack));
        if (next === null) continue;
        if ('skipped' in next) {
          metrics.drivesSkipped++;
          metrics.distanceNotDriven_m += traceDistanceBetween_m(next.trace, -Infinity, Infinity);
          events.push(simEvent(t, 'warning', 'drive-skipped', `drive ${next.trace.name} skipped: ${next.skipped}`));
          act = parkUntilNext(t);
          continue;
        }
        plugged = next.kind === 'charge';
        act = next;
        if (act.kind === 'drive') driveNeed_K = needs.drive(act.event, t);
        shortfall_s = 0;
        stallDist_m = 0;
        if (act.kind === 'protocol') {
          protoLog.startPass(t);
          protoLog.begin(0, act.steps[0], t);
        }
      }
      // the next event or activity end bounds the step
      const nextEvent = evIdx < timeline.length ? timeline[evIdx].start_s : end_s;
      let dt: number;
      if (act.kind === 'park') {
        dt = s.park_step_s;
        const busy = thermal.electricalPower_W > 0 || (cmds !== null && (anyOn(cmds.balanceSwitch) || anyNonZero(cmds.balanceCurrent_A)));
        if (busy) dt = Math.min(dt, 60);
        const pre = precondStart(timeline, evIdx);
        if (pre > t + 1e-9) dt = Math.min(dt, pre - t);
        dt = Math.min(dt, nextEvent - t, end_s - t);
      } else {
        dt = Math.min(act.kind === 'charge' ? (s.charge_step_s ?? s.step_s) : s.step_s, act.end_s - t, nextEvent - t, end_s - t);
        const ps = protocolStep(act);
        if (act.kind === 'protocol' && ps && ps.duration_s !== null) dt = Math.min(dt, Math.max(1e-6, act.stepStart_s + ps.duration_s - t));
      }
      dt = Math.min(dt, nextFaultStart(sensorFaults, t) - t);
      for (const f of shorts) if (f.at_s > t + 1e-9) dt = Math.min(dt, f.at_s - t);
      for (const w of chillerDown) {
        if (w.at_s > t + 1e-9) dt = Math.min(dt, w.at_s - t);
        else if (w.end_s > t + 1e-9) dt = Math.min(dt, w.end_s - t);
      }
      if (protectionFailed_s > t + 1e-9) dt = Math.min(dt, protectionFailed_s - t);
      // while an injected short hardens, its resistance is updated at least every minute
      if (shorts.length > 0 && shorts.some((f) => t >= f.at_s && t < f.at_s + f.growth_s && f.final_ohm !== f.r_ohm)) dt = Math.min(dt, 60);
      if (dt < 1e-6) dt = 1e-6;

      // ---- context ----
      const pStep = protocolStep(act);
      const ambient_K = pStep?.temp_K ?? climate.ambient_K(t);
      const solar = climate.solar_W_m2(t);
      ctx.mode = pStep ? (pStep.action === 'charge' || pStep.action === 'hold' ? 'charge' : pStep.action === 'rest' ? 'park' : 'drive') : act.kind === 'protocol' ? 'park' : act.kind;
      ctx.pluggedIn = plugged;
      ctx.chargerMaxCurrent_A = act.kind === 'charge' ? act.charger.maxCurrent_A : 0;
      ctx.chargerMaxPower_W = act.kind === 'charge' ? act.charger.maxPower_W : 0;
      ctx.chargeTargetSoc = act.kind !== 'park' ? (act.event.charge?.target_soc ?? 0.9) : 0.9;
      // the BTMS's cooling command of the last interval (what the BMS's cooling check compares with)
      ctx.coolingCommand_W = thermal.coolingPower_W + (thermal.teMode === -1 ? thermal.teElectrical_W : 0);
      // its electrical command of the last interval: what the vehicle's controllers know (the draw
      // after the chiller's floor depends on the plant's plate temperature, which the BMS must not see)
      ctx.btmsElectrical_W = thermal.electricalPower_W;

      // ---- sensing → BMS → BTMS (measurements only) ----
      truth.time_s = t;
      truth.packCurrent_A = lastCurrent;
      truth.packVoltage_V = lastVoltage;
      truth.coolant_K = pack.plateTemp_K;
      truth.ambient_K = ambient_K;
      for (let g = 0; g < ns; g++) truth.groupTemp_K[g] = pack.temp_K[g * perGroup];
      const meas = sensing.sample(truth);
      cmds = bms.step(meas, ctx, dt);
      // open contactors cut every load: a drive stops where it is (no distance without pack power)
      if (act.kind === 'drive' && !cmds.contactorsClosed) act = strand(act, t, t, 'contactors open');
      const precond = isPreconditioning(timeline, evIdx, t);
      const preheat = cmds.preheatRequest || precond;
      if (btms) {
        if (btmsIn === null) btmsIn = { time_s: t, meas, ctx, preheatRequest: preheat, forecast, heatNeed_K: NaN };
        btmsIn.time_s = t;
        btmsIn.heatNeed_K = act.kind === 'drive' ? driveNeed_K : act.kind === 'charge' ? needs.charge(act.charger.maxCurrent_A, act.charger.maxPower_W, lastVoltage, bms.socEstimate(0)) : NaN;
        // the BTMS acts on what the BMS trusts: channels its plausibility checks flagged are invalid
        btmsIn.meas = bms.validatedMeasurements ?? meas;
        btmsIn.preheatRequest = preheat;
        thermal = btms.decide(btmsIn, dt);
      }
      if (act.kind === 'park' && !precond && !thermal.preconditioning && isHeating(thermal)) {
        // a parked car heats its pack only to pre-condition before a trip (the scenario's
        // precondition_min, or a controller that pre-conditions from the forecast): keeping a parked
        // pack warm all night would drain it (unplugged) or cost many kWh from the grid (plugged)
        thermal = withoutHeating(actuators, thermal);
      }
      // what powers the BTMS: the wall while plugged in (or pre-conditioning from the wall), the
      // lab supply in a protocol, else the pack; with the contactors open the pack powers nothing
      const btmsOnPack = act.kind === 'drive' || (act.kind === 'park' && !plugged && !(precond && isPreconditioningFromWall(timeline, evIdx, t)));
      if (btmsOnPack && !cmds.contactorsClosed && thermal.electricalPower_W > 0) thermal = THERMAL_OFF;
      // ---- BTMS → plate: heat moved by the resistive heater and the chiller as commanded; the
      // thermoelectric unit's heat from its COP at the plant's plate and outside temperatures ----
      plateHeat_W = thermal.heaterPower_W;
      // the chiller delivers what was commanded only while the plate is above its coolant floor
      // (actuators.ts); its electrical draw follows the heat it actually removes
      const lp = actuators.liquidPlate;
      // (the length test first: no closure per step in the usual scenario without a cooling loss)
      const chillerFailed = chillerDown.length > 0 && chillerDown.some((w) => t >= w.at_s - 1e-9 && t < w.end_s - 1e-9);
      const chillerMax_W = chillerFailed ? 0 : Math.max(0, lp.plateConductance_W_K * (pack.plateTemp_K - (lp.minCoolant_C + 273.15)));
      plateCool_W = Math.min(thermal.coolingPower_W, chillerMax_W);
      btmsElec_W = thermal.electricalPower_W - (thermal.coolingPower_W - plateCool_W) / lp.chillerCOP;
      if (thermal.teMode === 1) plateHeat_W += thermal.teElectrical_W * thermoelectricCop('heat', pack.plateTemp_K, ambient_K, actuators.thermoelectric);
      else if (thermal.teMode === -1) plateCool_W += thermal.teElectrical_W * thermoelectricCop('cool', pack.plateTemp_K, ambient_K, actuators.thermoelectric);

      // ---- load ----
      let control: PackControl = REST;
      let thermalFromPack = 0;
      speed = 0;
      if (act.kind === 'drive') {
        const tr = sampleTrace(act.trace, t - act.start_s + dt / 2);
        speed = tr.speed_m_s;
        const wheel = wheelPower_W(tr.speed_m_s, tr.accel_m_s2, 0, vehicle, ambient_K);
        const batt = batteryPowerForWheel_W(wheel, tr.speed_m_s, vehicle).battery_W;
        const aux = vehicle.auxiliaryBase_W + hvacPower_W(ambient_K, solar, vehicle);
        thermalFromPack = btmsElec_W;
        powerControl.value_W = batt + aux + thermalFromPack;
        control = powerControl;
      } else if (act.kind === 'charge') {
        const est = bms.socEstimate(0);
        const req = Math.min(chargerCurrent_A(act.charger, est, Math.max(lastVoltage, 1), packCapacity_Ah), cmds.chargeRequest_A);
        currentControl.value_A = -Math.max(0, req);
        control = currentControl;
        if (cmds.preheatRequest) act.session.preheat_s += dt;
        if (cmds.chargeComplete || (est >= ctx.chargeTargetSoc && !cmds.preheatRequest && req === 0)) {
          closeSession(act, t, true);
          act = park(t, nextEvent);
          control = REST;
        }
      } else if (act.kind === 'protocol' && pStep) {
        control = protocolControl(pStep, packCapacity_Ah, ns);
        if (pStep.control.kind === 'profile') {
          const sp = sampleTrace(loads.trace(pStep.control.name), t - act.stepStart_s + dt / 2);
          speed = sp.speed_m_s;
          const batt = batteryPowerForWheel_W(wheelPower_W(sp.speed_m_s, sp.accel_m_s2, 0, vehicle, ambient_K), sp.speed_m_s, vehicle).battery_W;
          powerControl.value_W = batt + vehicle.auxiliaryBase_W;
          control = powerControl;
          metrics.distance_m += sp.speed_m_s * dt;
        }
      } else if (!plugged && btmsElec_W > 0 && !(precond && isPreconditioningFromWall(timeline, evIdx, t))) {
        // parked and unplugged: the BTMS drains the pack (pre-conditioning from the wall does not)
        thermalFromPack = btmsElec_W;
        powerControl.value_W = thermalFromPack;
        control = powerControl;
      }

      // ---- SoP scoring (truth) ----
      // When the row at t + dt will be recorded, and the pack is not charging and is connected:
      // the BMS's SoP from this cycle (measurements at t) vs the same prediction on the plant's
      // true state and parameters at t (before the plant steps), so both describe one instant;
      // the row at t + dt carries them (on a long park step, the SoP of the step's start).
      if (rec.dueAt(t + dt)) {
        sop10Est_kW = NaN;
        sop10True_kW = NaN;
        if (act.kind !== 'charge' && ctx.mode !== 'charge' && cmds.contactorsClosed) {
          metrics.scoreSop(bms.stateOfPower(), sopTruth());
          sop10Est_kW = metrics.sop10Est_kW;
          sop10True_kW = metrics.sop10True_kW;
        }
      }

      // ---- plant ----
      stepIn.time_s = t;
      stepIn.dt_s = dt;
      stepIn.control = control;
      const limitsOff = cmds.contactorsClosed && t >= protectionFailed_s - 1e-9;
      stepIn.dischargeLimit_A = limitsOff ? Infinity : cmds.dischargeLimit_A;
      stepIn.chargeLimit_A = limitsOff ? Infinity : cmds.chargeLimit_A;
      stepIn.contactorsClosed = cmds.contactorsClosed;
      stepIn.ambient_K = ambient_K;
      stepIn.solar_W_m2 = solar;
      stepIn.heaterToPlate_W = plateHeat_W;
      stepIn.coolingFromPlate_W = plateCool_W;
      stepIn.thermalFromPack = thermalFromPack > 0;
      stepIn.pumpOn = thermal.pumpOn;
      stepIn.airConductance_W_K = thermal.fanOn ? actuators.air.conductance_W_K : 0;
      stepIn.balanceSwitch = cmds.balanceSwitch;
      stepIn.balanceCurrent_A = cmds.balanceCurrent_A;
      for (const ob of observers) ob.beforePlantStep?.(plantStep as PlantStep);
      for (const f of shorts) {
        if (t < f.at_s - 1e-9) continue;
        const grow = f.final_ohm === f.r_ohm ? 1 : Math.min(1, (t - f.at_s) / f.growth_s);
        const r = f.r_ohm * Math.pow(f.final_ohm / f.r_ohm, grow);
        if (r !== f.applied_ohm) {
          pack.injectInternalShort(f.unit, r);
          f.applied_ohm = r;
        }
      }
      const res = pack.step(stepIn);
      for (const ob of observers) ob.afterPlantStep?.(plantStep as PlantStep, res);
      if (pack.shortCount > shortsSeen) {
        // truth: when the first internal short (filament-grown or injected) appeared, and where
        if (metrics.shortOnset === null) metrics.shortOnset = { time_s: t, group: pack.groupOfUnit(pack.lastShortUnit) };
        shortsSeen = pack.shortCount;
      }
      lastCurrent = res.current_A;
      lastVoltage = res.voltage_V;
      // loads on the pack got the share of their demand it delivered (pack.ts powerFraction)
      const share = thermalFromPack > 0 ? res.powerFraction : 1;
      if (share < 1) {
        plateHeat_W *= share;
        plateCool_W *= share;
        btmsElec_W *= share;
        thermalFromPack *= share;
      }
      if (thermalFromPack > 0 && act.kind === 'park') metrics.btmsFromPackParked_J += thermalFromPack * dt;
      // a charge/discharge step the BMS blocks (limit or open contactors) ends, as on a real cycler
      if (act.kind === 'protocol' && pStep) {
        protoLog.add(dt, res.current_A, res.voltage_V);
        const blocked = (pStep.action === 'charge' || pStep.action === 'discharge') && (res.limited || !cmds.contactorsClosed) && Math.abs(res.current_A) < 1e-3 * packCapacity_Ah;
        if (blocked || protocolStepDone(pStep, act, t + dt, res.current_A, res.voltage_V / ns, packCapacity_Ah, loads)) {
          events.push(simEvent(t + dt, blocked ? 'warning' : 'info', 'protocol-step', `step done${blocked ? ' (blocked by the BMS)' : ''}: ${pStep.text}`));
          const byDuration = pStep.duration_s !== null && t + dt - act.stepStart_s >= pStep.duration_s - 1e-9;
          protoLog.end(t + dt, blocked ? 'blocked' : byDuration || (pStep.control.kind === 'profile' && pStep.duration_s === null) ? 'duration' : 'limit');
          act.stepIdx++;
          act.stepStart_s = t + dt;
          if (act.stepIdx >= act.steps.length) {
            protoLog.endPass(t + dt);
            act = park(t + dt, nextEvent);
          } else protoLog.begin(act.stepIdx, act.steps[act.stepIdx], t + dt);
        }
      }
      if (act.kind === 'drive') {
        metrics.driveEnergy_J += res.current_A * res.voltage_V * dt;
        if (res.limited) metrics.limitedDrive_s += dt;
        if (res.powerFraction < STALL_POWER_FRACTION) {
          // (almost) no power from the pack: the car does not follow the trace, it covers no distance
          if (shortfall_s === 0) stall_s = t;
          shortfall_s += dt;
          stallDist_m += speed * dt;
          speed = 0;
          if (shortfall_s >= STALL_TIME_s - 1e-9) {
            const reason = `the pack delivered under ${100 * STALL_POWER_FRACTION} % of the demanded power for ${STALL_TIME_s} s (empty or BMS discharge limit ${cmds.dischargeLimit_A.toFixed(1)} A)`;
            act = strand(act, t + dt, stall_s, reason);
          }
        } else {
          // a stall that ended before stranding: the distance the trace asked for then was not driven
          if (shortfall_s > 0) metrics.distanceNotDriven_m += stallDist_m;
          shortfall_s = 0;
          stallDist_m = 0;
          metrics.distance_m += speed * dt;
          metrics.driveTime_s += dt;
        }
      }
      if (act.kind === 'charge') {
        const pIn = -res.current_A * res.voltage_V;
        if (pIn > 0) act.session.energyIn_kWh += (pIn * dt) / 3.6e6;
        metrics.gridCharge_J += (Math.max(0, pIn) / act.charger.efficiency) * dt;
      }
      const heaterElec = (thermal.heaterPower_W / actuators.heater.efficiency + (thermal.teMode === 1 ? thermal.teElectrical_W : 0)) * share;
      const coolElec = btmsElec_W - heaterElec;
      metrics.heaterElec_J += heaterElec * dt;
      metrics.coolingElec_J += Math.max(0, coolElec) * dt;
      if (thermalFromPack > 0) metrics.btmsFromPack_J += thermalFromPack * dt;
      else metrics.btmsFromGrid_J += btmsElec_W * dt;

      // ---- truth-side scoring and recording ----
      t += dt;
      stepCount++;
      metrics.afterStep(dt, res.current_A, hasFilament);
      if (rec.check(t)) {
        const socTrue = meanGroupSoc(pack);
        for (let k = 0; k < estimates.length; k++) estimates[k] = bms.socEstimate(k);
        metrics.scoreSoc(estimates, socTrue);
        view.time_s = t;
        view.mode = ACTIVITY_CODE[act.kind];
        view.speed_m_s = speed;
        view.current_A = res.current_A;
        view.voltage_V = res.voltage_V;
        view.socTrue = socTrue;
        view.ambient_K = ambient_K;
        view.plateHeat_W = plateHeat_W;
        view.plateCool_W = plateCool_W;
        view.btmsElectrical_W = btmsElec_W;
        view.ccdMargin = metrics.ccdMargin;
        view.sop10Est_kW = sop10Est_kW;
        view.sop10True_kW = sop10True_kW;
        view.cmds = cmds;
        rec.write(view);
      }
      if ((stepCount & (YIELD_EVERY_STEPS - 1)) === 0) {
        let stop = false;
        if ((stepCount & (POLL_EVERY_STEPS - 1)) === 0) {
          o.onProgress?.(t / end_s);
          stop = !!o.shouldStop?.() || observers.some((ob) => ob.shouldStop?.());
        }
        if (!stop) {
          yield;
          // polled again after the pause: the caller's handlers (a Ctrl-C) may have run meanwhile
          stop = !!o.shouldStop?.();
        }
        if (stop) {
          stoppedEarly = true;
          events.push(simEvent(t, 'warning', 'interrupted', 'run interrupted: outputs hold the results up to here'));
          break;
        }
      }
    }
    if (act.kind === 'charge') closeSession(act, t, false);
  } catch (e) {
    // bad input, or an output that cannot be written (the sink's error): not a numerical failure of the run
    if (e instanceof InputError || (e !== undefined && e === rec.sinkError)) throw e;
    error = e instanceof Error ? e : new Error(String(e));
    if (!(e instanceof NumericalError)) error = new NumericalError(error.message, { time_s: t });
  }
  if (act.kind === 'protocol') protoLog.endPass(t);
  return { time_s: t, steps: stepCount, events, sessions, stoppedEarly, error, protocol: protoLog.results() };
}

/**
 * Steps between two progress reports and two polls of the observers' `shouldStop` (a power of 2;
 * studies stop at these steps, so changing it moves their results).
 */
const POLL_EVERY_STEPS = 4096;
/**
 * Steps between two pauses of the async driver, after each of which the caller's `shouldStop` is
 * polled (a power of 2). Assumed: a large pack's step takes up to ~1 ms on a loaded machine, so a
 * Ctrl-C is seen within about a quarter of a second.
 */
const YIELD_EVERY_STEPS = 256;

/**
 * A drive whose pack delivers less than this share of the demanded power (traction, auxiliaries,
 * BTMS) covers no distance in that step, and after STALL_TIME_s of it in a row the drive is
 * stranded. Assumed: 10 % of the demand for 30 s tells an empty pack (BMS discharge limit ≈ 0) from
 * a cold or hot derate, which cuts the peaks of an acceleration but leaves cruise power.
 */
const STALL_POWER_FRACTION = 0.1;
const STALL_TIME_s = 30;
const THERMAL_OFF: ThermalCommand = makeThermalCommand();

function anyOn(a: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === 1) return true;
  return false;
}

function anyNonZero(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return true;
  return false;
}
