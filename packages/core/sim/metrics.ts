/**
 * The run's metrics: accumulators updated by the loop (truth-side scoring, energies, distances)
 * and `finish()`, which returns the typed `SimMetrics` written to metrics.json. The shape is
 * published as a JSON Schema (`simMetricsJsonSchema()`), checked against every example's output
 * in the tests.
 */
import { z } from 'zod';
import type { Pack } from '../pack/pack.js';
import type { CellModel } from '../physics/cell.js';
import type { EcmModel } from '../bms/types.js';
import type { BaselineBms } from '../bms/baseline.js';
import type { ProtectionLimits } from '../bms/safety/limits.js';
import type { TopologyPlan } from '../sensing/topology.js';
import type { SensorLayout } from '../bms/types.js';
import type { Scenario } from './scenario.js';
import type { ChargeSession } from './activity.js';
import { topologyRow } from '../sensing/topology.js';
import { SOP_HORIZONS_S, type SopResult } from '../bms/estimation/sop.js';
import { resistanceSplitFromCell } from './ecm-from-cell.js';
import { cellSpec } from '../physics/cell-spec.js';
import { scoreSensorFaults } from './sensor-faults.js';
import type { SensorFault } from '../sensing/faults.js';
import { capacityRetention_pct, countAbove, minCapacityRetention_pct, scoreHealth, scoreShortDetection, thermalEnergyStart } from './scoring.js';
import { kToC } from '../units/index.js';
import { maxOf } from './util.js';
import { round } from '../numerics/round.js';
import type { PackBreakdown } from '../pack/breakdown.js';
import { packMetrics, packMetricsSchema } from './pack-metrics.js';
import { protocolResultsSchema, type ProtocolResults } from './protocol-log.js';

/** A lab run: protocol events only, no drives and no charge sessions (its results are per step). */
export function isLabRun(s: Scenario): boolean {
  const ev = s.schedule.events;
  return ev.some((e) => e.protocol) && !ev.some((e) => e.drive || e.charge);
}
import { NumericalError } from '../errors.js';

const num = z.number();
const numOrNull = z.number().nullable();
const looseObject = z.record(z.string(), z.unknown());

