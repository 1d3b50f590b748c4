import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcvRestSoc, socFromOcv } from './ocv.js';
import { CoulombCounter } from './coulomb.js';
import { makeTestEcm, simulateEcm } from './testing.js';

test('socFromOcv inverts ocv_V within 1e-6 over a grid of SoC and temperature', () => {
  const model = makeTestEcm();
  for (const T of [253.15, 273.15, 298.15, 318.15]) {
    for (let i = 0; i <= 200; i++) {
      const z = i / 200;
      const back = socFromOcv(model, model.ocv_V(z, T), T);
      assert.ok(Math.abs(back - z) < 1e-6, `T=${T} z=${z}: got ${back}`);
    }
  }
});

test('socFromOcv clamps outside the OCV range and rejects non-finite input', () => {
  const model = makeTestEcm();
  assert.equal(socFromOcv(model, 2.0, 298.15), 0);
  assert.equal(socFromOcv(model, 5.0, 298.15), 1);
  assert.throws(() => socFromOcv(model, NaN, 298.15), /voltage_V/);
});

test('test ECM: OCV strictly increasing, dOcvDz matches a finite difference, simulateEcm relaxes to OCV', () => {
  const model = makeTestEcm();
  const T = 273.15;
  for (let i = 1; i < 100; i++) {
    const z = i / 100;
    assert.ok(model.ocv_V(z, T) > model.ocv_V(z - 0.01, T));
    const fd = (model.ocv_V(z + 1e-6, T) - model.ocv_V(z - 1e-6, T)) / 2e-6;
    assert.ok(Math.abs(fd - model.dOcvDz_V(z, T)) < 1e-6);
  }
  // 600 s at 1C then 3600 s rest.
  const I = new Float64Array(4200);
  I.fill(3, 0, 600);
  const sim = simulateEcm(model, I, 1, 0.8, T);
  const zEnd = 0.8 - (3 * 600) / model.capacity_As;
  assert.equal(sim.soc[0], 0.8 - 3 / model.capacity_As, 'soc[k] is the SoC after sample k');
  assert.ok(
    Math.abs(sim.voltage_V[0] - (model.ocv_V(sim.soc[0], T) - 3 * (model.r0_ohm(0.8, T) + model.r1_ohm(0.8, T) * (1 - Math.exp(-0.1)) + model.r2_ohm(0.8, T) * (1 - Math.exp(-1 / 200))))) < 1e-12,
  );
  assert.ok(Math.abs(sim.soc[4199] - zEnd) < 1e-12);
  assert.ok(Math.abs(sim.voltage_V[4199] - model.ocv_V(zEnd, T)) < 1e-6);
  // Under load the RC branches approach R·I (τ1 = 10 s fully settled, τ2 = 200 s: 1 − e^−3).
  const expectedDrop = (model.r0_ohm(zEnd, T) + model.r1_ohm(zEnd, T) + model.r2_ohm(zEnd, T) * (1 - Math.exp(-3))) * 3;
  assert.ok(Math.abs(model.ocv_V(sim.soc[599], T) - sim.voltage_V[599] - expectedDrop) < 1e-3);
});

test('OcvRestSoc: Coulomb-counts by default, re-reads OCV only after rest_s', () => {
  const model = makeTestEcm();
  const T = 298.15;
  const I = new Float64Array(1200 + 2000);
  I.fill(6, 0, 1200); // 2C for 20 min: ΔSoC = 0.667
  const sim = simulateEcm(model, I, 1, 0.9, T);
  // Estimator starts 10 % SoC wrong.
  const est = new OcvRestSoc(model, { rest_s: 1800 });
  est.reset({ soc: 1.0 });
  for (let k = 0; k < 1200; k++) est.update(I[k], sim.voltage_V[k], T, 1);
  assert.ok(Math.abs(est.soc - (1.0 - (6 * 1200) / model.capacity_As)) < 1e-12, 'counted while current flows');
  for (let k = 1200; k < 1200 + 1799; k++) est.update(0, sim.voltage_V[k], T, 1);
  assert.ok(Math.abs(est.soc - (1.0 - (6 * 1200) / model.capacity_As)) < 1e-12, 'held during a short rest');
  est.update(0, sim.voltage_V[1200 + 1799], T, 1);
  assert.ok(Math.abs(est.soc - sim.soc[1200 + 1799]) < 1e-3, `re-read at rest: ${est.soc} vs ${sim.soc[2999]}`);
});

test('OcvRestSoc with coulombCount:false holds its value under current', () => {
  const model = makeTestEcm();
  const est = new OcvRestSoc(model, { coulombCount: false, rest_s: 60 });
  const v = model.ocv_V(0.6, 298.15);
  est.update(0, v, 298.15, 1); // first sample initialises from OCV
  assert.ok(Math.abs(est.soc - 0.6) < 1e-9);
  for (let k = 0; k < 100; k++) est.update(5, 3.5, 298.15, 1);
  assert.ok(Math.abs(est.soc - 0.6) < 1e-9);
  for (let k = 0; k < 60; k++) est.update(0, model.ocv_V(0.4, 298.15), 298.15, 1);
  assert.ok(Math.abs(est.soc - 0.4) < 1e-9);
  assert.throws(
    () => est.update(0, NaN, 298.15, 1),
    (e: Error) => /'ocv'/.test(e.message) && /voltage_V/.test(e.message),
  );
});

test('reset() restarts the rest timer: after a reset the first OCV re-read comes after rest_s again, not later', () => {
  const model = makeTestEcm();
  for (const make of [() => new OcvRestSoc(model, { rest_s: 120 }), () => new CoulombCounter(model, { restRecalibrate_s: 120 })]) {
    const est = make();
    est.reset({ soc: 0.5 });
    // a long rest: the last read happens late in the rest
    for (let k = 0; k < 1000; k++) est.update(0, model.ocv_V(0.5, 298.15), 298.15, 1);
    // reset to a wrong SoC, then rest at the OCV of 0.8: the re-read must come at 120 s
    est.reset({ soc: 0.2 });
    const v = model.ocv_V(0.8, 298.15);
    for (let k = 0; k < 119; k++) est.update(0, v, 298.15, 1);
    assert.ok(Math.abs(est.soc - 0.2) < 1e-9, `${est.name}: no re-read before rest_s`);
    est.update(0, v, 298.15, 1);
    assert.ok(Math.abs(est.soc - 0.8) < 1e-4, `${est.name}: re-read at rest_s after the reset (soc ${est.soc})`);
  }
});
