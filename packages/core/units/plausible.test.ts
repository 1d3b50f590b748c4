/**
 * Plausibility of unit-carrying inputs (property tests): a °C temperature outside −80…+200 is an
 * error and a kelvin value reads "looks like kelvin"; the same rule holds in the protocol grammar
 * ("at T oC") and in every `_C` field through the `celsius` schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capacityMismatch, celsiusProblem, PLAUSIBLE_CELSIUS_RANGE, ZERO_C_K } from './index.js';
import { celsius } from '../schema.js';
import { parseStep } from '../loads/protocol.js';
import { parseScenario } from '../sim/scenario.js';
import { InputError } from '../errors.js';

const { min_C, max_C } = PLAUSIBLE_CELSIUS_RANGE;
const inRange = fc.double({ min: min_C, max: max_C, noNaN: true });
const kelvinOfRange = fc.double({ min: max_C + 1e-6, max: 399.99, noNaN: true });

test('celsiusProblem: null inside −80…+200 °C; between 200 and 400 "looks like kelvin" with the °C it would be', () => {
  fc.assert(fc.property(inRange, (v) => celsiusProblem(v) === null && celsius.safeParse(v).success));
  fc.assert(
    fc.property(kelvinOfRange, (v) => {
      const m = celsiusProblem(v) ?? '';
      const c = Math.round((v - ZERO_C_K) * 100) / 100;
      return m.includes('looks like kelvin') && m.includes(`(${c} °C?)`) && !celsius.safeParse(v).success;
    }),
  );
  fc.assert(fc.property(fc.double({ min: -1e6, max: min_C - 1e-6, noNaN: true }), (v) => celsiusProblem(v) !== null && !(celsiusProblem(v) ?? '').includes('kelvin')));
  assert.equal(celsiusProblem(298.15), 'a temperature in °C must be within −80…+200 °C: 298.15 looks like kelvin (25 °C?)');
});

test('protocol "at T oC": a plausible °C parses to T + 273.15 K, a kelvin value is refused with the hint', () => {
  fc.assert(
    fc.property(fc.integer({ min: min_C, max: max_C }), (t) => {
      const s = parseStep(`Rest for 1 hour at ${t} oC`);
      return Math.abs((s.temp_K ?? NaN) - (t + ZERO_C_K)) < 1e-9;
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: max_C + 1, max: 399 }), (t) => {
      assert.throws(() => parseStep(`Rest for 1 hour at ${t} oC`), /looks like kelvin/);
      return true;
    }),
  );
});

test('a scenario with initial_temp_C 248 (kelvin) is an input error naming the field, the value and the mistake', () => {
  const doc = { name: 'x', cell: 'liion-nmc811-graphite', climate: { kind: 'constant', temp_C: 20 }, schedule: { days: 1 }, pack: { initial_temp_C: 248 } };
  assert.throws(
    () => parseScenario(doc, 's.yaml'),
    (e: unknown) => e instanceof InputError && /pack\.initial_temp_C/.test(e.message) && /248/.test(e.message) && /looks like kelvin \(-25\.15 °C\?\)/.test(e.message),
  );
  // every _C field of the schema: the climate table's array too
  const table = { ...doc, pack: {}, climate: { kind: 'table', time_h: [0, 1], temp_C: [20, 293.15] } };
  assert.throws(() => parseScenario(table, 's.yaml'), /climate\.temp_C\.1.*looks like kelvin \(20 °C\?\)/);
});

test('capacityMismatch: within the tolerance null; 500–2000× "looks like mAh"; otherwise the factor or percentage', () => {
  fc.assert(fc.property(fc.double({ min: 0.1, max: 1000, noNaN: true }), fc.double({ min: 0.81, max: 1.19, noNaN: true }), (c, r) => capacityMismatch(c * r, c, 0.2) === null));
  fc.assert(fc.property(fc.double({ min: 0.5, max: 500, noNaN: true }), fc.double({ min: 501, max: 1999, noNaN: true }), (c, r) => (capacityMismatch(c * r, c, 0.2) ?? '').includes('looks like mAh')));
  assert.equal(capacityMismatch(2900, 2.9, 0.2), '2900 Ah looks like mAh (2.9 Ah?): the data measure 2.900 Ah');
  assert.match(capacityMismatch(60, 2.9, 0.2) ?? '', /by a factor 20\.7/);
  assert.match(capacityMismatch(2, 2.9, 0.2) ?? '', /by 31 %/);
});
