import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoulombCounter } from './coulomb.js';
import { makeTestEcm } from './testing.js';

const T = 298.15;

test('coulomb: constant discharge current matches z0 − I·t/Q', () => {
  const model = makeTestEcm();
  const est = new CoulombCounter(model);
  est.reset({ soc: 0.9 });
  const I = 4.5; // 1.5C
  const dt = 0.5;
  for (let k = 1; k <= 3600; k++) {
    const z = est.update(I, 3.7, T, dt);
    const analytic = 0.9 - (I * k * dt) / model.capacity_As;
    assert.ok(Math.abs(z - analytic) < 1e-12, `step ${k}: ${z} vs ${analytic}`);
  }
  assert.ok(Math.abs(est.soc - (0.9 - (4.5 * 1800) / 10800)) < 1e-12);
});

test('coulomb: coulombic efficiency applies on charge only', () => {
  const model = makeTestEcm();
  const est = new CoulombCounter(model, { coulombicEfficiency: 0.98 });
  est.reset({ soc: 0.2 });
  for (let k = 0; k < 1000; k++) est.update(-3, 3.7, T, 1);
  assert.ok(Math.abs(est.soc - (0.2 + (0.98 * 3 * 1000) / model.capacity_As)) < 1e-12);
  const before = est.soc;
  for (let k = 0; k < 1000; k++) est.update(3, 3.7, T, 1);
  assert.ok(Math.abs(est.soc - (before - (3 * 1000) / model.capacity_As)) < 1e-12);
});

test('coulomb: initialises from the OCV of the first voltage (reset or first update)', () => {
  const model = makeTestEcm();
  const v = model.ocv_V(0.37, T);
  const a = new CoulombCounter(model);
  a.reset({ voltage_V: v, temp_K: T });
  assert.ok(Math.abs(a.soc - 0.37) < 1e-9);
  const b = new CoulombCounter(model); // fresh: first update initialises
  assert.ok(Math.abs(b.update(1, v, T, 1) - 0.37) < 1e-9);
  assert.ok(Math.abs(b.update(1, v, T, 1) - (0.37 - 1 / model.capacity_As)) < 1e-9);
  b.reset({});
  assert.ok(Math.abs(b.update(0, model.ocv_V(0.8, T), T, 1) - 0.8) < 1e-9);
});

test('coulomb: optional rest recalibration re-reads OCV after the rest, never before; off by default', () => {
  const model = makeTestEcm();
  const vRest = model.ocv_V(0.5, T);
  const on = new CoulombCounter(model, { restRecalibrate_s: 600 });
  const off = new CoulombCounter(model);
  on.reset({ soc: 0.7 });
  off.reset({ soc: 0.7 });
  for (let k = 0; k < 599; k++) {
    on.update(0, vRest, T, 1);
    off.update(0, vRest, T, 1);
  }
  assert.equal(on.soc, 0.7);
  on.update(0, vRest, T, 1);
  off.update(0, vRest, T, 1);
  assert.ok(Math.abs(on.soc - 0.5) < 1e-9);
  assert.equal(off.soc, 0.7);
  // Current resets the rest timer.
  on.reset({ soc: 0.7 });
  for (let k = 0; k < 599; k++) on.update(0, vRest, T, 1);
  on.update(3, vRest, T, 1);
  for (let k = 0; k < 300; k++) on.update(0, vRest, T, 1);
  assert.ok(Math.abs(on.soc - (0.7 - 3 / model.capacity_As)) < 1e-12);
});

test('coulomb: non-finite inputs throw naming the estimator and the quantity', () => {
  const est = new CoulombCounter(makeTestEcm());
  est.reset({ soc: 0.5 });
  assert.throws(
    () => est.update(1, NaN, T, 1),
    (e: Error) => /coulomb/.test(e.message) && /voltage_V/.test(e.message),
  );
  assert.throws(() => est.update(Infinity, 3.7, T, 1), /current_A/);
  assert.throws(() => est.update(1, 3.7, NaN, 1), /temp_K/);
  assert.throws(() => est.update(1, 3.7, T, -1), /dt_s/);
  assert.throws(() => new CoulombCounter(makeTestEcm(), { coulombicEfficiency: 1.2 }), /coulombicEfficiency/);
});
