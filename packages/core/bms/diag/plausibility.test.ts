import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PlausibilityMonitor, defaultPlausibility, select } from './plausibility.js';
import { allocMeasurements, makeSensorLayout } from '../measurements.js';
import { defaultProtectionLimits } from '../safety/limits.js';
import type { EcmModel } from '../types.js';

test('select: the k-th smallest equals the sorted array at k', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.nat(), (xs, kk) => {
      const k = kk % xs.length;
      const a = Float64Array.from(xs);
      const sorted = Float64Array.from(xs).sort();
      // compared with ===: the sort puts −0 before +0 and select takes them as equal, as a median
      // must (assert.equal is Object.is, which tells them apart: fast-check found [−0, 0])
      const got = select(a, a.length, k);
      assert.ok(got === sorted[k], `select gave ${got}, sorted[${k}] is ${sorted[k]}`);
    }),
  );
});

const MODEL = { vMin_V: 3.0, vMax_V: 4.2, capacity_As: 3600 * 5 } as unknown as EcmModel;

function monitor(ns = 8) {
  const layout = makeSensorLayout(ns, 1, ns, 4);
  const cfg = defaultPlausibility(3.0, 4.2, ns, defaultProtectionLimits(MODEL, 1));
  return { layout, mon: new PlausibilityMonitor(layout, cfg), m: allocMeasurements(layout) };
}

/** Noisy but healthy readings at time t (deterministic pseudo-noise). */
function fill(m: ReturnType<typeof allocMeasurements>, t: number): void {
  m.time_s = t;
  let sum = 0;
  for (let g = 0; g < m.groupVoltage_V.length; g++) {
    m.groupVoltage_V[g] = Math.round((3.7 + 0.1 * Math.sin(t / 50) + 1e-3 * Math.sin(7.3 * t + g * 1.7)) * 1e4) / 1e4;
    m.groupVoltageValid[g] = 1;
    sum += m.groupVoltage_V[g];
  }
  m.packVoltage_V = Math.round(sum * 100) / 100;
  m.packCurrent_A = Math.round((20 * Math.sin(t / 30) + 0.05 * Math.sin(11.1 * t)) * 100) / 100;
  m.packCurrentValid = true;
  for (let s = 0; s < m.temp_K.length; s++) {
    m.temp_K[s] = Math.round((298 + 0.2 * Math.sin(5.1 * t + s)) * 10) / 10;
    m.tempValid[s] = 1;
  }
  for (let p = 0; p < m.pressure_Pa.length; p++) {
    m.pressure_Pa[p] = 2e6 + 2e3 * Math.sin(3.3 * t + p);
    m.pressureValid[p] = 1;
  }
}

test('healthy readings: no detection, nothing masked', () => {
  const { mon, m } = monitor();
  for (let t = 0; t < 300; t++) {
    fill(m, t);
    const e = mon.check(m, 1);
    assert.equal(
      e.groupVoltageValid.reduce((a, b) => a + b, 0),
      8,
    );
  }
  assert.deepEqual(mon.events, []);
});

test('a stuck, plausible-looking voltage is masked; a reading outside the operating window is believed (fail-safe)', () => {
  const { mon, m } = monitor();
  let masked = -1;
  for (let t = 0; t < 40; t++) {
    fill(m, t);
    if (t >= 10) m.groupVoltage_V[2] = 3.7123;
    const e = mon.check(m, 1);
    if (masked < 0 && e.groupVoltageValid[2] === 0) masked = t;
  }
  assert.ok(masked > 10 && masked <= 20, `masked at ${masked}`);
  assert.equal(mon.events[0].check, 'stuck');
  // open wire: 0 V is outside the window → reported (range) but left valid for the UV protection
  const b = monitor();
  for (let t = 0; t < 5; t++) {
    fill(b.m, t);
    if (t >= 2) b.m.groupVoltage_V[5] = 0;
    const e = b.mon.check(b.m, 1);
    assert.equal(e.groupVoltageValid[5], 1);
  }
  assert.equal(b.mon.events[0].check, 'range');
});

