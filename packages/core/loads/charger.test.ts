import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { DCFC_150KW, LEVEL2_AC_7KW, chargerCurrent_A, gridEnergy_J, validateCharger, type ChargerSpec } from './charger.js';

test('default chargers are valid', () => {
  validateCharger(LEVEL2_AC_7KW);
  validateCharger(DCFC_150KW);
});

test('DCFC multi-step: each SoC band gets its C-rate, then current and power limits bite', () => {
  const cap_Ah = 150;
  // 2C = 300 A < 375 A and < 150 kW / 400 V = 375 A
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.2, 400, cap_Ah), 300);
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.6, 400, cap_Ah), 225);
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.75, 400, cap_Ah), 150);
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.9, 400, cap_Ah), 75);
  assert.equal(chargerCurrent_A(DCFC_150KW, 1.0, 400, cap_Ah), 75, 'last step continues');
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.5, 400, cap_Ah), 225, 'untilSoc is exclusive');
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.2, 400, 250), 375, 'current limit');
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.2, 800, 100), 187.5, 'power limit 150 kW / 800 V');
  assert.equal(chargerCurrent_A(DCFC_150KW, 0.2, 950, 100), 0, 'above max voltage');
});

test('plain CC-CV (no steps): the charger offers min(maxCurrent, maxPower / V)', () => {
  assert.equal(chargerCurrent_A(LEVEL2_AC_7KW, 0.3, 400, 100), 7000 / 400);
  assert.equal(chargerCurrent_A(LEVEL2_AC_7KW, 0.3, 200, 100), 25);
});

test('grid energy = pack energy / η (round trip)', () => {
  assert.equal(gridEnergy_J(DCFC_150KW, 0.95e6), 1e6);
  assert.ok(Math.abs(gridEnergy_J(LEVEL2_AC_7KW, 1e6) * LEVEL2_AC_7KW.efficiency - 1e6) < 1e-6);
});

test('property: current never exceeds step, current or power limits', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 50, max: 900, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }), (soc, v, cap) => {
      const i = chargerCurrent_A(DCFC_150KW, soc, v, cap);
      assert.ok(i >= 0 && i <= DCFC_150KW.maxCurrent_A);
      assert.ok(i * v <= DCFC_150KW.maxPower_W * (1 + 1e-12));
      assert.ok(i <= 2 * cap * (1 + 1e-12));
    }),
  );
});

test('invalid input throws InputError naming the field', () => {
  const bad: ChargerSpec = {
    ...DCFC_150KW,
    steps: [
      { untilSoc: 0.8, cRate: 1 },
      { untilSoc: 0.5, cRate: 2 },
    ],
  };
  assert.throws(() => validateCharger(bad), /steps\[1\]\.untilSoc/);
  assert.throws(() => validateCharger({ ...LEVEL2_AC_7KW, efficiency: 0 }), /efficiency/);
  assert.throws(
    () => chargerCurrent_A(DCFC_150KW, NaN, 400, 100),
    (e: unknown) => e instanceof InputError && /soc/.test(e.message),
  );
  assert.throws(() => chargerCurrent_A(DCFC_150KW, 0.5, 0, 100), /packVoltage_V/);
});