/** metrics.json of `ssb simulate` (one run). Energies in kWh, temperatures in °C, times in s unless the key says otherwise. */
export const simMetricsSchema = z.strictObject({
  scenario: z.string().describe('scenario name'),
  cell: z.string().describe('cell id'),
  cell_spec: z
    .strictObject({
      capacity_Ah: num,
      energy_Wh: num,
      mass_kg: num,
      volume_L: numOrNull,
      specific_energy_Wh_kg: num,
      energy_density_Wh_L: numOrNull,
    })
    .describe("the cell's rated figures (physics/cell-spec.ts: the same as `ssb cells` and `ssb design`)"),
  simulated_days: num.describe('simulated time reached (less than the schedule when stopped early or failed)'),
  steps: z.number().int().describe('plant steps taken'),
  energy_balance_error_pct: num.describe('electrical energy ledger closure of the plant, % of throughput'),
  thermal_balance_error_pct: num.describe('thermal energy ledger closure of the plant, % of the heat moved'),
  energy_discharged_kWh: num.describe('energy out of the pack terminals'),
  energy_charged_kWh: num.describe('energy into the pack terminals'),
  grid_energy_kWh: num.describe('from the wall: charging (charger losses included) and BTMS power drawn while plugged in'),
  round_trip_efficiency_pct: numOrNull.describe(
    'energy discharged / energy charged, only for a run that returns to its starting stored energy (within 2 % of the nominal energy) and only within 0–100 %; else null and round_trip_efficiency_note says why',
  ),
  round_trip_efficiency_note: z.string().nullable().describe('why the round-trip efficiency is not given (null when it is)'),
  heat_generated_kWh: num.describe('electrochemical heat of the cells'),
  distance_km: num.describe('distance driven'),
  drive_time_h: num.describe('time driving'),
  consumption_Wh_km: numOrNull.describe('battery energy while driving per km (BTMS power drawn while driving included)'),
  range_km: numOrNull.describe('nominal pack energy × capacity retention / consumption (null without driving)'),
  power_limited_drive_s: num.describe('driving time in which the BMS current limits cut the requested power'),
  stranded_events: z.number().int().describe('drives that stopped because the pack could not power them (contactors open, or empty: see stranded)'),
  stranded: z
    .array(
      z.strictObject({
        time_s: num.describe('when the car stopped'),
        reason: z.string(),
        distance_not_driven_km: num.describe('the rest of the drive: distance of its trace from the stop to its end'),
        time_not_driven_s: num.describe('the rest of the drive: time from the stop to its planned end'),
      }),
    )
    .describe('each stranding: the vehicle stops (no distance, no load on the pack) and parks'),
  drives_skipped: z.number().int().describe('drives not started (contactors open or estimated SoC below 5 %)'),
  distance_not_driven_km: num.describe('planned distance not driven: the rest of stranded drives and whole skipped drives (not in distance_km or range_km)'),
  soc_rmse_pct: z.record(z.string(), num).describe('per estimator: RMS of (estimate − true mean group SoC), % SoC, over recorded rows'),
  soc_max_error_pct: z.record(z.string(), num).describe('per estimator: largest |estimate − true mean group SoC| over recorded rows, % SoC'),
  cell_voltage_max_V: numOrNull.describe('highest group voltage of the run (truth)'),
  safety_limits: z.strictObject({ cell_voltage_max_V: num, cell_temp_max_C: num }).describe('the BMS maximum-safety limits the run is judged against'),
  cell_temp_min_C: num.describe('coldest cell (segment) temperature of the run (truth)'),
  cell_temp_max_C: num.describe('hottest cell (segment) temperature of the run (truth)'),
  thermal_window_C: z.tuple([num, num]).describe('the thermostat window [heat on, cool on]'),
  time_outside_window_pct: num.describe('share of the run with any cell outside the window'),
  heating_energy_kWh: num.describe('electrical energy of the heater (and thermoelectric heating)'),
  cooling_energy_kWh: num.describe('electrical energy of the chiller, pump, fan (and thermoelectric cooling)'),
  thermal_energy_kWh: num.describe('heating + cooling'),
  thermal_energy_from_pack_kWh: num.describe('the part of it drawn from the pack (not plugged in)'),
  thermal_energy_from_pack_parked_kWh: num.describe('the part of that drawn while parked (unplugged pre-conditioning or thermal protection), not driving'),
  btms_controller: z.string().describe('BTMS controller that ran (none without one)'),
  btms_hardware: z.string().describe('BTMS hardware'),
  balancing_energy_Wh: num.describe('energy bled by passive balancing'),
  balancing_moved_Wh: num.optional().describe('energy moved between groups by active balancing'),
  balancing_converter_loss_Wh: num.optional().describe('converter losses of active balancing'),
  protection_events: z.array(looseObject).describe("the BMS protection events: time_s, quantity, tier, index (0-based group, −1 pack), value in the quantity's SI unit, action, severity"),
  bms_topology: looseObject.describe("the BMS topology's boards, channels, wires, latency and cost (ssb bms-topologies row)"),
  sensor_detections: z.array(looseObject).describe("sensor faults the BMS's plausibility checks flagged"),
  injected_faults: z.array(
    z.strictObject({
      kind: z.string(),
      at_s: num,
      target: z.string(),
      detected: z.boolean(),
      detection_time_s: numOrNull,
      detection_delay_s: numOrNull,
      check: z.string().nullable(),
      contactors_open_s: numOrNull,
      contactors_open_by: z.string().nullable(),
    }),
  ),
  sensor_false_alarms: z.number().int().describe('detections matching no injected fault'),
  charge_time_s: numOrNull.describe('sum of the durations of the charge sessions that completed and put energy in (null when none did)'),
  charge_time_note: z.string().nullable().describe('sessions left out of charge_time_s and why ("not completed: …"); null when every session counts or there was none'),
  charge_sessions: z.array(z.strictObject({ start_s: num, end_s: num, duration_s: num, complete: z.boolean(), socStart: num, socEnd: num, energyIn_kWh: num, preheat_s: num })),
  soh_end_pct: num.describe('true capacity retention of the pack at the end'),
  soh_estimate_error_pct: numOrNull.describe('|BMS capacity SoH − true retention| at the end, percentage points (null if never estimated)'),
  soh_estimate: looseObject.nullable().describe("the BMS's SoH and resistance estimates beside the truth"),
  sop_error_pct: numOrNull.describe("RMS relative error of the BMS's 10 s discharge power vs the same prediction on the true state"),
  sop: z.record(z.string(), numOrNull).describe('SoP errors per horizon and direction, and the number of scored samples'),
  soh_end_min_pct: num.describe('capacity retention of the weakest cell'),
  filament_damage_max: num.describe('largest lithium-filament damage (a short at 1)'),
  internal_shorts: z.number().int().describe('cells whose filament damage reached 1'),
  short_detection_s: numOrNull.describe("delay from the first internal short to the BMS's detection on that group (null: none or not detected)"),
  short_detection: z.strictObject({ onset_s: numOrNull, group: numOrNull, detected: z.boolean().nullable(), delay_s: numOrNull, first_tier: z.string().nullable() }),
  ccd_margin_min: numOrNull.describe('smallest critical current density / current density while charging (below 1: filament growth)'),
  stack_pressure_MPa: z.strictObject({ min: num, max: num }).describe('module stack pressure range'),
  pack: packMetricsSchema.describe('the pack and its mass and volume breakdown: cells → modules with fixtures → pack with housing, BMS and cooling'),
  vehicle_mass_kg: numOrNull.describe("the road-load test mass: glider + pack mass, or the scenario's fixed vehicle.mass_kg; null for a lab run (no vehicle)"),
  vehicle_mass: z
    .strictObject({ glider_kg: numOrNull, pack_kg: numOrNull, basis: z.string() })
    .nullable()
    .describe('what vehicle_mass_kg is made of (glider and pack null when the scenario fixes the total); null for a lab run'),
  run_kind: z.enum(['vehicle', 'lab']).describe('lab: the schedule has protocol events only (no drives, no charge sessions): the results are per step, not range or consumption'),
  protocol: protocolResultsSchema.nullable().describe('per-step and per-pass results of the protocol events (null without any)'),
  energy_ledger_kWh: z.record(z.string(), num).describe("the plant's energy ledger terms"),
  stopped_early: z.boolean().describe("the run was interrupted (Ctrl-C, SIGTERM or a study's stop condition): the outputs hold the part simulated"),
  error: z.string().nullable().describe('the numerical failure that ended the run, or null: metrics of a failed run are partial, never a verdict'),
  valid: z.boolean().describe('false when a numerical failure ended the run: every other figure then covers the run only up to the failure and is no result'),
  numerical_failure: z
    .strictObject({
      time_s: numOrNull.describe('simulated time of the failure'),
      cell: z.string().nullable().describe('cell (or series group) where it happened, as the plant names it'),
      quantity: z.string().nullable().describe('the quantity that left its range'),
      value: numOrNull.describe('its value (SI unit of the quantity; null when not finite)'),
      detail: z.string().describe('what went wrong'),
      message: z.string().describe('the whole message'),
    })
    .nullable()
    .describe('where and how the run failed numerically (null for a valid run)'),
  warnings: z.array(z.string()).optional().describe('inputs that are possible but look like a mistake (field, value, likely mistake; also printed on stderr); absent when there are none'),
  /** Added by the CLI: version, seed, scenario file. */
  provenance: looseObject.optional(),
  /** Added by the CLI when the scenario compares cells: key metrics per cell id. */
  comparison: z.record(z.string(), looseObject).optional(),
});

