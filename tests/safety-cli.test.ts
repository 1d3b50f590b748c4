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
  assert.equal(j.results[0].hazard_level, 4);
  assert.ok(j.early_warning.onsets === 1);
  assert.equal(ssb('abuse').code, 2);
});

test('ssb abuse: a run that fails numerically is INVALID, never a verdict, and the command exits 1 after writing its outputs', () => {
  // the external short with a failed fuse drives the model out of its physical range (issue 16, item 4)
  const out = mkdtempSync(path.join(os.tmpdir(), 'ssb-abuse-invalid-'));
  const r = ssb('abuse', 'examples/abuse/external-short-failed-fuse.yaml', '--cell', 'ssb-oxide-llzo-nmc811', '--out', out);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /INVALID/);
  assert.doesNotMatch(r.stdout, /\bFAIL\b|\bPASS\b/);
  assert.match(r.stdout, /numerical failure: .*temp_K = .* out of physical range/);
  assert.match(r.stderr, /1 run\(s\) invalid \(numerical failure, no verdict\): external-short-failed-fuse \[ssb-oxide-llzo-nmc811\]/);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.results[0].verdict, 'invalid');
  assert.match(m.results[0].run_error, /out of physical range/);
  // the early-warning score leaves the failed run out
  assert.equal(m.early_warning.onsets, 0);
  assert.ok(existsSync(path.join(out, 'report.html')));
});
