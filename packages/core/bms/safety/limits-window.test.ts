import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestEcm } from '../estimation/soc/testing.js';
import { defaultProtectionLimits, validateProtectionLimits } from './limits.js';
import { InputError } from '../../errors.js';

const zero = { maxOperating: 0, recommendedSafety: 0, maxSafety: 0, hysteresis: 0 };

test('limits that leave no operating window (all at 0: contactors open at t = 0) are input errors naming the quantity', () => {
  const ok = defaultProtectionLimits(makeTestEcm(), 2);
  assert.doesNotThrow(() => validateProtectionLimits(ok));
  const cases: [string, Partial<typeof ok>][] = [
    ['cellVoltageHigh_V', { cellVoltageHigh_V: zero, cellVoltageLow_V: zero }],
    ['dischargeCurrent_A', { dischargeCurrent_A: zero }],
    ['chargeCurrent_A', { chargeCurrent_A: zero }],
    ['tempHigh_K', { tempHigh_K: { ...zero, maxOperating: 250, recommendedSafety: 260, maxSafety: 270 } }],
  ];
  for (const [field, over] of cases)
    assert.throws(
      () => validateProtectionLimits({ ...ok, ...over }),
      (e: unknown) => e instanceof InputError && e.where.field === field,
      field,
    );
});
