import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EcmModel, SocEstimator } from '../../types.js';
import { Rng } from '../../../numerics/rng.js';
import { createSocEstimator, EkfSoc, UkfSoc } from './index.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from './testing.js';

const T = 298.15;
const DT = 1;
const N = 7200; // two hours

interface Scenario {
  trueSoc: Float64Array;
  current_A: Float64Array; // measured (with gain error)
  voltage_V: Float64Array; // measured (with noise)
}

/** Truth from simulateEcm; sensors: 1 mV Gaussian voltage noise, current gain error `gain`. */
function scenario(seed: number, gain: number, z0 = 0.95): Scenario {
  const model = makeTestEcm();
  const rng = new Rng(seed);
  const I = drivePulseCurrent(rng.fork('current'), N, DT, model.capacity_As, z0);
  const truth = simulateEcm(model, I, DT, z0, T);
  const noise = rng.fork('voltage-noise');
  const voltage_V = truth.voltage_V.map((v) => v + noise.normal(0, 1e-3));
  const current_A = I.map((i) => i * gain);
  return { trueSoc: truth.soc, current_A, voltage_V };
}

function run(est: SocEstimator, s: Scenario, z0: number): Float64Array {
  est.reset({ soc: z0 });
  const out = new Float64Array(N);
  for (let k = 0; k < N; k++) out[k] = est.update(s.current_A[k], s.voltage_V[k], T, DT);
  return out;
}

function rmseAfter(est: Float64Array, truth: Float64Array, from: number): number {
  let se = 0;
  for (let k = from; k < truth.length; k++) se += (est[k] - truth[k]) ** 2;
  return Math.sqrt(se / (truth.length - from));
}

/** Time [s] after which |error| stays below tol for the rest of the run. */
function convergenceTime_s(est: Float64Array, truth: Float64Array, tol: number): number {
  let last = -1;
  for (let k = 0; k < truth.length; k++) if (Math.abs(est[k] - truth[k]) >= tol) last = k;
  return (last + 1) * DT;
}

const cases = [
  { seed: 1, gain: 1.01 },
  { seed: 2, gain: 0.99 },
  { seed: 3, gain: 1.01 },
];

for (const [name, make] of [
  ['ekf', (m: EcmModel) => new EkfSoc(m)],
  ['ukf', (m: EcmModel) => new UkfSoc(m)],
] as const) {
  test(`${name}: drive profile, 1 mV noise, ±1 % current gain: RMSE < 1 % SoC, converges from 0.6 to within 2 % in < 300 s`, () => {
    const model = makeTestEcm();
    for (const c of cases) {
      const s = scenario(c.seed, c.gain);
      // Sanity: the profile really exercises the cell (large SoC swing, rests and both signs).
      assert.ok(s.trueSoc[0] - Math.min(...s.trueSoc) > 0.3);
      const right = run(make(model), s, 0.95);
      const wrong = run(make(model), s, 0.6);
      const r1 = rmseAfter(right, s.trueSoc, 300);
      const r2 = rmseAfter(wrong, s.trueSoc, 300);
      const tc = convergenceTime_s(wrong, s.trueSoc, 0.02);
      assert.ok(r1 < 0.01, `${name} seed ${c.seed}: RMSE ${r1}`);
      assert.ok(r2 < 0.01, `${name} seed ${c.seed}: RMSE from wrong start ${r2}`);
      assert.ok(tc < 300, `${name} seed ${c.seed}: convergence ${tc} s`);
      // Beats plain Coulomb counting with the 1 % gain error from the correct start.
      const cc = run(createSocEstimator('coulomb', model), s, 0.95);
      assert.ok(r1 < rmseAfter(cc, s.trueSoc, 300), `${name} should beat Coulomb counting`);
    }
  });
}

test('ekf and ukf agree within 1 % SoC after convergence', () => {
  const model = makeTestEcm();
  for (const c of cases) {
    const s = scenario(c.seed, c.gain);
    const e = run(new EkfSoc(model), s, 0.6);
    const u = run(new UkfSoc(model), s, 0.6);
    let maxDiff = 0;
    for (let k = 300; k < N; k++) maxDiff = Math.max(maxDiff, Math.abs(e[k] - u[k]));
    assert.ok(maxDiff < 0.01, `seed ${c.seed}: max |ekf − ukf| = ${maxDiff}`);
  }
});

