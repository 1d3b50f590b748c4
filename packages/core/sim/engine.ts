/**
 * The one place that wires plant + sensing + BMS + BTMS + loads + schedule + clock → result.
 *
 * Each step: the plant's sensed quantities go through the sensor model; the BMS sees only those
 * measurements and returns commands; the BTMS decides heating/cooling from the same measurements;
 * the vehicle/charger turns the schedule into a power or current request; the pack steps. The
 * truth is read afterwards, only to score the BMS and to write the outputs.
 *
 * Steps: `step_s` while driving or charging, `park_step_s` while parked (the RC, ageing and
 * thermal updates are exact or implicit, so long steps are stable), shortened to 60 s while the
 * heater or cooler runs or balancing is on, and never across the start of an event.
 */
import type { Scenario, ScenarioEvent } from './scenario.js';
import type { CellParams } from '../physics/cell-params.js';
import { buildCellModel, type CellModel } from '../physics/cell.js';
import { Pack, DEFAULT_PACK_THERMAL, DEFAULT_VARIATION, restStepInput, type PackControl, type PackStepInput } from '../pack/pack.js';
import { Rng } from '../numerics/rng.js';
import { ecmFromCell, resistanceSplitFromCell } from './ecm-from-cell.js';
import type { EcmModel } from '../bms/types.js';
import { DEFAULT_SENSORS, type SensedTruth } from '../sensing/centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';
import { BaselineBms, groupModelFromCell } from '../bms/baseline.js';
import { buildTopology, tempSensorsPerModuleFor, topologyRow } from '../sensing/topology.js';
import { TopologySensing } from '../sensing/faults.js';
import { defaultPlausibility } from '../bms/diag/plausibility.js';
import { nextFaultStart, scoreSensorFaults, sensorFaultsOf } from './sensor-faults.js';
import { defaultProtectionLimits, validateProtectionLimits, type LimitTier, type ProtectionLimits, type ProtectionQuantity, type TierLimits } from '../bms/safety/limits.js';
import { DEFAULT_PASSIVE_BALANCING, type PassiveBalancingConfig } from '../bms/balancing/passive.js';
import { DEFAULT_ACTIVE_BALANCING, type ActiveBalancingConfig } from '../bms/balancing/active.js';
import { CcCvChargeController, DEFAULT_CHARGE_CONTROL, type ChargeControlConfig } from '../bms/charge/cccv.js';
import { makeSopResult, packSop, SOP_HORIZONS_S, type HorizonThevenin, type SopResult } from '../bms/estimation/sop.js';
import type { BmsCommands, BmsContext } from '../bms/types.js';
import { defaultReactionTable, type ProtectionEvent, type ReactionTable } from '../bms/diag/react.js';
import type { ThermostatConfig } from '../btms/thermostat.js';
import { DEFAULT_ACTUATORS, hardwareActuators, isHeating, makeThermalCommand, thermoelectricCop, withoutHeating } from '../btms/actuators.js';
import type { BtmsTempModel } from '../btms/ml.js';
import { createBtmsController } from '../btms/registry.js';
import type { BtmsController, BtmsForecast, BtmsInputs, ThermalCommand, ThermalActuatorsConfig } from '../btms/types.js';
import { makeClimate, TORONTO_MONTHLY, type ClimateSpec } from '../loads/climate.js';
import { DEFAULT_VEHICLE, batteryPowerForWheel_W, hvacPower_W, wheelPower_W, validateVehicle, type VehicleParams } from '../loads/vehicle.js';
import { sampleTrace, traceDuration_s, concatTraces, type SpeedTrace } from '../loads/epa.js';
import { parseProtocol, type ProtocolStep } from '../loads/protocol.js';
import { chargerCurrent_A, CHARGERS, type ChargerSpec } from '../loads/charger.js';
import { criticalCurrentDensity_A_m2 } from '../physics/filament/ccd.js';
import { InputError, NumericalError } from '../errors.js';
import { cToK, kToC } from '../units/index.js';

export interface ColumnSpec {
  name: string;
  unit: string;
}

/** Where recorded rows go (the CLI streams them to CSV/Arrow; tests may keep them in memory). */
export interface RecordSink {
  append(row: Float64Array): void;
}

export interface RunOptions {
  scenario: Scenario;
  cell: CellParams;
  /**
   * The plant's cell model when it is not built from `cell` (a fitted model file: `cellModelFromEcmFile`);
   * `cell` must then be its `params`.
   */
  cellModel?: CellModel;
  /** The BMS's nominal model when it is not `ecmFromCell(cell)` (a fitted model file: `ecmFromModelFile`). */
  ecm?: EcmModel;
  /** Drive traces by the names used in the schedule (upper-case EPA names or file names). */
  traces: Record<string, SpeedTrace>;
  sink?: RecordSink | null;
  onProgress?: (fraction: number) => void;
  /** Polled every few thousand steps; return true to stop early (Ctrl-C). Partial results are kept. */
  shouldStop?: () => boolean;
  /** Keep every recorded row in memory (tests). */
  keepRows?: boolean;
  /** The learned temperature model for `btms.controller: ml` (loaded by the io layer). */
  btmsModel?: BtmsTempModel;
  /** Build the BTMS controller instead of the scenario's choice (training runs). */
  makeBtms?: (actuators: ThermalActuatorsConfig, thermostat: ThermostatConfig) => BtmsController;
  /** Perturb the plant's truth before the run (used by the test that proves the BMS never reads it). */
  configurePack?: (pack: Pack) => void;
  /** Stop the run at this time [s] (default: the end of the schedule's last day). */
  endTime_s?: number;
  /** Perturb the plant's truth before each step (truth-side fault injection: internal shorts in fault campaigns). */
  perturbPlant?: (time_s: number, pack: Pack) => void;
}

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

export interface SimResult {
  metrics: Record<string, unknown>;
  columns: ColumnSpec[];
  /** Decimated in-memory series for the report (every `reportEvery_s`). */
  reportRows: Float64Array[];
  rows: Float64Array[] | null;
  events: { time_s: number; severity: 'info' | 'warning' | 'fault'; text: string }[];
  chargeSessions: ChargeSession[];
  stoppedEarly: boolean;
  error: Error | null;
  pack: Pack;
}

interface Activity {
  kind: 'park' | 'drive' | 'charge' | 'protocol';
  steps?: ProtocolStep[];
  stepIdx?: number;
  stepStart_s?: number;
  event: ScenarioEvent | null;
  start_s: number;
  end_s: number;
  trace: SpeedTrace | null;
  charger: ChargerSpec | null;
}

interface TimedEvent {
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

export function vehicleOf(s: Scenario, file = 'scenario'): VehicleParams {
  const v = s.vehicle as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_VEHICLE));
  for (const k of Object.keys(v)) if (!known.has(k)) throw new InputError(`unknown vehicle field; known: ${[...known].join(', ')}`, { file, field: `vehicle.${k}`, value: v[k] });
  const hv = (v.hvac ?? {}) as Record<string, unknown>;
  const p: VehicleParams = { ...DEFAULT_VEHICLE, ...(v as Partial<VehicleParams>), hvac: { ...DEFAULT_VEHICLE.hvac, ...(hv as Partial<VehicleParams['hvac']>) } };
  validateVehicle(p, file);
  return p;
}

/** Columns recorded every `outputs.record_every_s`. */
export function recordColumns(estimators: string[]): ColumnSpec[] {
  const cols: ColumnSpec[] = [
    { name: 'time_s', unit: 's' },
    { name: 'mode', unit: '0 park, 1 drive, 2 charge, 3 protocol' },
    { name: 'speed_km_h', unit: 'km/h' },
    { name: 'pack_current_A', unit: 'A' },
    { name: 'pack_voltage_V', unit: 'V' },
    { name: 'pack_power_kW', unit: 'kW' },
    { name: 'soc_true', unit: '-' },
  ];
  for (const e of estimators) cols.push({ name: `soc_${e}`, unit: '-' });
  cols.push(
    { name: 'cell_temp_min_C', unit: '°C' },
    { name: 'cell_temp_max_C', unit: '°C' },
    { name: 'cell_temp_mean_C', unit: '°C' },
    { name: 'plate_temp_C', unit: '°C' },
    { name: 'ambient_C', unit: '°C' },
    { name: 'heater_W', unit: 'W' },
    { name: 'cooling_W', unit: 'W' },
    { name: 'btms_electrical_W', unit: 'W' },
    { name: 'balancing_W', unit: 'W' },
    { name: 'balancing_groups', unit: '-' },
    { name: 'group_voltage_min_V', unit: 'V' },
    { name: 'group_voltage_max_V', unit: 'V' },
    { name: 'pressure_mean_MPa', unit: 'MPa' },
    { name: 'filament_damage_max', unit: '-' },
    { name: 'charge_limit_A', unit: 'A' },
    { name: 'discharge_limit_A', unit: 'A' },
    { name: 'contactors_closed', unit: '-' },
    { name: 'capacity_retention_pct', unit: '%' },
    { name: 'ccd_margin_min', unit: 'CCD / j (charging)' },
    { name: 'short_leak_est_max_A', unit: 'A (BMS estimate, largest group)' },
    { name: 'short_leak_true_A', unit: 'A (truth, total over shorted cells)' },
    { name: 'hot_spot_est_max_C', unit: '°C (BMS virtual sensor)' },
    { name: 'sop_discharge_10s_kW', unit: 'kW (BMS estimate)' },
    { name: 'sop_discharge_10s_true_kW', unit: 'kW (truth)' },
  );
  return cols;
}

