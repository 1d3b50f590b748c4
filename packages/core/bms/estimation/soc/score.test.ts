import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasuredChunk } from '../../../data/measured.js';
import { Rng } from '../../../numerics/rng.js';
import { CoulombCounter, EkfSoc } from './index.js';
import { EstimateRun, referenceStartWarning } from './score.js';
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
