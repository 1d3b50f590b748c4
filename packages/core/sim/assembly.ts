/**
 * Assembly of a run from a validated scenario: the plant (pack), the sensing (topology and
 * injected sensor faults), the BMS (from the pack's description, no plant), the BTMS and the
 * loads. Each part is built by its own function and can be built alone.
 */
import type { Scenario } from './scenario.js';
import type { CellParams } from '../physics/cell-params.js';
import type { EcmModel } from '../bms/types.js';
import type { SpeedTrace } from '../loads/epa.js';
import type { BtmsTempModel } from '../btms/ml.js';
import type { BtmsController, ThermalActuatorsConfig } from '../btms/types.js';
import type { ThermostatConfig } from '../btms/thermostat.js';
import type { BaselineBms } from '../bms/baseline.js';
import type { SensorFault } from '../sensing/faults.js';
import type { TopologyPlan } from '../sensing/topology.js';
import type { SensorLayout } from '../bms/types.js';
import { buildCellModel, type CellModel } from '../physics/cell.js';
import { Pack, DEFAULT_PACK_THERMAL, DEFAULT_VARIATION, type PackThermalConfig } from '../pack/pack.js';
import { Rng } from '../numerics/rng.js';
import { packBreakdown, type PackBreakdown } from '../pack/breakdown.js';
import { ecmFromCell } from './ecm-from-cell.js';
import { DEFAULT_SENSORS, type SensorConfig } from '../sensing/centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';
import { buildTopology, tempSensorsPerModuleFor } from '../sensing/topology.js';
import { TopologySensing } from '../sensing/faults.js';
import { sensorFaultsOf } from './sensor-faults.js';
import { hardwareActuators } from '../btms/actuators.js';
import { createBtmsController } from '../btms/registry.js';
import { InputError } from '../errors.js';
import { cToK } from '../units/index.js';
import { buildLoads, type Loads } from './schedule.js';
import { bmsSetup, buildBms, type BmsSetup } from './bms-setup.js';
import { mv, stripUndefined } from './util.js';

/** What a caller may swap or add when assembling (the studies and the tests). */
export interface AssemblyOptions {
  scenario: Scenario;
  cell: CellParams;
  /** The plant's cell model when it is not built from `cell` (a fitted model file); `cell` must then be its `params`. */
  cellModel?: CellModel;
  /** The BMS's nominal model when it is not `ecmFromCell(cell)` (a fitted model file). */
  ecm?: EcmModel;
  /** Drive traces by the names used in the schedule (upper-case EPA names or file names). */
  traces: Record<string, SpeedTrace>;
  /** The learned temperature model for `btms.controller: ml`. */
  btmsModel?: BtmsTempModel;
  /** Build the BTMS controller instead of the scenario's choice (training runs). */
  makeBtms?: (actuators: ThermalActuatorsConfig, thermostat: ThermostatConfig) => BtmsController;
  /** Stop the run at this time [s] (default: the end of the schedule's last day). */
  endTime_s?: number;
}

export interface Plant {
  pack: Pack;
  /** The pack's mass and volume, cells → modules → pack (pack/breakdown.ts). */
  breakdown: PackBreakdown;
  packThermal: PackThermalConfig;
  startTemp_K: number;
}

export interface Sensing {
  config: SensorConfig;
  layout: SensorLayout;
  topology: TopologyPlan;
  faults: SensorFault[];
  sensing: TopologySensing;
}

export interface Btms {
  controller: BtmsController | null;
  actuators: ThermalActuatorsConfig;
  /** The thermostat band (from the cell's window unless the scenario sets it). */
  thermo: ThermostatConfig;
  /** The cell's thermal window the run is scored against [K]. */
  window_K: [number, number];
}

/** Truth-side faults injected into the plant (the BMS must find them from its measurements). */
export interface PlantFaults {
  shorts: { at_s: number; unit: number; r_ohm: number; final_ohm: number; growth_s: number; applied_ohm: number }[];
  /** Windows [start, end) in which the chiller delivers nothing. */
  chillerDown: { at_s: number; end_s: number }[];
  /** From this time on the BMS's current limits are not enforced while the contactors are closed. */
  protectionFailed_s: number;
}

/** Every part of a run. */
export interface AssembledRun {
  scenario: Scenario;
  cell: CellModel;
  ecm: EcmModel;
  plant: Plant;
  sensing: Sensing;
  bms: BaselineBms;
  bmsSetup: BmsSetup;
  btms: Btms;
  loads: Loads;
  faults: PlantFaults;
}

export function assembleRun(o: AssemblyOptions): AssembledRun {
  const s = o.scenario;
  const cell: CellModel = o.cellModel ?? buildCellModel(o.cell);
  const rng = new Rng(s.seed);
  const breakdown = packBreakdownOf(s, cell);
  const loads = buildLoads(s, o.traces, breakdown.pack_mass_kg, o.endTime_s);
  const plant = buildPlant(s, cell, rng, loads.climate.ambient_K(0), breakdown);
  const sensing = buildSensing(s, rng);
  const ecm = o.ecm ?? ecmFromCell(cell);
  const actuators = buildActuators(s);
  const description = {
    layout: sensing.layout,
    ecm,
    cell,
    packThermal: plant.packThermal,
    actuators,
    settings: s.bms,
    ...(s.bms.balancing.strategy === 'bottom' && s.bms.balancing.capacity_source === 'end-of-line' ? { groupCapacity_As: endOfLineCapacity_As(plant.pack, rng.fork('end-of-line')) } : {}),
  };
  const setup = bmsSetup(description);
  const bms = buildBms(description, setup);
  const btms = buildBtms(s, cell, actuators, plant.pack, o);
  const faults = buildPlantFaults(s, plant.pack);
  return { scenario: s, cell, ecm, plant, sensing, bms, bmsSetup: setup, btms, loads, faults };
}

