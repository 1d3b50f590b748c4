/** `ssb btms-study` and the ml controller end to end (spawned CLI). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-btms-test-'));

test('ssb btms-study --json: controller → climate → leaf metrics; --out writes study.json and report.html', () => {
  const f = path.join(TMP, 'study.yaml');
  writeFileSync(f, 'controllers: [thermostat, ml]\ntemps_C: [-10]\nsolar: [true]\nduties: [commute]\ncells: [ssb-oxide-llzo-nmc811]\nseries: 24\nparallel: 1\n');
  const out = path.join(TMP, 'out');
  const r = ssb('btms-study', f, '--json', '--out', out, '--workers', '2');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.runs, 2);
  for (const c of ['thermostat', 'ml']) {
    const leaf = j.summary[c]['-10C+sun'];
    for (const k of ['time_outside_window_pct', 'thermal_energy_kWh', 'range_km', 'charge_time_s']) assert.ok(k in leaf, `${c}: ${k}`);
    assert.equal(typeof j.results[c]['-10C+sun'].commute['ssb-oxide-llzo-nmc811'].time_outside_window_pct, 'number');
  }
  assert.ok(existsSync(path.join(out, 'report.html')) && existsSync(path.join(out, 'study.json')));
});

test('ssb btms-study: a misspelled field is exit 2 naming it', () => {
  const f = path.join(TMP, 'bad.yaml');
  writeFileSync(f, 'tmps_C: [1]\n');
  const r = ssb('btms-study', f);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /tmps_C/);
});