export function runSimulation(opts: RunOptions): SimResult {
  const s = opts.scenario;
  const cell: CellModel = opts.cellModel ?? buildCellModel(opts.cell);
  const rng = new Rng(s.seed);
  const climate = makeClimate(climateSpecOf(s));
  const vehicle = vehicleOf(s);
  const startTemp_K = s.pack.initial_temp_C !== undefined ? cToK(s.pack.initial_temp_C) : climate.ambient_K(0);
  // the pack's thermal design (the plant is built from it; the BMS's hot-spot and cooling checks use its nominal values)
  const packThermal = { ...DEFAULT_PACK_THERMAL, ...stripUndefined(s.pack.thermal) };
  const pack = new Pack(
    cell,
    {
      seriesCount: s.pack.series,
      parallelCount: s.pack.parallel,
      segmentsPerCell: s.pack.segments_per_cell,
      groupsPerModule: s.pack.groups_per_module,
      initialSoc: s.pack.initial_soc,
      initialTemp_K: startTemp_K,
      variation: { ...DEFAULT_VARIATION, ...stripUndefined(s.pack.variation) },
      thermal: packThermal,
      housingMass_kg: s.pack.housing_mass_kg,
    },
    rng.fork('pack'),
  );
  opts.configurePack?.(pack);
  const ns = pack.ns;
  const np = pack.np;
  const packCapacity_Ah = (cell.capacity_As * np) / 3600;

  // ---- sensing and BMS (nominal model only) ----
  const sensorsCfg = {
    ...DEFAULT_SENSORS,
    ...stripUndefined({
      voltageNoise_V: mv(s.sensors.voltage_noise_mV),
      voltageResolution_V: mv(s.sensors.voltage_resolution_mV),
      currentNoise_A: s.sensors.current_noise_A,
      currentOffset_A: s.sensors.current_offset_A,
      currentGainError: s.sensors.current_gain_error,
      tempNoise_K: s.sensors.temp_noise_K,
      tempSensorsPerModule: s.sensors.temp_sensors_per_module,
    }),
  };
  sensorsCfg.tempSensorsPerModule = tempSensorsPerModuleFor(s.bms.topology, s.pack.groups_per_module, sensorsCfg.tempSensorsPerModule);
  const layout = makeSensorLayout(ns, np, s.pack.groups_per_module, sensorsCfg.tempSensorsPerModule);
  // the measurement path of the chosen topology, with the scenario's injected faults
  const topology = buildTopology(s.bms.topology, layout);
  const sensorFaults = sensorFaultsOf(s);
  const sensing = new TopologySensing(layout, sensorsCfg, topology, sensorFaults, rng.fork('sensors'));
  const ecm = opts.ecm ?? ecmFromCell(cell);
  const win = cell.params.thermal.window_C;
  const limits = withLimitOverrides(cellLimits(ecm, cell, np, s.bms.protection), s.bms.limits);
  const reactions = withReactionOverrides(defaultReactionTable(), s.bms.reactions);
  const charge: ChargeControlConfig = {
    ...DEFAULT_CHARGE_CONTROL,
    // fast-charge capable profile (the charger's own steps and the CCD limit bound it further):
    // multi-step 2C → 1.5C → 1C → 0.5C by SoC, and a temperature derate reaching 2C at 25–45 °C
    // (step-wise CC fast-charge protocols reviewed by Tomaszewska et al., eTransportation 1 (2019) 100011)
    ccSteps: [
      { socBelow: 0.5, cRate: 2 },
      { socBelow: 0.7, cRate: 1.5 },
      { socBelow: 0.8, cRate: 1 },
      { socBelow: Infinity, cRate: 0.5 },
    ],
    tempDerate: { temp_K: [cToK(0), cToK(10), cToK(25), cToK(45)], cRateMax: [0.1, 0.5, 2, 2] },
    // pre-heat before charging below the bottom of the cell's window (or as the scenario says), for 5 K
    preheatBelow_K: cToK(s.bms.preheat_below_C ?? win.min),
    preheatUntil_K: cToK((s.bms.preheat_below_C ?? win.min) + 5),
    ccdChargeLimit_A: cell.filament && s.bms.ccd_derating ? ccdGroupLimit(cell, np, s.bms.ccd_safety_factor) : undefined,
  };
  // ---- BTMS actuators (the BMS's cooling check needs their design data) ----
  const hw = hardwareActuators(s.btms.hardware);
  const actuators: ThermalActuatorsConfig = {
    ...hw,
    heater: { ...hw.heater, ...stripUndefined({ maxPower_W: hw.heater.maxPower_W > 0 ? s.btms.heater_power_W : undefined }) },
    liquidPlate: { ...hw.liquidPlate, ...stripUndefined({ maxCooling_W: hw.liquidPlate.maxCooling_W > 0 ? s.btms.cooling_power_W : undefined, chillerCOP: s.btms.chiller_cop, pumpPower_W: s.btms.pump_power_W }) },
  };
  void DEFAULT_ACTUATORS;
  const cellsToCoolant_W_K = pack.nCells * packThermal.plateContactFlowing_W_m2K * cell.params.geometry.coolingArea_cm2 * 1e-4;
  const bms = new BaselineBms({
    layout,
    model: ecm,
    estimators: s.bms.estimators,
    limits,
    balancing: balancingConfig(s, ecm),
    ...(s.bms.balancing.strategy === 'bottom' && s.bms.balancing.capacity_source === 'end-of-line' ? { groupCapacity_As: endOfLineCapacity_As(pack, rng.fork('end-of-line')) } : {}),
    charge,
    // Coulomb counting re-initialises from OCV after an hour at rest (bms.md), so offset drift is bounded
    estimatorOptions: { coulomb: { restRecalibrate_s: 3600 } },
    ...(s.bms.initial_soc_guess !== undefined ? { initialSocGuess: s.bms.initial_soc_guess } : {}),
    ...(s.bms.plausibility
      ? { plausibility: defaultPlausibility(ecm.vMin_V, ecm.vMax_V, ns, limits) }
      : {}),
    reactions,
    // hot-spot virtual sensor from the cell's nominal thermal design (not the plant's state)
    hotSpot: nominalCellThermal(cell, packThermal),
    // SoH / SoP: the nominal bulk/interface split of the cell (datasheet parameters) for the
    // SSB-specific resistance split; everything else at the monitor's documented defaults
    health: { resistanceSplit: resistanceSplitFromCell(cell) },
    // cooling check from design data: cells-to-coolant conductance (pumped), the chiller's limit
    ...(actuators.liquidPlate.maxCooling_W > 0 && cellsToCoolant_W_K > 0
      ? {
          coolingMonitor: {
            cellsToCoolant_W_K,
            chillerConductance_W_K: actuators.liquidPlate.plateConductance_W_K,
            minCoolant_K: actuators.liquidPlate.minCoolant_C + 273.15,
          },
        }
      : {}),
  });
  // ---- SoP / SoH truth (scoring only) ----
  const sopTruth = makeSopTruth(pack, ecm, limits, charge, layout.tempSensorGroup.length);
  const sopSq = new Float64Array(SOP_HORIZONS_S.length * 2);
  const sopN = new Float64Array(SOP_HORIZONS_S.length * 2);
  let sopSamples = 0;
  let sop10Est_kW = NaN;
  let sop10True_kW = NaN;
  const bleed_ohm = s.bms.balancing.resistor_ohm ?? DEFAULT_PASSIVE_BALANCING.resistor_ohm;
  const balanceEfficiency = s.bms.balancing.efficiency ?? DEFAULT_ACTIVE_BALANCING.efficiency;

  const thermo = {
    // thermostat band from the cell's operating window
    heatOn_K: cToK(win.min),
    heatOff_K: cToK(win.min + 5),
    coolOn_K: cToK(win.max),
    coolOff_K: cToK(win.max - 5),
    ...stripUndefined({
      heatOn_K: c2k(s.btms.heat_on_C),
      heatOff_K: c2k(s.btms.heat_off_C),
      coolOn_K: c2k(s.btms.cool_on_C),
      coolOff_K: c2k(s.btms.cool_off_C),
    }),
  };
  let packHeatCapacity_J_K = pack.config.thermal.plateHeatCapacity_J_K;
  for (let u = 0; u < pack.nUnits; u++) packHeatCapacity_J_K += pack.unitHeatCap_J_K[u];
  // before a DC fast charge: warm to where the charge derate allows 2C (25 °C, see tempDerate below), inside the window
  const fastChargeTarget_K = Math.min(cToK(25), thermo.coolOff_K - 2);
  const btms: BtmsController | null = opts.makeBtms
    ? opts.makeBtms(actuators, thermo)
    : createBtmsController(s.btms.controller, actuators, thermo, { horizon_min: s.btms.horizon_min, packHeatCapacity_J_K, fastChargeTarget_K, model: opts.btmsModel, modelFile: s.btms.model });
  const window_K: [number, number] = [thermo.heatOn_K, thermo.coolOn_K];

  // ---- schedule ----
  const timeline = expandSchedule(s);
  // what a navigation/calendar system knows in advance: the schedule and the weather forecast
  const forecast: BtmsForecast = {
    nextEvent(time_s: number) {
      let lo = 0;
      let hi = timeline.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (timeline[mid].start_s <= time_s + 1e-9) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= timeline.length) return null;
      const e = timeline[lo];
      const kind = e.event.drive ? 'drive' : e.event.charge ? 'charge' : 'protocol';
      const fastCharge = !!e.event.charge && (CHARGERS[e.event.charge.charger]?.maxPower_W ?? 0) >= 50e3;
      return { start_s: e.start_s, kind, fastCharge };
    },
    ambient_K: (time_s: number) => climate.ambient_K(time_s),
  };
  const end_s = Math.min(s.schedule.days * 86400, opts.endTime_s ?? Infinity);
  const traceFor = (e: ScenarioEvent): SpeedTrace => {
    const parts = (e.drive ?? []).map((n) => {
      const t = opts.traces[n] ?? opts.traces[n.toUpperCase()];
      if (!t) throw new InputError(`unknown drive cycle; available: ${Object.keys(opts.traces).join(', ')}`, { field: 'schedule.events.drive', value: n });
      return t;
    });
    return parts.length === 1 ? parts[0] : concatTraces(e.drive!.join('+'), parts, 0);
  };

  // ---- recording ----
  const estNames = s.bms.estimators;
  /** The estimators' pack SoCs at a recorded row (reused). */
  const estNow = new Float64Array(estNames.length);
  const columns = recordColumns(estNames);
  const row = new Float64Array(columns.length);
  const recordEvery = s.outputs.record_every_s;
  const reportEvery = Math.max(recordEvery, end_s / 20000);
  const reportRows: Float64Array[] = [];
  const rows: Float64Array[] | null = opts.keepRows ? [] : null;
  let nextRecord = 0;
  let nextReport = 0;

  // ---- accumulators ----
  const events: SimResult['events'] = [];
  const sessions: ChargeSession[] = [];
  const socSqErr: Record<string, number> = {};
  const socMaxErr: Record<string, number> = {};
  for (const e of estNames) {
    socSqErr[e] = 0;
    socMaxErr[e] = 0;
  }
  let socSamples = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  let outsideWindow_s = 0;
  let heaterElec_J = 0;
  let coolingElec_J = 0;
  let btmsFromPack_J = 0;
  let btmsFromGrid_J = 0;
  let gridCharge_J = 0;
  let distance_m = 0;
  let driveEnergy_J = 0;
  let driveTime_s = 0;
  let limitedDrive_s = 0;
  let pMin = Infinity;
  let pMax = -Infinity;
  let ccdMarginMin = Infinity;
  let vGroupMax = -Infinity;
  let plugged = false;
  let stranded = 0;

  let evIdx = 0;
  let act: Activity = { kind: 'park', event: null, start_s: 0, end_s: timeline.length ? timeline[0].start_s : end_s, trace: null, charger: null };
  let session: ChargeSession | null = null;
  let t = 0;
  let cmds: BmsCommands | null = null;
  let thermal: ThermalCommand = makeThermalCommand();
  let plateHeat_W = 0;
  let plateCool_W = 0;
  /** The BTMS's electrical draw this step [W] (the commanded one, less a chiller held at its floor). */
  let btmsElec_W = 0;
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
  let error: Error | null = null;
  let stoppedEarly = false;
  let stepCount = 0;
  const perGroup = np * pack.nseg;
  const plantFaults: { at_s: number; unit: number; r_ohm: number; final_ohm: number; growth_s: number; applied_ohm: number }[] = [];
  // windows [start, end) in which the chiller delivers nothing (plant_faults kind cooling-loss)
  const chillerDown: { at_s: number; end_s: number }[] = [];
  s.plant_faults.forEach((f, i) => {
    if (f.kind === 'cooling-loss') {
      chillerDown.push({ at_s: f.at, end_s: f.duration_h === undefined ? Infinity : f.at + f.duration_h * 3600 });
      return;
    }
    if (f.group > ns) throw new InputError(`group out of range (the pack has ${ns} series groups)`, { field: `plant_faults.${i}.group`, value: f.group });
    plantFaults.push({ at_s: f.at, unit: (f.group - 1) * perGroup, r_ohm: f.resistance_ohm, final_ohm: f.final_resistance_ohm ?? f.resistance_ohm, growth_s: f.growth_h * 3600, applied_ohm: NaN });
  });
  let shortsSeen = pack.shortCount;
  let shortOnset: { time_s: number; group: number } | null = null;

  // initial rest voltages: a zero-current solve gives the plant's terminal voltages
  pack.step(restStepInput(0, 1e-3, truth.ambient_K));
  lastVoltage = pack.terminalVoltage_V();

  // Per-step objects reused across steps (the hot loop allocates nothing on a normal step).
  const REST: PackControl = { kind: 'rest' };
  const powerControl = { kind: 'power' as const, value_W: 0 };
  const currentControl = { kind: 'current' as const, value_A: 0 };
  const stepIn: PackStepInput = { ...restStepInput(0, 1, truth.ambient_K), control: REST, bleed_ohm, balanceCurrent_A: null, balanceEfficiency };
  let btmsIn: BtmsInputs | null = null;

  const closeSession = (now: number, complete: boolean) => {
    if (!session) return;
    session.end_s = now;
    session.duration_s = now - session.start_s;
    session.complete = complete;
    session.socEnd = meanGroupSoc(pack);
    sessions.push(session);
    events.push({ time_s: now, severity: 'info', text: `charge session ${complete ? 'complete' : 'ended (time limit)'}: SoC ${(session.socStart * 100).toFixed(1)} → ${(session.socEnd * 100).toFixed(1)} %, ${(session.duration_s / 60).toFixed(1)} min` });
    session = null;
  };

  try {
    while (t < end_s - 1e-9) {
      // ---- activity transitions ----
      if (act.kind !== 'park' && t >= act.end_s - 1e-9) {
        if (act.kind === 'charge') closeSession(t, false);
        act = { kind: 'park', event: null, start_s: t, end_s: evIdx < timeline.length ? timeline[evIdx].start_s : end_s, trace: null, charger: null };
      }
      while (evIdx < timeline.length && timeline[evIdx].start_s <= t + 1e-9) {
        const te = timeline[evIdx++];
        const e = te.event;
        if (act.kind === 'charge') closeSession(t, false);
        if (e.drive) {
          const tr = traceFor(e);
          const est = bms.socEstimate(0);
          if (est < 0.05 || (cmds && !cmds.contactorsClosed)) {
            events.push({ time_s: t, severity: 'warning', text: `drive ${tr.name} skipped: ${cmds && !cmds.contactorsClosed ? 'contactors open' : 'state of charge below 5 %'}` });
            act = { kind: 'park', event: null, start_s: t, end_s: evIdx < timeline.length ? timeline[evIdx].start_s : end_s, trace: null, charger: null };
            continue;
          }
          plugged = false;
          act = { kind: 'drive', event: e, start_s: t, end_s: Math.min(end_s, t + traceDuration_s(tr)), trace: tr, charger: null };
        } else if (e.protocol) {
          plugged = false;
          act = { kind: 'protocol', event: e, start_s: t, end_s: end_s, trace: null, charger: null, steps: parseProtocol(e.protocol), stepIdx: 0, stepStart_s: t };
        } else if (e.charge) {
          const ch = CHARGERS[e.charge.charger];
          if (!ch) throw new InputError(`unknown charger; known: ${Object.keys(CHARGERS).join(', ')}`, { field: 'schedule.events.charge.charger', value: e.charge.charger });
          let until = t + e.charge.max_duration_h * 3600;
          if (e.charge.until !== undefined) {
            const dayStart = Math.floor(t / 86400) * 86400;
            let u = dayStart + e.charge.until;
            if (u <= t) u += 86400;
            until = Math.min(until, u);
          }
          plugged = true;
          act = { kind: 'charge', event: e, start_s: t, end_s: Math.min(end_s, until), trace: null, charger: ch };
          session = { start_s: t, end_s: t, duration_s: 0, complete: false, socStart: meanGroupSoc(pack), socEnd: 0, energyIn_kWh: 0, preheat_s: 0 };
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
        const ps = act.kind === 'protocol' ? act.steps![act.stepIdx!] : null;
        if (ps && ps.duration_s !== null) dt = Math.min(dt, Math.max(1e-6, act.stepStart_s! + ps.duration_s - t));
      }
      dt = Math.min(dt, nextFaultStart(sensorFaults, t) - t);
      for (const f of plantFaults) if (f.at_s > t + 1e-9) dt = Math.min(dt, f.at_s - t);
      for (const w of chillerDown) {
        if (w.at_s > t + 1e-9) dt = Math.min(dt, w.at_s - t);
        else if (w.end_s > t + 1e-9) dt = Math.min(dt, w.end_s - t);
      }
      // while an injected short hardens, its resistance is updated at least every minute
      if (plantFaults.length > 0 && plantFaults.some((f) => t >= f.at_s && t < f.at_s + f.growth_s && f.final_ohm !== f.r_ohm)) dt = Math.min(dt, 60);
      if (dt < 1e-6) dt = 1e-6;

      // ---- context ----
      const pStep = act.kind === 'protocol' ? act.steps![act.stepIdx!] : null;
      const ambient_K = pStep?.temp_K ?? climate.ambient_K(t);
      const solar = climate.solar_W_m2(t);
      ctx.mode = pStep ? (pStep.action === 'charge' || pStep.action === 'hold' ? 'charge' : pStep.action === 'rest' ? 'park' : 'drive') : act.kind === 'protocol' ? 'park' : act.kind;
      ctx.pluggedIn = plugged;
      ctx.chargerMaxCurrent_A = act.charger ? act.charger.maxCurrent_A : 0;
      ctx.chargerMaxPower_W = act.charger ? act.charger.maxPower_W : 0;
      ctx.chargeTargetSoc = act.event?.charge?.target_soc ?? 0.9;
      // the BTMS's cooling command of the last interval (what the BMS's cooling check compares with)
      ctx.coolingCommand_W = thermal.coolingPower_W + (thermal.teMode === -1 ? thermal.teElectrical_W : 0);
      ctx.btmsElectrical_W = btmsElec_W;

      // ---- sensing → BMS → BTMS (measurements only) ----
      truth.time_s = t;
      truth.packCurrent_A = lastCurrent;
      truth.packVoltage_V = lastVoltage;
      truth.coolant_K = pack.plateTemp_K;
      truth.ambient_K = ambient_K;
      for (let g = 0; g < ns; g++) truth.groupTemp_K[g] = pack.temp_K[g * perGroup];
      const meas = sensing.sample(truth);
      cmds = bms.step(meas, ctx, dt);
      const precond = isPreconditioning(timeline, evIdx, t);
      const preheat = cmds.preheatRequest || precond;
      if (btms) {
        if (btmsIn === null) btmsIn = { time_s: t, meas, ctx, preheatRequest: preheat, forecast };
        btmsIn.time_s = t;
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
      // heat moved at the plate: resistive heater and chiller as commanded; the thermoelectric
      // unit's heat from its COP at the plant's plate and outside temperatures
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
      if (act.kind === 'drive' && act.trace) {
        const tr = sampleTrace(act.trace, t - act.start_s + dt / 2);
        speed = tr.speed_m_s;
        const wheel = wheelPower_W(tr.speed_m_s, tr.accel_m_s2, 0, vehicle);
        const batt = batteryPowerForWheel_W(wheel, tr.speed_m_s, vehicle).battery_W;
        const aux = vehicle.auxiliaryBase_W + hvacPower_W(ambient_K, solar, vehicle);
        thermalFromPack = btmsElec_W;
        powerControl.value_W = batt + aux + thermalFromPack;
        control = powerControl;
        distance_m += tr.speed_m_s * dt;
        driveTime_s += dt;
      } else if (act.kind === 'charge' && act.charger) {
        const est = bms.socEstimate(0);
        const req = Math.min(chargerCurrent_A(act.charger, est, Math.max(lastVoltage, 1), packCapacity_Ah), cmds.chargeRequest_A);
        currentControl.value_A = -Math.max(0, req);
        control = currentControl;
        if (cmds.preheatRequest && session) session.preheat_s += dt;
        if (cmds.chargeComplete || (est >= ctx.chargeTargetSoc && !cmds.preheatRequest && req === 0)) {
          closeSession(t, true);
          act = { kind: 'park', event: null, start_s: t, end_s: nextEvent, trace: null, charger: null };
          control = REST;
        }
      } else if (pStep) {
        control = protocolControl(pStep, packCapacity_Ah, ns);
        if (pStep.control.kind === 'profile') {
          const tr = opts.traces[pStep.control.name] ?? opts.traces[pStep.control.name.toUpperCase()];
          const sp = sampleTrace(tr, t - act.stepStart_s! + dt / 2);
          speed = sp.speed_m_s;
          const batt = batteryPowerForWheel_W(wheelPower_W(sp.speed_m_s, sp.accel_m_s2, 0, vehicle), sp.speed_m_s, vehicle).battery_W;
          powerControl.value_W = batt + vehicle.auxiliaryBase_W;
          control = powerControl;
          distance_m += sp.speed_m_s * dt;
        }
      } else if (!plugged && btmsElec_W > 0) {
        thermalFromPack = btmsElec_W;
        powerControl.value_W = thermalFromPack;
        control = powerControl;
      }

      // ---- SoP scoring (truth) ----
      // When the row at t + dt will be recorded, and the pack is not charging and is connected:
      // the BMS's SoP from this cycle (measurements at t) vs the same prediction on the plant's
      // true state and parameters at t (before the plant steps), so both describe one instant;
      // the row at t + dt carries them (on a long park step, the SoP of the step's start).
      if (t + dt >= nextRecord - 1e-9 || t + dt >= nextReport - 1e-9) {
        sop10Est_kW = NaN;
        sop10True_kW = NaN;
        if (act.kind !== 'charge' && ctx.mode !== 'charge' && cmds.contactorsClosed) {
          const est = bms.stateOfPower();
          const tru = sopTruth();
          if (est.length === tru.length) {
            let used = false;
            for (let h = 0; h < tru.length; h++) {
              if (tru[h].horizon_s === 10) {
                sop10Est_kW = est[h].dischargePower_W / 1000;
                sop10True_kW = tru[h].dischargePower_W / 1000;
              }
              // relative errors where the true power is not ~0 (e.g. no charge below 0 °C)
              if (tru[h].dischargePower_W > 1) {
                const ed = (est[h].dischargePower_W - tru[h].dischargePower_W) / tru[h].dischargePower_W;
                sopSq[2 * h] += ed * ed;
                sopN[2 * h]++;
              }
              if (tru[h].chargePower_W > 1) {
                const ec = (est[h].chargePower_W - tru[h].chargePower_W) / tru[h].chargePower_W;
                sopSq[2 * h + 1] += ec * ec;
                sopN[2 * h + 1]++;
              }
              used = true;
            }
            if (used) sopSamples++;
          }
        }
      }

      // ---- plant ----
      stepIn.time_s = t;
      stepIn.dt_s = dt;
      stepIn.control = control;
      stepIn.dischargeLimit_A = cmds.dischargeLimit_A;
      stepIn.chargeLimit_A = cmds.chargeLimit_A;
      stepIn.contactorsClosed = cmds.contactorsClosed;
      stepIn.ambient_K = ambient_K;
      stepIn.solar_W_m2 = solar;
      stepIn.heaterToPlate_W = plateHeat_W;
      stepIn.coolingFromPlate_W = plateCool_W;
      stepIn.pumpOn = thermal.pumpOn;
      stepIn.airConductance_W_K = thermal.fanOn ? actuators.air.conductance_W_K : 0;
      stepIn.balanceSwitch = cmds.balanceSwitch;
      stepIn.balanceCurrent_A = cmds.balanceCurrent_A;
      opts.perturbPlant?.(t, pack);
      for (const f of plantFaults) {
        if (t < f.at_s - 1e-9) continue;
        const grow = f.final_ohm === f.r_ohm ? 1 : Math.min(1, (t - f.at_s) / f.growth_s);
        const r = f.r_ohm * Math.pow(f.final_ohm / f.r_ohm, grow);
        if (r !== f.applied_ohm) {
          pack.injectInternalShort(f.unit, r);
          f.applied_ohm = r;
        }
      }
      const res = pack.step(stepIn);
      if (pack.shortCount > shortsSeen) {
        // truth: when the first internal short (filament-grown or injected) appeared, and where
        if (shortOnset === null) shortOnset = { time_s: t, group: pack.groupOfUnit(pack.lastShortUnit) };
        shortsSeen = pack.shortCount;
      }
      lastCurrent = res.current_A;
      lastVoltage = res.voltage_V;
      // a charge/discharge step the BMS blocks (limit or open contactors) ends, as on a real cycler
      const blocked = pStep !== null && (pStep.action === 'charge' || pStep.action === 'discharge') && (res.limited || !cmds.contactorsClosed) && Math.abs(res.current_A) < 1e-3 * packCapacity_Ah;
      if (pStep && (blocked || protocolStepDone(pStep, act, t + dt, res.current_A, res.voltage_V / ns, packCapacity_Ah, opts.traces))) {
        events.push({ time_s: t + dt, severity: blocked ? 'warning' : 'info', text: `step done${blocked ? ' (blocked by the BMS)' : ''}: ${pStep.text}` });
        act.stepIdx!++;
        act.stepStart_s = t + dt;
        if (act.stepIdx! >= act.steps!.length) act = { kind: 'park', event: null, start_s: t + dt, end_s: nextEvent, trace: null, charger: null };
      }
      if (act.kind === 'drive') {
        driveEnergy_J += res.current_A * res.voltage_V * dt;
        if (res.limited) limitedDrive_s += dt;
        if (!cmds.contactorsClosed) {
          stranded++;
          events.push({ time_s: t, severity: 'fault', text: 'vehicle stranded: contactors opened while driving' });
          act = { kind: 'park', event: null, start_s: t, end_s: nextEvent, trace: null, charger: null };
        }
      }
      if (act.kind === 'charge' && act.charger) {
        const pIn = -res.current_A * res.voltage_V;
        if (session && pIn > 0) session.energyIn_kWh += (pIn * dt) / 3.6e6;
        gridCharge_J += (Math.max(0, pIn) / act.charger.efficiency) * dt;
      }
      const heaterElec = thermal.heaterPower_W / actuators.heater.efficiency + (thermal.teMode === 1 ? thermal.teElectrical_W : 0);
      const coolElec = btmsElec_W - heaterElec;
      heaterElec_J += heaterElec * dt;
      coolingElec_J += Math.max(0, coolElec) * dt;
      if (thermalFromPack > 0) btmsFromPack_J += thermalFromPack * dt;
      else btmsFromGrid_J += btmsElec_W * dt;

      // ---- truth-side scoring ----
      t += dt;
      stepCount++;
      const lo = pack.tempMin_K;
      const hi = pack.tempMax_K;
      if (lo < tMin) tMin = lo;
      if (hi > tMax) tMax = hi;
      for (let g = 0; g < ns; g++) if (pack.groupVoltage_V[g] > vGroupMax) vGroupMax = pack.groupVoltage_V[g];
      if (lo < window_K[0] || hi > window_K[1]) outsideWindow_s += dt;
      for (let m = 0; m < pack.nModules; m++) {
        const p = pack.modulePressure_Pa[m];
        if (p < pMin) pMin = p;
        if (p > pMax) pMax = p;
      }
      let ccdMargin = Infinity;
      if (cell.filament && res.current_A < 0) {
        for (let u = 0; u < pack.nUnits; u++) {
          const j = -pack.unitCurrent_A[u] / pack.unitArea_m2[u];
          if (j > 0 && pack.ccd[u] < ccdMargin * j) ccdMargin = pack.ccd[u] / j;
        }
        if (ccdMargin < ccdMarginMin) ccdMarginMin = ccdMargin;
      }

      const recordNow = t >= nextRecord - 1e-9;
      const reportNow = t >= nextReport - 1e-9;
      if (recordNow || reportNow) {
        const socTrue = meanGroupSoc(pack);
        socSamples++;
        for (let k = 0; k < estNames.length; k++) {
          const e = estNames[k];
          const v = bms.socEstimate(k);
          estNow[k] = v;
          const err = v - socTrue;
          socSqErr[e] += err * err;
          if (Math.abs(err) > socMaxErr[e]) socMaxErr[e] = Math.abs(err);
        }
        let k = 0;
        row[k++] = t;
        row[k++] = act.kind === 'park' ? 0 : act.kind === 'drive' ? 1 : act.kind === 'charge' ? 2 : 3;
        row[k++] = speed * 3.6;
        row[k++] = res.current_A;
        row[k++] = res.voltage_V;
        row[k++] = (res.current_A * res.voltage_V) / 1000;
        row[k++] = socTrue;
        for (let j = 0; j < estNames.length; j++) row[k++] = estNow[j];
        row[k++] = kToC(lo);
        row[k++] = kToC(hi);
        row[k++] = kToC(pack.tempMean_K);
        row[k++] = kToC(pack.plateTemp_K);
        row[k++] = kToC(ambient_K);
        row[k++] = plateHeat_W;
        row[k++] = plateCool_W;
        row[k++] = btmsElec_W;
        let bw = 0;
        let bn = 0;
        let vmin = Infinity;
        let vmax = -Infinity;
        for (let g = 0; g < ns; g++) {
          // bleed power (passive) or converter input power from the group (active)
          const sa = pack.activeBalanceCurrent_A[g];
          bw += (pack.balanceCurrent_A[g] + Math.abs(sa)) * pack.groupVoltage_V[g];
          if (pack.balanceCurrent_A[g] > 0 || sa !== 0) bn++;
          if (pack.groupVoltage_V[g] < vmin) vmin = pack.groupVoltage_V[g];
          if (pack.groupVoltage_V[g] > vmax) vmax = pack.groupVoltage_V[g];
        }
        row[k++] = bw;
        row[k++] = bn;
        row[k++] = vmin;
        row[k++] = vmax;
        let pm = 0;
        for (let m = 0; m < pack.nModules; m++) pm += pack.modulePressure_Pa[m];
        row[k++] = pm / pack.nModules / 1e6;
        row[k++] = maxOf(pack.damage);
        row[k++] = cmds.chargeLimit_A;
        row[k++] = cmds.dischargeLimit_A;
        row[k++] = cmds.contactorsClosed ? 1 : 0;
        row[k++] = capacityRetention_pct(pack);
        row[k++] = Number.isFinite(ccdMargin) ? ccdMargin : NaN;
        row[k++] = maxFinite(bms.shortLeakLow_A);
        let leakTrue = 0;
        if (pack.shortCount > 0) for (let u = 0; u < pack.nUnits; u++) leakTrue += pack.shortCurrent_A[u];
        row[k++] = leakTrue;
        row[k++] = kToC(maxFinite(bms.hotSpot_K));
        row[k++] = sop10Est_kW;
        row[k++] = sop10True_kW;
        if (recordNow) {
          opts.sink?.append(row);
          rows?.push(row.slice());
          nextRecord += recordEvery * Math.max(1, Math.ceil((t - nextRecord + 1e-9) / recordEvery));
        }
        if (reportNow) {
          reportRows.push(row.slice());
          nextReport += reportEvery * Math.max(1, Math.ceil((t - nextReport + 1e-9) / reportEvery));
        }
      }
      if ((stepCount & 4095) === 0) {
        opts.onProgress?.(t / end_s);
        if (opts.shouldStop?.()) {
          stoppedEarly = true;
          events.push({ time_s: t, severity: 'warning', text: 'run interrupted: outputs hold the results up to here' });
          break;
        }
      }
    }
    if (session) closeSession(t, false);
  } catch (e) {
    if (e instanceof InputError) throw e;
    error = e instanceof Error ? e : new Error(String(e));
    if (!(e instanceof NumericalError)) error = new NumericalError(error.message, { time_s: t });
  }

  for (const pe of bms.events) {
    events.push({ time_s: pe.time_s, severity: pe.action === 'warn' ? 'warning' : 'fault', text: `${pe.quantity} ${pe.tier} (${pe.action}) at ${pe.index >= 0 ? `#${pe.index + 1}` : 'pack'}: ${fmt(pe.value)}` });
  }
  events.sort((a, b) => a.time_s - b.time_s);

  const eb = pack.energyBalance();
  const L = pack.ledger;
  const thermalIn = L.electrochemicalHeat_J + L.reactionHeat_J + L.externalHeat_J + L.heaterToPlate_J - L.coolingFromPlate_J - L.toAmbient_J;
  const thermalStore = pack.thermalEnergy_J() - thermalEnergyStart(pack, startTemp_K);
  const consumption_Wh_km = distance_m > 0 ? driveEnergy_J / 3600 / (distance_m / 1000) : null;
  const nominalEnergy_kWh = (packCapacity_Ah * ns * ecm.ocv_V(0.5, 298.15)) / 1000;
  const socRmse: Record<string, number> = {};
  const socMax: Record<string, number> = {};
  for (const e of estNames) {
    socRmse[e] = socSamples ? round(100 * Math.sqrt(socSqErr[e] / socSamples), 4) : NaN;
    socMax[e] = round(100 * socMaxErr[e], 4);
  }
  const retention = capacityRetention_pct(pack);
  const chargeTime = sessions.reduce((a, x) => a + x.duration_s, 0);
  const health = scoreHealth(bms.healthReport(), pack, ecm, retention, resistanceSplitFromCell(cell));
  const sopErr: Record<string, number | null> = {};
  for (let h = 0; h < SOP_HORIZONS_S.length; h++) {
    const H = SOP_HORIZONS_S[h];
    sopErr[`discharge_${H}s_rms_pct`] = sopN[2 * h] ? round(100 * Math.sqrt(sopSq[2 * h] / sopN[2 * h]), 4) : null;
    sopErr[`charge_${H}s_rms_pct`] = sopN[2 * h + 1] ? round(100 * Math.sqrt(sopSq[2 * h + 1] / sopN[2 * h + 1]), 4) : null;
    sopErr[`charge_${H}s_samples`] = sopN[2 * h + 1];
  }
  const faultScore = scoreSensorFaults(sensorFaults, layout, topology, bms.sensorEvents, bms.events);
  const shortScore = scoreShortDetection(shortOnset, bms.events);
  const metrics: Record<string, unknown> = {
    scenario: s.name,
    cell: cell.params.id,
    simulated_days: round(t / 86400, 4),
    steps: stepCount,
    energy_balance_error_pct: round(eb.error_pct, 5),
    thermal_balance_error_pct: round((100 * Math.abs(thermalStore - thermalIn)) / Math.max(1, Math.abs(L.electrochemicalHeat_J) + L.heaterToPlate_J + L.coolingFromPlate_J + Math.abs(L.toAmbient_J)), 6),
    energy_discharged_kWh: round(L.packDischarge_J / 3.6e6, 4),
    energy_charged_kWh: round(L.packCharge_J / 3.6e6, 4),
    grid_energy_kWh: round((gridCharge_J + btmsFromGrid_J) / 3.6e6, 4),
    round_trip_efficiency_pct: L.packCharge_J > 0 ? round((100 * L.packDischarge_J) / L.packCharge_J, 3) : null,
    heat_generated_kWh: round(L.electrochemicalHeat_J / 3.6e6, 4),
    distance_km: round(distance_m / 1000, 3),
    drive_time_h: round(driveTime_s / 3600, 3),
    consumption_Wh_km: consumption_Wh_km !== null ? round(consumption_Wh_km, 2) : null,
    range_km: consumption_Wh_km ? round((nominalEnergy_kWh * 1000 * (retention / 100)) / consumption_Wh_km, 1) : null,
    power_limited_drive_s: round(limitedDrive_s, 1),
    stranded_events: stranded,
    soc_rmse_pct: socRmse,
    soc_max_error_pct: socMax,
    cell_voltage_max_V: Number.isFinite(vGroupMax) ? round(vGroupMax, 4) : null,
    safety_limits: { cell_voltage_max_V: round(limits.cellVoltageHigh_V.maxSafety, 4), cell_temp_max_C: round(kToC(limits.tempHigh_K.maxSafety), 2) },
    cell_temp_min_C: round(kToC(tMin), 3),
    cell_temp_max_C: round(kToC(tMax), 3),
    thermal_window_C: [round(kToC(window_K[0]), 2), round(kToC(window_K[1]), 2)],
    time_outside_window_pct: round((100 * outsideWindow_s) / Math.max(t, 1e-9), 3),
    heating_energy_kWh: round(heaterElec_J / 3.6e6, 4),
    cooling_energy_kWh: round(coolingElec_J / 3.6e6, 4),
    thermal_energy_kWh: round((heaterElec_J + coolingElec_J) / 3.6e6, 4),
    thermal_energy_from_pack_kWh: round(btmsFromPack_J / 3.6e6, 4),
    btms_controller: btms ? btms.name : 'none',
    btms_hardware: s.btms.hardware,
    balancing_energy_Wh: round(L.balancing_J / 3600, 4),
    ...(s.bms.balancing.kind === 'active'
      ? { balancing_moved_Wh: round(L.balancingMoved_J / 3600, 4), balancing_converter_loss_Wh: round(L.balancingLoss_J / 3600, 4) }
      : {}),
    protection_events: bms.events.map((e) => ({ ...e, time_s: round(e.time_s, 2) })),
    bms_topology: topologyRow(topology),
    sensor_detections: bms.sensorEvents.map((e) => ({ ...e, index: e.index + 1, time_s: round(e.time_s, 3), value: Number.isFinite(e.value) ? round(e.value, 6) : null })),
    injected_faults: faultScore.outcomes,
    sensor_false_alarms: faultScore.falseAlarms.length,
    charge_time_s: sessions.length ? round(chargeTime, 1) : null,
    charge_sessions: sessions.map((x) => ({ ...x, start_s: round(x.start_s, 1), end_s: round(x.end_s, 1), duration_s: round(x.duration_s, 1), socStart: round(x.socStart, 4), socEnd: round(x.socEnd, 4), energyIn_kWh: round(x.energyIn_kWh, 4), preheat_s: round(x.preheat_s, 1) })),
    soh_end_pct: round(retention, 4),
    soh_estimate_error_pct: health.error_pct,
    soh_estimate: health.detail,
    sop_error_pct: sopErr['discharge_10s_rms_pct'],
    sop: { samples: sopSamples, ...sopErr },
    soh_end_min_pct: round(minCapacityRetention_pct(pack), 4),
    filament_damage_max: round(maxOf(pack.damage), 6),
    internal_shorts: countAbove(pack.damage, 1),
    short_detection_s: shortScore.delay_s,
    short_detection: shortScore,
    ccd_margin_min: Number.isFinite(ccdMarginMin) ? round(ccdMarginMin, 4) : null,
    stack_pressure_MPa: { min: round(pMin / 1e6, 4), max: round(pMax / 1e6, 4) },
    pack: {
      configuration: `${ns}s${np}p`,
      cells: pack.nCells,
      nominal_energy_kWh: round(nominalEnergy_kWh, 3),
      capacity_Ah: round(packCapacity_Ah, 3),
      mass_kg: round(pack.mass_kg, 2),
      cell_mass_kg: round(cell.mass_kg * pack.nCells, 2),
      fixture_mass_kg: round(pack.fixtureMass_kg, 2),
      specific_energy_Wh_kg: round((nominalEnergy_kWh * 1000) / pack.mass_kg, 2),
    },
    energy_ledger_kWh: Object.fromEntries(Object.entries(L).map(([k, v]) => [k.replace(/_J$/, ''), round(v / 3.6e6, 6)])),
    stopped_early: stoppedEarly,
    error: error ? error.message : null,
  };
  return { metrics, columns, reportRows, rows, events, chargeSessions: sessions, stoppedEarly, error, pack };
}

/**
 * Truth-side score of the internal-short detector: the delay from the first short's onset to the
 * BMS's first internal-short (or hot-spot) event on that group. delay_s is null when there was no
 * short or it was never detected (`detected` tells which).
 */
function scoreShortDetection(onset: { time_s: number; group: number } | null, events: readonly ProtectionEvent[]): { onset_s: number | null; group: number | null; detected: boolean | null; delay_s: number | null; first_tier: string | null } {
  if (!onset) return { onset_s: null, group: null, detected: null, delay_s: null, first_tier: null };
  const hit = events.find((e) => (e.quantity === 'internalShort' || e.quantity === 'hotSpot') && e.index === onset.group && e.time_s >= onset.time_s);
  return {
    onset_s: round(onset.time_s, 1),
    group: onset.group + 1,
    detected: !!hit,
    delay_s: hit ? round(hit.time_s - onset.time_s, 1) : null,
    first_tier: hit ? hit.tier : null,
  };
}

/**
 * The SoP the pack really had: the same prediction formula (bms/estimation/sop.ts) applied to the
 * plant's TRUE state (unit SoCs, RC voltages, temperatures) and TRUE parameters (unit R0/RC at the
 * true temperature and stack pressure, true capacities, the true OCV), parallel units combined
 * exactly (`Pack.groupHorizonThevenin`), with the same current caps (protection limits, the
 * charge controller's temperature derate and nominal CCD limit, at the group's true temperature).
 * It therefore scores the BMS's STATE and PARAMETER estimation (SoC, RC voltages, temperature,
 * resistance and capacity SoH), not the model structure: a prediction error of the linearised
 * two-RC form itself is common to both sides.
 */
function makeSopTruth(pack: Pack, ecm: EcmModel, limits: ProtectionLimits, charge: ChargeControlConfig, nTempSensors: number): () => readonly SopResult[] {
  const ns = pack.ns;
  const per = pack.np * pack.nseg;
  const ctl = new CcCvChargeController(charge, groupModelFromCell(ecm, pack.np), nTempSensors);
  const nh = SOP_HORIZONS_S.length;
  const a = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const b = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const sdm = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const scm = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const cd = new Float64Array(ns);
  const cc = new Float64Array(ns);
  const th: HorizonThevenin[] = SOP_HORIZONS_S.map(() => ({ a_V: 0, b_ohm: 0, socDischargeMax_A: 0, socChargeMax_A: 0 }));
  const out = SOP_HORIZONS_S.map((h) => makeSopResult(h));
  return () => {
    for (let g = 0; g < ns; g++) {
      const T = pack.temp_K[g * per];
      cd[g] = limits.dischargeCurrent_A.maxOperating;
      const c = ctl.chargeCap_A(T, T);
      cc[g] = Math.min(limits.chargeCurrent_A.maxOperating, c);
      pack.groupHorizonThevenin(g, SOP_HORIZONS_S, th);
      for (let h = 0; h < nh; h++) {
        a[h][g] = th[h].a_V;
        b[h][g] = th[h].b_ohm;
        sdm[h][g] = th[h].socDischargeMax_A;
        scm[h][g] = th[h].socChargeMax_A;
      }
    }
    for (let h = 0; h < nh; h++) packSop(a[h], b[h], sdm[h], scm[h], cd, cc, ecm.vMin_V, ecm.vMax_V, out[h]);
    return out;
  };
}

/**
 * Nominal thermal data of one cell for the BMS's hot-spot estimator: its heat capacity and its
 * conductance to the plate (flowing coolant) and to its two neighbours — design values of the cell
 * and the pack, not the plant's varied state.
 */
function nominalCellThermal(cell: CellModel, th: typeof DEFAULT_PACK_THERMAL): { cellHeatCapacity_J_K: number; cellConductance_W_K: number } {
  const geo = cell.params.geometry;
  const g = th.plateContactFlowing_W_m2K * geo.coolingArea_cm2 * 1e-4 + 2 * cell.params.thermal.neighbourConductance_W_m2K * geo.electrodeArea_cm2 * 1e-4;
  return { cellHeatCapacity_J_K: cell.heatCapacity_J_K, cellConductance_W_K: g };
}

/** The scenario's `bms.limits` over the defaults; the result is checked (ordering, signs) naming `bms.limits.…`. */
function withLimitOverrides(l: ProtectionLimits, over: Scenario['bms']['limits']): ProtectionLimits {
  for (const [k, v] of Object.entries(over)) {
    if (!v) continue;
    const key = k as keyof ProtectionLimits;
    (l as unknown as Record<string, TierLimits>)[key] = { ...(l[key] as TierLimits), ...stripUndefined(v) };
  }
  try {
    validateProtectionLimits(l);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.detail, { ...e.where, field: `bms.limits.${e.where.field}` });
    throw e;
  }
  return l;
}

/** The scenario's `bms.reactions` over the default reaction table. */
function withReactionOverrides(t: ReactionTable, over: Scenario['bms']['reactions']): ReactionTable {
  for (const [q, tiers] of Object.entries(over)) {
    if (!tiers) continue;
    for (const [tier, e] of Object.entries(tiers)) {
      if (!e) continue;
      const cur = t[q as ProtectionQuantity][tier as LimitTier];
      t[q as ProtectionQuantity][tier as LimitTier] = {
        severity: e.severity ?? cur.severity,
        action: e.action ?? cur.action,
        derateFactor: e.derate_factor ?? cur.derateFactor,
        ...(e.latch ?? cur.latch ? { latch: true } : {}),
      };
    }
  }
  return t;
}

/**
 * End-of-run SoH scoring: the BMS's capacity SoH (mean of its group estimates) vs the true capacity
 * retention; its resistance factor (mean of R0_est/R0_nominal(T) over groups) vs the true
 * R0_group/R0_nominal(T_true) and the true growth vs beginning of life; its bulk/interface split vs
 * the true factors Σ_u part_u / Σ_u nominal part(T_u).
 */
function scoreHealth(
  rep: ReturnType<BaselineBms['healthReport']>,
  pack: Pack,
  ecm: EcmModel,
  retention_pct: number,
  split: { bulk_ohm(T: number): number; interface_ohm(T: number): number; interfaceAt_ohm?(T: number, p_Pa: number): number },
): { error_pct: number | null; detail: Record<string, unknown> | null } {
  if (rep === null) return { error_pct: null, detail: null };
  const per = pack.np * pack.nseg;
  let ratio = 0;
  let growth = 0;
  let bulk = 0;
  let bulkNom = 0;
  let intf = 0;
  let intfNom = 0;
  for (let g = 0; g < pack.ns; g++) {
    let s = 0;
    let sBol = 0;
    let tMean = 0;
    for (let u = g * per; u < (g + 1) * per; u++) {
      const tr = pack.unitResistanceTruth(u);
      s += 1 / pack.unitR0_ohm(u);
      sBol += 1 / tr.bolTotal_ohm;
      const T = pack.temp_K[u];
      tMean += T / per;
      bulk += tr.bulk_ohm;
      intf += tr.interface_ohm;
      bulkNom += split.bulk_ohm(T) * pack.nseg;
      const pu = pack.modulePressure_Pa[pack.moduleOfGroup(g)];
      intfNom += (split.interfaceAt_ohm ? split.interfaceAt_ohm(T, pu) : split.interface_ohm(T)) * pack.nseg;
    }
    // the nominal the BMS compares with: R0_nominal(T) corrected to the module's stack pressure
    // by the datasheet pressure law (the BMS uses the measured pressure)
    const pm = pack.modulePressure_Pa[pack.moduleOfGroup(g)];
    const rNom = ecm.r0_ohm(0.5, tMean) + (split.interfaceAt_ohm ? split.interfaceAt_ohm(tMean, pm) - split.interface_ohm(tMean) : 0);
    ratio += 1 / s / (rNom / pack.np);
    growth += sBol / s;
  }
  ratio /= pack.ns;
  growth /= pack.ns;
  const est = rep.capacitySoh;
  const r4 = (x: number | null) => (x === null || !Number.isFinite(x) ? null : round(x, 4));
  return {
    error_pct: est === null ? null : round(Math.abs(100 * est - retention_pct), 4),
    detail: {
      capacity_soh_est_pct: est === null ? null : round(100 * est, 4),
      capacity_soh_est_std_pct: rep.capacitySohStd === null ? null : round(100 * rep.capacitySohStd, 4),
      capacity_soh_true_pct: round(retention_pct, 4),
      capacity_est_Ah: rep.capacityMean_As === null ? null : round(rep.capacityMean_As / 3600, 4),
      capacity_pairs: rep.capacityPairs,
      capacity_note: est === null ? 'no capacity estimate: no two rest points (> 30 min at ~0 A) far enough apart in SoC' : null,
      resistance_factor_est: r4(rep.resistanceFactor),
      resistance_factor_max_est: r4(rep.resistanceFactorMax),
      resistance_factor_true: r4(ratio),
      resistance_growth_true: r4(growth),
      resistance_samples: rep.resistanceSamples,
      resistance_note: 'factor = R0 / R0_nominal(T, p): the BMS compares with its nominal model at the measured temperature and stack pressure (manufacturing spread included); growth = R0 / R0 at beginning of life (truth only)',
      split: rep.split === null
        ? null
        : {
            bulk_factor_est: r4(rep.split.bulk),
            interface_factor_est: r4(rep.split.interface),
            bulk_factor_true: r4(bulk / bulkNom),
            interface_factor_true: r4(intf / intfNom),
            temp_spread_K: round(rep.split.tempSpread_K, 3),
            samples: rep.split.samples,
            reason: rep.split.reason || null,
          },
      current_offset_est_A: round(rep.currentOffset_A, 5),
    },
  };
}

function cellLimits(ecm: ReturnType<typeof ecmFromCell>, cell: CellModel, np: number, enabled: boolean): ProtectionLimits {
  const l = defaultProtectionLimits(ecm, np);
  const p0 = cell.params.pressure.initial_MPa * 1e6;
  if (cell.params.pressure.fixture === 'none') {
    l.pressureHigh_Pa = { ...l.pressureHigh_Pa, maxOperating: Infinity, recommendedSafety: Infinity, maxSafety: Infinity };
    l.pressureLow_Pa = { ...l.pressureLow_Pa, maxOperating: -Infinity, recommendedSafety: -Infinity, maxSafety: -Infinity };
  } else {
    // pressure window around the cell's design pressure: contact loss below, Li creep/fracture above
    const cl = cell.anodeInterface.contactLoss_Pa;
    l.pressureLow_Pa = { ...l.pressureLow_Pa, maxOperating: Math.max(cl, 0.5 * p0), recommendedSafety: Math.max(0.7 * cl, 0.3 * p0), maxSafety: Math.max(0.4 * cl, 0.1 * p0) };
    l.pressureHigh_Pa = { ...l.pressureHigh_Pa, maxOperating: 2.5 * p0 + 2e6, recommendedSafety: 3 * p0 + 3e6, maxSafety: 4 * p0 + 5e6 };
  }
  // high-temperature tiers above the cell's window (55 / 60 / 70 °C for a 15–35 °C window)
  const top = cell.params.thermal.window_C.max;
  l.tempHigh_K = { ...l.tempHigh_K, maxOperating: cToK(top + 20), recommendedSafety: cToK(top + 25), maxSafety: cToK(top + 35) };
  if (!enabled) {
    for (const k of Object.keys(l) as (keyof ProtectionLimits)[]) {
      const v = l[k] as unknown as { maxOperating?: number };
      if (v && typeof v === 'object' && 'maxOperating' in v && 'hysteresis' in v) {
        const hiSide = !/Low/.test(k); // cellVoltageLow_V, tempLow…_K, pressureLow_Pa are the lower limits
        const inf = hiSide ? Infinity : -Infinity;
        (l as unknown as Record<string, unknown>)[k] = { ...v, maxOperating: inf, recommendedSafety: inf, maxSafety: inf };
      }
    }
  }
  return l;
}

/** Group charge-current limit from the NOMINAL CCD model at the design pressure, with a safety factor. */
function ccdGroupLimit(cell: CellModel, np: number, safety: number): (temp_K: number) => number {
  const f = cell.filament!;
  const p = cell.params.pressure.initial_MPa * 1e6;
  // the value at the last temperature asked is kept: the SoP evaluates it for every group, and
  // groups reading the same temperature sensor ask at the same temperature
  let lastT = NaN;
  let last = NaN;
  return (temp_K: number) => {
    if (temp_K !== lastT) {
      last = safety * criticalCurrentDensity_A_m2(f, temp_K, p) * cell.area_m2 * np;
      lastT = temp_K;
    }
    return last;
  };
}

/** Pack control for a protocol step: currents/powers at the pack, C-rates of the pack capacity, voltages per series cell. */
function protocolControl(st: ProtocolStep, packCapacity_Ah: number, ns: number): PackControl {
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
    default:
      return { kind: 'rest' };
  }
}

/** Has the step reached its duration or one of its "until" conditions (voltage per cell, current at the pack)? */
function protocolStepDone(st: ProtocolStep, act: Activity, tEnd: number, current_A: number, cellVoltage_V: number, packCapacity_Ah: number, traces: Record<string, SpeedTrace>): boolean {
  const elapsed = tEnd - act.stepStart_s!;
  if (st.duration_s !== null && elapsed >= st.duration_s - 1e-9) return true;
  if (st.control.kind === 'profile' && st.duration_s === null) {
    const tr = traces[st.control.name] ?? traces[st.control.name.toUpperCase()];
    if (elapsed >= traceDuration_s(tr) - 1e-9) return true;
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

function precondStart(timeline: TimedEvent[], evIdx: number): number {
  if (evIdx >= timeline.length) return Infinity;
  const e = timeline[evIdx];
  return e.event.precondition_min ? e.start_s - e.event.precondition_min * 60 : Infinity;
}

function isPreconditioning(timeline: TimedEvent[], evIdx: number, t: number): boolean {
  if (evIdx >= timeline.length) return false;
  const e = timeline[evIdx];
  return !!e.event.precondition_min && t >= e.start_s - e.event.precondition_min * 60 - 1e-9 && t < e.start_s;
}

export function meanGroupSoc(pack: Pack): number {
  let s = 0;
  for (let g = 0; g < pack.ns; g++) s += pack.groupSoc(g);
  return s / pack.ns;
}

function capacityRetention_pct(pack: Pack): number {
  let q = 0;
  let q0 = 0;
  for (let u = 0; u < pack.nUnits; u++) {
    q += pack.capacity_As(u);
    q0 += pack.unitCapacity0_As[u];
  }
  return (100 * q) / q0;
}

function minCapacityRetention_pct(pack: Pack): number {
  let m = Infinity;
  for (let u = 0; u < pack.nUnits; u++) m = Math.min(m, pack.capacity_As(u) / pack.unitCapacity0_As[u]);
  return 100 * m;
}

function thermalEnergyStart(pack: Pack, t0_K: number): number {
  let e = t0_K * pack.config.thermal.plateHeatCapacity_J_K;
  for (let u = 0; u < pack.nUnits; u++) e += pack.unitHeatCap_J_K[u] * t0_K;
  return e;
}

function anyOn(a: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === 1) return true;
  return false;
}

function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Largest finite entry (NaN when there is none or no array). */
function maxFinite(a: Float64Array | null): number {
  let m = -Infinity;
  if (a) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return Number.isFinite(m) ? m : NaN;
}

function countAbove(a: Float64Array, x: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] >= x) n++;
  return n;
}

