import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasuredChunk } from '../../../data/measured.js';
import { Rng } from '../../../numerics/rng.js';
import { CoulombCounter, EkfSoc } from './index.js';
import { capacityProblem, EstimateRun, referenceStartWarning } from './score.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from './testing.js';

const T = 298.15;
const model = makeTestEcm();

/** A synthetic measured file: drive-like current at 1 s from SoC z0, as chunks of `chunk` rows. */
function synthetic(z0: number, n: number, chunk: number): { chunks: MeasuredChunk[]; soc: Float64Array } {
  const dt = 1;
  const i = drivePulseCurrent(new Rng(3), n, dt, model.capacity_As, z0);
  i[0] = 0; // the first sample is at rest: the file's time origin
  const sim = simulateEcm(model, i, dt, z0, T);
  const chunks: MeasuredChunk[] = [];
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const c: MeasuredChunk = {
      length: m,
      time_s: new Float64Array(m).map((_, k) => (s + k) * dt),
      current_A: i.slice(s, s + m),
      voltage_V: sim.voltage_V.slice(s, s + m),
      temp_K: new Float64Array(m).fill(T),
      step: null,
      line: new Float64Array(m).map((_, k) => s + k + 2),
    };
    chunks.push(c);
  }
  return { chunks, soc: sim.soc };
}

test('reference = Coulomb count: a Coulomb counter started at the reference SoC scores zero error', () => {
  const { chunks } = synthetic(0.9, 3000, 3000);
  const run = new EstimateRun(new CoulombCounter(model), { initialSoc: 0.9, referenceInitialSoc: 0.9, capacity_As: model.capacity_As, fallbackTemp_K: T });
  for (const c of chunks) run.push(c);
  const s = run.finish();
  assert.equal(s.samples, 3000);
  assert.ok(s.rmse_pct < 1e-9, `rmse ${s.rmse_pct}`);
  assert.equal(s.convergence_time_s, 0);
});

test('a constant initial offset shows as RMSE = max = final error, and never converges', () => {
  const { chunks } = synthetic(0.9, 3000, 3000);
  const run = new EstimateRun(new CoulombCounter(model), { initialSoc: 0.8, referenceInitialSoc: 0.9, capacity_As: model.capacity_As, fallbackTemp_K: T });
  for (const c of chunks) run.push(c);
  const s = run.finish();
  for (const v of [s.rmse_pct, s.max_abs_pct, s.final_abs_pct, s.mean_abs_pct]) assert.ok(Math.abs(v - 10) < 1e-6, `${v}`);
  assert.equal(s.convergence_time_s, null);
});

test('chunking does not change the score; the EKF from a wrong start converges and its time is reported', () => {
  const a = synthetic(0.95, 6000, 6000);
  const b = synthetic(0.95, 6000, 777);
  const score = (chunks: MeasuredChunk[]) => {
    const run = new EstimateRun(new EkfSoc(model), { initialSoc: 0.6, referenceInitialSoc: 0.95, capacity_As: model.capacity_As, fallbackTemp_K: T, traceEvery_s: 10 });
    for (const c of chunks) run.push(c);
    return run.finish();
  };
  const sa = score(a.chunks);
  const sb = score(b.chunks);
  assert.deepEqual(sa, sb);
  assert.ok(sa.max_abs_pct > 30, 'starts 35 points off');
  assert.ok(sa.convergence_time_s !== null && sa.convergence_time_s > 0 && sa.convergence_time_s < 3000, `converged after ${sa.convergence_time_s} s`);
  assert.ok(sa.final_abs_pct < 2);
});

test('without an initial SoC the estimator starts from the first voltage, not from the reference', () => {
  const { chunks } = synthetic(0.7, 100, 100);
  const run = new EstimateRun(new CoulombCounter(model), { referenceInitialSoc: 1.0, capacity_As: model.capacity_As, fallbackTemp_K: T });
  for (const c of chunks) run.push(c);
  const s = run.finish();
  assert.ok(Math.abs(s.initial_estimate - 0.7) < 0.01, `initial ${s.initial_estimate}`);
  assert.ok(s.max_abs_pct > 25);
});

