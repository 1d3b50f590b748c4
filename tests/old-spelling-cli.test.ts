/**
 * Keys of user files are snake_case with the unit suffix as written. For each file kind, one key
 * in the old camelCase spelling → exit 2, and stderr names the file, the field path, the value
 * and the new spelling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-old-spelling-'));

function write(name: string, text: string): string {
  const f = path.join(TMP, name);
  writeFileSync(f, text);
  return f;
}

function assertOldSpelling(r: { code: number | null; stderr: string }, file: string, field: string, value: string, newKey: string): void {
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(file), `names the file: ${r.stderr}`);
  assert.ok(r.stderr.includes(field), `names the field ${field}: ${r.stderr}`);
  assert.ok(r.stderr.includes(value), `shows the value ${value}: ${r.stderr}`);
  assert.ok(r.stderr.includes(`did you mean '${newKey}'`), `names the new key ${newKey}: ${r.stderr}`);
}

test('scenario file: climate.solarPeak_W_m2 → exit 2, did you mean solar_peak_W_m2', () => {
  const f = write('scenario.yaml', 'name: s\ncell: ssb-oxide-llzo-nmc811\nclimate: { kind: daily, min_C: 12, max_C: 24, solarPeak_W_m2: 600 }\nschedule: { days: 1 }\n');
  assertOldSpelling(ssb('simulate', f, '-o', path.join(TMP, 'out-scenario')), f, 'climate.solarPeak_W_m2', '600', 'solar_peak_W_m2');
});

test('design file: a camelCase key → exit 2, did you mean its snake_case spelling', () => {
  const f = write(
    'design.yaml',
    'name: d\ncathode: { material: NMC811, loading_mAh_cm2: 3 }\nseparator: { material: LLZO, thickness_um: 20 }\nanode: { type: li-metal, thickness_um: 20 }\nstack: { layers: 10, electrodeWidth_mm: 100, electrode_length_mm: 300 }\n',
  );
  assertOldSpelling(ssb('design', f), f, 'stack.electrodeWidth_mm', '100', 'electrode_width_mm');
});

test('runaway-test file: module.thermal.cellToAmbient_W_m2K → exit 2, did you mean cell_to_ambient_W_m2K', () => {
  const f = write('runaway.yaml', 'name: r\ncell: ssb-oxide-llzo-nmc811\nmodule: { series: 4, thermal: { cellToAmbient_W_m2K: 7 } }\ntrigger: { power_W: 1000, duration_s: 60 }\n');
  assertOldSpelling(ssb('runaway-test', f), f, 'module.thermal.cellToAmbient_W_m2K', '7', 'cell_to_ambient_W_m2K');
});

test('abuse procedure: scenario.pack.variation.initialSoc_sd → exit 2, did you mean initial_soc_sd', () => {
  const f = write(
    'abuse.yaml',
    'procedure: t\ntitle: t\ncells: [ssb-oxide-llzo-nmc811]\nscenario:\n  pack: { series: 1, parallel: 1, groups_per_module: 1, variation: { initialSoc_sd: 0.25 } }\n  climate: { kind: constant, temp_C: 25 }\n  schedule: { events: [{ at: "00:01", protocol: ["Rest for 1 minute"] }] }\n',
  );
  assertOldSpelling(ssb('abuse', f), f, 'scenario.pack.variation.initialSoc_sd', '0.25', 'initial_soc_sd');
});

test('BTMS study file: solarPeak_W_m2 → exit 2, did you mean solar_peak_W_m2', () => {
  const f = write('study.yaml', 'solarPeak_W_m2: 800\n');
  assertOldSpelling(ssb('btms-study', f), f, 'solarPeak_W_m2', '800', 'solar_peak_W_m2');
});
