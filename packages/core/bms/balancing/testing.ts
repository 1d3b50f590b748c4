/**
 * Shared fixture of the balancing tests: a 4-group layout, charge and drive contexts, and
 * measurements with given group voltages (all valid, −1 A charging current).
 */
import { allocMeasurements, makeSensorLayout } from '../measurements.js';
import type { BmsContext, Measurements } from '../types.js';

export const layout = makeSensorLayout(4, 2, 4, 1);
export const charge: BmsContext = { mode: 'charge', pluggedIn: true, chargerMaxCurrent_A: 10, chargerMaxPower_W: 1e4, chargeTargetSoc: 1 };
export const drive: BmsContext = { ...charge, mode: 'drive', pluggedIn: false };

export function meas(v: number[]): Measurements {
  const m = allocMeasurements(layout);
  m.groupVoltage_V.set(v);
  m.groupVoltageValid.fill(1);
  m.packCurrent_A = -1;
  m.packCurrentValid = true;
  return m;
}
