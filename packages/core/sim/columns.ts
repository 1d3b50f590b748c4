/**
 * The recorded time series: ONE table of columns `{name, unit, read}` — the header (names and
 * units) and every row are produced from it, so they cannot disagree, and a column is looked up
 * by a checked name (`columnIndex` throws on a typo instead of returning −1).
 */
import type { Pack } from '../pack/pack.js';
import type { BaselineBms } from '../bms/baseline.js';
import type { BmsCommands } from '../bms/types.js';
import { kToC } from '../units/index.js';
import { maxFinite, maxOf } from './util.js';
import { capacityRetention_pct } from './scoring.js';

export interface ColumnSpec {
  name: string;
  unit: string;
}

/** What a row is read from: the loop's state at the end of a step (truth and the BMS's outputs). */
export interface RowView {
  time_s: number;
  /** ACTIVITY_CODE of the activity. */
  mode: number;
  speed_m_s: number;
  current_A: number;
  voltage_V: number;
  socTrue: number;
  /** The estimators' pack SoC, in the order of `bms.estimators`. */
  socEstimates: Float64Array;
  ambient_K: number;
  plateHeat_W: number;
  plateCool_W: number;
  btmsElectrical_W: number;
  /** CCD / j of the most loaded charging unit this step (Infinity when not charging). */
  ccdMargin: number;
  sop10Est_kW: number;
  sop10True_kW: number;
  pack: Pack;
  bms: BaselineBms;
  cmds: BmsCommands;
}

export interface RecordedColumn extends ColumnSpec {
  read(v: RowView): number;
}

function balancingPower_W(p: Pack): number {
  let bw = 0;
  // bleed power (passive) or converter input power from the group (active)
  for (let g = 0; g < p.ns; g++) bw += (p.balanceCurrent_A[g] + Math.abs(p.activeBalanceCurrent_A[g])) * p.groupVoltage_V[g];
  return bw;
}

function balancingGroups(p: Pack): number {
  let bn = 0;
  for (let g = 0; g < p.ns; g++) if (p.balanceCurrent_A[g] > 0 || p.activeBalanceCurrent_A[g] !== 0) bn++;
  return bn;
}

function groupVoltageMin(p: Pack): number {
  let v = Infinity;
  for (let g = 0; g < p.ns; g++) if (p.groupVoltage_V[g] < v) v = p.groupVoltage_V[g];
  return v;
}

function groupVoltageMax(p: Pack): number {
  let v = -Infinity;
  for (let g = 0; g < p.ns; g++) if (p.groupVoltage_V[g] > v) v = p.groupVoltage_V[g];
  return v;
}

function pressureMean_MPa(p: Pack): number {
  let pm = 0;
  for (let m = 0; m < p.nModules; m++) pm += p.modulePressure_Pa[m];
  return pm / p.nModules / 1e6;
}

function shortLeakTrue_A(p: Pack): number {
  let leak = 0;
  if (p.shortCount > 0) for (let u = 0; u < p.nUnits; u++) leak += p.shortCurrent_A[u];
  return leak;
}

/** The columns recorded every `outputs.record_every_s`, for the given SoC estimators. */
export function recordedColumns(estimators: readonly string[]): RecordedColumn[] {
  return [
    { name: 'time_s', unit: 's', read: (v) => v.time_s },
    { name: 'mode', unit: '0 park, 1 drive, 2 charge, 3 protocol', read: (v) => v.mode },
    { name: 'speed_km_h', unit: 'km/h', read: (v) => v.speed_m_s * 3.6 },
    { name: 'pack_current_A', unit: 'A', read: (v) => v.current_A },
    { name: 'pack_voltage_V', unit: 'V', read: (v) => v.voltage_V },
    { name: 'pack_power_kW', unit: 'kW', read: (v) => (v.current_A * v.voltage_V) / 1000 },
    { name: 'soc_true', unit: '-', read: (v) => v.socTrue },
    ...estimators.map((e, k): RecordedColumn => ({ name: `soc_${e}`, unit: '-', read: (v) => v.socEstimates[k] })),
    { name: 'cell_temp_min_C', unit: '°C', read: (v) => kToC(v.pack.tempMin_K) },
    { name: 'cell_temp_max_C', unit: '°C', read: (v) => kToC(v.pack.tempMax_K) },
    { name: 'cell_temp_mean_C', unit: '°C', read: (v) => kToC(v.pack.tempMean_K) },
    { name: 'plate_temp_C', unit: '°C', read: (v) => kToC(v.pack.plateTemp_K) },
    { name: 'ambient_C', unit: '°C', read: (v) => kToC(v.ambient_K) },
    { name: 'heater_W', unit: 'W', read: (v) => v.plateHeat_W },
    { name: 'cooling_W', unit: 'W', read: (v) => v.plateCool_W },
    { name: 'btms_electrical_W', unit: 'W', read: (v) => v.btmsElectrical_W },
    { name: 'balancing_W', unit: 'W', read: (v) => balancingPower_W(v.pack) },
    { name: 'balancing_groups', unit: '-', read: (v) => balancingGroups(v.pack) },
    { name: 'group_voltage_min_V', unit: 'V', read: (v) => groupVoltageMin(v.pack) },
    { name: 'group_voltage_max_V', unit: 'V', read: (v) => groupVoltageMax(v.pack) },
    { name: 'pressure_mean_MPa', unit: 'MPa', read: (v) => pressureMean_MPa(v.pack) },
    { name: 'filament_damage_max', unit: '-', read: (v) => maxOf(v.pack.damage) },
    { name: 'charge_limit_A', unit: 'A', read: (v) => v.cmds.chargeLimit_A },
    { name: 'discharge_limit_A', unit: 'A', read: (v) => v.cmds.dischargeLimit_A },
    { name: 'contactors_closed', unit: '-', read: (v) => (v.cmds.contactorsClosed ? 1 : 0) },
    { name: 'capacity_retention_pct', unit: '%', read: (v) => capacityRetention_pct(v.pack) },
    { name: 'ccd_margin_min', unit: 'CCD / j (charging)', read: (v) => (Number.isFinite(v.ccdMargin) ? v.ccdMargin : NaN) },
    { name: 'short_leak_est_max_A', unit: 'A (BMS estimate, largest group)', read: (v) => maxFinite(v.bms.shortLeakLow_A) },
    { name: 'short_leak_true_A', unit: 'A (truth, total over shorted cells)', read: (v) => shortLeakTrue_A(v.pack) },
    { name: 'hot_spot_est_max_C', unit: '°C (BMS virtual sensor)', read: (v) => kToC(maxFinite(v.bms.hotSpot_K)) },
    { name: 'sop_discharge_10s_kW', unit: 'kW (BMS estimate)', read: (v) => v.sop10Est_kW },
    { name: 'sop_discharge_10s_true_kW', unit: 'kW (truth)', read: (v) => v.sop10True_kW },
  ];
}

/** Names and units only (the header of the CSV/Arrow files). */
export function recordColumns(estimators: readonly string[]): ColumnSpec[] {
  return recordedColumns(estimators).map(({ name, unit }) => ({ name, unit }));
}

/** Index of a column by name; an unknown name is an error, not −1. */
export function columnIndex(columns: readonly ColumnSpec[], name: string): number {
  const i = columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no recorded column '${name}'; columns: ${columns.map((c) => c.name).join(', ')}`);
  return i;
}

/** Fill `row` from the table. */
export function readRow(columns: readonly RecordedColumn[], v: RowView, row: Float64Array): void {
  for (let k = 0; k < columns.length; k++) row[k] = columns[k].read(v);
}