test('zero check: a current offset drifting while the vehicle is parked and unplugged is flagged after 5 s above 0.5 A; the same reading while driving, or on the first park sample (the interval still held the drive), is not', () => {
  const { mon, m } = monitor();
  let flaggedAt = -1;
  for (let t = 0; t < 200; t++) {
    fill(m, t);
    const park = t >= 100;
    // the interval read at t = 100 still carried the drive's current; from 101 on the true current is 0
    if (park && t > 100) m.packCurrent_A = Math.round((0.1 + 0.02 * Math.sin(7 * t) + (t >= 150 ? 0.05 * (t - 150) : 0)) * 100) / 100;
    else m.packCurrent_A += 40; // a drive current, well above 0.5 A
    const e = mon.check(m, 1, park);
    if (flaggedAt < 0 && !e.packCurrentValid) flaggedAt = t;
  }
  // the drift passes 0.5 A at t ≈ 158 s (0.1 + 0.05·8), then 5 s of debounce
  assert.ok(flaggedAt >= 162 && flaggedAt <= 165, `flagged at ${flaggedAt}`);
  assert.deepEqual(
    mon.events.map((e) => [e.channel, e.check]),
    [['current', 'zero']],
  );
});

test('pressure neighbour: one module sensor drifting 0.6 MPa away from the others (≥ 3 sensors) is flagged after 5 s; the common pressure rising together is not', () => {
  const layout = makeSensorLayout(24, 1, 6, 2); // 4 modules → 4 pressure sensors
  const cfg = defaultPlausibility(3.0, 4.2, 24, defaultProtectionLimits(MODEL, 1));
  const mon = new PlausibilityMonitor(layout, cfg);
  const m = allocMeasurements(layout);
  let flaggedAt = -1;
  for (let t = 0; t < 120; t++) {
    fill(m, t);
    for (let p = 0; p < 4; p++) m.pressure_Pa[p] += 1e4 * t; // all modules rise 0.01 MPa/s together
    if (t >= 50) m.pressure_Pa[2] += 1e4 * (t - 50); // sensor 2 drifts 0.01 MPa/s more
    const e = mon.check(m, 1);
    if (flaggedAt < 0 && e.pressureValid[2] === 0) flaggedAt = t;
  }
  // band max(0.5 MPa, 15 % of the median): the median is 2.6…3.2 MPa there → 0.5 MPa passed at t ≈ 100, + 5 s
  assert.ok(flaggedAt >= 104 && flaggedAt <= 110, `flagged at ${flaggedAt}`);
  assert.deepEqual(
    mon.events.map((e) => [e.channel, e.index, e.check]),
    [['pressure', 2, 'neighbour']],
  );
});

test('response check: a current noise burst the pack voltage does not follow flags the current sensor; real current steps (voltage answers through R) never do', () => {
  const R = 0.2; // pack resistance the BMS believes [Ω]
  const run = (burst: boolean) => {
    const { mon, m } = monitor();
    let flaggedAt = -1;
    for (let t = 0; t < 200; t++) {
      fill(m, t);
      // real steps between 2 and 10 A every 10 s (inside the ±1C/3C window of this 5 Ah cell, so a
      // flagged reading is masked); the pack voltage answers the true current through 1.2·R (R0 + RC)
      const iTrue = Math.floor(t / 10) % 2 === 0 ? 2 : 10;
      const noise = burst && t >= 100 && t < 130 ? 4 * Math.sin(12.9 * t) : 0;
      m.packCurrent_A = Math.round((iTrue + noise) * 100) / 100;
      let sum = 0;
      for (let g = 0; g < m.groupVoltage_V.length; g++) {
        m.groupVoltage_V[g] = Math.round((m.groupVoltage_V[g] - (1.2 * R * iTrue) / m.groupVoltage_V.length) * 1e4) / 1e4;
        sum += m.groupVoltage_V[g];
      }
      m.packVoltage_V = Math.round(sum * 100) / 100;
      const e = mon.check(m, 1, false, R);
      if (flaggedAt < 0 && !e.packCurrentValid) flaggedAt = t;
    }
    return { flaggedAt, events: mon.events };
  };
  const healthy = run(false);
  assert.equal(healthy.flaggedAt, -1);
  assert.deepEqual(healthy.events, []);
  const b = run(true);
  assert.ok(b.flaggedAt >= 100 && b.flaggedAt < 125, `flagged at ${b.flaggedAt}`);
  assert.deepEqual(
    b.events.map((e) => [e.channel, e.check]),
    [['current', 'response']],
  );
  // without a resistance estimate the check is off
  const { mon, m } = monitor();
  for (let t = 0; t < 200; t++) {
    fill(m, t);
    m.packCurrent_A = Math.round((5 + (t >= 100 && t < 130 ? 4 * Math.sin(12.9 * t) : 0)) * 100) / 100;
    mon.check(m, 1, false);
  }
  assert.equal(mon.events.filter((e) => e.check === 'response').length, 0);
});
