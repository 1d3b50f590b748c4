/**
 * One definition per cell (issue 16, items 1, 2 and 9): every preset is its design, so `ssb cells`,
 * `ssb design <its file>` and `ssb simulate` (metrics.json cell_spec) give the same capacity,
 * energy, mass, Wh/kg and Wh/L; and a fitted cell brings its own mass, size and heat capacity.
 * On ce20cf2 the Li-ion preset was 54 Ah / 222 Wh/kg in `ssb cells` and 57.2 Ah / 303 Wh/kg in
 * `ssb design`, and a fitted cell silently took the preset's 900 g.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseYaml, readText } from '../packages/io/yaml-file.js';
import { loadScenario } from '../packages/io/scenario-loader.js';
import { CELL_PRESET_REGISTRY, CELL_PRESETS } from '../packages/core/design/presets.js';
import { buildCellModel } from '../packages/core/physics/cell.js';
import { ecmFromCell } from '../packages/core/sim/ecm-from-cell.js';
import { simulateTest, ocvTestSteps, hppcTestSteps } from '../packages/core/fit/synthetic.js';
import { fitEcm } from '../packages/core/fit/index.js';
import { InputError } from '../packages/core/errors.js';
import { ROOT, ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-cell-presets-'));

/** Relative agreement within the rounding of the coarsest output (3 significant digits). */
function near(a: number, b: number, what: string, rel = 2e-3): void {
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);
}

test('each preset design in core is the content of its examples/cells file', () => {
  for (const e of CELL_PRESET_REGISTRY.entries) {
    const file = path.join(ROOT, e.designFile);
    assert.deepEqual(parseYaml(readText(file, 'design'), file), e.rawDesign, `${e.designFile} differs from packages/core/design/presets.ts`);
  }
});

test('ssb cells, ssb design and ssb simulate agree on capacity, energy, mass, Wh/kg and Wh/L for every preset', () => {
  const c = ssb('cells', '--json');
  assert.equal(c.code, 0, c.stderr);
  const rows = JSON.parse(c.stdout) as Record<string, number & Record<string, string>>[];
  assert.equal(rows.length, CELL_PRESET_REGISTRY.entries.length);
  for (const e of CELL_PRESET_REGISTRY.entries) {
    const row = rows.find((r) => (r.id as unknown) === e.name)!;
    assert.ok(row, e.name);
    assert.equal(row.defined_in.design, e.designFile);
    const d = ssb('design', e.designFile, '--json');
    assert.equal(d.code, 0, d.stderr);
    const des = JSON.parse(d.stdout) as Record<string, number> & { preset: unknown };
    assert.equal(des.preset, e.name, 'ssb design names the preset its file defines');
    const scen = path.join(TMP, `${e.name}.yaml`);
    writeFileSync(
      scen,
      `name: cell figures\nstep_s: 60\ncell: ${e.name}\npack: { series: 2, parallel: 1, groups_per_module: 2, initial_soc: 0.5, initial_temp_C: ${e.family === 'polymer' ? 65 : 25} }\nclimate: { kind: constant, temp_C: 25 }\nschedule: { days: 1 }\nbtms: { controller: none }\n`,
    );
    const out = path.join(TMP, `out-${e.name}`);
    const s = ssb('simulate', scen, '-o', out);
    assert.equal(s.code, 0, s.stderr);
    const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')) as { cell: string; cell_spec: Record<string, number> };
    assert.equal(m.cell, e.name);
    const sim = m.cell_spec;
    const w = e.name;
    near(row.capacity_Ah, des.capacity_Ah, `${w} capacity, cells vs design`);
    near(sim.capacity_Ah, des.capacity_Ah, `${w} capacity, simulate vs design`);
    near(row.energy_Wh, des.energy_Wh, `${w} energy, cells vs design`);
    near(sim.energy_Wh, des.energy_Wh, `${w} energy, simulate vs design`);
    near(row.mass_g / 1000, des.mass_kg, `${w} mass, cells vs design`);
    near(sim.mass_kg, des.mass_kg, `${w} mass, simulate vs design`);
    near(row.volume_mL / 1000, des.volume_L, `${w} volume, cells vs design`);
    near(sim.volume_L, des.volume_L, `${w} volume, simulate vs design`);
    near(row.specific_energy_Wh_kg, des.specific_energy_Wh_kg, `${w} Wh/kg, cells vs design`);
    near(sim.specific_energy_Wh_kg, des.specific_energy_Wh_kg, `${w} Wh/kg, simulate vs design`);
    near(row.energy_density_Wh_L, des.energy_density_Wh_L, `${w} Wh/L, cells vs design`);
    near(sim.energy_density_Wh_L, des.energy_density_Wh_L, `${w} Wh/L, simulate vs design`);
  }
  // the numbers of the issue: the Li-ion reference is one cell of 57.2 Ah and ≈ 303 Wh/kg everywhere
  const li = rows.find((r) => (r.id as unknown) === 'liion-nmc811-graphite')!;
  near(li.capacity_Ah, 57.2, 'Li-ion capacity', 5e-3);
  assert.ok(li.specific_energy_Wh_kg > 290 && li.specific_energy_Wh_kg < 315, `Li-ion ${li.specific_energy_Wh_kg} Wh/kg`);
});

test('ssb cells (console) shows Wh/kg and Wh/L and where each preset is defined', () => {
  const c = ssb('cells');
  assert.equal(c.code, 0, c.stderr);
  for (const e of CELL_PRESET_REGISTRY.entries) assert.match(c.stdout, new RegExp(e.designFile.replace(/\./g, '\\.')));
  assert.match(c.stdout, /Wh\/kg, \d+ Wh\/L/);
});

