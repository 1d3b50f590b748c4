import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InterfaceBulkSplit, ResistanceRls } from './resistance.js';
import { Rng } from '../../../numerics/rng.js';
import { InputError } from '../../../errors.js';

const K_B = 8.617333e-5; // eV/K
const arr = (ea_eV: number, T: number) => Math.exp((ea_eV / K_B) * (1 / T - 1 / 298.15));
/** Nominal bulk (0.3 eV) and interface (0.45 eV) resistances of a group [Ω]. */
const rBulk = (T: number) => 0.4e-3 * arr(0.3, T);
const rInt = (T: number) => 0.6e-3 * arr(0.45, T);

test('RLS with forgetting recovers R0 and tracks a step change from 1.0× to 1.5× nominal', () => {
  const rng = new Rng(5);
  const rls = new ResistanceRls({ forgetting: 0.98 });
  const rNom = 1e-3;
  let trueF = 1.0;
  for (let k = 0; k < 600; k++) {
    if (k === 300) {
      assert.ok(Math.abs(rls.value - 1.0) < 0.02, `before the step: ${rls.value}`);
      trueF = 1.5;
    }
    const dI = (rng.uniform() < 0.5 ? -1 : 1) * (20 + 80 * rng.uniform());
    const y = trueF * rNom * dI + rng.normal(0, 1.4e-3); // √2 × 1 mV voltage noise
    rls.update(rNom * dI, y);
  }
  assert.ok(Math.abs(rls.value - 1.5) < 0.03, `after the step: ${rls.value}`);
  assert.equal(rls.samples, 600);
  assert.throws(
    () => rls.update(NaN, 0),
    (e: unknown) => e instanceof InputError && e.where.field === 'x',
  );
  assert.throws(
    () => new ResistanceRls({ forgetting: 0 }),
    (e: unknown) => e instanceof InputError && e.where.field === 'forgetting',
  );
});

test('interface/bulk split recovers known growth factors (a = 1.05, b = 1.6) from data spanning 0–35 °C', () => {
  const rng = new Rng(9);
  const fit = new InterfaceBulkSplit({ forgetting: 1 });
  for (let k = 0; k < 2000; k++) {
    const T = 273.15 + 35 * rng.uniform();
    const dI = (rng.uniform() < 0.5 ? -1 : 1) * (20 + 80 * rng.uniform());
    const y = (1.05 * rBulk(T) + 1.6 * rInt(T)) * dI + rng.normal(0, 1.4e-3);
    fit.update(rBulk(T) * dI, rInt(T) * dI, y, T);
  }
  const r = fit.result();
  assert.equal(r.reason, '');
  assert.ok(r.bulk !== null && Math.abs(r.bulk - 1.05) < 0.05, `a = ${r.bulk}`);
  assert.ok(r.interface !== null && Math.abs(r.interface - 1.6) < 0.05, `b = ${r.interface}`);
  assert.ok(r.tempSpread_K > 5);
});

test('interface/bulk split at constant temperature is reported unobservable (null with a reason)', () => {
  const rng = new Rng(10);
  const fit = new InterfaceBulkSplit({ forgetting: 1 });
  for (let k = 0; k < 2000; k++) {
    const T = 298.15 + rng.normal(0, 0.2);
    const dI = 50 + 50 * rng.uniform();
    const y = (rBulk(T) + 1.6 * rInt(T)) * dI + rng.normal(0, 1.4e-3);
    fit.update(rBulk(T) * dI, rInt(T) * dI, y, T);
  }
  const r = fit.result();
  assert.equal(r.bulk, null);
  assert.equal(r.interface, null);
  assert.match(r.reason, /temperature spread/);
  assert.equal(new InterfaceBulkSplit().result().reason, 'not enough current steps');
});