/** The pack's mass and volume breakdown for the scenario's layout, BTMS hardware and mass overrides. */
export function packBreakdownOf(s: Scenario, cell: CellModel): PackBreakdown {
  return packBreakdown(
    cell,
    { series: s.pack.series, parallel: s.pack.parallel, groupsPerModule: s.pack.groups_per_module },
    s.btms.hardware,
    stripUndefined({ housing_kg: s.pack.housing_mass_kg, bms_kg: s.pack.bms_mass_kg, cooling_kg: s.pack.cooling_mass_kg }),
  );
}

export function buildPlant(s: Scenario, cell: CellModel, rng: Rng, ambientStart_K: number, breakdown: PackBreakdown = packBreakdownOf(s, cell)): Plant {
  const startTemp_K = s.pack.initial_temp_C !== undefined ? cToK(s.pack.initial_temp_C) : ambientStart_K;
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
      housingMass_kg: breakdown.outside_modules_mass_kg,
    },
    rng.fork('pack'),
  );
  return { pack, breakdown, packThermal, startTemp_K };
}

/** The measurement path of the chosen topology, with the scenario's injected sensor faults. */
export function buildSensing(s: Scenario, rng: Rng): Sensing {
  const config = {
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
  config.tempSensorsPerModule = tempSensorsPerModuleFor(s.bms.topology, s.pack.groups_per_module, config.tempSensorsPerModule);
  const layout = makeSensorLayout(s.pack.series, s.pack.parallel, s.pack.groups_per_module, config.tempSensorsPerModule);
  const topology = buildTopology(s.bms.topology, layout);
  const faults = sensorFaultsOf(s);
  return { config, layout, topology, faults, sensing: new TopologySensing(layout, config, topology, faults, rng.fork('sensors')) };
}

/** The BTMS hardware with the scenario's ratings. */
export function buildActuators(s: Scenario): ThermalActuatorsConfig {
  const hw = hardwareActuators(s.btms.hardware);
  return {
    ...hw,
    heater: { ...hw.heater, ...stripUndefined({ maxPower_W: hw.heater.maxPower_W > 0 ? s.btms.heater_power_W : undefined }) },
    liquidPlate: {
      ...hw.liquidPlate,
      ...stripUndefined({ maxCooling_W: hw.liquidPlate.maxCooling_W > 0 ? s.btms.cooling_power_W : undefined, chillerCOP: s.btms.chiller_cop, pumpPower_W: s.btms.pump_power_W }),
    },
  };
}

/** The BTMS controller of the scenario (or `o.makeBtms`'s), with the thermostat band from the cell's window. */
export function buildBtms(s: Scenario, cell: CellModel, actuators: ThermalActuatorsConfig, pack: Pack, o: Pick<AssemblyOptions, 'makeBtms' | 'btmsModel'>): Btms {
  const win = cell.params.thermal.window_C;
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
  // the pack's nominal heat capacity (design data: cells and plate)
  let packHeatCapacity_J_K = pack.config.thermal.plateHeatCapacity_J_K;
  for (let u = 0; u < pack.nUnits; u++) packHeatCapacity_J_K += pack.unitHeatCap_J_K[u];
  // before a DC fast charge: warm to where the charge derate allows 2C (25 °C, see tempDerate in bms-setup.ts), inside the window
  const fastChargeTarget_K = Math.min(cToK(25), thermo.coolOff_K - 2);
  const controller: BtmsController | null = o.makeBtms
    ? o.makeBtms(actuators, thermo)
    : createBtmsController(s.btms.controller, actuators, thermo, { horizon_min: s.btms.horizon_min, packHeatCapacity_J_K, fastChargeTarget_K, model: o.btmsModel, modelFile: s.btms.model });
  return { controller, actuators, thermo, window_K: [thermo.heatOn_K, thermo.coolOn_K] };
}

export function buildPlantFaults(s: Scenario, pack: Pack): PlantFaults {
  const perGroup = pack.np * pack.nseg;
  const out: PlantFaults = { shorts: [], chillerDown: [], protectionFailed_s: Infinity };
  s.plant_faults.forEach((f, i) => {
    if (f.kind === 'cooling-loss') {
      out.chillerDown.push({ at_s: f.at, end_s: f.duration_h === undefined ? Infinity : f.at + f.duration_h * 3600 });
      return;
    }
    if (f.kind === 'protection-failed') {
      out.protectionFailed_s = Math.min(out.protectionFailed_s, f.at);
      return;
    }
    if (f.group > pack.ns) throw new InputError(`group out of range (the pack has ${pack.ns} series groups)`, { field: `plant_faults.${i}.group`, value: f.group });
    out.shorts.push({ at_s: f.at, unit: (f.group - 1) * perGroup, r_ohm: f.resistance_ohm, final_ohm: f.final_resistance_ohm ?? f.resistance_ohm, growth_s: f.growth_h * 3600, applied_ohm: NaN });
  });
  return out;
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

function c2k(x: number | undefined): number | undefined {
  return x === undefined ? undefined : cToK(x);
}
