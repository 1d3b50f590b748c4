import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BmsContext } from '../types.js';
import { charge, drive, meas } from './testing.js';
import { DEFAULT_PASSIVE_BALANCING, PassiveBalancer } from './passive.js';

const park: BmsContext = { ...charge, mode: 'park', pluggedIn: false };

test('turns on groups more than 10 mV above the lowest and off below 5 mV (hysteresis)', () => {
  const b = new PassiveBalancer(4, DEFAULT_PASSIVE_BALANCING);
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.915, 3.905, 3.9]), charge)), [0, 1, 0, 0]);
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.908, 3.908, 3.9]), charge)), [0, 1, 0, 0], 'inside the band: no change');
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.904, 3.908, 3.9]), charge)), [0, 0, 0, 0], 'below 5 mV: off');
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.908, 3.908, 3.9]), charge)), [0, 0, 0, 0], 'stays off until 10 mV again');
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.911, 3.908, 3.9]), park)), [0, 1, 0, 0], 'allowed at rest');
});

test('never balances while driving by default, below the minimum voltage, or on an invalid channel', () => {
  const b = new PassiveBalancer(4, DEFAULT_PASSIVE_BALANCING);
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.95, 3.96, 3.9]), drive)), [0, 0, 0, 0]);
  b.update(meas([3.9, 3.95, 3.96, 3.9]), charge);
  assert.deepEqual(Array.from(b.balanceSwitch), [0, 1, 1, 0]);
  assert.deepEqual(Array.from(b.update(meas([3.9, 3.95, 3.96, 3.9]), drive)), [0, 0, 0, 0], 'switched off when driving starts');
  assert.deepEqual(Array.from(b.update(meas([3.0, 3.25, 3.29, 3.0]), charge)), [0, 0, 0, 0], 'below 3.3 V');
  const m = meas([3.9, 3.95, 3.5, 3.9]);
  m.groupVoltageValid[2] = 0; // a bogus low reading on an invalid channel must not set Vmin
  assert.deepEqual(Array.from(b.update(m, charge)), [0, 1, 0, 0]);
  const drv = new PassiveBalancer(4, { ...DEFAULT_PASSIVE_BALANCING, allowedModes: ['drive'] });
  assert.deepEqual(Array.from(drv.update(meas([3.9, 3.95, 3.9, 3.9]), drive)), [0, 1, 0, 0], 'allowed when configured');
});

test('estimated bleed power is Σ V²/R over switched-on groups', () => {
  const b = new PassiveBalancer(4, DEFAULT_PASSIVE_BALANCING);
  const m = meas([3.9, 3.95, 3.96, 3.9]);
  b.update(m, charge);
  assert.ok(Math.abs(b.estimatedPower_W(m) - (3.95 ** 2 + 3.96 ** 2) / 33) < 1e-12);
});
