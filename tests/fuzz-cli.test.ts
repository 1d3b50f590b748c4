/**
 * The CLI's promise on a handful of hostile inputs, spawning `ssb` (the many cases run in-process in
 * fuzz-loaders.test.ts): exit 2 and exactly one line on stderr, `ssb: error: <file>, field …`, no stack.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-fuzz-cli-'));
const write = (name: string, body: string | Uint8Array) => {
  const f = path.join(TMP, name);
  writeFileSync(f, body);
  return f;
};
const LAB = readFileSync('examples/lab-capacity-test.yaml', 'utf8');

function assertOneLineError(r: { code: number | null; stderr: string }, file: string, field?: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0].startsWith(`ssb: error: ${file}`), r.stderr);
  assert.ok(lines[0].length < 600, `${lines[0].length} characters`);
  if (field) assert.match(lines[0], field);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('ssb under hostile files: exit 2 with one line naming the file (random bytes, 1e308, all limits 0, a 100 KB value)', () => {
  const [bytes] = fc.sample(fc.uint8Array({ minLength: 50, maxLength: 400 }), { seed: 18, numRuns: 1 });
  const rnd = write('random.yaml', bytes);
  assertOneLineError(ssb('simulate', rnd, '--out', path.join(TMP, 'o1')), rnd);

  const zeroLimits = '{ max_operating: 0, recommended_safety: 0, max_safety: 0 }';
  const zero = write(
    'limits0.yaml',
    LAB.replace('bms: { estimators: [ekf, coulomb] }', `bms: { estimators: [ekf, coulomb], limits: { cell_voltage_high_V: ${zeroLimits}, cell_voltage_low_V: ${zeroLimits} } }`),
  );
  assertOneLineError(ssb('simulate', zero, '--out', path.join(TMP, 'o2')), zero, /field 'bms\.limits\.cell_voltage_high_V'.*no operating window/);

  const huge = write('huge.yaml', LAB.replace('name: Module capacity and cold pulse test', `name: Module capacity and cold pulse test\nstep_s_typo: "${'x'.repeat(100_000)}"`));
  assertOneLineError(ssb('simulate', huge, '--out', path.join(TMP, 'o3')), huge, /field 'step_s_typo'.*… \(100000 chars\)/);

  const design = write(
    'thick.yaml',
    readFileSync('examples/cells/oxide-llzo.yaml', 'utf8')
      .replace(/^id: .*$/m, '')
      .replace('thickness_um: 20\nanode', 'thickness_um: 1e308\nanode'),
  );
  assertOneLineError(ssb('design', design), design, /field 'separator\.thickness_um', value 1e\+308/);
});
