import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InternalShortDetector, defaultInternalShortConfig } from './internal-short.js';
import { HotSpotEstimator } from './hot-spot.js';
import { Rng } from '../../numerics/rng.js';
import { ProtectionDetector } from '../safety/detect.js';
import { defaultProtectionLimits } from '../safety/limits.js';
import { makeSensorLayout } from '../measurements.js';
import type { EcmModel, Measurements } from '../types.js';

const Q_AH = 50;
const Q_AS = Q_AH * 3600;

/**
 * Synthetic pack of `ns` groups over `hours`: a daily pattern of a 1 h drive at 0.3C (z̄ falls),
 * then rest; group g has capacity Q(1+ε_g), an initial offset, estimate noise of 0.05 % SoC, and a
 * leak of leak_A[g]. Returns the detector after the run.
 */
function runSynthetic(opts: { ns: number; hours: number; leak_A: number[]; eps: number[]; bleed?: (g: number, t_s: number) => number; hideBleed?: boolean; seed?: number; leakFrom_s?: number }) {
  const { ns, hours } = opts;
  const det = new InternalShortDetector(ns, defaultInternalShortConfig(Q_AS));
  const rng = new Rng(opts.seed ?? 3);
  const z = new Float64Array(ns);
  for (let g = 0; g < ns; g++) z[g] = 0.8 + 0.002 * (g % 3);
  const est = new Float64Array(ns);
  const skip = new Uint8Array(ns);
  const bled = new Float64Array(ns);
  const dt = 10;
  for (let t = 0; t < hours * 3600; t += dt) {
    const hourOfDay = (t / 3600) % 12;
    const i_A = hourOfDay < 1 ? 0.3 * Q_AH * (1 + 0.5 * Math.sin(t / 60)) : 0;
    for (let g = 0; g < ns; g++) {
      const leak = t >= (opts.leakFrom_s ?? 0) ? opts.leak_A[g] : 0;
      const b = opts.bleed ? opts.bleed(g, t) : 0;
      bled[g] += b * dt;
      z[g] -= ((i_A + leak + b) * dt) / (Q_AS * (1 + opts.eps[g]));
      est[g] = z[g] + rng.normal(0, 0.0005);
    }
    det.update(t, est, skip, i_A, opts.hideBleed ? null : bled, dt);
  }
  return det;
}

test('internal short: a 0.5 A leak in one of 12 groups is estimated within 15 % and flagged; healthy groups are not', () => {
  const ns = 12;
  const leak = new Array(ns).fill(0);
  leak[5] = 0.5; // C/100 on a 50 Ah group
  const eps = Array.from({ length: ns }, (_, g) => 0.02 * Math.sin(g)); // ±2 % capacity spread
  const det = runSynthetic({ ns, hours: 12, leak_A: leak, eps });
  assert.ok(Math.abs(det.leak_A[5] - 0.5) < 0.075, `leak estimate ${det.leak_A[5]} A`);
  assert.ok(det.leakLow_A[5] > 0.3, `lower bound ${det.leakLow_A[5]} A`);
  const mol = Q_AH / 2000;
  for (let g = 0; g < ns; g++) if (g !== 5) assert.ok(det.leakLow_A[g] < mol, `group ${g}: lower bound ${det.leakLow_A[g]} A above the MOL ${mol} A`);
});

test('internal short: capacity mismatch and load alone (no leak) raise no lower bound above the MOL, over many days', () => {
  const ns = 12;
  const eps = Array.from({ length: ns }, (_, g) => (g === 7 ? -0.05 : 0.01 * Math.cos(g))); // one 5 % weak group
  const det = runSynthetic({ ns, hours: 24 * 5, leak_A: new Array(ns).fill(0), eps, seed: 11 });
  for (let g = 0; g < ns; g++) assert.ok(det.leakLow_A[g] < Q_AH / 2000, `group ${g}: ${det.leakLow_A[g]} A`);
  // and the time origin was moved at least once (5 days > 4 forgetting times) without losing accuracy
  assert.ok(Math.abs(det.leak_A[7]) < 0.02, `weak group's leak estimate ${det.leak_A[7]} A`);
});

test('internal short: a long constant-current discharge with a 5 % weak group is put on capacity mismatch, not on a leak', () => {
  const ns = 6;
  const det = new InternalShortDetector(ns, defaultInternalShortConfig(Q_AS));
  const z = new Float64Array(ns).fill(0.95);
  const skip = new Uint8Array(ns);
  const i_A = Q_AH / 4;
  for (let t = 0; t < 4 * 3600; t += 10) {
    if (t >= 3600) for (let g = 0; g < ns; g++) z[g] -= (i_A * 10) / (Q_AS * (g === 4 ? 0.95 : 1));
    det.update(t, z, skip, t >= 3600 ? i_A : 0, null, 10);
    // without the mismatch regressor this drift (0.66 %/h) would read as a 0.33 A leak
    assert.ok(det.leakLow_A[4] < Q_AH / 2000, `t = ${t} s: ${det.leakLow_A[4]} A`);
  }
});

