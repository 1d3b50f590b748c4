/**
 * The BMS's own description of its measurement channels (which groups carry an NTC, which module
 * each pressure sensor reads) and an empty sample sized for it. Both belong to the BMS side: a BMS
 * built from a pack description with no plant (the live twin) needs them, the sensor models in
 * `sensing/` fill them.
 */
import type { Measurements, SensorLayout } from './types.js';
import { InputError } from '../errors.js';

/**
 * Sensor layout with `groupsPerModule` consecutive groups per module (the last module may be
 * shorter), one pressure sensor per module and `tempSensorsPerModule` NTCs per module placed at
 * evenly spaced groups: sensor i of a module with n groups and k sensors sits at group
 * start + floor((i + ½)·n / k).
 */
export function makeSensorLayout(seriesCount: number, parallelCount: number, groupsPerModule: number, tempSensorsPerModule: number): SensorLayout {
  if (!(Number.isInteger(seriesCount) && seriesCount >= 1)) throw new InputError('seriesCount must be an integer >= 1', { field: 'seriesCount', value: seriesCount });
  if (!(Number.isInteger(parallelCount) && parallelCount >= 1)) throw new InputError('parallelCount must be an integer >= 1', { field: 'parallelCount', value: parallelCount });
  if (!(Number.isInteger(groupsPerModule) && groupsPerModule >= 1)) throw new InputError('groupsPerModule must be an integer >= 1', { field: 'groupsPerModule', value: groupsPerModule });
  if (!(Number.isInteger(tempSensorsPerModule) && tempSensorsPerModule >= 0))
    throw new InputError('tempSensorsPerModule must be an integer >= 0', { field: 'tempSensorsPerModule', value: tempSensorsPerModule });
  const moduleCount = Math.ceil(seriesCount / groupsPerModule);
  const groupModule = new Int32Array(seriesCount);
  for (let g = 0; g < seriesCount; g++) groupModule[g] = Math.floor(g / groupsPerModule);
  const sensors: number[] = [];
  for (let m = 0; m < moduleCount; m++) {
    const start = m * groupsPerModule;
    const n = Math.min(groupsPerModule, seriesCount - start);
    const k = Math.min(tempSensorsPerModule, n);
    for (let i = 0; i < k; i++) sensors.push(start + Math.floor(((i + 0.5) * n) / k));
  }
  const pressureSensorModule = new Int32Array(moduleCount);
  for (let m = 0; m < moduleCount; m++) pressureSensorModule[m] = m;
  return { seriesCount, parallelCount, tempSensorGroup: Int32Array.from(sensors), pressureSensorModule, groupModule };
}

/** Creates an empty `Measurements` sized for `layout` (all channels invalid, readings NaN). */
export function allocMeasurements(layout: SensorLayout): Measurements {
  const ns = layout.seriesCount;
  const nt = layout.tempSensorGroup.length;
  const np = layout.pressureSensorModule.length;
  return {
    time_s: 0,
    groupVoltage_V: new Float64Array(ns).fill(NaN),
    groupVoltageValid: new Uint8Array(ns),
    packCurrent_A: NaN,
    packCurrentValid: false,
    packVoltage_V: NaN,
    temp_K: new Float64Array(nt).fill(NaN),
    tempValid: new Uint8Array(nt),
    pressure_Pa: new Float64Array(np).fill(NaN),
    pressureValid: new Uint8Array(np),
    coolantTemp_K: NaN,
    ambientTemp_K: NaN,
  };
}
