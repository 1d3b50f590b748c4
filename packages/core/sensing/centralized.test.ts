import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../numerics/rng.js';
import { CentralizedSensing, DEFAULT_SENSORS, type SensedTruth, type SensorConfig } from './centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';

function truthFor(ns: number, nm: number, v: number): SensedTruth {
  const groupTemp_K = new Float64Array(ns);
  for (let g = 0; g < ns; g++) groupTemp_K[g] = 290 + g; // distinct per group
  return {
    time_s: 0,
    groupVoltage_V: new Float64Array(ns).fill(v),
    packCurrent_A: 100,
    packVoltage_V: v * ns,
    groupTemp_K,
    modulePressure_Pa: new Float64Array(nm).fill(2e6),
    coolant_K: 295,
    ambient_K: 280,
  };
}

function voltageErrorStats(cfg: SensorConfig, seed: number): { mean: number; sd: number } {
  const L = makeSensorLayout(96, 2, 12, 2);
  const s = new CentralizedSensing(L, cfg, new Rng(seed));
  const truth = truthFor(96, 8, 3.7123456);
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < 200; k++) {
    const m = s.sample(truth);
    for (let g = 0; g < 96; g++) {
      const e = m.groupVoltage_V[g] - 3.7123456;
      sum += e;
      sum2 += e * e;
      n++;
    }
  }
  const mean = sum / n;
  return { mean, sd: Math.sqrt(sum2 / n - mean * mean) };
}

test('makeSensorLayout spreads temperature sensors evenly inside each module, one pressure sensor per module', () => {
  const L = makeSensorLayout(12, 2, 6, 2);
  assert.deepEqual(Array.from(L.tempSensorGroup), [1, 4, 7, 10]);
  assert.deepEqual(Array.from(L.groupModule), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(L.pressureSensorModule), [0, 1]);
  const odd = makeSensorLayout(10, 1, 4, 3); // last module has 2 groups → 2 sensors
  assert.deepEqual(Array.from(odd.tempSensorGroup), [0, 2, 3, 4, 6, 7, 8, 9]);
});

test('voltage readings are quantised to the ADC LSB', () => {
  const L = makeSensorLayout(96, 2, 12, 2);
  const s = new CentralizedSensing(L, DEFAULT_SENSORS, new Rng(1));
  const m = s.sample(truthFor(96, 8, 3.71234567));
  const lsb = DEFAULT_SENSORS.voltageResolution_V;
  const distinct = new Set<number>();
  for (let g = 0; g < 96; g++) {
    const q = m.groupVoltage_V[g] / lsb;
    assert.ok(Math.abs(q - Math.round(q)) < 1e-6, `group ${g}: ${m.groupVoltage_V[g]} is not a multiple of ${lsb}`);
    distinct.add(Math.round(q));
  }
  assert.ok(distinct.size > 5, 'noise should spread readings over several LSBs');
  // Without noise, the reading is the truth rounded to the nearest LSB.
  const quiet = new CentralizedSensing(L, { ...DEFAULT_SENSORS, voltageNoise_V: 0 }, new Rng(1));
  const mq = quiet.sample(truthFor(96, 8, 3.71236));
  assert.ok(Math.abs(mq.groupVoltage_V[0] - 3.7124) < 1e-12);
});

test('voltage noise has the configured standard deviation (seeded, statistical bound)', () => {
  const lsb = DEFAULT_SENSORS.voltageResolution_V;
  for (const sigma of [1e-3, 3e-3]) {
    const { mean, sd } = voltageErrorStats({ ...DEFAULT_SENSORS, voltageNoise_V: sigma }, 42);
    const expected = Math.sqrt(sigma * sigma + (lsb * lsb) / 12); // noise ⊕ quantisation
    // 19 200 samples: relative standard error of sd ≈ 0.5 %; allow 3 %.
    assert.ok(Math.abs(sd / expected - 1) < 0.03, `sd ${sd} vs ${expected}`);
    assert.ok(Math.abs(mean) < (4 * expected) / Math.sqrt(19200), `mean ${mean}`);
  }
});

test('current reading carries the configured gain error, offset and resolution', () => {
  const L = makeSensorLayout(4, 1, 4, 1);
  const s = new CentralizedSensing(L, { ...DEFAULT_SENSORS, currentNoise_A: 0 }, new Rng(3));
  const m = s.sample(truthFor(4, 1, 3.7));
  assert.ok(Math.abs(m.packCurrent_A - (100 * 1.005 + 0.1)) < 1e-9);
  assert.equal(m.packCurrentValid, true);
});

test('a temperature sensor at group g reports group g (± noise); groups without a sensor are not reported', () => {
  const L = makeSensorLayout(12, 2, 6, 2); // sensors at groups 1, 4, 7, 10
  const s = new CentralizedSensing(L, DEFAULT_SENSORS, new Rng(7));
  const truth = truthFor(12, 2, 3.7);
  const m = s.sample(truth);
  assert.equal(m.temp_K.length, 4);
  for (let k = 0; k < 4; k++) {
    const g = L.tempSensorGroup[k];
    assert.ok(Math.abs(m.temp_K[k] - (290 + g)) < 5 * DEFAULT_SENSORS.tempNoise_K + DEFAULT_SENSORS.tempResolution_K, `sensor ${k}`);
    assert.equal(m.tempValid[k], 1);
  }
  // Heating an unsensed group changes nothing the BMS sees (same seed → same noise).
  const s2 = new CentralizedSensing(L, DEFAULT_SENSORS, new Rng(7));
  const hot = truthFor(12, 2, 3.7);
  hot.groupTemp_K[0] = 400;
  hot.groupTemp_K[5] = 400;
  const m2 = s2.sample(hot);
  assert.deepEqual(Array.from(m2.temp_K), Array.from(m.temp_K));
  // Heating a sensed group is seen by its sensor.
  const s3 = new CentralizedSensing(L, DEFAULT_SENSORS, new Rng(7));
  const hot4 = truthFor(12, 2, 3.7);
  hot4.groupTemp_K[4] = 400;
  assert.ok(s3.sample(hot4).temp_K[1] > 399);
});

test('sample reuses one Measurements object and flags non-finite truth invalid', () => {
  const L = makeSensorLayout(4, 1, 4, 1);
  const s = new CentralizedSensing(L, DEFAULT_SENSORS, new Rng(5));
  const t = truthFor(4, 1, 3.7);
  const a = s.sample(t);
  t.groupVoltage_V[2] = NaN;
  t.packCurrent_A = NaN;
  const b = s.sample(t);
  assert.equal(a, b);
  assert.equal(b.groupVoltageValid[2], 0);
  assert.ok(Number.isNaN(b.groupVoltage_V[2]));
  assert.equal(b.groupVoltageValid[1], 1);
  assert.equal(b.packCurrentValid, false);
});
