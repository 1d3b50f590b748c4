import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestEcm } from '../estimation/soc/testing.js';
import { allocMeasurements, makeSensorLayout } from '../measurements.js';
import { ProtectionDetector } from '../safety/detect.js';
import { defaultProtectionLimits } from '../safety/limits.js';
import type { Measurements } from '../types.js';
import { ProtectionReactor } from './react.js';

const layout = makeSensorLayout(4, 1, 4, 2);

function meas(): Measurements {
  const m = allocMeasurements(layout);
  m.groupVoltage_V.fill(3.8);
  m.groupVoltageValid.fill(1);
  m.packCurrent_A = 0;
  m.packCurrentValid = true;
  m.temp_K.fill(298);
  m.tempValid.fill(1);
  m.pressure_Pa.fill(2e6);
  m.pressureValid.fill(1);
  return m;
}

function cycle(det: ProtectionDetector, r: ProtectionReactor, m: Measurements, n: number, v2: number, t0: number): number {
  for (let k = 0; k < n; k++) {
    m.time_s = t0 + (k + 1) * 0.1;
    m.groupVoltage_V[2] = v2;
    r.react(det.detect(m, 0.1), det);
  }
  return t0 + n * 0.1;
}

test('a max-safety over-voltage opens the contactors and latches until reset', () => {
  const det = new ProtectionDetector(layout, defaultProtectionLimits(makeTestEcm(), 1));
  const r = new ProtectionReactor();
  const m = meas();
  let t = cycle(det, r, m, 1, 4.4, 0); // 0.1 s < MSL debounce 0.2 s
  assert.equal(r.contactorsClosed, true);
  t = cycle(det, r, m, 2, 4.4, t);
  assert.equal(r.contactorsClosed, false);
  assert.equal(r.latched, true);
  assert.equal(r.chargeFactor, 0);
  assert.equal(r.dischargeFactor, 0);
  const msl = r.log.filter((e) => e.tier === 'maxSafety');
  assert.equal(msl.length, 1);
  assert.equal(msl[0].action, 'open-contactors');
  assert.equal(msl[0].quantity, 'cellOverVoltage');
  assert.equal(msl[0].index, 2);
  // Back to normal: still latched.
  t = cycle(det, r, m, 50, 3.8, t);
  assert.equal(r.contactorsClosed, false);
  r.reset();
  assert.equal(r.contactorsClosed, true);
  assert.equal(r.log.length >= 1, true, 'log is kept');
});

test('a recommended-safety over-voltage derates charging only, while active; max-operating only warns', () => {
  const det = new ProtectionDetector(layout, defaultProtectionLimits(makeTestEcm(), 1));
  const r = new ProtectionReactor();
  const m = meas();
  let t = cycle(det, r, m, 20, 4.32, 0); // MOL only
  assert.equal(r.chargeFactor, 1);
  assert.deepEqual(
    r.log.map((e) => e.action),
    ['warn'],
  );
  t = cycle(det, r, m, 10, 4.34, t); // RSL
  assert.equal(r.chargeFactor, 0);
  assert.equal(r.dischargeFactor, 1);
  assert.equal(r.contactorsClosed, true);
  assert.deepEqual(
    r.log.map((e) => e.action),
    ['warn', 'derate'],
  );
  cycle(det, r, m, 3, 3.9, t); // released
  assert.equal(r.chargeFactor, 1);
});

test('a latched derate (internal short, RSL) stays in force after the event clears, until a service reset', () => {
  const limits = defaultProtectionLimits(makeTestEcm(), 1);
  const det = new ProtectionDetector(layout, limits);
  const r = new ProtectionReactor();
  const m = meas();
  const diag = { shortLeak_A: new Float64Array(4), hotSpot_K: new Float64Array(4).fill(298) };
  diag.shortLeak_A[1] = limits.internalShortLeak_A.recommendedSafety * 1.5;
  for (let k = 1; k <= 20; k++) {
    m.time_s = k * 0.1;
    r.react(det.detect(m, 0.1, diag), det);
  }
  assert.equal(r.chargeFactor, 0);
  assert.equal(r.dischargeFactor, 1, 'the pack may still be driven');
  assert.equal(r.contactorsClosed, true);
  diag.shortLeak_A[1] = 0;
  for (let k = 21; k <= 40; k++) {
    m.time_s = k * 0.1;
    r.react(det.detect(m, 0.1, diag), det);
  }
  assert.equal(det.isActive('internalShort', 'recommendedSafety'), false, 'the event itself has cleared');
  assert.equal(r.chargeFactor, 0, 'latched');
  r.reset();
  assert.equal(r.chargeFactor, 1);
});