/** A model fitted on synthetic tests of the Li-ion preset at 25 °C, named as `ssb fit` names it. */
function writeFittedModel(): string {
  const truth = ecmFromCell(buildCellModel(CELL_PRESETS['liion-nmc811-graphite']));
  const ocv = simulateTest(truth, ocvTestSteps(truth), { temp_K: 298.15, initialSoc: 1 });
  const hppc = [simulateTest(truth, hppcTestSteps(truth, { socs: [0.8, 0.4], cRates: [1], rest_s: 600, logSocSteps: true }), { temp_K: 298.15, initialSoc: 1 })];
  const fit = fitEcm({ ocv, hppc, capacity_Ah: truth.capacity_As / 3600, fitDate: '2025-01-01', name: 'fitted ECM (ocv.csv)' });
  const file = path.join(TMP, 'model.json');
  writeFileSync(file, JSON.stringify(fit.model));
  return file;
}

const scenarioWith = (cell: string, pack = '{ series: 4, parallel: 3, groups_per_module: 4, initial_soc: 0.5, initial_temp_C: 25 }') =>
  `name: fitted\nstep_s: 60\ncell: ${cell}\npack: ${pack}\nclimate: { kind: constant, temp_C: 25 }\nschedule: { days: 1 }\nbtms: { controller: none }\n`;

test('a fitted cell without its own mass, size or heat capacity stops with exit 2 naming what is missing (no silent preset mass)', () => {
  writeFittedModel();
  const scen = path.join(TMP, 'fitted-no-mass.yaml');
  writeFileSync(scen, scenarioWith('{ model: ./model.json, base: liion-nmc811-graphite }'));
  assert.throws(
    () => loadScenario(scen),
    (e: unknown) => e instanceof InputError && /mass_g/.test(e.message) && /heat_capacity_J_kgK/.test(e.message) && /dimensions/.test(e.message),
  );
  const r = ssb('simulate', scen, '-o', path.join(TMP, 'out-no-mass'));
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /mass_g/);
  // one field missing: named alone
  const scen2 = path.join(TMP, 'fitted-no-cp.yaml');
  writeFileSync(scen2, scenarioWith('{ model: ./model.json, mass_g: 47, format: "18650" }'));
  const r2 = ssb('simulate', scen2, '-o', path.join(TMP, 'out-no-cp'));
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /heat_capacity_J_kgK/);
  assert.doesNotMatch(r2.stderr, /missing mass_g/);
});

test('a fitted cell with its mass and format: pack cell mass = cells × mass, its own volume, a clean id', () => {
  writeFittedModel();
  const scen = path.join(TMP, 'fitted-18650.yaml');
  writeFileSync(scen, scenarioWith('{ model: ./model.json, mass_g: 47, format: "18650", heat_capacity_J_kgK: 1000 }'));
  const loaded = loadScenario(scen);
  assert.equal(loaded.cell.id, 'fitted-ecm-ocv-csv');
  assert.equal(loaded.cell.geometry.mass_g, 47);
  assert.equal(loaded.cell.thermal.heatCapacity_J_kgK, 1000);
  near(loaded.cell.geometry.volume_mL!, (Math.PI * 9 * 9 * 65) / 1000, '18650 volume');
  const out = path.join(TMP, 'out-18650');
  const r = ssb('simulate', scen, '-o', out);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')) as { cell: string; cell_spec: Record<string, number>; pack: Record<string, number> };
  assert.equal(m.cell, 'fitted-ecm-ocv-csv');
  assert.doesNotMatch(m.cell, /fitted-fitted/);
  assert.equal(m.cell_spec.mass_kg, 0.047);
  near(m.pack.cell_mass_kg, 12 * 0.047, 'cell mass of the pack', 1e-2);
  assert.ok(m.pack.mass_kg >= m.pack.cell_mass_kg);
  // the fitted cell's figures are its own: capacity of the model, Wh/kg on 47 g
  near(m.cell_spec.specific_energy_Wh_kg, m.cell_spec.energy_Wh / 0.047, 'Wh/kg on its own mass', 1e-2);
});

test('a fitted cell on a design takes the design body (mass, volume, family); mixing design and mass_g is an error', () => {
  writeFittedModel();
  const scen = path.join(TMP, 'fitted-design.yaml');
  writeFileSync(scen, scenarioWith(`{ model: ./model.json, design: ${path.join(ROOT, 'examples/cells/liion-nmc811-graphite.yaml')} }`));
  const loaded = loadScenario(scen);
  near(loaded.cell.geometry.mass_g, CELL_PRESETS['liion-nmc811-graphite'].geometry.mass_g, 'design mass');
  const bad = path.join(TMP, 'fitted-design-mass.yaml');
  writeFileSync(bad, scenarioWith(`{ model: ./model.json, design: ${path.join(ROOT, 'examples/cells/liion-nmc811-graphite.yaml')}, mass_g: 47 }`));
  assert.throws(() => loadScenario(bad), InputError);
});

test("a design that keeps a preset's id but changes its content is an error naming the field id (two cells, one id)", () => {
  const file = path.join(TMP, 'oxide-edited.yaml');
  writeFileSync(file, readFileSync(path.join(ROOT, 'examples/cells/oxide-llzo.yaml'), 'utf8').replace('loading_mAh_cm2: 3.0', 'loading_mAh_cm2: 3.5'));
  const r = ssb('design', file);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /field 'id'/);
  const plain = path.join(TMP, 'oxide-own-id.yaml');
  writeFileSync(plain, readFileSync(file, 'utf8').replace('id: ssb-oxide-llzo-nmc811', 'id: my-oxide'));
  const ok = ssb('design', plain, '--json');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { preset: unknown }).preset, null);
});
