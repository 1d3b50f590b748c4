/** `ssb runaway-test` and `ssb abuse` end to end (spawned CLI). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-safety-test-'));

test('ssb runaway-test --json prints one JSON object with the verdict fields; --out writes metrics.json and report.html', () => {
  const out = path.join(TMP, 'rt');
  const r = ssb('runaway-test', 'examples/runaway/liquid.yaml', '--json', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.propagated, true);
  assert.equal(typeof j.cells_in_runaway, 'number');
  assert.equal(typeof j.first_neighbour_onset_s, 'number');
  assert.equal(typeof j.peak_temp_C, 'number');
  assert.equal(j.per_cell.length, j.cells);
  assert.ok(existsSync(path.join(out, 'report.html')));
  assert.equal(JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).propagated, true);
  const ox = JSON.parse(ssb('runaway-test', 'examples/runaway/oxide.yaml', '--json').stdout);
  assert.equal(ox.propagated, false);
  assert.equal(ox.first_neighbour_onset_s === null || typeof ox.first_neighbour_onset_s === 'number', true);
});

test('ssb runaway-test: a misspelt field → exit 2 naming file and field', () => {
  const f = path.join(TMP, 'bad.yaml');
  writeFileSync(f, 'name: x\ncell: ssb-oxide-llzo-nmc811\ntrigger: { power_W: 1, duration_s: 1 }\nmodul: { series: 4 }\n');
  const r = ssb('runaway-test', f);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.yaml/);
  assert.match(r.stderr, /modul.*did you mean 'module'/);
});

test('ssb abuse FILE --cell --json: verdict, hazard level and criteria for one procedure', () => {
  const r = ssb('abuse', 'examples/abuse/hot-box.yaml', '--cell', 'liion-nmc811-graphite', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.results.length, 1);
  assert.equal(j.results[0].verdict, 'fail');
  // the liquid cell passes its ≈ 84 °C onset in the 130 °C box and runs away (staged reactions, issue 17)
  assert.equal(j.results[0].hazard_level, 5);
  assert.ok(j.early_warning.onsets === 1);
  assert.equal(ssb('abuse').code, 2);
});

test('ssb abuse: a run that fails numerically is INVALID, never a verdict, and the command exits 1 after writing its outputs', () => {
  // a charger forcing 3C through a full cell with the protection failed drives the SoC past the
  // plant's range (the failed-fuse external short did, before issue 16 fixed its physics)
  const out = mkdtempSync(path.join(os.tmpdir(), 'ssb-abuse-invalid-'));
  const proc = path.join(out, 'forced-overcharge.yaml');
  writeFileSync(
    proc,
    [
      'procedure: forced-overcharge',
      'title: "Forced 3C overcharge, protection failed"',
      'ignore_bms_limits: true',
      'scenario:',
      '  pack: { series: 4, parallel: 1, groups_per_module: 4, initial_soc: 0.95, initial_temp_C: 25, variation: { capacity_rel_sd: 0, resistance_rel_sd: 0, initial_soc_sd: 0 } }',
      '  climate: { kind: constant, temp_C: 25 }',
      '  bms: { protection: false }',
      '  btms: { controller: none }',
      '  schedule: { days: 1, events: [{ at: "00:01", protocol: ["Charge at 3C for 1 hour"] }] }',
      'criteria: { max_hazard_level: 4 }',
      '',
    ].join('\n'),
  );
  const r = ssb('abuse', proc, '--cell', 'ssb-oxide-llzo-nmc811', '--out', out);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /INVALID/);
  assert.doesNotMatch(r.stdout, /\bFAIL\b|\bPASS\b/);
  assert.match(r.stdout, /numerical failure: .*soc = .* state of charge left/);
  assert.match(r.stderr, /1 run\(s\) invalid \(numerical failure, no verdict\): forced-overcharge \[ssb-oxide-llzo-nmc811\]/);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.results[0].verdict, 'invalid');
  assert.match(m.results[0].run_error, /state of charge left/);
  // the early-warning score leaves the failed run out
  assert.equal(m.early_warning.onsets, 0);
  assert.ok(existsSync(path.join(out, 'report.html')));
});
