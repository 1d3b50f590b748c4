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

test('components validate; every material used by the designer has price and CO2 with a source', async () => {
  const { COMPONENTS, ComponentMaterialSchema } = await import('./components.js');
  for (const [k, c] of Object.entries(COMPONENTS)) {
    const r = ComponentMaterialSchema.safeParse(c);
    assert.ok(r.success, `${k}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
    assert.equal(c.id, k);
  }
  for (const m of [...Object.values(ELECTROLYTES), ...Object.values(ACTIVE_MATERIALS)]) {
    assert.ok(m.price_USD_kg && m.co2_kg_per_kg && m.economicsSource, `${m.id} lacks price/CO2/source`);
  }
  for (const m of Object.values(ACTIVE_MATERIALS)) assert.ok(m.practicalCapacity_mAh_g && m.practicalCapacitySource, m.id);
});