test('ekf/ukf stay within 1.5 % RMSE with a mismatched model (−3 % capacity, +13 % R0, wrong diffusion branch)', () => {
  const estModel = makeTestEcm({ capacity_Ah: 2.9, r0Ref_ohm: 0.034, r2Ref_ohm: 0.017, tau2_s: 150 });
  const s = scenario(4, 1.01);
  for (const est of [new EkfSoc(estModel), new UkfSoc(estModel)]) {
    const r = rmseAfter(run(est, s, 0.6), s.trueSoc, 600);
    assert.ok(r < 0.015, `${est.name}: RMSE ${r}`);
  }
});

test('ekf/ukf diagnostics: socStd shrinks from the prior, residual is small at convergence', () => {
  const model = makeTestEcm();
  const s = scenario(5, 1.0);
  for (const est of [new EkfSoc(model), new UkfSoc(model)]) {
    est.reset({ soc: 0.6 });
    assert.ok(Math.abs(est.socStd - 0.2) < 1e-12);
    for (let k = 0; k < N; k++) est.update(s.current_A[k], s.voltage_V[k], T, DT);
    assert.ok(est.socStd < 0.02 && est.socStd > 0, `${est.name}: socStd ${est.socStd}`);
    assert.ok(Math.abs(est.voltageResidual_V) < 0.01, `${est.name}: residual ${est.voltageResidual_V}`);
  }
});

test('estimators read only (current, voltage, temperature, dt) and the EcmModel interface; deterministic', () => {
  const allowed = new Set(['capacity_As', 'ocv_V', 'dOcvDz_V', 'r0_ohm', 'r1_ohm', 'tau1_s', 'r2_ohm', 'tau2_s', 'vMin_V', 'vMax_V', 'hysteresis']);
  const base = makeTestEcm() as unknown as Record<string | symbol, unknown>;
  const seen = new Set<string | symbol>();
  const guarded = new Proxy(base, {
    get(target, key) {
      seen.add(key);
      if (!allowed.has(String(key))) throw new Error(`estimator read non-model property ${String(key)}`);
      return target[key];
    },
  }) as unknown as EcmModel;
  const s = scenario(6, 1.01);
  for (const name of ['coulomb', 'ocv', 'ekf', 'ukf'] as const) {
    const a = createSocEstimator(name, guarded);
    const b = createSocEstimator(name, guarded);
    assert.equal(a.name, name);
    assert.equal(a.update.length, 4, 'update takes exactly (current_A, voltage_V, temp_K, dt_s)');
    a.reset({ voltage_V: s.voltage_V[0], temp_K: T });
    b.reset({ voltage_V: s.voltage_V[0], temp_K: T });
    for (let k = 0; k < 2000; k++) {
      const za = a.update(s.current_A[k], s.voltage_V[k], T, DT);
      assert.ok(za >= 0 && za <= 1);
      assert.equal(za, b.update(s.current_A[k], s.voltage_V[k], T, DT));
    }
  }
  assert.ok(seen.has('ocv_V'));
});

test('NaN voltage (and other non-finite inputs) throw naming the estimator and the quantity', () => {
  const model = makeTestEcm();
  for (const name of ['coulomb', 'ocv', 'ekf', 'ukf'] as const) {
    const est = createSocEstimator(name, model);
    est.reset({ soc: 0.5 });
    assert.throws(
      () => est.update(1, NaN, T, 1),
      (e: Error) => e.message.includes(`'${name}'`) && e.message.includes('voltage_V'),
    );
    assert.throws(
      () => est.update(NaN, 3.7, T, 1),
      (e: Error) => e.message.includes(`'${name}'`) && e.message.includes('current_A'),
    );
    assert.throws(() => est.update(1, 3.7, -5, 1), /temp_K/);
    assert.throws(() => est.update(1, 3.7, T, Infinity), /dt_s/);
    // A rejected sample leaves the estimate unchanged.
    assert.equal(est.soc, 0.5);
  }
});