test('bad options name the field', () => {
  assert.throws(() => new EstimateRun(new CoulombCounter(model), { referenceInitialSoc: 1.2, capacity_As: 1, fallbackTemp_K: T }), /reference-initial-soc/);
  assert.throws(() => new EstimateRun(new CoulombCounter(model), { referenceInitialSoc: 1, capacity_As: 0, fallbackTemp_K: T }), /capacity/);
  const run = new EstimateRun(new CoulombCounter(model), { referenceInitialSoc: 1, capacity_As: 1, fallbackTemp_K: T });
  assert.throws(() => run.finish(), /no samples/);
});

test('referenceStartWarning: a file that starts empty against a reference from full is flagged; a full start is not', () => {
  const m = makeTestEcm();
  const w = referenceStartWarning(m, m.ocv_V(0.05, T), T, 1);
  assert.ok(w !== null && /reads SoC 0\.05/.test(w) && /reference-initial-soc/.test(w), String(w));
  assert.equal(referenceStartWarning(m, m.ocv_V(0.95, T), T, 1), null);
  assert.equal(referenceStartWarning(m, m.ocv_V(0.05, T), T, 0.1), null);
});

test('capacity check: the run counts the charge discharged and the charge to the cut-off', () => {
  const { chunks } = synthetic(0.9, 3600, 1000);
  const run = new EstimateRun(new CoulombCounter(model), { initialSoc: 0.9, referenceInitialSoc: 0.9, capacity_As: model.capacity_As, fallbackTemp_K: T, cutoff_V: 0 });
  for (const c of chunks) run.push(c);
  const s = run.finish();
  let q = 0;
  let qMax = 0;
  for (const c of chunks)
    for (let k = 0; k < c.length; k++) {
      if (c.time_s[k] > 0) q += c.current_A[k];
      qMax = Math.max(qMax, q);
    }
  assert.ok(Math.abs(s.discharged_Ah - qMax / 3600) < 1e-9, `${s.discharged_Ah} vs ${qMax / 3600}`);
  assert.equal(s.discharged_to_cutoff_Ah, null, 'a cut-off of 0 V is never reached');
});

test('capacityProblem: a model of another capacity (60 Ah on a 2.9 Ah file, mAh for Ah, too small) is named; the right one is not', () => {
  const base = run0();
  // a 2.9 Ah cell emptied from full: 2.7 Ah to the cut-off under load
  const full = { ...base, discharged_Ah: 2.75, discharged_to_cutoff_Ah: 2.7 };
  assert.equal(capacityProblem(2.9, full, 1), null);
  assert.match(capacityProblem(60, full, 1) ?? '', /60 Ah differs from the 2\.700 Ah the data measure by a factor 22\.2.*reaches the cut-off after 2\.700 Ah/);
  assert.match(capacityProblem(2900, full, 1) ?? '', /2900 Ah looks like mAh \(2\.9 Ah\?\)/);
  // too small: the file delivers more than the capacity allows
  assert.match(capacityProblem(2, full, 1) ?? '', /holds at least 2\.750 Ah/);
  // without the cut-off judgement (an explicit capacity): only the certain cases
  assert.equal(capacityProblem(60, full, 1, { fromCutoff: false }), null);
  assert.match(capacityProblem(2900, full, 1, { fromCutoff: false }) ?? '', /looks like mAh/);
  assert.match(capacityProblem(2, full, 1, { fromCutoff: false }) ?? '', /holds at least/);
  // a partial discharge (no cut-off) bounds the capacity from below only
  const partial = { ...base, discharged_Ah: 0.5, discharged_to_cutoff_Ah: null };
  assert.equal(capacityProblem(60, partial, 1), null);
  assert.equal(capacityProblem(2.9, partial, 1), null);
});

function run0() {
  const { chunks } = synthetic(0.9, 100, 100);
  const run = new EstimateRun(new CoulombCounter(model), { initialSoc: 0.9, referenceInitialSoc: 0.9, capacity_As: model.capacity_As, fallbackTemp_K: T });
  for (const c of chunks) run.push(c);
  return run.finish();
}
