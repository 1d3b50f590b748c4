import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_PRESETS } from '../design/presets.js';
import { buildCellModel } from '../physics/cell.js';
import { ecmFromCell } from '../sim/ecm-from-cell.js';
import { Rng } from '../numerics/rng.js';
import type { EcmModel } from '../bms/types.js';
import { fitHppc } from './hppc.js';
import { hppcTestSteps, simulateTest } from './synthetic.js';

/**
 * Slow RC from the long rests (slow-rc.ts): an HPPC test on a KNOWN cell whose second RC pair is
 * slow (τ = 750 s, R = 1.5·R0) and whose first is pulse-scale (τ = 20 s), logged like the Panasonic
 * files (pulses and their 20 min rests; the SoC steps and the rest after them in logging gaps).
 * The fit must find the slow pair; on a cell without one (τ2 = 60 s) it must find (almost) nothing.
 */
const T = 298.15;

function cell(slowTau_s: number, slowR: (r0: number) => number): EcmModel {
  const base = ecmFromCell(buildCellModel(CELL_PRESETS['liion-nmc811-graphite']));
  const r0 = base.r0_ohm(0.5, T);
  return { ...base, r1_ohm: () => 0.8 * r0, tau1_s: () => 20, r2_ohm: () => slowR(r0), tau2_s: () => slowTau_s, hysteresis: undefined };
}

function run(truth: EcmModel, noise: Rng | null) {
  const steps = hppcTestSteps(truth, { socs: [0.9, 0.7, 0.5, 0.3], cRates: [0.5, 1, 2, 4], rest_s: 1200, logSocSteps: false });
  const s = simulateTest(truth, steps, { temp_K: T, initialSoc: 1, initialH: 0, noise: noise ? { rng: noise, voltage_V: 0.0005, current_A: 0.001 } : undefined });
  const n = 401;
  const soc = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
  const ocv = { soc, ocv_V: Float64Array.from(soc, (z) => truth.ocv_V(z, T)) };
  const cap = truth.capacity_As / 3600;
  return { withSlow: fitHppc(s, { capacity_Ah: cap, ocv, slowRc: true }), without: fitHppc(s, { capacity_Ah: cap, ocv }) };
}

test('slow RC recovered from the long rests of a synthetic HPPC test (τ 750 s, R = 1.5·R0)', (t) => {
  const truth = cell(750, (r0) => 1.5 * r0);
  const rTrue = truth.r2_ohm(0.5, T);
  for (const noise of [null, new Rng(7)]) {
    const { withSlow, without } = run(truth, noise);
    const f = withSlow.slow;
    t.diagnostic(JSON.stringify({ noise: noise !== null, rTrue, ...f }));
    assert.ok(f !== null);
    assert.ok(Math.abs(f.r_ohm / rTrue - 1) < (noise ? 0.15 : 0.08), `R ${f.r_ohm} vs ${rTrue}`);
    assert.ok(Math.abs(f.tau_s / 750 - 1) < (noise ? 0.25 : 0.12), `τ ${f.tau_s} vs 750`);
    if (!noise) assert.ok(f.rms_mV < f.rmsWithout_mV / 3, `rest fit ${f.rms_mV} mV with, ${f.rmsWithout_mV} mV without`);
    assert.equal(without.slow, null);
  }
});

test('no slow RC found on a cell whose RC pairs are pulse-scale (τ 20 s and 60 s)', (t) => {
  const truth = cell(60, (r0) => 1.5 * r0);
  const f = run(truth, null).withSlow.slow;
  t.diagnostic(JSON.stringify(f));
  assert.ok(f !== null);
  // what is left of the 60 s branch 300 s after a pulse (< 1 %) may be taken up at the grid's
  // shortest τ, but as a branch well under a tenth of the slow one of the first test
  assert.ok(f.r_ohm < 0.1 * 1.5 * truth.r0_ohm(0.5, T), `R ${f.r_ohm}`);
  assert.ok(f.rmsWithout_mV < 0.05, `the rests are flat without a slow branch: ${f.rmsWithout_mV} mV`);
});