test('createSocEstimator validates names and options', () => {
  const model = makeTestEcm();
  assert.throws(() => createSocEstimator('lstm' as 'ekf', model), /value "lstm": unknown SoC estimator; expected one of coulomb, ocv, ekf, ukf, nn/);
  assert.throws(() => createSocEstimator('ekff' as 'ekf', model), /did you mean 'ekf'/);
  assert.throws(() => createSocEstimator('nn', model), /field 'weights'/);
  assert.throws(() => createSocEstimator('ekf', model, { measurementNoise_V: -1 }), /measurementNoise_V/);
  assert.throws(() => createSocEstimator('ukf', model, { processNoise: 3 }), /processNoise/);
  assert.throws(() => createSocEstimator('ukf', model, { alpha: 2 }), /alpha/);
  const e = createSocEstimator('ekf', model, { initialCovariance: { z: 1e-4 } }) as EkfSoc;
  e.reset({ soc: 0.3 });
  assert.ok(Math.abs(e.socStd - 1e-2) < 1e-12);
});

test('ukf: non-default scaling (α = 0.5, κ = 0) still tracks', () => {
  const model = makeTestEcm();
  const s = scenario(7, 1.01);
  const r = rmseAfter(run(new UkfSoc(model, { alpha: 0.5 }), s, 0.6), s.trueSoc, 300);
  assert.ok(r < 0.01, `RMSE ${r}`);
});

test('one update with dt = 0 equals the analytic linear Kalman update (checks H, gain and covariance)', () => {
  const model = makeTestEcm();
  const z0 = 0.55;
  const pz = 1e-6,
    pv = 4e-8,
    sv = 2e-3,
    sI = 0.05,
    I = 3;
  const h = model.dOcvDz_V(z0, T);
  const r0 = model.r0_ohm(z0, T);
  const delta = 5e-5; // small: linear regime
  // dt = 0: no prediction; the current only enters the output, ŷ = OCV − R0·I, with noise R0·σ_I.
  const S = h * h * pz + 2 * pv + sv * sv + r0 * r0 * sI * sI;
  const kz = (pz * h) / S;
  const zExpected = z0 + kz * delta;
  const pzzExpected = pz - (pz * h) ** 2 / S;
  const opts = { initialCovariance: { z: pz, v1: pv, v2: pv }, measurementNoise_V: sv, currentSensorNoise_A: sI };
  for (const est of [new EkfSoc(model, opts), new UkfSoc(model, opts)]) {
    est.reset({ soc: z0 });
    est.update(I, model.ocv_V(z0, T) - r0 * I + delta, T, 0);
    // The UKF also captures the OCV curvature (a ~0.2 % second-order shift of ŷ here): 1 % of the step.
    const tol = est.name === 'ekf' ? 1e-12 : 0.01 * kz * delta;
    assert.ok(Math.abs(est.soc - zExpected) < tol, `${est.name}: z ${est.soc} vs ${zExpected}`);
    assert.ok(Math.abs(est.socStd ** 2 - pzzExpected) < pz * 1e-6, `${est.name}: Pzz ${est.socStd ** 2} vs ${pzzExpected}`);
    assert.ok(Math.abs(est.voltageResidual_V - delta) < (est.name === 'ekf' ? 1e-12 : 0.02 * delta));
  }
});

test('one prediction under current: SoC moves by −I·dt/Q and its variance grows by q_z·dt + σ_I²(dt/Q)²', () => {
  const model = makeTestEcm();
  // Huge measurement noise: the update is negligible, so the posterior ≈ the prediction.
  const opts = { initialCovariance: { z: 1e-4 }, measurementNoise_V: 1e3, currentSensorNoise_A: 0.5, processNoise: { z: 1e-7 } };
  for (const est of [new EkfSoc(model, opts), new UkfSoc(model, opts)]) {
    est.reset({ soc: 0.5 });
    est.update(6, 3.6, T, 10);
    assert.ok(Math.abs(est.soc - (0.5 - 60 / model.capacity_As)) < 1e-9, `${est.name}: ${est.soc}`);
    const expected = 1e-4 + 1e-7 * 10 + 0.25 * (10 / model.capacity_As) ** 2;
    assert.ok(Math.abs(est.socStd ** 2 - expected) < 1e-10, `${est.name}: ${est.socStd ** 2} vs ${expected}`);
  }
});
