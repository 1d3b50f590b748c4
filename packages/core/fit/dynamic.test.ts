import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasuredSeries } from '../data/measured.js';
import { Rng } from '../numerics/rng.js';
import { drivePulseCurrent, simulateEcm } from '../bms/estimation/soc/testing.js';
import { calibrateDynamic, DYNAMIC_GAMMAS } from './dynamic.js';
import { ecmFromModelFile, parseModelFile, type EcmModelFile } from './model-file.js';

const T = 298.15;

function cell(capacity_Ah: number, gamma: number, exponent: number): EcmModelFile {
  const soc = Array.from({ length: 21 }, (_, i) => i / 20);
  return parseModelFile(
    {
      schema: 'ssb-twin/ecm-model',
      version: 1,
      capacity_Ah,
      vMin_V: 2.5,
      vMax_V: 4.2,
      // a curved OCV (so that a capacity error shows), M larger in the middle
      ocv: { soc, ocv_V: soc.map((z) => 3.3 + 0.7 * z + 0.15 * Math.sin(3 * z)), temp_C: 25 },
      hysteresis: { m_V: soc.map((z) => 0.01 + 0.03 * z * (1 - z)), gamma, exponent },
      resistance: { soc: [0, 1], temp_C: [25], r0_ohm: [[0.03, 0.025]], r1_ohm: [[0.01, 0.01]], tau1_s: [[20, 20]], r2_ohm: [[0.02, 0.02]], tau2_s: [[600, 600]] },
    },
    'dynamic-test.json',
  );
}

/** A seeded drive cycle (with regen) simulated on `truth` from full charge, h = +1, as a measured series. */
function driveSeries(truth: EcmModelFile, seed: number, n: number): MeasuredSeries {
  const ecm = ecmFromModelFile(truth);
  const current = drivePulseCurrent(new Rng(seed), n, 1, ecm.capacity_As, 1);
  current[0] = 0;
  const sim = simulateEcm(ecm, current, 1, 1, T, 1);
  return { length: n, time_s: new Float64Array(n).map((_, k) => k), current_A: current, voltage_V: sim.voltage_V, temp_K: null, step: null, line: new Float64Array(n).map((_, k) => k + 2) };
}

test('calibrateDynamic recovers the minor-loop hysteresis and the in-service capacity of the cell that made the drive cycle', () => {
  const series = driveSeries(cell(2.91, DYNAMIC_GAMMAS[4], 3), 3, 20000); // γ = 40, p = 3, capacity 97 % of the OCV test's 3 Ah
  let regen = 0;
  for (let k = 0; k < series.length; k++) if (series.current_A[k] < 0) regen++;
  assert.ok(regen > 1000, 'the drive needs regen pulses');
  // start from what the characterisation tests give: the OCV test's capacity, Plett's exponential with γ = 100
  const { model, calibration: c } = calibrateDynamic(cell(3, 100, 1), series, { file: 'drive.csv' });
  assert.equal(c.exponent, 3);
  assert.equal(c.gamma, DYNAMIC_GAMMAS[4]);
  assert.ok(Math.abs(c.capacity_Ah - 2.91) < 1e-9, `capacity ${c.capacity_Ah}`);
  assert.ok(c.after.rms_mV < 1e-3, `after ${c.after.rms_mV} mV`);
  assert.ok(c.before.rms_mV > 5, `before ${c.before.rms_mV} mV`);
  assert.equal(model.capacity_Ah, 2.91);
  assert.deepEqual([model.hysteresis.gamma, model.hysteresis.exponent], [DYNAMIC_GAMMAS[4], 3]);
  assert.deepEqual(model.ocv, cell(3, 100, 1).ocv, 'the OCV table stays on its SoC axis');
  assert.match(model.provenance.notes.at(-1)!, /drive\.csv/);
});

test('calibrateDynamic refuses a file without any charge current, naming the file', () => {
  const n = 500;
  const series: MeasuredSeries = {
    length: n,
    time_s: new Float64Array(n).map((_, k) => k),
    current_A: new Float64Array(n).fill(1),
    voltage_V: new Float64Array(n).fill(3.7),
    temp_K: null,
    step: null,
    line: new Float64Array(n).map((_, k) => k + 2),
  };
  assert.throws(() => calibrateDynamic(cell(3, 100, 1), series, { file: 'flat.csv' }), /flat\.csv[\s\S]*|no charge/);
});

test('calibrateDynamic without a hysteresis element calibrates the capacity only and keeps γ and the exponent', () => {
  const truth = cell(2.94, 100, 1);
  truth.hysteresis.m_V = truth.hysteresis.m_V.map(() => 0);
  const series = driveSeries(truth, 4, 15000);
  const start = cell(3, 100, 1);
  start.hysteresis.m_V = start.hysteresis.m_V.map(() => 0);
  const { calibration: c } = calibrateDynamic(start, series, { file: 'drive.csv' });
  assert.ok(Math.abs(c.capacity_Ah - 2.94) < 1e-9, `capacity ${c.capacity_Ah}`);
  assert.deepEqual([c.gamma, c.exponent], [100, 1]);
  assert.ok(c.evaluations < 40, `${c.evaluations} evaluations`);
});

test('calibrateDynamic trace: thinned, the same samples before and after, and its RMS agrees with the statistics', () => {
  const series = driveSeries(cell(2.91, DYNAMIC_GAMMAS[4], 3), 8, 8000);
  const { calibration: c } = calibrateDynamic(cell(3, 100, 1), series, { file: 'drive.csv' });
  const tr = c.trace;
  assert.ok(tr.time_s.length > 1000 && tr.time_s.length <= 2001, `${tr.time_s.length} points`);
  assert.equal(tr.errorBefore_V.length, tr.time_s.length);
  // all before-errors found (the before check uses SoC ≥ 2 % on the larger capacity axis, a superset here)
  assert.ok(tr.errorBefore_V.every(Number.isFinite));
  const rms = (a: number[]) => 1000 * Math.sqrt(a.reduce((s, e) => s + e * e, 0) / a.length);
  assert.ok(rms(tr.errorAfter_V) < 1e-3, `after ${rms(tr.errorAfter_V)} mV`);
  assert.ok(Math.abs(rms(tr.errorBefore_V) / c.before.rms_mV - 1) < 0.1, `${rms(tr.errorBefore_V)} vs ${c.before.rms_mV}`);
});
