import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasuredSeries } from '../data/measured.js';
import { Rng } from '../numerics/rng.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from '../bms/estimation/soc/testing.js';
import { modelVoltageCheck } from './validate.js';

const T = 298.15;
const ecm = makeTestEcm();
const n = 5000;
const current = drivePulseCurrent(new Rng(11), n, 1, ecm.capacity_As, 0.9);
current[0] = 0;
const sim = simulateEcm(ecm, current, 1, 0.9, T);
const series = (offset_V: number): MeasuredSeries => ({
  length: n,
  time_s: new Float64Array(n).map((_, k) => k),
  current_A: current,
  voltage_V: sim.voltage_V.map((v) => v + offset_V),
  temp_K: null,
  step: null,
  line: new Float64Array(n).map((_, k) => k + 2),
});

test('the model that made the data has zero open-loop voltage error', () => {
  const v = modelVoltageCheck(ecm, series(0), 0.9, ecm.capacity_As / 3600, T, 0);
  assert.ok(v.rms_mV < 1e-6 && v.samples === n - 1, `${v.rms_mV} mV over ${v.samples}`);
});

test('a constant measurement offset shows as mean = −offset and RMS = |offset|', () => {
  const v = modelVoltageCheck(ecm, series(0.01), 0.9, ecm.capacity_As / 3600, T, 0);
  assert.ok(Math.abs(v.mean_mV + 10) < 1e-6 && Math.abs(v.rms_mV - 10) < 1e-6 && Math.abs(v.max_abs_mV - 10) < 1e-6);
});
