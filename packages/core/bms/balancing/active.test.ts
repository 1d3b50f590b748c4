import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charge, drive, meas } from './testing.js';
import { DEFAULT_PASSIVE_BALANCING, PassiveBalancer } from './passive.js';
import { ActiveBalancer, DEFAULT_ACTIVE_BALANCING } from './active.js';
import type { BalancingEstimates } from './strategy.js';
import { InputError } from '../../errors.js';

function est(soc: number[], capAh: number[]): BalancingEstimates {
  return { groupSoc: Float64Array.from(soc), groupCapacity_As: Float64Array.from(capAh.map((c) => c * 3600)) };
}

test('passive bottom bleeds the group with the most remaining charge, not the one with the highest voltage', () => {
  // group 1 reads highest (+50 mV, e.g. a higher resistance under the charge current) at nearly the
  // same SoC; group 2 is at the same SoC as the others but 10 % larger: 5 Ah more in it
  const v = [3.9, 3.95, 3.9, 3.9];
  const e = est([0.5, 0.505, 0.5, 0.5], [100, 100, 110, 100]);
  const top = new PassiveBalancer(4, DEFAULT_PASSIVE_BALANCING);
  assert.deepEqual(Array.from(top.update(meas(v), charge)), [0, 1, 0, 0], 'top: highest voltage');
  const bottom = new PassiveBalancer(4, { ...DEFAULT_PASSIVE_BALANCING, strategy: 'bottom' });
  // remaining charge / mean capacity: 0.488, 0.493, 0.537, 0.488 → only group 2 is > 1 % above the weakest
  assert.deepEqual(Array.from(bottom.update(meas(v), charge, e)), [0, 0, 1, 0], 'bottom: most Ah remaining');
  const soc = new PassiveBalancer(4, { ...DEFAULT_PASSIVE_BALANCING, strategy: 'soc' });
  assert.deepEqual(Array.from(soc.update(meas(v), charge, e)), [0, 0, 0, 0], 'soc: all within 1 %');
  // hysteresis on the SoC metric: group 2 stays on until it is less than 0.5 % above the weakest
  assert.deepEqual(Array.from(bottom.update(meas(v), charge, est([0.5, 0.505, 0.46, 0.5], [100, 100, 110, 100]))), [0, 0, 1, 0], '0.6 % above: still on');
  assert.deepEqual(Array.from(bottom.update(meas(v), charge, est([0.5, 0.505, 0.455, 0.5], [100, 100, 110, 100]))), [0, 0, 0, 0], '0.3 % above: off');
  assert.throws(() => bottom.update(meas(v), charge), InputError, 'bottom without estimates');
  assert.throws(
    () => new PassiveBalancer(4, { ...DEFAULT_PASSIVE_BALANCING, strategy: 'middle' as never }),
    (e: unknown) => e instanceof InputError && e.where.field === 'strategy' && e.where.value === 'middle',
  );
});

test('active top: groups above the mean are discharged, below it charged, with hysteresis and voltage gates', () => {
  const b = new ActiveBalancer(4, DEFAULT_ACTIVE_BALANCING);
  const I = DEFAULT_ACTIVE_BALANCING.current_A;
  // mean 3.9: group 1 +20 mV (source), group 2 −20 mV (sink), others inside the band
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.92, 3.88, 3.9]), charge)), [0, I, -I, 0]);
  // within the hysteresis band (6 mV from the mean, > 5 mV stop): unchanged
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.906, 3.894, 3.9]), charge)), [0, I, -I, 0]);
  // below the stop threshold: off
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.903, 3.897, 3.9]), charge)), [0, 0, 0, 0]);
  // not while driving (default modes)
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.95, 3.85, 3.9]), drive)), [0, 0, 0, 0]);
  // no discharge below minVoltage, no charge above maxVoltage
  assert.deepEqual(Array.from(b.update(meas([3.25, 3.29, 3.2, 3.25]), charge)), [0, 0, -I, 0]);
  assert.deepEqual(Array.from(b.update(meas([4.17, 4.21, 4.15, 4.17]), charge)), [0, I, -I, 0]);
  assert.deepEqual(Array.from(b.update(meas([4.25, 4.25, 4.21, 4.25]), charge)), [0, I, 0, 0], 'no charge above 4.2 V (group 1 stays a source: 10 mV > 5 mV stop)');
  // an invalid channel is never switched and does not enter the mean
  const m = meas([3.9, 3.92, 3.5, 3.9]);
  m.groupVoltageValid[2] = 0;
  assert.deepEqual(Array.from(b.update(m, charge)), [0, I, 0, 0]);
  // estimated loss: (1 − η)·V·I for a source
  const b2 = new ActiveBalancer(4, DEFAULT_ACTIVE_BALANCING);
  const m2 = meas([3.9, 3.93, 3.9, 3.9]); // mean 3.9075: group 1 a source, the others 7.5 mV below (inside the band)
  b2.update(m2, charge);
  assert.ok(Math.abs(b2.estimatedLoss_W(m2) - (1 - 0.9) * 3.93 * I) < 1e-12);
});

test('active bottom charges the group that would run empty first (least Ah), not the lowest voltage', () => {
  const b = new ActiveBalancer(4, { ...DEFAULT_ACTIVE_BALANCING, strategy: 'bottom' });
  const I = DEFAULT_ACTIVE_BALANCING.current_A;
  // group 0 reads lowest but holds 50 Ah; group 3 is at a higher SoC but only 90 Ah capacity: 45 Ah
  const v = [3.86, 3.9, 3.9, 3.9];
  const e = est([0.5, 0.5, 0.5, 0.5], [100, 100, 100, 90]);
  // metric = z·C / mean C (97.5 Ah): 0.513, 0.513, 0.513, 0.462; mean 0.500 → group 3 is charged,
  // the others (1.3 % above the mean) are sources — group 0 too, although its voltage is the lowest
  assert.deepEqual(Array.from(b.update(meas(v), charge, e)), [I, I, I, -I]);
  const top = new ActiveBalancer(4, DEFAULT_ACTIVE_BALANCING);
  assert.deepEqual(
    Array.from(top.update(meas(v), charge)),
    [0, 0, 0, -I].map((x, g) => (g === 0 ? -I : g === 3 ? 0 : x)),
    'top charges the lowest voltage instead',
  );
  assert.throws(() => new ActiveBalancer(4, { ...DEFAULT_ACTIVE_BALANCING, efficiency: 1.2 }), InputError);
  assert.throws(() => new ActiveBalancer(4, { ...DEFAULT_ACTIVE_BALANCING, current_A: 0 }), InputError);
});