test('internal short: charge bled by the BMS itself is not mistaken for a leak, and without the bookkeeping it would be', () => {
  const ns = 8;
  const eps = new Array(ns).fill(0);
  // group 2 balanced at 0.13 A (33 Ω at 4.2 V) for 6 h of every 12 at rest
  const bleed = (g: number, t: number) => (g === 2 && (t / 3600) % 12 > 2 && (t / 3600) % 12 < 8 ? 0.13 : 0);
  const det = runSynthetic({ ns, hours: 24, leak_A: new Array(ns).fill(0), eps, bleed });
  assert.ok(det.leakLow_A[2] < Q_AH / 2000, `with bookkeeping: ${det.leakLow_A[2]} A`);
  // the same data with the bleed hidden from the detector: it is a leak
  const det2 = runSynthetic({ ns, hours: 24, leak_A: new Array(ns).fill(0), eps, bleed, hideBleed: true });
  assert.ok(det2.leakLow_A[2] > Q_AH / 2000, `hidden bleed reads as a leak: lower bound ${det2.leakLow_A[2]} A`);
});

test('internal short: nothing is reported during warm-up or before the samples span the minimum window', () => {
  const ns = 4;
  const det = new InternalShortDetector(ns, defaultInternalShortConfig(Q_AS));
  const z = new Float64Array(ns).fill(0.8);
  const skip = new Uint8Array(ns);
  for (let t = 0; t < 3600 + 600; t += 10) {
    z[1] -= (5 * 10) / Q_AS; // a 5 A leak
    det.update(t, z, skip, 0, null, 10);
  }
  assert.equal(det.leakLow_A[1], 0);
  assert.throws(() => new InternalShortDetector(4, { ...defaultInternalShortConfig(Q_AS), forget_s: -1 }), /internalShort\.forget_s/);
});

test('hot spot: a constant leak heats the virtual cell as P/G·(1 − e^(−t·G/C)) above its sensor', () => {
  const C = 900; // J/K
  const G = 1.5; // W/K
  const hs = new HotSpotEstimator(2, { cellHeatCapacity_J_K: C, cellConductance_W_K: G });
  const T = new Float64Array([300, 300]);
  const V = new Float64Array([3.8, 3.8]);
  const leak = new Float64Array([2, 0]);
  let t = 0;
  for (let k = 0; k < 37; k++) {
    hs.update(T, V, leak, 17);
    t += 17;
  }
  const expected = ((3.8 * 2) / G) * (1 - Math.exp((-t * G) / C));
  assert.ok(Math.abs(hs.rise_K[0] - expected) < 1e-9, `${hs.rise_K[0]} vs ${expected}`);
  assert.equal(hs.hotSpot_K[1], 300);
});

test('protection: the internal-short and hot-spot diagnostics go through the three tiers like measurements', () => {
  const model = { capacity_As: Q_AS, vMin_V: 3, vMax_V: 4.2 } as EcmModel;
  const layout = makeSensorLayout(4, 1, 4, 1);
  const limits = defaultProtectionLimits(model, 1);
  const det = new ProtectionDetector(layout, limits);
  const meas: Measurements = {
    time_s: 0,
    groupVoltage_V: new Float64Array(4).fill(3.7),
    groupVoltageValid: new Uint8Array(4).fill(1),
    packCurrent_A: 0,
    packCurrentValid: true,
    packVoltage_V: 14.8,
    temp_K: new Float64Array(layout.tempSensorGroup.length).fill(298),
    tempValid: new Uint8Array(layout.tempSensorGroup.length).fill(1),
    pressure_Pa: new Float64Array(layout.pressureSensorModule.length).fill(3e6),
    pressureValid: new Uint8Array(layout.pressureSensorModule.length).fill(1),
    coolantTemp_K: 298,
    ambientTemp_K: 298,
  };
  const diag = { shortLeak_A: new Float64Array([0, Q_AH / 300, 0, 0]), hotSpot_K: new Float64Array([298, 298, 298, 400]) };
  const seen: string[] = [];
  for (let k = 0; k < 20; k++) {
    meas.time_s = k * 0.1;
    for (const e of det.detect(meas, 0.1, diag)) seen.push(`${e.quantity}:${e.tier}:${e.index}`);
  }
  // C/300 is above the MOL (C/2000) and the RSL (C/500), below the MSL (C/20)
  assert.ok(seen.includes('internalShort:maxOperating:1') && seen.includes('internalShort:recommendedSafety:1'));
  assert.ok(!seen.includes('internalShort:maxSafety:1'));
  // 400 K is above every over-temperature tier
  assert.ok(seen.includes('hotSpot:maxSafety:3'));
  assert.equal(seen.filter((x) => x.endsWith(':0') || x.endsWith(':2')).length, 0);
});