function round(x: number, d: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 || (Math.abs(x) < 0.01 && x !== 0) ? x.toExponential(3) : x.toFixed(3);
}

/**
 * The BMS's balancing configuration from the scenario: defaults of passive.ts / active.ts, the
 * minimum voltage lowered to the OCV at 30 % SoC for low-voltage chemistries, the active
 * balancer's maximum voltage 50 mV below the cell's maximum (assumed margin).
 */
function balancingConfig(s: Scenario, ecm: EcmModel): (PassiveBalancingConfig & { kind: 'passive' }) | (ActiveBalancingConfig & { kind: 'active' }) {
  const b = s.bms.balancing;
  const minVoltage_V = Math.min(DEFAULT_PASSIVE_BALANCING.minVoltage_V, ecm.ocv_V(0.3, 298.15));
  const common = stripUndefined({
    startThreshold_V: mv(b.threshold_mV),
    stopHysteresis_V: mv(b.hysteresis_mV),
    socThreshold: b.soc_threshold_pct !== undefined ? b.soc_threshold_pct / 100 : undefined,
    socHysteresis: b.soc_hysteresis_pct !== undefined ? b.soc_hysteresis_pct / 100 : undefined,
    allowedModes: b.allowed_modes,
    maxCurrent_A: b.max_current_A,
  });
  const off = b.enabled ? {} : { allowedModes: [] };
  if (b.kind === 'active') {
    return {
      kind: 'active',
      ...DEFAULT_ACTIVE_BALANCING,
      minVoltage_V,
      maxVoltage_V: ecm.vMax_V - 0.05,
      ...common,
      ...stripUndefined({ current_A: b.current_A, efficiency: b.efficiency }),
      strategy: b.strategy,
      ...off,
    };
  }
  return {
    kind: 'passive',
    ...DEFAULT_PASSIVE_BALANCING,
    minVoltage_V,
    ...common,
    ...stripUndefined({ resistor_ohm: b.resistor_ohm }),
    strategy: b.strategy,
    ...off,
  };
}

/**
 * Group capacities from an end-of-line capacity test [A·s]: each group's capacity at assembly
 * with a relative measurement error of 0.2 % (1σ, assumed: a temperature-controlled cycler capacity
 * test). Measured once before the run, like a real BMS's end-of-line data; not live plant state.
 */
const EOL_CAPACITY_REL_SD = 0.002;
function endOfLineCapacity_As(pack: Pack, rng: Rng): Float64Array {
  const out = new Float64Array(pack.ns);
  const per = pack.np * pack.nseg;
  for (let g = 0; g < pack.ns; g++) {
    let q = 0;
    for (let u = g * per; u < (g + 1) * per; u++) q += pack.capacity_As(u);
    out[g] = q * (1 + rng.normal(0, EOL_CAPACITY_REL_SD));
  }
  return out;
}

function anyNonZero(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return true;
  return false;
}

function mv(x: number | undefined): number | undefined {
  return x === undefined ? undefined : x / 1000;
}

function c2k(x: number | undefined): number | undefined {
  return x === undefined ? undefined : cToK(x);
}

function stripUndefined<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