export type SimMetrics = z.infer<typeof simMetricsSchema>;

/** The published JSON Schema of metrics.json. */
export function simMetricsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(simMetricsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** What `finish()` needs besides the accumulators. */
export interface MetricsContext {
  scenario: Scenario;
  cell: CellModel;
  pack: Pack;
  ecm: EcmModel;
  bms: BaselineBms;
  limits: ProtectionLimits;
  layout: SensorLayout;
  topology: TopologyPlan;
  sensorFaults: SensorFault[];
  btmsName: string;
  window_K: readonly [number, number];
  startTemp_K: number;
  /** The pack's mass and volume breakdown (pack/breakdown.ts). */
  breakdown: PackBreakdown;
  /** The road-load mass and what it is made of (schedule.ts `vehicleMassOf`). */
  vehicleMass: { total_kg: number; glider_kg: number | null; pack_kg: number | null; basis: string };
  /** The protocol events' results (loop). */
  protocol: ProtocolResults | null;
}

/** Accumulators of one run (plain numeric fields: updated every step). */
export class RunMetrics {
  tMin = Infinity;
  tMax = -Infinity;
  outsideWindow_s = 0;
  heaterElec_J = 0;
  coolingElec_J = 0;
  btmsFromPack_J = 0;
  /** The part of btmsFromPack_J drawn while parked (unplugged), not driving. */
  btmsFromPackParked_J = 0;
  btmsFromGrid_J = 0;
  gridCharge_J = 0;
  distance_m = 0;
  driveEnergy_J = 0;
  driveTime_s = 0;
  limitedDrive_s = 0;
  pMin = Infinity;
  pMax = -Infinity;
  ccdMarginMin = Infinity;
  vGroupMax = -Infinity;
  stranded = 0;
  strandings: { time_s: number; reason: string; distanceNotDriven_m: number; timeNotDriven_s: number }[] = [];
  drivesSkipped = 0;
  distanceNotDriven_m = 0;
  /** CCD margin of the last step (CCD / j over charging units; Infinity when not charging). */
  ccdMargin = Infinity;
  /** SoC error sums per estimator (recorded rows). */
  readonly socSqErr: Float64Array;
  readonly socMaxErr: Float64Array;
  socSamples = 0;
  /** SoP relative-error sums per horizon: [2h] discharge, [2h + 1] charge. */
  readonly sopSq = new Float64Array(SOP_HORIZONS_S.length * 2);
  readonly sopN = new Float64Array(SOP_HORIZONS_S.length * 2);
  sopSamples = 0;
  /** First internal short (filament-grown or injected): when and where (truth). */
  shortOnset: { time_s: number; group: number } | null = null;

  constructor(
    readonly estimators: readonly string[],
    private readonly pack: Pack,
    private readonly window_K: readonly [number, number],
  ) {
    this.socSqErr = new Float64Array(estimators.length);
    this.socMaxErr = new Float64Array(estimators.length);
  }

  /** Truth-side scoring after a plant step of `dt` [s] (temperatures, voltages, pressures, CCD margin). */
  afterStep(dt: number, current_A: number, filament: boolean): void {
    const pack = this.pack;
    const lo = pack.tempMin_K;
    const hi = pack.tempMax_K;
    if (lo < this.tMin) this.tMin = lo;
    if (hi > this.tMax) this.tMax = hi;
    for (let g = 0; g < pack.ns; g++) if (pack.groupVoltage_V[g] > this.vGroupMax) this.vGroupMax = pack.groupVoltage_V[g];
    if (lo < this.window_K[0] || hi > this.window_K[1]) this.outsideWindow_s += dt;
    for (let m = 0; m < pack.nModules; m++) {
      const p = pack.modulePressure_Pa[m];
      if (p < this.pMin) this.pMin = p;
      if (p > this.pMax) this.pMax = p;
    }
    let ccdMargin = Infinity;
    if (filament && current_A < 0) {
      for (let u = 0; u < pack.nUnits; u++) {
        const j = -pack.unitCurrent_A[u] / pack.unitArea_m2[u];
        if (j > 0 && pack.ccd[u] < ccdMargin * j) ccdMargin = pack.ccd[u] / j;
      }
      if (ccdMargin < this.ccdMarginMin) this.ccdMarginMin = ccdMargin;
    }
    this.ccdMargin = ccdMargin;
  }

  /** SoC scoring at a recorded row: `est[k]` the estimators' pack SoC, `socTrue` the true mean group SoC. */
  scoreSoc(est: Float64Array, socTrue: number): void {
    this.socSamples++;
    for (let k = 0; k < est.length; k++) {
      const err = est[k] - socTrue;
      this.socSqErr[k] += err * err;
      if (Math.abs(err) > this.socMaxErr[k]) this.socMaxErr[k] = Math.abs(err);
    }
  }

  /** The 10 s discharge SoP of the last scored instant [kW]: the BMS's estimate and the truth. */
  sop10Est_kW = NaN;
  sop10True_kW = NaN;

  /**
   * SoP scoring at one instant: the BMS's SoP (`est`) against the same prediction on the plant's
   * true state and parameters (`tru`), relative errors per horizon where the true power is not ~0
   * (e.g. no charge below 0 °C).
   */
  scoreSop(est: readonly SopResult[], tru: readonly SopResult[]): void {
    this.sop10Est_kW = NaN;
    this.sop10True_kW = NaN;
    if (est.length !== tru.length) return;
    let used = false;
    for (let h = 0; h < tru.length; h++) {
      if (tru[h].horizon_s === 10) {
        this.sop10Est_kW = est[h].dischargePower_W / 1000;
        this.sop10True_kW = tru[h].dischargePower_W / 1000;
      }
      if (tru[h].dischargePower_W > 1) {
        const ed = (est[h].dischargePower_W - tru[h].dischargePower_W) / tru[h].dischargePower_W;
        this.sopSq[2 * h] += ed * ed;
        this.sopN[2 * h]++;
      }
      if (tru[h].chargePower_W > 1) {
        const ec = (est[h].chargePower_W - tru[h].chargePower_W) / tru[h].chargePower_W;
        this.sopSq[2 * h + 1] += ec * ec;
        this.sopN[2 * h + 1]++;
      }
      used = true;
    }
    if (used) this.sopSamples++;
  }

  finish(c: MetricsContext, t: number, stepCount: number, sessions: readonly ChargeSession[], stoppedEarly: boolean, error: Error | null): SimMetrics {
    const { scenario: s, cell, pack, ecm, bms, limits } = c;
    const ns = pack.ns;
    const packCapacity_Ah = (cell.capacity_As * pack.np) / 3600;
    const eb = pack.energyBalance();
    const L = pack.ledger;
    const thermalIn = L.electrochemicalHeat_J + L.reactionHeat_J - L.ventedSensible_J + L.externalHeat_J + L.heaterToPlate_J - L.coolingFromPlate_J - L.toAmbient_J;
    const thermalStore = pack.thermalEnergy_J() - thermalEnergyStart(pack, c.startTemp_K);
    const consumption_Wh_km = this.distance_m > 0 ? this.driveEnergy_J / 3600 / (this.distance_m / 1000) : null;
    // the cell's rated energy (cell_spec: capacity × mean OCV) × cells, so pack and cell figures are the same cell
    const nominalEnergy_kWh = (cellSpec(cell).energy_Wh * ns * pack.np) / 1000;
    const socRmse: Record<string, number> = {};
    const socMax: Record<string, number> = {};
    this.estimators.forEach((e, k) => {
      socRmse[e] = this.socSamples ? round(100 * Math.sqrt(this.socSqErr[k] / this.socSamples), 4) : NaN;
      socMax[e] = round(100 * this.socMaxErr[k], 4);
    });
    const retention = capacityRetention_pct(pack);
    // charge time only of sessions that completed and put energy in (issue 16, item 6)
    const counted = sessions.filter((x) => x.complete && x.energyIn_kWh > 0);
    const chargeTime = counted.reduce((a, x) => a + x.duration_s, 0);
    const chargeNote = chargeTimeNote(sessions);
    const rte = roundTrip(L.packDischarge_J, L.packCharge_J, pack.initialEnthalpy_J - pack.storedEnthalpy_J(), nominalEnergy_kWh * 3.6e6);
    const health = scoreHealth(bms.healthReport(), pack, ecm, retention, resistanceSplitFromCell(cell));
    const sopErr: Record<string, number | null> = {};
    for (let h = 0; h < SOP_HORIZONS_S.length; h++) {
      const H = SOP_HORIZONS_S[h];
      const { sopSq, sopN } = this;
      sopErr[`discharge_${H}s_rms_pct`] = sopN[2 * h] ? round(100 * Math.sqrt(sopSq[2 * h] / sopN[2 * h]), 4) : null;
      sopErr[`charge_${H}s_rms_pct`] = sopN[2 * h + 1] ? round(100 * Math.sqrt(sopSq[2 * h + 1] / sopN[2 * h + 1]), 4) : null;
      sopErr[`charge_${H}s_samples`] = sopN[2 * h + 1];
    }
    const faultScore = scoreSensorFaults(c.sensorFaults, c.layout, c.topology, bms.sensorEvents, bms.events);
    const shortScore = scoreShortDetection(this.shortOnset, bms.events);
    return {
      scenario: s.name,
      cell: cell.params.id,
      cell_spec: cellSpecJson(cell),
      simulated_days: round(t / 86400, 4),
      steps: stepCount,
      energy_balance_error_pct: round(eb.error_pct, 5),
      thermal_balance_error_pct: round(
        (100 * Math.abs(thermalStore - thermalIn)) / Math.max(1, Math.abs(L.electrochemicalHeat_J) + L.heaterToPlate_J + L.coolingFromPlate_J + Math.abs(L.toAmbient_J)),
        6,
      ),
      energy_discharged_kWh: round(L.packDischarge_J / 3.6e6, 4),
      energy_charged_kWh: round(L.packCharge_J / 3.6e6, 4),
      grid_energy_kWh: round((this.gridCharge_J + this.btmsFromGrid_J) / 3.6e6, 4),
      round_trip_efficiency_pct: rte.pct,
      round_trip_efficiency_note: rte.note,
      heat_generated_kWh: round(L.electrochemicalHeat_J / 3.6e6, 4),
      distance_km: round(this.distance_m / 1000, 3),
      drive_time_h: round(this.driveTime_s / 3600, 3),
      consumption_Wh_km: consumption_Wh_km !== null ? round(consumption_Wh_km, 2) : null,
      range_km: consumption_Wh_km ? round((nominalEnergy_kWh * 1000 * (retention / 100)) / consumption_Wh_km, 1) : null,
      power_limited_drive_s: round(this.limitedDrive_s, 1),
      stranded_events: this.stranded,
      stranded: this.strandings.map((x) => ({
        time_s: round(x.time_s, 1),
        reason: x.reason,
        distance_not_driven_km: round(x.distanceNotDriven_m / 1000, 3),
        time_not_driven_s: round(x.timeNotDriven_s, 1),
      })),
      drives_skipped: this.drivesSkipped,
      distance_not_driven_km: round(this.distanceNotDriven_m / 1000, 3),
      soc_rmse_pct: socRmse,
      soc_max_error_pct: socMax,
      cell_voltage_max_V: Number.isFinite(this.vGroupMax) ? round(this.vGroupMax, 4) : null,
      safety_limits: { cell_voltage_max_V: round(limits.cellVoltageHigh_V.maxSafety, 4), cell_temp_max_C: round(kToC(limits.tempHigh_K.maxSafety), 2) },
      cell_temp_min_C: round(kToC(this.tMin), 3),
      cell_temp_max_C: round(kToC(this.tMax), 3),
      thermal_window_C: [round(kToC(c.window_K[0]), 2), round(kToC(c.window_K[1]), 2)],
      time_outside_window_pct: round((100 * this.outsideWindow_s) / Math.max(t, 1e-9), 3),
      heating_energy_kWh: round(this.heaterElec_J / 3.6e6, 4),
      cooling_energy_kWh: round(this.coolingElec_J / 3.6e6, 4),
      thermal_energy_kWh: round((this.heaterElec_J + this.coolingElec_J) / 3.6e6, 4),
      thermal_energy_from_pack_kWh: round(this.btmsFromPack_J / 3.6e6, 4),
      thermal_energy_from_pack_parked_kWh: round(this.btmsFromPackParked_J / 3.6e6, 4),
      btms_controller: c.btmsName,
      btms_hardware: s.btms.hardware,
      balancing_energy_Wh: round(L.balancing_J / 3600, 4),
      ...(s.bms.balancing.kind === 'active' ? { balancing_moved_Wh: round(L.balancingMoved_J / 3600, 4), balancing_converter_loss_Wh: round(L.balancingLoss_J / 3600, 4) } : {}),
      protection_events: bms.events.map((e) => ({ ...e, time_s: round(e.time_s, 2) })),
      bms_topology: topologyRow(c.topology) as unknown as Record<string, unknown>,
      sensor_detections: bms.sensorEvents.map((e) => ({ ...e, index: e.index + 1, time_s: round(e.time_s, 3), value: Number.isFinite(e.value) ? round(e.value, 6) : null })),
      injected_faults: faultScore.outcomes,
      sensor_false_alarms: faultScore.falseAlarms.length,
      charge_time_s: counted.length ? round(chargeTime, 1) : null,
      charge_time_note: chargeNote,
      charge_sessions: sessions.map((x) => ({
        ...x,
        start_s: round(x.start_s, 1),
        end_s: round(x.end_s, 1),
        duration_s: round(x.duration_s, 1),
        socStart: round(x.socStart, 4),
        socEnd: round(x.socEnd, 4),
        energyIn_kWh: round(x.energyIn_kWh, 4),
        preheat_s: round(x.preheat_s, 1),
      })),
      soh_end_pct: round(retention, 4),
      soh_estimate_error_pct: health.error_pct,
      soh_estimate: health.detail,
      sop_error_pct: sopErr.discharge_10s_rms_pct,
      sop: { samples: this.sopSamples, ...sopErr },
      soh_end_min_pct: round(minCapacityRetention_pct(pack), 4),
      filament_damage_max: round(maxOf(pack.damage), 6),
      internal_shorts: countAbove(pack.damage, 1),
      short_detection_s: shortScore.delay_s,
      short_detection: shortScore,
      ccd_margin_min: Number.isFinite(this.ccdMarginMin) ? round(this.ccdMarginMin, 4) : null,
      stack_pressure_MPa: { min: round(this.pMin / 1e6, 4), max: round(this.pMax / 1e6, 4) },
      pack: packMetrics(c.breakdown, `${ns}s${pack.np}p`, nominalEnergy_kWh, packCapacity_Ah),
      vehicle_mass_kg: isLabRun(s) ? null : round(c.vehicleMass.total_kg, 2),
      vehicle_mass: isLabRun(s)
        ? null
        : {
            glider_kg: c.vehicleMass.glider_kg === null ? null : round(c.vehicleMass.glider_kg, 2),
            pack_kg: c.vehicleMass.pack_kg === null ? null : round(c.vehicleMass.pack_kg, 2),
            basis: c.vehicleMass.basis,
          },
      run_kind: isLabRun(s) ? 'lab' : 'vehicle',
      protocol: c.protocol,
      energy_ledger_kWh: Object.fromEntries(Object.entries(L).map(([k, v]) => [k.replace(/_J$/, ''), round(v / 3.6e6, 6)])),
      stopped_early: stoppedEarly,
      error: error ? error.message : null,
      valid: error === null,
      numerical_failure: error ? numericalFailure(error, t) : null,
    };
  }
}

/** The cell's rated figures as metrics.json reports them (rounded as `ssb cells --json`). */
function cellSpecJson(cell: CellModel): SimMetrics['cell_spec'] {
  const s = cellSpec(cell);
  return {
    capacity_Ah: round(s.capacity_Ah, 3),
    energy_Wh: round(s.energy_Wh, 2),
    mass_kg: round(s.mass_kg, 4),
    volume_L: s.volume_L === null ? null : round(s.volume_L, 4),
    specific_energy_Wh_kg: round(s.specific_energy_Wh_kg, 1),
    energy_density_Wh_L: s.energy_density_Wh_L === null ? null : round(s.energy_density_Wh_L, 1),
  };
}
/** The structured record of a numerical failure (issue 16: "invalid: numerical failure at t, cell, quantity, value"). */
export function numericalFailure(error: Error, t: number): NonNullable<SimMetrics['numerical_failure']> {
  const w = error instanceof NumericalError ? error.where : {};
  const v = w.value;
  return {
    time_s: round(w.time_s ?? t, 3),
    cell: w.cell === undefined ? null : String(w.cell),
    quantity: w.quantity ?? null,
    value: v !== undefined && Number.isFinite(v) ? v : null,
    detail: error instanceof NumericalError ? error.detail : error.message,
    message: error.message,
  };
}

/** One line: "invalid: numerical failure at t = 63.5 s, cell #0 (…), temp_K = 34775.3: temperature out of physical range". */
export function invalidRunText(f: NonNullable<SimMetrics['numerical_failure']>): string {
  const parts = [`at t = ${f.time_s ?? '?'} s`];
  if (f.cell !== null) parts.push(`cell ${f.cell}`);
  if (f.quantity !== null) parts.push(`${f.quantity} = ${f.value === null ? 'not finite' : +f.value.toPrecision(6)}`);
  return `invalid: numerical failure ${parts.join(', ')}: ${f.detail}`;
}

/** Why charge sessions are left out of the charge time ("not completed: …"), or null when none is. */
export function chargeTimeNote(sessions: readonly ChargeSession[]): string | null {
  const out: string[] = [];
  for (const x of sessions) {
    const at = `session at ${round(x.start_s / 3600, 2)} h`;
    if (!(x.energyIn_kWh > 0)) out.push(`${at} put no energy in (contactors open, or the BMS allowed no charge current)`);
    else if (!x.complete) out.push(`${at} ended before its target (time limit or next event) at SoC ${round(x.socEnd * 100, 1)} %`);
  }
  return out.length ? `not completed: ${out.join('; ')}` : null;
}

/**
 * Round-trip efficiency E_out / E_in, only where it is defined: energy went in, the run returns to
 * its starting stored energy (|ΔH| ≤ 2 % of the nominal energy: otherwise the ratio measures the
 * change of charge, not the losses — 751 % for a run that discharged what it never charged), and
 * the ratio lies within 0–100 %.
 */
export function roundTrip(out_J: number, in_J: number, storedDrop_J: number, nominal_J: number): { pct: number | null; note: string | null } {
  if (!(in_J > 0)) return { pct: null, note: 'not defined: no energy charged' };
  if (Math.abs(storedDrop_J) > 0.02 * nominal_J) {
    const d = round((100 * storedDrop_J) / nominal_J, 1);
    return { pct: null, note: `not defined: the run ${d > 0 ? 'ends with less' : 'ends with more'} stored energy than it started with (${Math.abs(d)} % of the nominal energy), not a closed cycle` };
  }
  const r = (100 * out_J) / in_J;
  if (!(r >= 0 && r <= 100)) return { pct: null, note: `not defined: ${round(r, 1)} % is outside 0–100 %` };
  return { pct: round(r, 3), note: null };
}
