import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestEcm } from '../estimation/soc/testing.js';
import { allocMeasurements, makeSensorLayout } from '../measurements.js';
import type { Measurements } from '../types.js';
import { ProtectionDetector, type DetectionEvent } from './detect.js';
import { defaultProtectionLimits, type ProtectionLimits } from './limits.js';

const layout = makeSensorLayout(4, 1, 4, 2);
const model = makeTestEcm(); // vMax 4.3 V → over-voltage MOL 4.31, RSL 4.33, MSL 4.35

function nominalMeas(): Measurements {
  const m = allocMeasurements(layout);
  m.groupVoltage_V.fill(3.8);
  m.groupVoltageValid.fill(1);
  m.packCurrent_A = 0;
  m.packCurrentValid = true;
  m.packVoltage_V = 15.2;
  m.temp_K.fill(298);
  m.tempValid.fill(1);
  m.pressure_Pa.fill(2e6);
  m.pressureValid.fill(1);
  m.coolantTemp_K = 298;
  m.ambientTemp_K = 298;
  return m;
}

function limits(): ProtectionLimits {
  const l = defaultProtectionLimits(model, 1);
  l.debounce_s = { maxOperating: 1, recommendedSafety: 0.5, maxSafety: 0.2 };
  return l;
}

/** Runs `n` samples at 0.1 s with `set` applied before each; collects all confirmed events. */
function run(det: ProtectionDetector, m: Measurements, t0: number, n: number, set: (m: Measurements) => void): DetectionEvent[] {
  const all: DetectionEvent[] = [];
  for (let k = 0; k < n; k++) {
    m.time_s = t0 + (k + 1) * 0.1;
    set(m);
    for (const e of det.detect(m, 0.1)) all.push({ ...e });
  }
  return all;
}

test('over-voltage held longer than the debounce produces exactly one confirmed event', () => {
  const det = new ProtectionDetector(layout, limits());
  const m = nominalMeas();
  const ev = run(det, m, 0, 20, (x) => (x.groupVoltage_V[2] = 4.32)); // above MOL only, 2 s > 1 s
  assert.equal(ev.length, 1);
  assert.deepEqual({ q: ev[0].quantity, tier: ev[0].tier, index: ev[0].index }, { q: 'cellOverVoltage', tier: 'maxOperating', index: 2 });
  assert.ok(Math.abs(ev[0].time_s - 1.0) < 1e-9, `confirmed at ${ev[0].time_s}`);
  assert.equal(ev[0].value, 4.32);
  assert.equal(det.isActive('cellOverVoltage', 'maxOperating'), true);
  assert.equal(det.isActive('cellOverVoltage', 'recommendedSafety'), false);
});

test('over-voltage shorter than the debounce produces no event', () => {
  const det = new ProtectionDetector(layout, limits());
  const m = nominalMeas();
  let ev = run(det, m, 0, 9, (x) => (x.groupVoltage_V[1] = 4.32)); // 0.9 s < 1 s
  ev = ev.concat(run(det, m, 0.9, 5, (x) => (x.groupVoltage_V[1] = 3.9)));
  ev = ev.concat(run(det, m, 1.4, 9, (x) => (x.groupVoltage_V[1] = 4.32))); // timer restarted
  assert.equal(ev.length, 0);
});

test('each tier has its own debounce; a cleared event can fire again only after the hysteresis', () => {
  const det = new ProtectionDetector(layout, limits());
  const m = nominalMeas();
  const ev = run(det, m, 0, 12, (x) => (x.groupVoltage_V[0] = 4.36)); // above MSL
  assert.deepEqual(
    ev.map((e) => [e.tier, Math.round(e.time_s * 10) / 10]),
    [
      ['maxSafety', 0.2],
      ['recommendedSafety', 0.5],
      ['maxOperating', 1.0],
    ],
  );
  // Back into the hysteresis band of MOL (4.31 − 0.01 < v < 4.31): stays confirmed, no new event.
  const band = run(det, m, 1.2, 5, (x) => (x.groupVoltage_V[0] = 4.305));
  assert.equal(band.length, 0);
  assert.equal(det.isActive('cellOverVoltage', 'maxOperating'), true);
  const again1 = run(det, m, 1.7, 15, (x) => (x.groupVoltage_V[0] = 4.32));
  assert.equal(again1.length, 0, 'no re-fire without release');
  run(det, m, 3.2, 2, (x) => (x.groupVoltage_V[0] = 4.2));
  assert.equal(det.isActive('cellOverVoltage', 'maxOperating'), false);
  const again2 = run(det, m, 3.4, 15, (x) => (x.groupVoltage_V[0] = 4.32));
  assert.equal(again2.length, 1);
});

test('charge low-temperature limit applies only while charging, discharge limit only while discharging', () => {
  const det = new ProtectionDetector(layout, limits());
  const m = nominalMeas();
  // −3 °C: below charge MOL (0 °C) but above discharge MOL (−20 °C).
  const resting = run(det, m, 0, 20, (x) => {
    x.temp_K[0] = 270.15;
    x.packCurrent_A = 0;
  });
  assert.equal(resting.length, 0);
  const charging = run(det, m, 2, 20, (x) => {
    x.temp_K[0] = 270.15;
    x.packCurrent_A = -1; // 1/3 C charge, above the 0.5 A charging threshold
  });
  assert.deepEqual(
    charging.map((e) => [e.quantity, e.tier, e.index]),
    [['underTemperatureCharge', 'maxOperating', 0]],
  );
  // −22 °C: below the discharge MOL (−20 °C); not a fault at rest, an event while discharging.
  const det2 = new ProtectionDetector(layout, limits());
  const m2 = nominalMeas();
  const parked = run(det2, m2, 0, 20, (x) => {
    x.temp_K[1] = 251.15;
    x.packCurrent_A = 0;
  });
  assert.equal(parked.length, 0);
  const driving = run(det2, m2, 2, 20, (x) => {
    x.temp_K[1] = 251.15;
    x.packCurrent_A = 3;
  });
  assert.deepEqual(
    driving.map((e) => [e.quantity, e.tier, e.index]),
    [['underTemperatureDischarge', 'maxOperating', 1]],
  );
});

test('currents, pressure and sensor validity are checked', () => {
  const l = limits();
  const det = new ProtectionDetector(layout, l);
  const m = nominalMeas();
  const ev = run(det, m, 0, 30, (x) => {
    x.packCurrent_A = -1.2 * l.chargeCurrent_A.maxOperating; // between charge RSL (1.1×) and MSL (1.25×)
    x.pressure_Pa[0] = 0.4e6; // below low RSL 0.5 MPa
    x.groupVoltageValid[3] = 0;
  });
  const got = new Set(ev.map((e) => `${e.quantity}/${e.tier}/${e.index}`));
  for (const k of [
    'chargeOverCurrent/maxOperating/0',
    'chargeOverCurrent/recommendedSafety/0',
    'underPressure/maxOperating/0',
    'underPressure/recommendedSafety/0',
    'voltageSensorInvalid/maxOperating/3',
    'voltageSensorInvalid/recommendedSafety/3',
  ]) {
    assert.ok(got.has(k), `missing ${k}`);
  }
  assert.ok(!got.has('chargeOverCurrent/maxSafety/0'));
  assert.ok(!got.has('voltageSensorInvalid/maxSafety/3'), 'invalid 3 s < 5 s');
  assert.ok(![...got].some((k) => k.startsWith('dischargeOverCurrent') || (k.startsWith('cellUnderVoltage/') && k.endsWith('/3'))));
});
