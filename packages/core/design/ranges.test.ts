import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDesign, checkAxes, parseSweepSpec, MAX_SWEEP_POINTS } from './index.js';
import { InputError } from '../errors.js';

const OXIDE = {
  name: 'oxide test',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3, solid_electrolyte_fraction: 0.3, porosity: 0.05 },
  separator: { material: 'LLZO', thickness_um: 20 },
  anode: { type: 'li-metal', thickness_um: 20 },
  stack: { layers: 60, electrode_width_mm: 100, electrode_length_mm: 300 },
};
const withField = (path: string, v: number) => {
  const d = structuredClone(OXIDE) as unknown as Record<string, Record<string, unknown>>;
  const [a, b] = path.split('.');
  d[a][b] = v;
  return d;
};

test('design values beyond any cell (1e308 µm, 1e-300 mm, 1e6 mAh/cm²) are input errors naming the field, not Infinity grams', () => {
  for (const [path, v] of [
    ['separator.thickness_um', 1e308],
    ['anode.thickness_um', 1e308],
    ['stack.electrode_width_mm', 1e-300],
    ['stack.electrode_length_mm', 1e9],
    ['cathode.loading_mAh_cm2', 1e6],
    ['cathode.porosity', 1.5],
  ] as const) {
    assert.throws(
      () => parseDesign(withField(path, v), 'd.yaml'),
      (e: unknown) => e instanceof InputError && e.message.startsWith(`d.yaml, field '${path}'`) && /must be within/.test(e.message),
      path,
    );
  }
  assert.doesNotThrow(() => parseDesign(OXIDE, 'd.yaml'));
});

test(`a sweep above ${MAX_SWEEP_POINTS} points is refused before any work, and both ends of an axis are checked`, () => {
  const big = [parseSweepSpec('separator.thickness_um=10:59.9:0.01'), parseSweepSpec('stack.layers=10:29:1')];
  assert.throws(() => checkAxes(OXIDE, big, 'd.yaml'), /99820 combinations is too many \(max 20000/);
  assert.throws(() => checkAxes(OXIDE, [parseSweepSpec('separator.thickness_um=10,1e9')], 'd.yaml'), /separator.thickness_um=1000000000, field 'separator.thickness_um'/);
});
