import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packBreakdown, HOUSING_KG_PER_KG_CELLS } from './breakdown.js';
import { fixtureMass_kg } from './fixture.js';
import { buildCellModel } from '../physics/cell.js';
import { CELL_PRESETS } from '../design/presets.js';
import { THERMAL_HARDWARE_REGISTRY } from '../btms/actuators.js';
import { COOLING_KG_PER_KG_CELLS } from './breakdown.js';

const oxide = buildCellModel(CELL_PRESETS['ssb-oxide-llzo-nmc811']);
const liion = buildCellModel(CELL_PRESETS['liion-nmc811-graphite']);

test('breakdown: the parts add up to the pack mass, the cells line is cell mass × count, levels nest', () => {
  for (const cell of [oxide, liion]) {
    for (const layout of [
      { series: 96, parallel: 3, groupsPerModule: 12 },
      { series: 12, parallel: 1, groupsPerModule: 12 },
      { series: 13, parallel: 2, groupsPerModule: 4 },
    ]) {
      const b = packBreakdown(cell, layout, 'liquid');
      const sum = b.parts.reduce((a, p) => a + p.mass_kg, 0);
      assert.ok(Math.abs(sum - b.pack_mass_kg) < 1e-9 * b.pack_mass_kg, `parts ${sum} = pack ${b.pack_mass_kg}`);
      assert.equal(b.cells, layout.series * layout.parallel);
      assert.equal(b.cells_mass_kg, cell.mass_kg * b.cells);
      assert.equal(b.modules, Math.ceil(layout.series / layout.groupsPerModule));
      // the fixture is the one the plant counts (pack/fixture.ts)
      assert.ok(Math.abs(b.fixture_mass_kg - fixtureMass_kg(cell, layout.groupsPerModule * layout.parallel, b.modules)) < 1e-12);
      assert.ok(b.modules_mass_kg >= b.cells_mass_kg && b.pack_mass_kg > b.modules_mass_kg);
      assert.ok(b.modules_volume_L >= b.cells_volume_L && b.pack_volume_L > b.modules_volume_L);
      assert.ok(Math.abs(b.outside_modules_mass_kg - (b.housing_mass_kg + b.bms_mass_kg + b.cooling_mass_kg)) < 1e-12);
    }
  }
});

// issue 16: a 12s1p lab module got the fixed 90 kg housing (24 Wh/kg against 259 Wh/kg of its cells)
test('breakdown: a 12s1p module gets a module-sized housing (pack Wh/kg a sane fraction of the cell Wh/kg)', () => {
  const layout = { series: 12, parallel: 1, groupsPerModule: 12 };
  // pressure-free Li-ion: pack ≥ 55 % of the cell's specific energy (conventional packs 55–75 %)
  const li = packBreakdown(liion, layout, 'liquid');
  assert.ok(li.cells_mass_kg / li.pack_mass_kg > 0.55, `Li-ion 12s1p: cells ${li.cells_mass_kg} of ${li.pack_mass_kg} kg`);
  // the oxide cell also carries its stack-pressure fixture: housing, BMS and cooling still ≤ 40 % of the module
  const ox = packBreakdown(oxide, layout, 'liquid');
  assert.ok(ox.modules_mass_kg / ox.pack_mass_kg > 0.6, `oxide 12s1p: modules ${ox.modules_mass_kg} of ${ox.pack_mass_kg} kg`);
  assert.ok(ox.cells_mass_kg / ox.pack_mass_kg > 0.5, `oxide 12s1p: cells ${ox.cells_mass_kg} of ${ox.pack_mass_kg} kg`);
  assert.ok(ox.housing_mass_kg < 10, `oxide 12s1p housing ${ox.housing_mass_kg} kg`);
});

test('breakdown: housing scales with the cells; the default EV pack is ≈ 1.5–1.65 × its cells (cell-to-pack mass ratio 0.6–0.67)', () => {
  const small = packBreakdown(liion, { series: 12, parallel: 1, groupsPerModule: 12 }, 'liquid');
  const big = packBreakdown(liion, { series: 96, parallel: 3, groupsPerModule: 12 }, 'liquid');
  assert.ok(Math.abs(big.housing_mass_kg / small.housing_mass_kg - 24) < 1e-9, 'housing ∝ cell mass');
  assert.equal(big.housing_mass_kg, HOUSING_KG_PER_KG_CELLS * big.cells_mass_kg);
  for (const cell of [liion, oxide]) {
    const b = packBreakdown(cell, { series: 96, parallel: 3, groupsPerModule: 12 }, 'liquid');
    const ratio = b.cells_mass_kg / b.pack_mass_kg;
    assert.ok(ratio > 0.6 && ratio < 0.67, `${cell.params.id}: cells/pack ${ratio.toFixed(3)}`);
  }
});

test('breakdown: scenario overrides replace the defaults and say so', () => {
  const b = packBreakdown(oxide, { series: 96, parallel: 3, groupsPerModule: 12 }, 'air', { housing_kg: 50, bms_kg: 2, cooling_kg: 0 });
  assert.equal(b.housing_mass_kg, 50);
  assert.equal(b.bms_mass_kg, 2);
  assert.equal(b.cooling_mass_kg, 0);
  assert.ok(b.parts.filter((p) => p.level === 'pack').every((p) => p.basis === 'set in the scenario'));
});

test('breakdown: every BTMS hardware has a cooling-mass default', () => {
  for (const e of THERMAL_HARDWARE_REGISTRY.entries) assert.ok(COOLING_KG_PER_KG_CELLS[e.name] > 0, e.name);
});

test('breakdown: a cell that gives its outer volume (geometry.volume_mL, as designer-emitted cells do) is counted with it', () => {
  const params = structuredClone(CELL_PRESETS['liion-nmc811-graphite']);
  Object.assign(params.geometry, { volume_mL: 250 });
  const b = packBreakdown(buildCellModel(params), { series: 12, parallel: 1, groupsPerModule: 12 }, 'liquid');
  assert.equal(b.cell_volume_L, 0.25);
  assert.match(b.parts[0].basis, /outer cell volume/);
  delete params.geometry.volume_mL;
  assert.match(packBreakdown(buildCellModel(params), { series: 12, parallel: 1, groupsPerModule: 12 }, 'liquid').parts[0].basis, /electrode face × cell thickness/);
});
