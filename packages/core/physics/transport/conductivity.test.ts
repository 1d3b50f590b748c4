import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conductivity_S_m, bruggeman_S_m } from './conductivity.js';
import { ELECTROLYTES, type ConductivityModel } from '../../materials/electrolytes.js';
import { BOLTZMANN_eV_per_K, cToK } from '../../units/index.js';
import { NumericalError } from '../../errors.js';

test('Arrhenius ratio between 25 °C and −20 °C equals exp(Ea/k·(1/T1 − 1/T2))', () => {
  for (const id of ['LLZO', 'Li6PS5Cl', 'LiPON', 'LiPF6_EC_EMC']) {
    const m = ELECTROLYTES[id].conductivity;
    assert.equal(m.kind, 'arrhenius');
    if (m.kind !== 'arrhenius') continue;
    const t1 = cToK(-20);
    const t2 = cToK(25);
    const ratio = conductivity_S_m(m, t2) / conductivity_S_m(m, t1);
    const expected = Math.exp((m.ea_eV / BOLTZMANN_eV_per_K) * (1 / t1 - 1 / t2));
    assert.ok(Math.abs(ratio / expected - 1) < 1e-12, `${id}: ${ratio} vs ${expected}`);
    // value at the reference temperature is σ_ref
    assert.ok(Math.abs(conductivity_S_m(m, m.temp_ref_K) / m.sigma_ref_S_m - 1) < 1e-12);
  }
});

test('VTF analytic value and error below T0', () => {
  const m: ConductivityModel = { kind: 'vtf', a_S_K05_m: 100, b_K: 1000, t0_K: 200 };
  const t = 350;
  assert.ok(Math.abs(conductivity_S_m(m, t) / (100 * t ** -0.5 * Math.exp(-1000 / 150)) - 1) < 1e-12);
  assert.throws(
    () => conductivity_S_m(m, 200),
    (e: unknown) => e instanceof NumericalError && /temp_K/.test(e.message),
  );
  assert.throws(() => conductivity_S_m(m, 150), NumericalError);
});

test('non-finite temperature throws naming the quantity', () => {
  const m = ELECTROLYTES.LLZO.conductivity;
  for (const t of [NaN, Infinity, -Infinity, 0, -5]) {
    assert.throws(
      () => conductivity_S_m(m, t),
      (e: unknown) => e instanceof NumericalError && /temp_K/.test(e.message),
    );
  }
});

test('PEO–LiTFSI: σ(80 °C)/σ(25 °C) ≥ 100 and anchors hold', () => {
  const m = ELECTROLYTES.PEO_LiTFSI.conductivity;
  const s25 = conductivity_S_m(m, cToK(25));
  const s80 = conductivity_S_m(m, cToK(80));
  assert.ok(s80 / s25 >= 100, `ratio ${s80 / s25}`);
  // 1e-8…1e-6 S/cm at 25 °C = 1e-6…1e-4 S/m
  assert.ok(s25 >= 1e-6 && s25 <= 1e-4, `σ25 = ${s25} S/m`);
  // ≈ 1 mS/cm at 80 °C = 0.1 S/m (within 10 %)
  assert.ok(Math.abs(s80 / 0.1 - 1) < 0.1, `σ80 = ${s80} S/m`);
});

test('PEO–LiTFSI: log-slope is much steeper inside the melting window than 20 K below/above', () => {
  const m = ELECTROLYTES.PEO_LiTFSI.conductivity;
  assert.equal(m.kind, 'polymer-melt');
  if (m.kind !== 'polymer-melt') return;
  const dlog = (t: number): number => {
    const h = 0.05;
    return (Math.log(conductivity_S_m(m, t + h)) - Math.log(conductivity_S_m(m, t - h))) / (2 * h);
  };
  const inside = dlog(m.melt_K);
  const below = dlog(m.melt_K - 20);
  const above = dlog(m.melt_K + 20);
  assert.ok(inside > 3 * below, `inside ${inside} vs below ${below}`);
  assert.ok(inside > 3 * above, `inside ${inside} vs above ${above}`);
  // Sanity check that the test bites: a model with the transition removed (pure crystalline
  // Arrhenius) has no such peak.
  const noMelt: ConductivityModel = { kind: 'arrhenius', ...m.crystalline };
  const d = (t: number): number => (Math.log(conductivity_S_m(noMelt, t + 0.05)) - Math.log(conductivity_S_m(noMelt, t - 0.05))) / 0.1;
  assert.ok(!(d(m.melt_K) > 3 * d(m.melt_K - 20)));
});

test('polymer-melt below T0 falls back to the crystalline branch', () => {
  const m = ELECTROLYTES.PEO_LiTFSI.conductivity;
  if (m.kind !== 'polymer-melt') throw new Error('expected polymer-melt');
  const t = m.amorphous.t0_K - 10;
  const cr: ConductivityModel = { kind: 'arrhenius', ...m.crystalline };
  assert.equal(conductivity_S_m(m, t), conductivity_S_m(cr, t));
});

test('Li6PS5Cl σ(25 °C) in 1.0–2.8 mS/cm', () => {
  const s = conductivity_S_m(ELECTROLYTES.Li6PS5Cl.conductivity, cToK(25));
  assert.ok(s >= 0.1 && s <= 0.28, `σ = ${s} S/m`);
});

test('every electrolyte: σ finite and positive from −40 °C to +100 °C', () => {
  for (const e of Object.values(ELECTROLYTES)) {
    for (let tc = -40; tc <= 100; tc += 1) {
      const s = conductivity_S_m(e.conductivity, cToK(tc));
      assert.ok(Number.isFinite(s) && s > 0, `${e.id} at ${tc} °C: ${s}`);
    }
  }
});

test('every electrolyte: σ increases with temperature', () => {
  for (const e of Object.values(ELECTROLYTES)) {
    let prev = 0;
    for (let tc = -40; tc <= 100; tc += 5) {
      const s = conductivity_S_m(e.conductivity, cToK(tc));
      assert.ok(s > prev, `${e.id} at ${tc} °C`);
      prev = s;
    }
  }
});

test('Bruggeman', () => {
  assert.ok(Math.abs(bruggeman_S_m(1, 0.3) - 0.3 ** 1.5) < 1e-15);
  assert.equal(bruggeman_S_m(2, 1), 2);
  assert.equal(bruggeman_S_m(2, 0), 0);
  assert.ok(Math.abs(bruggeman_S_m(1, 0.25, 2) - 0.0625) < 1e-15);
  assert.throws(() => bruggeman_S_m(1, 1.2), /volumeFraction/);
  assert.throws(() => bruggeman_S_m(NaN, 0.5), /sigma_S_m/);
  assert.throws(() => bruggeman_S_m(1, 0.5, 0), /exponent/);
});
