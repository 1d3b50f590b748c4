import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupMaterial, levenshtein, closestIds, ELECTROLYTES, ACTIVE_MATERIALS } from './index.js';
import { InputError } from '../errors.js';

test('levenshtein', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('LLZO', 'LLZO'), 0);
});

test('lookupMaterial returns known entries', () => {
  assert.equal(lookupMaterial('electrolyte', 'LLZO'), ELECTROLYTES.LLZO);
  assert.equal(lookupMaterial('active', 'NMC811'), ACTIVE_MATERIALS.NMC811);
});

test('unknown id throws InputError suggesting the closest id', () => {
  assert.throws(
    () => lookupMaterial('electrolyte', 'LLZ0'),
    (e: unknown) => e instanceof InputError && /did you mean 'LLZO'/.test(e.message),
  );
  assert.throws(
    () => lookupMaterial('active', 'nmc81'),
    (e: unknown) => e instanceof InputError && /did you mean 'NMC811'/.test(e.message),
  );
  assert.throws(
    () => lookupMaterial('electrolyte', 'Li6PS5Br'),
    (e: unknown) => e instanceof InputError && /did you mean 'Li6PS5Cl'/.test(e.message),
  );
  assert.throws(() => lookupMaterial('active', 'toString'), InputError);
  assert.deepEqual(closestIds('graphit', Object.keys(ACTIVE_MATERIALS), 1), ['graphite']);
});
