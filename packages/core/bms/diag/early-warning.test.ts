import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyWarningDetector, defaultEarlyWarningConfig } from './early-warning.js';
import { Rng } from '../../numerics/rng.js';
import { InputError } from '../../errors.js';

const C0 = 273.15;
function detector(nT = 2, nG = 6) {
  const cfg = defaultEarlyWarningConfig({ onset_K: C0 + 120, cellHeatCapacity_J_K: 900, parallelCount: 1, r0_ohm: () => 0.002, capacity_As: 54 * 3600, windowMax_K: C0 + 35 });
  return new EarlyWarningDetector(cfg, nT, nG);
}
function input(nT: number, nG: number) {
  return {
    time_s: 0,
    temp_K: new Float64Array(nT),
    tempValid: new Uint8Array(nT).fill(1),
    groupVoltage_V: new Float64Array(nG).fill(3.9),
    groupVoltageValid: new Uint8Array(nG).fill(1),
    packCurrent_A: 0,
    packCurrentValid: true,
  };
}

test('early warning: a steady warm pack with sensor noise raises nothing in 10 h', () => {
  const d = detector();
  const m = input(2, 6);
  const rng = new Rng(3);
  for (let t = 1; t <= 36000; t++) {
    m.time_s = t;
    m.temp_K[0] = C0 + 45 + rng.normal(0, 0.2);
    m.temp_K[1] = C0 + 44 + rng.normal(0, 0.2);
    for (let g = 0; g < 6; g++) m.groupVoltage_V[g] = 3.9 + rng.normal(0, 0.001);
    d.update(m, 1);
  }
  assert.equal(d.level, 0);
  assert.equal(d.countEpisodes(1), 0);
});

test('early warning: unexplained heating at 5 K/min above the window → warning within 2 min; the same ramp explained by Joule heat → none', () => {
  for (const explained of [false, true]) {
    const d = detector();
    const m = input(2, 6);
    // 5 K/min adiabatic with R0 = 2 mΩ and C = 900 J/K needs I² = 5/60·900/0.002 → I ≈ 194 A
    m.packCurrent_A = explained ? Math.sqrt(((5 / 60) * 900) / 0.002) : 0;
    let warnedAt = NaN;
    for (let t = 1; t <= 300; t++) {
      m.time_s = t;
      m.temp_K[0] = C0 + 40 + (5 / 60) * t;
      m.temp_K[1] = C0 + 40;
      if (d.update(m, 1) >= 2 && Number.isNaN(warnedAt)) warnedAt = t;
    }
    if (explained) assert.ok(Number.isNaN(warnedAt), `warned at ${warnedAt} s although Joule heat explains the rise`);
    else assert.ok(warnedAt > 0 && warnedAt <= 120, `warned at ${warnedAt} s`);
  }
});

test('early warning: within 20 K of the onset → alarm; a group 150 mV below the others at rest → alarm', () => {
  const d = detector();
  const m = input(2, 6);
  m.temp_K[0] = C0 + 105;
  m.temp_K[1] = C0 + 30;
  for (let t = 1; t <= 10; t++) {
    m.time_s = t;
    d.update(m, 1);
  }
  assert.equal(d.level, 3);
  const d2 = detector();
  const m2 = input(2, 6);
  m2.temp_K[0] = m2.temp_K[1] = C0 + 25;
  m2.groupVoltage_V[3] = 3.75;
  for (let t = 1; t <= 10; t++) {
    m2.time_s = t;
    d2.update(m2, 1);
  }
  assert.equal(d2.level, 3);
  assert.match(d2.reason, /group 4/);
});

test('early warning: bad time step is an input error', () => {
  const d = detector();
  assert.throws(
    () => d.update(input(2, 6), NaN),
    (e: unknown) => e instanceof InputError && /dt_s/.test(e.message),
  );
});
